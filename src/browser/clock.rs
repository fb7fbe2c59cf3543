//! The browser's clock and date parser (no date tables in the WebAssembly).

/// Milliseconds since the epoch of an RFC 3339 time, by the browser's own parser.
pub fn parse_time_ms(rfc3339: &str) -> Option<f64> {
    let ms = js_sys::Date::parse(rfc3339);
    (!ms.is_nan()).then_some(ms)
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
