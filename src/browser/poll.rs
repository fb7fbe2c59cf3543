//! Work repeated while the reader looks at the page, never in a hidden tab.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Calls `check` `first_ms` after it is made (when that is sooner than
/// `every_ms`), and every `every_ms`, while
/// the page is visible. A check that falls due while the tab is hidden is
/// not made then (no request from a tab nobody looks at) but as soon as the
/// tab is shown again. Dropping the value stops it.
pub struct WhileVisible {
    window: web_sys::Window,
    document: web_sys::Document,
    timers: [i32; 2],
    on_tick: Closure<dyn FnMut()>,
    on_visibility: Closure<dyn FnMut()>,
}

impl Drop for WhileVisible {
    fn drop(&mut self) {
        self.window.clear_timeout_with_handle(self.timers[0]);
        self.window.clear_interval_with_handle(self.timers[1]);
        let _ = self.document.remove_event_listener_with_callback(
            "visibilitychange",
            self.on_visibility.as_ref().unchecked_ref(),
        );
        let _ = &self.on_tick;
    }
}

pub fn while_visible(
    first_ms: i32,
    every_ms: i32,
    check: impl Fn() + 'static,
) -> Option<WhileVisible> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let check = Rc::new(check);
    let due = Rc::new(Cell::new(false));
    let on_tick = Closure::<dyn FnMut()>::new({
        let (document, check, due) = (document.clone(), Rc::clone(&check), Rc::clone(&due));
        move || {
            if document.hidden() {
                due.set(true);
            } else {
                check();
            }
        }
    });
    let on_visibility = Closure::<dyn FnMut()>::new({
        let document = document.clone();
        move || {
            if !document.hidden() && due.replace(false) {
                check();
            }
        }
    });
    let tick = on_tick.as_ref().unchecked_ref();
    let timers = [
        if first_ms < every_ms {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(tick, first_ms)
                .ok()?
        } else {
            0
        },
        window
            .set_interval_with_callback_and_timeout_and_arguments_0(tick, every_ms)
            .ok()?,
    ];
    document
        .add_event_listener_with_callback(
            "visibilitychange",
            on_visibility.as_ref().unchecked_ref(),
        )
        .ok()?;
    Some(WhileVisible {
        window,
        document,
        timers,
        on_tick,
        on_visibility,
    })
}
