use broadsheet_model::Block;
use leptos::prelude::*;

use crate::components::article::divider_block::DividerBlock;
use crate::components::article::figure_block::FigureBlock;
use crate::components::article::list_block::ListBlock;
use crate::components::article::paragraph_block::ParagraphBlock;
use crate::components::article::pull_quote_block::PullQuoteBlock;
use crate::components::article::quote_block::QuoteBlock;
use crate::components::article::subheading_block::SubheadingBlock;

/// The one dispatcher from block type to component. Exhaustive on purpose:
/// a new block type does not compile until it has a component.
#[component]
pub fn ArticleBody(blocks: Vec<Block>) -> impl IntoView {
    view! { <div class="article-body">{blocks.into_iter().map(block_view).collect_view()}</div> }
}

pub fn block_view(block: Block) -> AnyView {
    match block {
        Block::Paragraph { content } => view! { <ParagraphBlock content /> }.into_any(),
        Block::Subheading { text } => view! { <SubheadingBlock text /> }.into_any(),
        Block::Quote {
            content,
            attribution,
        } => view! { <QuoteBlock content attribution /> }.into_any(),
        Block::PullQuote { text, attribution } => {
            view! { <PullQuoteBlock text attribution /> }.into_any()
        }
        Block::Figure { image } => view! { <FigureBlock image /> }.into_any(),
        Block::List { ordered, items } => view! { <ListBlock ordered items /> }.into_any(),
        Block::Divider => view! { <DividerBlock /> }.into_any(),
        Block::Unknown => {
            leptos::logging::warn!("skipping a body block of a type this reader does not know");
            ().into_any()
        }
    }
}
