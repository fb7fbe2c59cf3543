//! Browser entry point: start the app.
//!
//! The panic hook (which prints a panic's message to the console) is kept
//! for debug builds: in release builds (`panic = "abort"`) its formatting
//! code cost about N KB of the first load, and a panic is a bug that shows
//! its error view either way.

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    broadsheet::start();
}
