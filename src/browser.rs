//! Everything the app does to the browser window besides fetching (that is
//! `api`) and routing (that is `navigation`), one module per concern:
//!
//! - `takeover`: how the app starts on a pre-rendered page: hydrating it,
//!   or (the fallback) taking it over with a view built beside it;
//! - `history`: scroll restoration, focus and announcements after a
//!   navigation (`view_ready`, `on_popstate`);
//! - `prefetch`: data loaded before the click;
//! - `head`: `<html lang>`, the title and the description;
//! - `viewport`: watching an element come near the viewport;
//! - `poll`: work repeated while the tab is visible (checks for news);
//! - `sections_nav`: the sideways-scrolling section navigation;
//! - `clock`: the browser's clock and date parser;
//! - `page_script`: `window.broadsheet`, the typed interface to the page's
//!   own script (today's date, the search module).

mod clock;
mod head;
mod history;
mod page_script;
mod poll;
mod prefetch;
mod sections_nav;
mod takeover;
mod viewport;

pub use clock::{now_ms, parse_time_ms};
pub use head::{detached_holder, head_now, set_description, set_language, set_title};
pub use history::{
    dismissed_breaking, first_view_left, focus_main, install_scroll_handling, on_popstate,
    set_dismissed_breaking, show_from_top, view_for_a_click, view_ready,
};
pub use page_script::{page_script, run_search, today, PageScript};
pub use poll::{while_visible, WhileVisible};
pub use prefetch::install_prefetch;
pub use takeover::{
    hydrate_or_take_over, start_mode, yield_during_takeover, yield_to_browser, StartMode,
};
pub use viewport::{when_near_viewport, NearViewport};

/// Runs `f` in a task after the next frame has been painted (an animation
/// frame, then a timer): for work the frame after a click need not wait
/// for. Natively (pre-rendering), never.
pub fn after_paint(f: impl FnOnce() + 'static) {
    if !cfg!(target_arch = "wasm32") {
        return;
    }
    leptos::prelude::request_animation_frame(move || {
        leptos::prelude::set_timeout(f, std::time::Duration::ZERO);
    });
}

/// Marks the document as having the page views at hand (`<html
/// data-views="ready">`): in the split build once their module has loaded
/// (`routes::page_views::preload`), in any other build when the app starts.
/// Tests whose clicks must not wait for the module wait for it.
pub fn mark_views_ready() {
    // Pre-rendering (natively) has no document.
    if !cfg!(target_arch = "wasm32") {
        return;
    }
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-views", "ready");
    }
}

/// The site's base path from the page (`<meta name="broadsheet-base">`,
/// written by crates/render): `/`, or `/news/` under a sub-path.
pub fn page_base() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(r#"meta[name="broadsheet-base"]"#)
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
        .filter(|b| b.starts_with('/'))
        .unwrap_or_else(|| "/".to_owned())
}

/// The browser's path, as in the address bar (with the base path).
pub fn current_path() -> String {
    // Pre-rendering (natively) has no window: crates/render gives the path.
    if !cfg!(target_arch = "wasm32") {
        return String::new();
    }
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}
