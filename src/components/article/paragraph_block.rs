use broadsheet_model::Inline;
use leptos::prelude::*;

use crate::components::article::inline_content::inline_content;

#[component]
pub fn ParagraphBlock(content: Vec<Inline>) -> impl IntoView {
    view! { <p>{inline_content(content)}</p> }
}
