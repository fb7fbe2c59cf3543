use leptos::prelude::*;

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
