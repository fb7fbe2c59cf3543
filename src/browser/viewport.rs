//! Watching an element come near the viewport (lazy parts of a page).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

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
