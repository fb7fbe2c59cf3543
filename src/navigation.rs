//! In-app navigation: the address bar's path as a signal, links that
//! navigate without a page load, and Back and Forward.
//!
//! This replaces leptos_router, of which the app used one catch-all route
//! (every URL is parsed by the model's `Route::parse` in `PathPage`), the
//! location and `navigate`. Its route matching, nested outlets and
//! transitions were 30.3 KB brotli of the first load (222,021 → 191,792
//! bytes; docs/performance.md, "Cuts tried").
//!
//! What a click does, as leptos_router did: a plain left click on a link to
//! this site (same origin, under the site's base path; no `target`,
//! `download` or `rel="external"`; no modifier key) pushes the new URL and
//! sets [`pathname`]; scrolling and focus follow when the new view is ready
//! (`browser::view_ready`). Any other click is the browser's.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::{browser, links};

thread_local! {
    static PATHNAME: RwSignal<String> = RwSignal::new(browser::current_path());
    /// Whether the path last changed by Back or Forward.
    static TRAVERSAL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The browser's path (with the base path, as in the address bar).
pub fn pathname() -> Signal<String> {
    PATHNAME.with(|p| (*p).into())
}

/// Whether the path shown came from Back or Forward (a history traversal),
/// not from a click or [`navigate`]: the view kept for it may be put back.
pub fn is_traversal() -> bool {
    TRAVERSAL.get()
}

/// Goes to `href` (a path under the site's base, with its query and hash),
/// adding a history entry or replacing the current one.
pub fn navigate(href: &str, replace: bool) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let pushed = if replace {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
    } else {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
    };
    if pushed.is_ok() {
        TRAVERSAL.set(false);
        PATHNAME.with(|p| p.set(browser::current_path()));
    }
}

/// Listens to link clicks and to Back and Forward. Call once, at start-up.
pub fn install() {
    // Created here, outside any component, so that no owner disposes of it.
    PATHNAME.with(|_| ());
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|event: web_sys::MouseEvent| {
        if let Some(href) = in_app_href(&event) {
            event.prevent_default();
            let same_page = href.split(['?', '#']).next() == Some(browser::current_path().as_str());
            navigate(&href, false);
            if same_page {
                scroll_to_hash_or_top();
            }
        }
    });
    // The one `popstate` listener: the history's scroll bookkeeping first,
    // then the path, whose change renders the view it restores.
    let on_popstate = Closure::<dyn Fn()>::new(|| {
        browser::on_popstate();
        TRAVERSAL.set(true);
        PATHNAME.with(|p| p.set(browser::current_path()));
    });
    let _ = window.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    let _ =
        window.add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
    on_click.forget();
    on_popstate.forget();
}

/// The path, query and hash to navigate to in the app, if this click is one
/// the app should take.
fn in_app_href(event: &web_sys::MouseEvent) -> Option<String> {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.alt_key()
        || event.ctrl_key()
        || event.shift_key()
    {
        return None;
    }
    let anchor = event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()??
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .ok()?;
    let rel = anchor.rel();
    if !anchor.target().is_empty()
        || anchor.has_attribute("download")
        || rel.split_ascii_whitespace().any(|r| r == "external")
    {
        return None;
    }
    let origin = web_sys::window()?.location().origin().ok()?;
    let url = web_sys::Url::new(&anchor.href()).ok()?;
    let path = url.pathname();
    (url.origin() == origin && links::is_under_base(&path))
        .then(|| path + &url.search() + &url.hash())
}

/// After a click on a link to the page already shown: to its `#id`, or to
/// the top.
fn scroll_to_hash_or_top() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let hash = window.location().hash().unwrap_or_default();
    let target = hash
        .strip_prefix('#')
        .filter(|id| !id.is_empty())
        .and_then(|id| js_sys::decode_uri_component(id).ok())
        .and_then(|id| id.as_string())
        .and_then(|id| window.document()?.get_element_by_id(&id));
    match target {
        Some(element) => element.scroll_into_view(),
        None => window.scroll_to_with_x_and_y(0.0, 0.0),
    }
}
