//! How the app starts on a pre-rendered page. It hydrates it: the app's
//! components attach to the nodes crates/render made with the same
//! components. On a page rendered for another path, or after a failed
//! hydration (crates/render's `prelude.js` then loads the page once more
//! and asks for it), it takes the page over: the app's first view is built
//! outside the document and put in the pre-rendered content's place within
//! one frame, and start-up gives the browser a turn between its three tasks.

use std::cell::RefCell;

use wasm_bindgen::JsCast;

use crate::hydration::Start;

thread_local! {
    /// The pre-rendered content and the container the app renders into
    /// (outside the document), until the app's first view replaces it.
    static TAKEOVER: RefCell<Option<(web_sys::Element, web_sys::HtmlElement)>> = const { RefCell::new(None) };
}

/// How the app starts on this page.
pub enum StartMode {
    /// A pre-rendered page (`<div id="app">` from crates/render): the app
    /// attaches to its nodes.
    Hydrate(web_sys::HtmlElement),
    /// A pre-rendered page rendered for another path, or whose hydration
    /// failed (see [`crate::hydration`]): the app builds its first
    /// view outside the document, in this container, and
    /// [`super::view_ready`] then puts it in the pre-rendered content's
    /// place within one frame. Built outside the document, the app's view
    /// never puts a second `<main id="main">` (or any id) into it, not even
    /// hidden.
    TakeOver(web_sys::HtmlElement),
    /// No pre-rendered content: the app renders into `<body>`.
    Body,
}

/// How to start: hydrate a pre-rendered page that was rendered for this
/// path ([`crate::hydration::start`]), unless the page's script asks for
/// the take-over (`<html data-start="take-over">`: it does after a failed
/// hydration, see crates/render's `prelude.js`).
pub fn start_mode() -> StartMode {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return StartMode::Body;
    };
    let Some(prerendered) = document.get_element_by_id("app") else {
        return StartMode::Body;
    };
    let root = document.document_element();
    let take_over_asked = root
        .as_ref()
        .and_then(|root| root.get_attribute("data-start"))
        .is_some_and(|start| start == "take-over");
    match start_here(&prerendered, take_over_asked) {
        Start::Hydrate => match prerendered.dyn_into::<web_sys::HtmlElement>() {
            Ok(prerendered) => {
                // The page's script reloads into the take-over if the
                // hydration fails while this is set (`prelude.js`).
                if let Some(root) = &root {
                    let _ = root.set_attribute("data-app", "hydrating");
                }
                StartMode::Hydrate(prerendered)
            }
            Err(_) => StartMode::Body,
        },
        Start::TakeOver => take_over(&document, prerendered),
    }
}

/// How the app meets `prerendered` at the path shown now.
fn start_here(prerendered: &web_sys::Element, take_over_asked: bool) -> Start {
    let rendered_for = prerendered.get_attribute("data-path");
    let shown = super::current_path();
    crate::hydration::start(
        rendered_for.as_deref(),
        crate::links::strip_base(&shown),
        take_over_asked,
    )
}

/// The take-over of `prerendered`: the container the app's first view is
/// built in, outside the document.
fn take_over(document: &web_sys::Document, prerendered: web_sys::Element) -> StartMode {
    let container = document
        .create_element("div")
        .ok()
        .and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(container) = container else {
        return StartMode::Body;
    };
    container.set_class_name("app-root");
    TAKEOVER.with(|t| *t.borrow_mut() = Some((prerendered, container.clone())));
    StartMode::TakeOver(container)
}

/// Just before hydrating `root`: still hydrate it if the path shown is
/// still the one it was rendered for, or take it over if a click in
/// between (the module's start and the hydration are two tasks) changed it.
pub fn hydrate_or_take_over(root: web_sys::HtmlElement) -> StartMode {
    match start_here(&root, false) {
        Start::Hydrate => StartMode::Hydrate(root),
        Start::TakeOver => {
            let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                return StartMode::Body;
            };
            if let Some(html) = document.document_element() {
                let _ = html.remove_attribute("data-app");
            }
            take_over(&document, root.into())
        }
    }
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
    yield_to_browser().await;
}

/// Gives the browser a turn (a new task) before the caller goes on: start-up
/// is then several short tasks, not one long one (issue 16).
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let queued =
            web_sys::window().is_some_and(|w| w.set_timeout_with_callback(&resolve).is_ok());
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
pub(super) fn finish(document: &web_sys::Document) {
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
        // Right to left, a scrolled list's `scrollLeft` is negative.
        if scrolled != 0 {
            if let Some(list) = nav_list(&container) {
                list.set_scroll_left(scrolled);
            }
        }
    }
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-app", "ready");
    }
}
