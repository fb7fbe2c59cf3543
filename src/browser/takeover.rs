//! Taking over a pre-rendered page: the app's first view is built outside
//! the document and put in the pre-rendered content's place within one
//! frame; start-up gives the browser a turn between its three tasks.

use std::cell::RefCell;

use wasm_bindgen::JsCast;

thread_local! {
    /// The pre-rendered content and the container the app renders into
    /// (outside the document), until the app's first view replaces it.
    static TAKEOVER: RefCell<Option<(web_sys::Element, web_sys::HtmlElement)>> = const { RefCell::new(None) };
}

/// Where to mount the app. On a pre-rendered page (`<div id="app">` from
/// crates/render) that is a new container outside the document: the reader
/// keeps reading the static content until the app's first view is ready,
/// and [`super::view_ready`] then puts it in the pre-rendered content's place
/// within one frame. Built outside the document, the app's view never puts
/// a second `<main id="main">` (or any id) into it, not even hidden.
/// `None`: mount to `<body>`.
pub fn takeover_container() -> Option<web_sys::HtmlElement> {
    let document = web_sys::window()?.document()?;
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
