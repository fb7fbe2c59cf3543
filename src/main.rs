//! Browser entry point: start the app.
//!
//! The panic hook (which prints a panic's message to the console) is kept
//! for debug builds only: in release builds (`panic = "abort"`) its
//! formatting code would be in the first load, and a panic is a bug that
//! the tests, not the reader, should see.

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    broadsheet::start();
}
