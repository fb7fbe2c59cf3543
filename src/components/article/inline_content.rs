use broadsheet_model::{is_safe_href, Inline};
use leptos::prelude::*;

use crate::links;

/// Renders inline text. Text is always text: nothing reaches `inner_html`.
/// Links are re-checked here, so unsafe schemes render as plain text.
pub fn inline_content(inlines: Vec<Inline>) -> AnyView {
    inlines
        .into_iter()
        .map(inline_view)
        .collect_view()
        .into_any()
}

fn inline_view(inline: Inline) -> AnyView {
    match inline {
        Inline::Text { text } => text.into_any(),
        Inline::Emphasis { content } => view! { <em>{inline_content(content)}</em> }.into_any(),
        Inline::Strong { content } => {
            view! { <strong>{inline_content(content)}</strong> }.into_any()
        }
        Inline::Link { href, content } if is_safe_href(&href) => {
            let external = href.starts_with("http");
            view! {
                <a href=links::href(&href) rel=external.then_some("noopener noreferrer")>{inline_content(content)}</a>
            }
            .into_any()
        }
        Inline::Link { content, .. } => inline_content(content),
        Inline::LineBreak => view! { <br /> }.into_any(),
        Inline::Unknown => ().into_any(),
    }
}
