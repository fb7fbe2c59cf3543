use leptos::prelude::*;

#[component]
pub fn DividerBlock() -> impl IntoView {
    view! { <hr class="divider" /> }
}
