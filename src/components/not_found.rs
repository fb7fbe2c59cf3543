use leptos::prelude::*;

use crate::components::title::Title;
use crate::links;

use crate::titles;

/// Shown for unknown URLs and for articles or sections that do not exist.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Title text=titles::NOT_FOUND_TITLE />
        <section class="not-found" data-view="not-found">
            <h1 tabindex="-1">"Page not found"</h1>
            <p>"The page you asked for doesn't exist, or it has moved."</p>
            <p><a href=links::href("/")>"Go to the front page"</a></p>
        </section>
    }
}
