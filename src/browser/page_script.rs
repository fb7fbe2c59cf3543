//! `window.broadsheet`: the one interface between the page's own script
//! (crates/render's prelude.js, which defines it), the app and the search
//! module, declared here once for the Rust side.
//!
//! - `today()`: today's date in the site's language, the words the
//!   pre-rendered masthead already shows;
//! - `runSearch(root)`: loads the search module the first time, and mounts
//!   it into `root` (the search page's placeholder);
//! - `mountSearch`: set by the search module when it starts, for later
//!   visits to the search page;
//! - `searchRoot`: the placeholder waiting for the module to start.

use leptos::prelude::request_animation_frame;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The object prelude.js puts at `window.broadsheet`.
    #[wasm_bindgen(extends = js_sys::Object)]
    pub type PageScript;

    #[wasm_bindgen(method, catch)]
    fn today(this: &PageScript) -> Result<String, JsValue>;

    #[wasm_bindgen(method, catch, js_name = runSearch)]
    fn run_search(this: &PageScript, root: &web_sys::Element) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, getter, js_name = searchRoot)]
    pub fn search_root(this: &PageScript) -> Option<web_sys::Element>;

    #[wasm_bindgen(method, setter, js_name = mountSearch)]
    pub fn set_mount_search(this: &PageScript, mount: &js_sys::Function);
}

/// `window.broadsheet`, if the page's script defined it.
pub fn page_script() -> Option<PageScript> {
    let window = web_sys::window()?;
    let value = js_sys::Reflect::get(&window, &"broadsheet".into()).ok()?;
    value.is_object().then(|| value.unchecked_into())
}

/// Today's date written out in the site's language ("Thursday, May 30,
/// 2024"), the same words the page's script wrote into the pre-rendered
/// masthead (one definition, and no date formatting in the WebAssembly).
/// Empty without the page's script.
pub fn today() -> String {
    page_script()
        .and_then(|script| script.today().ok())
        .unwrap_or_default()
}

/// Runs the search module in the search page's placeholder (`main
/// .search-root`), a frame after the view is ready (so after the take-over
/// of a pre-rendered page). Without the page's script, the placeholder is
/// marked `data-state="failed"`, which shows the page's own message.
pub fn run_search() {
    request_animation_frame(|| {
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("main .search-root").ok().flatten());
        let Some(root) = root else { return };
        let ran = page_script().is_some_and(|script| script.run_search(&root).is_ok());
        if !ran {
            let _ = root.set_attribute("data-state", "failed");
        }
    });
}
