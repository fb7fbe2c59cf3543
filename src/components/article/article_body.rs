//! An article's body: the one dispatcher from block type to view, and the
//! small components for each block type (figures live in `figure_block`,
//! which the hero image shares).

use broadsheet_model::{Block, Inline};
use leptos::prelude::*;
use leptos::tachys::view::any_view::IntoAnyUnhydrated;

use crate::components::article::figure_block::FigureBlock;
use crate::components::article::inline_content::inline_content;

#[component]
pub fn ArticleBody(blocks: Vec<Block>) -> impl IntoView {
    view! { <div class="article-body">{blocks.into_iter().map(block_view).collect_view()}</div> }
}

/// Exhaustive on purpose: a new block type does not compile until it has a view.
pub fn block_view(block: Block) -> AnyView {
    match block {
        Block::Paragraph { content } => view! { <ParagraphBlock content /> }.into_any_unhydrated(),
        Block::Subheading { text } => view! { <SubheadingBlock text /> }.into_any_unhydrated(),
        Block::Quote {
            content,
            attribution,
        } => view! { <QuoteBlock content attribution /> }.into_any_unhydrated(),
        Block::PullQuote { text, attribution } => {
            view! { <PullQuoteBlock text attribution /> }.into_any_unhydrated()
        }
        Block::Figure { image } => view! { <FigureBlock image /> }.into_any_unhydrated(),
        Block::List { ordered, items } => {
            view! { <ListBlock ordered items /> }.into_any_unhydrated()
        }
        Block::Divider => view! { <DividerBlock /> }.into_any_unhydrated(),
        Block::Unknown => {
            leptos::logging::warn!("skipping a body block of a type this reader does not know");
            ().into_any_unhydrated()
        }
    }
}

#[component]
pub fn ParagraphBlock(content: Vec<Inline>) -> impl IntoView {
    view! { <p>{inline_content(content)}</p> }
}

#[component]
pub fn SubheadingBlock(text: String) -> impl IntoView {
    view! { <h2 class="subheading">{text}</h2> }
}

#[component]
pub fn QuoteBlock(content: Vec<Inline>, attribution: Option<String>) -> impl IntoView {
    view! {
        <figure class="quote">
            <blockquote><p>{inline_content(content)}</p></blockquote>
            {attribution.map(|name| view! { <figcaption>{name}</figcaption> })}
        </figure>
    }
}

/// A line lifted from the article for emphasis; hidden from screen readers,
/// who already hear it in the body.
#[component]
pub fn PullQuoteBlock(text: String, attribution: Option<String>) -> impl IntoView {
    view! {
        <aside class="pull-quote" aria-hidden="true">
            <p>{text}</p>
            {attribution.map(|name| view! { <p class="pull-quote-attribution">{name}</p> })}
        </aside>
    }
}

#[component]
pub fn ListBlock(ordered: bool, items: Vec<Vec<Inline>>) -> impl IntoView {
    let items = move || {
        items
            .into_iter()
            .map(|item| view! { <li>{inline_content(item)}</li> })
            .collect_view()
    };
    if ordered {
        view! { <ol>{items()}</ol> }.into_any_unhydrated()
    } else {
        view! { <ul>{items()}</ul> }.into_any_unhydrated()
    }
}

#[component]
pub fn DividerBlock() -> impl IntoView {
    view! { <hr class="divider" /> }
}
