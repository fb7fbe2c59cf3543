use leptos::prelude::*;

use crate::components::page_shell::PageShell;
use crate::routes::breaking_banner::BreakingBanner;

/// Everything inside `<div id="app">`: the page's shell around its view,
/// and the breaking-news banner. The app and crates/render both make the
/// page with it, so the pre-rendered nodes are the ones the app hydrates.
#[component]
pub fn AppFrame(
    pathname: Signal<String>,
    date: Signal<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <PageShell pathname date>{children()}</PageShell>
        <BreakingBanner pathname />
    }
}
