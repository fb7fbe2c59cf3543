//! The search module: the search view at `/search`, compiled into its own
//! WebAssembly file (`src/bin/search.rs`, built by trunk as a second
//! target), so that its code and the index load only when a reader uses
//! search and no other page grows by a byte.
//!
//! The main app's search page (`components::search_page`) hands it the
//! element to fill, through the page script's interface
//! (`browser::page_script`): its `searchRoot` when this file starts, and its
//! `mountSearch(root)`, which this module sets, on later visits.
//! Links in the results are ordinary links, which the main app's navigation
//! follows without a page load.
//!
//! `engine` fetches and ranks (the rules are the model's,
//! `broadsheet_model::search`); `params` is what a search asks for and
//! `url` keeps it in the address bar; `search_view` wires `search_form`
//! and `search_results` (each result a `search_result`); `debounce` times
//! the typing.

pub mod debounce;
pub mod engine;
pub mod params;
pub mod search_form;
pub mod search_result;
pub mod search_results;
pub mod search_view;
pub mod url;

use std::cell::RefCell;

use leptos::mount::UnmountHandle;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::links;

type Mounted = UnmountHandle<leptos::tachys::view::any_view::AnyViewState>;

thread_local! {
    /// The view now mounted; replacing it unmounts the one before.
    static MOUNTED: RefCell<Option<Mounted>> = const { RefCell::new(None) };
    /// The placeholder the view is in, or is being mounted into.
    static ROOT: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
}

/// Whether `root` is still the placeholder the view belongs in (a later
/// visit to the search page gives another).
fn is_current(root: &web_sys::Element) -> bool {
    ROOT.with(|r| r.borrow().as_ref() == Some(root))
}

/// Starts the module: offers `mountSearch(root)` to the main app and
/// mounts into the root it left, if any.
pub fn start() {
    let Some(script) = crate::browser::page_script() else {
        return;
    };
    links::set_base(&crate::browser::page_base());
    let mount = Closure::<dyn Fn(web_sys::Element)>::new(mount_into);
    script.set_mount_search(mount.as_ref().unchecked_ref());
    mount.forget();
    if let Some(root) = script.search_root() {
        mount_into(root);
    }
}

/// Mounts the view into `root`, once: on the pre-rendered search page both
/// the page's script (as soon as the page is painted) and the app (once it
/// runs) hand over the same placeholder. The work is three tasks (the
/// module's start, the site's words, the view), not one long one.
fn mount_into(root: web_sys::Element) {
    use leptos::prelude::*;
    if is_current(&root) {
        return;
    }
    ROOT.with(|r| *r.borrow_mut() = Some(root.clone()));
    let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    // The view speaks the site's language: `site.json` first (embedded in
    // the page, so no request after a page load).
    wasm_bindgen_futures::spawn_local(async move {
        crate::browser::yield_to_browser().await;
        if !is_current(&root) {
            return;
        }
        crate::api::seed_from_page();
        let site = match crate::api::fetch_site().await {
            Ok(site) => site,
            Err(error) => {
                leptos::logging::warn!("search: {}", error.detail());
                let _ = root.set_attribute("data-state", "failed");
                return;
            }
        };
        crate::browser::yield_to_browser().await;
        if !is_current(&root) {
            return;
        }
        // The placeholder's messages go; the view takes their place.
        root.set_text_content(None);
        let _ = root.remove_attribute("data-state");
        let handle = leptos::mount::mount_to(root, move || {
            crate::site_context::provide_known_site(site);
            view! { <search_view::SearchView /> }.into_any()
        });
        MOUNTED.with(|m| *m.borrow_mut() = Some(handle));
    });
}
