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
pub mod freshness;
pub mod hydration;
pub mod kept;
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

use crate::routes::app_frame::AppFrame;
use crate::routes::path_page::PathPage;

/// Starts the app in the browser: seeds the data cache from the page, then
/// mounts once `site.json` is known (embedded in a pre-rendered page, so at
/// once). A pre-rendered page is hydrated: the app attaches to the nodes
/// render made with the same components (of a page of data's view, only to
/// its islands: `routes::islands`). Where the page asks for it
/// (`browser::start_mode`, the fallback after a failed hydration), the app
/// takes the pre-rendered content over instead; without pre-rendered
/// content it renders into `<body>`.
pub fn start() {
    // Start-up is several short tasks, not one long one (issues 16 and 34):
    // the module's instantiation, then this start (the page's data read,
    // the listeners installed, `site.json` decoded), then the shell's
    // hydration, then the route's view (a page of data's islands). Until
    // the listeners are installed, a click is a plain link.
    wasm_bindgen_futures::spawn_local(async move {
        browser::yield_to_browser().await;
        links::set_base(&browser::page_base());
        api::seed_from_page();
        browser::install_prefetch();
        navigation::install();
        let mode = browser::start_mode();
        // Every word of the interface comes from site.json: nothing of the
        // app's own is shown before it is known.
        let site = match api::fetch_site().await {
            Ok(site) => site,
            Err(error) => {
                leptos::logging::warn!("site.json: {}", error.detail());
                Site::default()
            }
        };
        let app = move || view! { <App site /> };
        let mode = match mode {
            browser::StartMode::Hydrate(root) => {
                // The module's start and the hydration are two tasks.
                browser::yield_to_browser().await;
                browser::hydrate_or_take_over(root)
            }
            mode => mode,
        };
        match mode {
            browser::StartMode::Hydrate(root) => hydrate(root, app),
            browser::StartMode::TakeOver(container) => {
                browser::yield_during_takeover().await;
                leptos::mount::mount_to(container, app).forget();
            }
            browser::StartMode::Body => leptos::mount::mount_to_body(app),
        }
    });
}

/// Attaches the app to the pre-rendered page's nodes.
#[cfg(target_arch = "wasm32")]
fn hydrate<V: IntoView + 'static>(root: web_sys::HtmlElement, app: impl FnOnce() -> V + 'static) {
    leptos::mount::hydrate_from(root, app).forget();
}

/// Natively (crates/render links the app to render its components) there
/// is no page to hydrate and `start` is never called.
#[cfg(not(target_arch = "wasm32"))]
fn hydrate<V: IntoView + 'static>(_: web_sys::HtmlElement, _: impl FnOnce() -> V + 'static) {}

#[component]
pub fn App(site: Site) -> impl IntoView {
    browser::install_scroll_handling();
    browser::set_language(&site.language, site.direction());
    // Every view reads the site's identity and words from here.
    site_context::provide_known_site(site);
    view! { <AppShell /> }
}

/// The shell with the live URL and today's date, around the page.
#[component]
fn AppShell() -> impl IntoView {
    let location = navigation::pathname();
    let pathname = Signal::derive(move || links::strip_base(&location.get()).to_owned());
    let date = Signal::stored(browser::today());
    view! {
        <AppFrame pathname date>
            <PathPage />
        </AppFrame>
    }
}
