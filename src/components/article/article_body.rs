//! An article's body: the one dispatcher from block type to view, and the
//! small components for each block type (figures live in `figure_block`,
//! which the hero image shares).

use broadsheet_model::{Block, Inline};
use leptos::prelude::*;
use leptos::tachys::view::any_view::IntoAnyUnhydrated;

use crate::components::article::figure_block::FigureBlock;
use crate::components::article::inline_content::inline_content;

/// How many blocks an article shows in the frame after a click: the rest
/// comes in a task after that frame is painted (issue 34), so that the
/// click's frame builds and lays out what is above the fold, not the whole
/// story. A page's first view (pre-rendered, or taken over) is whole.
pub const FIRST_FRAME_BLOCKS: usize = 6;

#[component]
pub fn ArticleBody(blocks: Vec<Block>) -> impl IntoView {
    let (first, rest) = first_frame(blocks, crate::browser::view_for_a_click());
    let rest = (!rest.is_empty()).then(|| {
        let shown = RwSignal::new(false);
        crate::browser::after_paint(move || {
            // The view may be gone by then (another click).
            let _ = shown.try_set(true);
        });
        let rest = StoredValue::new(rest);
        move || {
            shown.get().then(|| {
                rest.with_value(|rest| rest.iter().cloned().map(block_view).collect_view())
            })
        }
    });
    view! { <div class="article-body">{first.into_iter().map(block_view).collect_view()}{rest}</div> }
}

/// The blocks of the first frame and those of the next: all in the first
/// unless `later` (a view for a click) and the story is longer.
fn first_frame(mut blocks: Vec<Block>, later: bool) -> (Vec<Block>, Vec<Block>) {
    let rest = if later && blocks.len() > FIRST_FRAME_BLOCKS {
        blocks.split_off(FIRST_FRAME_BLOCKS)
    } else {
        Vec::new()
    };
    (blocks, rest)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(n: usize) -> Vec<Block> {
        (0..n).map(|_| Block::Divider).collect()
    }

    #[test]
    fn a_click_shows_the_first_blocks_first_and_loses_none() {
        for (n, later, first, rest) in [
            (20, true, FIRST_FRAME_BLOCKS, 20 - FIRST_FRAME_BLOCKS),
            (20, false, 20, 0),
            (FIRST_FRAME_BLOCKS, true, FIRST_FRAME_BLOCKS, 0),
            (FIRST_FRAME_BLOCKS + 1, true, FIRST_FRAME_BLOCKS, 1),
            (0, true, 0, 0),
        ] {
            let (a, b) = first_frame(paragraphs(n), later);
            assert_eq!(
                (a.len(), b.len()),
                (first, rest),
                "{n} blocks, later: {later}"
            );
        }
    }
}
