use broadsheet_model::Inline;
use leptos::prelude::*;
use leptos::tachys::view::any_view::IntoAnyUnhydrated;

use crate::links;

/// Renders inline text. Text is always text: nothing reaches `inner_html`.
/// Links are re-checked here, so unsafe schemes render as plain text.
pub fn inline_content(inlines: Vec<Inline>) -> AnyView {
    inlines
        .into_iter()
        .map(inline_view)
        .collect_view()
        .into_any_unhydrated()
}

fn inline_view(inline: Inline) -> AnyView {
    match inline {
        Inline::Text { text } => text.into_any_unhydrated(),
        Inline::Emphasis { content } => {
            view! { <em>{inline_content(content)}</em> }.into_any_unhydrated()
        }
        Inline::Strong { content } => {
            view! { <strong>{inline_content(content)}</strong> }.into_any_unhydrated()
        }
        Inline::Link { href, content } => match links::href(&href) {
            Some(safe) => {
                let external = href.starts_with("http");
                view! {
                    <a href=safe rel=external.then_some("noopener noreferrer")>{inline_content(content)}</a>
                }
                .into_any_unhydrated()
            }
            None => inline_content(content),
        },
        Inline::LineBreak => view! { <br /> }.into_any_unhydrated(),
        Inline::Unknown => ().into_any_unhydrated(),
    }
}
