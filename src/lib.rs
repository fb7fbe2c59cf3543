//! Broadsheet's reader app.
//!
//! `App` holds the route table and the site-wide data; every view below it is
//! either a route component (owns a resource, in `routes/`) or a plain
//! component (takes data, in `components/`). All network I/O is in `api`.

pub mod api;
pub mod browser;
pub mod components;
pub mod format;
pub mod routes;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::masthead::Masthead;
use crate::components::site_footer::SiteFooter;
use crate::routes::front_page::FrontPage;
use crate::routes::path_page::PathPage;

/// The site name used before `site.json` has arrived, and in titles.
pub const SITE_NAME: &str = "Broadsheet";

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    browser::install_scroll_handling();
    let site = LocalResource::new(api::fetch_site);
    provide_context(site);

    view! {
        <Title formatter=|title: String| {
            if title.is_empty() { SITE_NAME.to_owned() } else { format!("{title} | {SITE_NAME}") }
        } />
        <Router>
            <a class="skip-link" href="#main" on:click=|event| {
                event.prevent_default();
                browser::focus_main();
            }>"Skip to content"</a>
            <Masthead />
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <components::not_found::NotFound /> }>
                    <Route path=path!("") view=FrontPage />
                    <Route path=path!("/*any") view=PathPage />
                </Routes>
            </main>
            <SiteFooter />
            <div id="route-announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
        </Router>
    }
}
