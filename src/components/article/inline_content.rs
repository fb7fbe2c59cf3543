use broadsheet_model::Inline;
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
        Inline::Link { href, content } => match links::href(&href) {
            Some(safe) => {
                let external = href.starts_with("http");
                view! {
                    <a href=safe rel=external.then_some("noopener noreferrer")>{inline_content(content)}</a>
                }
                .into_any()
            }
            None => inline_content(content),
        },
        Inline::LineBreak => view! { <br /> }.into_any(),
        Inline::Unknown => ().into_any(),
    }
}
