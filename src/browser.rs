//! Everything the app does to the browser window besides fetching (that is
//! `api`): today's date, scroll restoration, focus and announcements after a
//! navigation.
//!
//! Scroll: the browser's own restoration runs before our content has arrived,
//! so it is switched off and done here instead. Each path's last scroll
//! position is remembered; Back and Forward (`popstate`) restore it once the
//! new view has rendered, and every other navigation starts at the top.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use broadsheet_model::Route;
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
    /// The pre-rendered content and the hidden container the app renders
    /// into, until the app's first view is ready to replace it.
    static TAKEOVER: RefCell<Option<(web_sys::Element, web_sys::HtmlElement)>> = const { RefCell::new(None) };
}

/// The site's base path from the page (`<meta name="broadsheet-base">`,
/// written by crates/render): `/`, or `/news/` under a sub-path.
pub fn page_base() -> String {
    window()
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

/// Links in view whose data is loaded ahead of a click, once a view is ready.
const PREFETCH_IN_VIEW: usize = 6;

/// Loads a link's data before the click: when the reader points at it, touches
/// it or focuses it (a few hundred milliseconds before the click lands), and,
/// shortly after each view is ready, for the first article links in view.
pub fn install_prefetch() {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let on_intent = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        let anchor = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        if let Some(path) = anchor.as_ref().and_then(link_data_path) {
            crate::api::prefetch(&path);
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(true);
    for kind in ["pointerover", "touchstart", "focusin"] {
        let _ = document.add_event_listener_with_callback_and_add_event_listener_options(
            kind,
            on_intent.as_ref().unchecked_ref(),
            &options,
        );
    }
    on_intent.forget();
}

/// The JSON file behind a link to a page of this site, if it is one.
fn link_data_path(anchor: &web_sys::HtmlAnchorElement) -> Option<String> {
    let origin = window()?.location().origin().ok()?;
    if anchor.origin() != origin {
        return None;
    }
    Route::parse(crate::links::strip_base(&anchor.pathname())).json_path()
}

/// Prefetches the first few article links that are on screen.
fn prefetch_in_view() {
    let Some(window) = window() else { return };
    let callback = Closure::once_into_js(move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Some(document) = window.document() else {
            return;
        };
        let height = window
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        let Ok(links) = document.query_selector_all("main a[href]") else {
            return;
        };
        let mut started = Vec::new();
        for index in 0..links.length() {
            if started.len() == PREFETCH_IN_VIEW {
                break;
            }
            let Some(anchor) = links
                .item(index)
                .and_then(|n| n.dyn_into::<web_sys::HtmlAnchorElement>().ok())
            else {
                continue;
            };
            let rect = anchor.get_bounding_client_rect();
            if rect.bottom() <= 0.0 || rect.top() >= height {
                continue;
            }
            let Some(path) = link_data_path(&anchor) else {
                continue;
            };
            if path.starts_with("data/articles/") && !started.contains(&path) {
                crate::api::prefetch(&path);
                started.push(path);
            }
        }
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        callback.unchecked_ref(),
        PREFETCH_DELAY_MS,
    );
}

/// How long after a view is ready the links in view are prefetched: after
/// the view's own images and the "Most popular" box have had their turn.
const PREFETCH_DELAY_MS: i32 = 500;

/// Where to mount the app. On a pre-rendered page (`<div id="app">` from
/// crates/render) that is a new container outside the document: the reader
/// keeps reading the static content until the app's first view is ready,
/// and [`view_ready`] then puts it in the pre-rendered content's place
/// within one frame. Built outside the document, the app's view never puts
/// a second `<main id="main">` (or any id) into it, not even hidden.
/// `None`: mount to `<body>`.
pub fn takeover_container() -> Option<web_sys::HtmlElement> {
    let document = window()?.document()?;
    let prerendered = document.get_element_by_id("app")?;
    let container: web_sys::HtmlElement = document.create_element("div").ok()?.dyn_into().ok()?;
    container.set_class_name("app-root");
    TAKEOVER.with(|t| *t.borrow_mut() = Some((prerendered, container.clone())));
    Some(container)
}

/// During the take-over, gives the browser a turn (a new task) before the
/// caller goes on: the app's start-up is then three tasks (starting the
/// module, mounting the shell, rendering the page's view; `start` and the
/// route's resource call this) instead of one long one, and a tap or a
/// frame in between is not held up (issue 16, total blocking time). Once the
/// app runs, it returns at once, so in-app navigations do not wait.
pub async fn yield_during_takeover() {
    if TAKEOVER.with(|t| t.borrow().is_none()) {
        return;
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let queued = window().is_some_and(|w| w.set_timeout_with_callback(&resolve).is_ok());
        if !queued {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Replaces the pre-rendered content with the app's (if it is waiting), and
/// marks the document as run by the app (`<html data-app="ready">`).
///
/// The section navigation keeps the sideways scroll the page had (the
/// prelude's, or the reader's). It is read from the laid-out page and set
/// on the app's only when it is not zero: setting it makes the browser lay
/// out the whole new page inside this task, which on a wide screen or on the
/// first sections is not needed (issue 16: that read alone was 80 ms of the
/// swap's frame at 4x CPU).
fn finish_takeover(document: &web_sys::Document) {
    if let Some((prerendered, container)) = TAKEOVER.with(|t| t.borrow_mut().take()) {
        let nav_list =
            |root: &web_sys::Element| root.query_selector(".sections-nav ul").ok().flatten();
        let scrolled = nav_list(&prerendered).map_or(0, |list| list.scroll_left());
        // The id moves first: at no moment do two elements carry it.
        prerendered.remove_attribute("id").ok();
        container.set_id("app");
        if prerendered.replace_with_with_node_1(&container).is_err() {
            return;
        }
        if scrolled > 0 {
            if let Some(list) = nav_list(&container) {
                list.set_scroll_left(scrolled);
            }
        }
    }
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-app", "ready");
    }
}

/// Brings the current section's link into view in a section navigation that
/// scrolls sideways (narrow screens), as the loader's prelude does for the
/// pre-rendered page before the app runs.
fn reveal_current_section(document: &web_sys::Document) {
    let Some(list) = document.query_selector(".sections-nav ul").ok().flatten() else {
        return;
    };
    let item = list
        .query_selector("a[aria-current]")
        .ok()
        .flatten()
        .and_then(|link| link.parent_element())
        .and_then(|item| item.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(item) = item else { return };
    if let Some(left) = crate::components::masthead::nav_scroll_to(
        item.offset_left(),
        item.offset_width(),
        list.scroll_left(),
        list.client_width(),
    ) {
        list.set_scroll_left(left);
    }
}

/// `<html lang>` from `site.json`, for a page the app built without render
/// (the pre-rendered pages carry it already).
pub fn set_language(language: &str) {
    let root = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        if root.get_attribute("lang").as_deref() != Some(language) {
            let _ = root.set_attribute("lang", language);
        }
    }
}

/// The document's title.
pub fn set_title(title: &str) {
    if let Some(document) = window().and_then(|w| w.document()) {
        if document.title() != title {
            document.set_title(title);
        }
    }
}

/// The page's `<meta name="description">`: written by render on pre-rendered
/// pages, made here otherwise.
pub fn set_description(content: &str) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let meta = document
        .query_selector(r#"meta[name="description"]"#)
        .ok()
        .flatten()
        .or_else(|| {
            let meta = document.create_element("meta").ok()?;
            let _ = meta.set_attribute("name", "description");
            document.head()?.append_child(&meta).ok()?;
            Some(meta)
        });
    if let Some(meta) = meta {
        let _ = meta.set_attribute("content", content);
    }
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The browser's path, as in the address bar (with the base path).
pub fn current_path() -> String {
    window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// Installs the scroll bookkeeping. Call once, at start-up.
pub fn install_scroll_handling() {
    let Some(window) = window() else { return };
    if let Ok(history) = window.history() {
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    let on_scroll = Closure::<dyn Fn()>::new(|| {
        if RESTORING.get() {
            return;
        }
        if let Some(window) = web_sys::window() {
            let y = window.scroll_y().unwrap_or(0.0);
            SCROLL_POSITIONS.with(|p| p.borrow_mut().insert(current_path(), y));
        }
    });
    let on_popstate = Closure::<dyn Fn()>::new(|| {
        RESTORING.set(true);
        // Forget the path handled last, so returning to it is handled again.
        READY_PATH.with(|p| *p.borrow_mut() = None);
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(true);
    let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
        "scroll",
        on_scroll.as_ref().unchecked_ref(),
        &options,
    );
    // Capture phase: runs before `navigation` reacts to the same event.
    let _ = window.add_event_listener_with_callback_and_bool(
        "popstate",
        on_popstate.as_ref().unchecked_ref(),
        true,
    );
    on_scroll.forget();
    on_popstate.forget();
}

/// Call when a route's content (or its error view) has rendered: restores or
/// resets the scroll position, then moves focus to the view's heading and
/// announces the new page, except on the very first view of a visit.
pub fn view_ready() {
    let Some(window) = window() else { return };
    let callback = Closure::once_into_js(move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        let path = current_path();
        if READY_PATH.with(|p| p.borrow().as_deref() == Some(path.as_str())) {
            return;
        }
        READY_PATH.with(|p| *p.borrow_mut() = Some(path.clone()));
        let Some(document) = window.document() else {
            return;
        };
        prefetch_in_view();
        if FIRST_VIEW.replace(false) {
            // The reader may already have scrolled the pre-rendered page: stay.
            finish_takeover(&document);
            return;
        }
        reveal_current_section(&document);
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
    let _ = window.request_animation_frame(callback.unchecked_ref());
}

/// Scrolls to `target` on each of the next `frames` frames until it sticks,
/// then listens to the reader's scrolling again.
fn settle_scroll(target: f64, frames: u32) {
    let Some(window) = window() else { return };
    let callback = Closure::once_into_js(move || {
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
    let _ = window.request_animation_frame(callback.unchecked_ref());
}

/// Today's date written out in the site's language ("Thursday, May 30,
/// 2024"), by `window.broadsheetToday` from crates/render's prelude, the
/// same words it wrote into the pre-rendered masthead (one definition, and
/// no date formatting in the WebAssembly). Empty without the prelude.
pub fn today() -> String {
    window()
        .and_then(|w| js_sys::Reflect::get(&w, &"broadsheetToday".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&wasm_bindgen::JsValue::NULL).ok())
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// Moves keyboard focus to the main content (the skip link's target).
pub fn focus_main() {
    let main = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        let _ = main.focus();
    }
}

/// Calls `on_near` once, when `element` comes within 600 px of the viewport.
/// Dropping the returned value stops watching.
pub struct NearViewport {
    observer: Option<web_sys::IntersectionObserver>,
    _callback: Closure<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>,
}

impl Drop for NearViewport {
    fn drop(&mut self) {
        if let Some(observer) = &self.observer {
            observer.disconnect();
        }
    }
}

pub fn when_near_viewport(
    element: &web_sys::Element,
    on_near: impl FnOnce() + 'static,
) -> NearViewport {
    let on_near = Rc::new(RefCell::new(Some(on_near)));
    let pending = Rc::clone(&on_near);
    let callback = Closure::<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>::new(
        move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
            let near = entries.iter().any(|entry| {
                entry
                    .unchecked_into::<web_sys::IntersectionObserverEntry>()
                    .is_intersecting()
            });
            if near {
                observer.disconnect();
                if let Some(on_near) = pending.borrow_mut().take() {
                    on_near();
                }
            }
        },
    );
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("600px 0px");
    let observer = web_sys::IntersectionObserver::new_with_options(
        callback.as_ref().unchecked_ref(),
        &options,
    )
    .ok();
    match &observer {
        Some(observer) => observer.observe(element),
        // No IntersectionObserver: load straight away.
        None => {
            if let Some(on_near) = on_near.borrow_mut().take() {
                on_near();
            }
        }
    }
    NearViewport {
        observer,
        _callback: callback,
    }
}

/// Milliseconds since the epoch of an RFC 3339 time, by the browser's own parser.
pub fn parse_time_ms(rfc3339: &str) -> Option<f64> {
    let ms = js_sys::Date::parse(rfc3339);
    (!ms.is_nan()).then_some(ms)
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Runs the search module in the search page's placeholder (`main
/// .search-root`), a frame after the view is ready (so after the take-over
/// of a pre-rendered page), through `window.broadsheetRunSearch`, which
/// crates/render's prelude defines: it loads the module the first time (the
/// file render names in `<meta name="broadsheet-search">`) and mounts it
/// again later. Without it, the placeholder is marked `data-state="failed"`,
/// which shows the page's own message.
pub fn run_search() {
    let Some(window) = window() else { return };
    let callback = Closure::once_into_js(move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        let root = window
            .document()
            .and_then(|d| d.query_selector("main .search-root").ok().flatten());
        let run = js_sys::Reflect::get(&window, &"broadsheetRunSearch".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        match (root, run) {
            (Some(root), Some(run)) => {
                let _ = run.call1(&wasm_bindgen::JsValue::NULL, &root);
            }
            (Some(root), None) => {
                let _ = root.set_attribute("data-state", "failed");
            }
            (None, _) => {}
        }
    });
    let _ = window.request_animation_frame(callback.unchecked_ref());
}
