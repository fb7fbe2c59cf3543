//! Broadsheet's reader app.
//!
//! `App` holds the route table and the site-wide data; every view below it is
//! either a route component (owns a resource, in `routes/`) or a plain
//! component (takes data, in `components/`). All network I/O is in `api`.

#![recursion_limit = "256"]

pub mod api;
pub mod browser;
pub mod components;
pub mod format;
pub mod links;
pub mod navigation;
pub mod routes;
pub mod search;
pub mod site_context;
#[cfg(test)]
mod test_sites;
pub mod titles;

use broadsheet_model::Site;
use leptos::prelude::*;

use crate::components::page_shell::PageShell;
use crate::routes::path_page::PathPage;

/// Starts the app in the browser: seeds the data cache from the page, then
/// mounts, taking over pre-rendered content when there is some.
pub fn start() {
    links::set_base(&browser::page_base());
    api::seed_from_page();
    browser::install_prefetch();
    navigation::install();
    match browser::takeover_container() {
        // Taking over a pre-rendered page, the shell is mounted in a task of
        // its own, after the one that instantiated the module (issue 16:
        // start-up as several short tasks, not one long one).
        Some(container) => wasm_bindgen_futures::spawn_local(async move {
            browser::yield_during_takeover().await;
            leptos::mount::mount_to(container, App).forget();
        }),
        None => leptos::mount::mount_to_body(App),
    }
}

#[component]
pub fn App() -> impl IntoView {
    browser::install_scroll_handling();
    let site = LocalResource::new(api::fetch_site);
    let site = Signal::derive(move || site.get().and_then(Result::ok));
    // Route views read the site's identity (name, description) from here.
    site_context::provide_site(site);
    Effect::new(move |_| {
        site.with(|site| {
            if let Some(site) = site {
                browser::set_language(&site.language, site.direction());
            }
        });
    });

    // Nothing of the app's own until the site's words are known (in a
    // pre-rendered page `site.json` is embedded: at once).
    move || {
        site.get().map(|known| {
            site_context::provide_known_site(known);
            view! { <AppShell site /> }
        })
    }
}

/// The shell with the live URL and today's date, around the page.
#[component]
fn AppShell(site: Signal<Option<Site>>) -> impl IntoView {
    let location = navigation::pathname();
    let pathname = Signal::derive(move || links::strip_base(&location.get()).to_owned());
    let date = Signal::stored(browser::today());
    view! {
        <PageShell site pathname date>
            <PathPage />
        </PageShell>
    }
}
