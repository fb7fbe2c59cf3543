use broadsheet_model::{SectionRef, Text};
use leptos::prelude::*;

use crate::links;
use crate::site_context::text;

/// Home › World › Asia, as a navigation landmark named "Breadcrumb".
/// `current` names the page itself when it is not the last section.
#[component]
pub fn Breadcrumb(trail: Vec<SectionRef>, current: Option<String>) -> impl IntoView {
    let last = trail.len();
    let current_is_section = current.is_none();
    view! {
        <nav class="breadcrumb" aria-label=text(Text::Breadcrumb)>
            <ol>
                <li><a href=links::href("/")>{text(Text::Home)}</a></li>
                {trail.into_iter().enumerate().map(|(index, section)| {
                    let is_current = current_is_section && index + 1 == last;
                    view! {
                        <li>
                            <a href=links::href(&format!("/{}", section.path)) aria-current=is_current.then_some("page")>{section.name}</a>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}
