use broadsheet_model::Inline;
use leptos::prelude::*;

use crate::components::article::inline_content::inline_content;

#[component]
pub fn QuoteBlock(content: Vec<Inline>, attribution: Option<String>) -> impl IntoView {
    view! {
        <figure class="quote">
            <blockquote><p>{inline_content(content)}</p></blockquote>
            {attribution.map(|name| view! { <figcaption>{name}</figcaption> })}
        </figure>
    }
}
