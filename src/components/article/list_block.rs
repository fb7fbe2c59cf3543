use broadsheet_model::Inline;
use leptos::prelude::*;

use crate::components::article::inline_content::inline_content;

#[component]
pub fn ListBlock(ordered: bool, items: Vec<Vec<Inline>>) -> impl IntoView {
    let items = move || {
        items
            .into_iter()
            .map(|item| view! { <li>{inline_content(item)}</li> })
            .collect_view()
    };
    if ordered {
        view! { <ol>{items()}</ol> }.into_any()
    } else {
        view! { <ul>{items()}</ul> }.into_any()
    }
}
