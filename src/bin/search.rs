//! The search module's entry point: a second WebAssembly file that only the
//! search page loads (see `src/search.rs`).

fn main() {
    broadsheet::search::start();
}
