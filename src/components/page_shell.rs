use broadsheet_model::Text;
use leptos::prelude::*;

use crate::browser;
use crate::components::masthead::Masthead;
use crate::components::site_footer::SiteFooter;
use crate::site_context::text;

/// Everything around a view: skip link, masthead, `<main>`, footer and the
/// live region that announces in-app navigation. The app and the pre-rendered
/// pages both use it, so their markup is the same and the take-over is seamless.
#[component]
pub fn PageShell(
    pathname: Signal<String>,
    date: Signal<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main" on:click=|event| {
            event.prevent_default();
            browser::focus_main();
        }>{text(Text::SkipToContent)}</a>
        <Masthead pathname date />
        <main id="main" tabindex="-1">{children()}</main>
        <SiteFooter />
        <div id="route-announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
    }
}
