//! The search's URL: read from the address bar and written back as the
//! results follow the typing (replaced, so typing makes no history), with
//! the browser's own `URLSearchParams` doing the encoding.

use crate::search::params::Params;

/// The params in the address bar's query.
pub fn read() -> Params {
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    match web_sys::UrlSearchParams::new_with_str(&query) {
        Ok(query) => Params::from_query(|key| query.get(key)),
        Err(_) => Params::default(),
    }
}

/// `?q=…`, encoded by the browser; empty when nothing is set.
pub fn query_string(params: &Params) -> String {
    let Ok(query) = web_sys::UrlSearchParams::new() else {
        return String::new();
    };
    for (key, value) in params.to_query() {
        query.append(key, &value);
    }
    let text: String = query.to_string().into();
    if text.is_empty() {
        text
    } else {
        format!("?{text}")
    }
}

/// Puts `params` in the address bar, replacing the current entry.
pub fn replace(params: &Params) {
    let search = query_string(params);
    if let Some(window) = web_sys::window() {
        let path = window.location().pathname().unwrap_or_default();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{path}{search}")),
            );
        }
    }
}
