//! After a navigation: scroll restoration, focus and announcements.
//!
//! The browser's own restoration runs before our content has arrived, so it
//! is switched off and done here instead. Each path's last scroll position
//! is remembered; Back and Forward (`popstate`, through [`on_popstate`])
//! restore it once the new view has rendered, and every other navigation
//! starts at the top.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use leptos::prelude::request_animation_frame;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

thread_local! {
    static SCROLL_POSITIONS: RefCell<HashMap<String, f64>> = RefCell::new(HashMap::new());
    /// Set by `popstate` until the view for that path has rendered.
    static RESTORING: Cell<bool> = const { Cell::new(false) };
    static FIRST_VIEW: Cell<bool> = const { Cell::new(true) };
    /// The path the last `view_ready` handled: a view may report ready more
    /// than once (a transition re-renders), but scroll and focus move once.
    static READY_PATH: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the scroll bookkeeping. Call once, at start-up.
pub fn install_scroll_handling() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    let on_scroll = Closure::<dyn Fn()>::new(|| {
        if RESTORING.get() {
            return;
        }
        if let Some(window) = web_sys::window() {
            let y = window.scroll_y().unwrap_or(0.0);
            SCROLL_POSITIONS.with(|p| p.borrow_mut().insert(super::current_path(), y));
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(true);
    let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
        "scroll",
        on_scroll.as_ref().unchecked_ref(),
        &options,
    );
    on_scroll.forget();
}

/// Back or Forward (`popstate`): the view that follows restores its scroll
/// position. `navigation` calls this from its one `popstate` listener,
/// before it changes the path.
pub fn on_popstate() {
    RESTORING.set(true);
    // Forget the path handled last, so returning to it is handled again.
    READY_PATH.with(|p| *p.borrow_mut() = None);
}

/// The first view left before it was ready (a navigation while the
/// pre-rendered view waited for its hydration): the page is the app's, and
/// the next view is a navigation like any other (scroll, focus and
/// announcement).
pub fn first_view_left() {
    FIRST_VIEW.set(false);
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        super::takeover::finish(&document);
    }
}

/// Whether a view being built now is for a click or a Back in the running
/// app, rather than the first view of a visit (the take-over) or a page
/// pre-rendered natively: such a view may show what is below the fold a
/// frame later (`ArticleBody`). A Back to a position restores it once the
/// rest is there (`settle_scroll`).
pub fn view_for_a_click() -> bool {
    cfg!(target_arch = "wasm32") && !FIRST_VIEW.get()
}

/// Call when a route's content (or its error view) has rendered: restores or
/// resets the scroll position, then moves focus to the view's heading and
/// announces the new page, except on the very first view of a visit.
pub fn view_ready() {
    request_animation_frame(move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        let path = super::current_path();
        if READY_PATH.with(|p| p.borrow().as_deref() == Some(path.as_str())) {
            return;
        }
        READY_PATH.with(|p| *p.borrow_mut() = Some(path.clone()));
        let Some(document) = window.document() else {
            return;
        };
        // The links in view are measured for prefetching after this
        // frame is painted, not before it.
        super::after_paint(super::prefetch::prefetch_in_view);
        if FIRST_VIEW.replace(false) {
            // The reader may already have scrolled the pre-rendered page: stay.
            super::takeover::finish(&document);
            return;
        }
        super::sections_nav::reveal_current_section(&document);
        let target = if RESTORING.get() {
            SCROLL_POSITIONS
                .with(|p| p.borrow().get(&path).copied())
                .unwrap_or(0.0)
        } else {
            0.0
        };
        window.scroll_to_with_x_and_y(0.0, target);
        // Parts of the page that load on their own (the popular box) may
        // still be growing it: keep applying the position for a few frames.
        settle_scroll(target, 30);
        if let Some(heading) = document.query_selector("main h1").ok().flatten() {
            if let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>() {
                let options = web_sys::FocusOptions::new();
                options.set_prevent_scroll(true);
                let _ = heading.focus_with_options(&options);
            }
        }
        if let Some(announcer) = document.get_element_by_id("route-announcer") {
            announcer.set_text_content(Some(&document.title()));
        }
    });
}

/// Scrolls to `target` on each of the next `frames` frames until it sticks,
/// then listens to the reader's scrolling again.
fn settle_scroll(target: f64, frames: u32) {
    request_animation_frame(move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        window.scroll_to_with_x_and_y(0.0, target);
        let reached = (window.scroll_y().unwrap_or(0.0) - target).abs() <= 1.0;
        if reached && frames < 29 || frames == 0 {
            RESTORING.set(false);
        } else {
            settle_scroll(target, frames - 1);
        }
    });
}

/// Moves keyboard focus to the main content (the skip link's target).
pub fn focus_main() {
    let main = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        let _ = main.focus();
    }
}

/// Scrolls to the top of the page and moves keyboard focus to the main
/// content: for a view the reader asked to see again (the new stories).
pub fn show_from_top() {
    let Some(window) = web_sys::window() else {
        return;
    };
    window.scroll_to_with_x_and_y(0.0, 0.0);
    let main = window
        .document()
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = main.focus_with_options(&options);
    }
}

/// Where the breaking stories the reader dismissed are kept for the visit.
const DISMISSED_KEY: &str = "broadsheet-dismissed-breaking";

/// The breaking stories (URLs) the reader dismissed in this visit.
pub fn dismissed_breaking() -> Vec<String> {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|storage| storage.get_item(DISMISSED_KEY).ok().flatten())
        .map(|kept| kept.lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Keeps the dismissed breaking stories for the visit (the newest
/// `MAX_BREAKING_STORIES`: more cannot be in `breaking.json` at once).
pub fn set_dismissed_breaking(urls: &[String]) {
    let keep = urls
        .len()
        .saturating_sub(broadsheet_model::limits::MAX_BREAKING_STORIES);
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = storage.set_item(DISMISSED_KEY, &urls[keep..].join("\n"));
    }
}
