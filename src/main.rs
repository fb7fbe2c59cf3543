//! Browser entry point: install the panic hook, then start the app.

fn main() {
    console_error_panic_hook::set_once();
    broadsheet::start();
}
