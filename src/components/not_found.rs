use broadsheet_model::Text;
use leptos::prelude::*;

use crate::components::title::Title;
use crate::links;

use crate::site_context::text;

/// Shown for unknown URLs and for articles or sections that do not exist.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Title text=text(Text::NotFoundTitle) />
        <section class="not-found" data-view="not-found">
            <h1 tabindex="-1">{text(Text::NotFoundTitle)}</h1>
            <p>{text(Text::NotFoundText)}</p>
            <p><a href=links::href("/")>{text(Text::GoToFront)}</a></p>
        </section>
    }
}
