use broadsheet_model::Site;
use leptos::prelude::*;

use crate::api::{self, FetchError};
use crate::SITE_NAME;

/// Site name, today's date and the primary section navigation, on every view.
#[component]
pub fn Masthead() -> impl IntoView {
    let site = use_context::<LocalResource<Result<Site, FetchError>>>();
    let name = move || {
        site.and_then(|s| s.get())
            .and_then(Result::ok)
            .map(|s| s.name)
            .unwrap_or_else(|| SITE_NAME.to_owned())
    };
    let sections = move || {
        site.and_then(|s| s.get())
            .and_then(Result::ok)
            .map(|s| s.sections)
            .unwrap_or_default()
    };
    view! {
        <header class="masthead">
            <div class="masthead-top">
                <p class="masthead-date">{api::today()}</p>
                <a class="masthead-name" href="/">{name}</a>
            </div>
            <nav class="sections-nav" aria-label="Sections">
                <ul>
                    <li><a href="/">"Home"</a></li>
                    <For each=sections key=|s| s.path.clone() let(section)>
                        <li><a href=format!("/{}", section.path)>{section.name}</a></li>
                    </For>
                </ul>
            </nav>
        </header>
    }
}
