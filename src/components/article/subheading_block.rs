use leptos::prelude::*;

#[component]
pub fn SubheadingBlock(text: String) -> impl IntoView {
    view! { <h2 class="subheading">{text}</h2> }
}
