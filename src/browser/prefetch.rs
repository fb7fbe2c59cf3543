//! Data loaded before the click: on pointing, touching or focusing a link,
//! and for the first article links in view once a view is ready.

use broadsheet_model::Route;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Links in view whose data is loaded ahead of a click, once a view is ready.
const PREFETCH_IN_VIEW: usize = 6;

/// Loads a link's data before the click: when the reader points at it, touches
/// it or focuses it (a few hundred milliseconds before the click lands), and,
/// shortly after each view is ready, for the first article links in view.
pub fn install_prefetch() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
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
    let origin = web_sys::window()?.location().origin().ok()?;
    if anchor.origin() != origin {
        return None;
    }
    Route::parse(crate::links::strip_base(&anchor.pathname())).json_path()
}

/// Prefetches the first few article links that are on screen.
pub(super) fn prefetch_in_view() {
    leptos::prelude::set_timeout(
        || {
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
        },
        std::time::Duration::from_millis(PREFETCH_DELAY_MS),
    );
}

/// How long after a view is ready the links in view are prefetched: after
/// the view's own images and the "Most popular" box have had their turn.
const PREFETCH_DELAY_MS: u64 = 500;
