//! The views of pages of data, which a reader needs only from the first
//! click on (issue 34): the pre-rendered page hydrates only its islands
//! (`routes::islands`). In the release build of `cargo xtask dist` (the
//! feature `split`, and `cfg(broadsheet_split)` from `build.rs`) they are
//! a split point: `xtask split-app` moves
//! them, their decoders and whatever only they reach into a second
//! WebAssembly module, which the app loads once it has started
//! ([`preload`]) and a click awaits if it came first. Any other build
//! (`trunk serve`, `trunk build` alone, tests) calls them directly.

use broadsheet_model::{PageData, Route};
use leptos::prelude::*;
use leptos::tachys::view::any_view::IntoAnyUnhydrated;

use crate::api::FetchError;
use crate::routes::route_page::RoutePage;

/// A route with a data file, as the app shows it after a click.
pub fn route_page(route: Route) -> AnyView {
    #[cfg(not(all(feature = "split", broadsheet_split)))]
    {
        made(route)
    }
    #[cfg(all(feature = "split", broadsheet_split))]
    {
        split::route_page(route)
    }
}

/// Never hydrated: a pre-rendered page of data hydrates only its islands
/// (`KeptRoute::with_islands`), so the page views' hydration code is not
/// in the module.
fn made(route: Route) -> AnyView {
    view! { <RoutePage route /> }.into_any_unhydrated()
}

/// A route's data from its file's text, for what the first page's own
/// code needs of it (the check for news, a minute after start-up): the
/// decoders of every page kind are the views' too.
pub async fn decode_page(route: Route, text: std::rc::Rc<str>) -> Result<PageData, FetchError> {
    #[cfg(not(all(feature = "split", broadsheet_split)))]
    {
        crate::api::decode_page(&route, &text)
    }
    #[cfg(all(feature = "split", broadsheet_split))]
    {
        send_wrapper::SendWrapper::new(split::decode_in_module(route, text)).await
    }
}

/// How long after the app's start the views' module is asked for: after
/// the start-up tasks and the prefetch of the links in view (half a
/// second after the view), so that it competes with neither.
pub const PRELOAD_AFTER_MS: u64 = 1_000;

/// Starts loading the views' module a moment after the app has started,
/// so that a click finds it there (a click before then asks for it
/// itself), and marks the document once they are at hand
/// (`browser::mark_views_ready`): at once in a build without the split.
pub fn preload() {
    #[cfg(not(all(feature = "split", broadsheet_split)))]
    crate::browser::mark_views_ready();
    #[cfg(all(feature = "split", broadsheet_split))]
    set_timeout(
        || {
            leptos::task::spawn_local(async {
                // A failure is the click's to handle (`split::route_page`).
                if split::preload_views().await.is_ok() {
                    crate::browser::mark_views_ready();
                }
            })
        },
        std::time::Duration::from_millis(PRELOAD_AFTER_MS),
    );
}

#[cfg(all(feature = "split", broadsheet_split))]
mod split {
    use std::rc::Rc;

    use broadsheet_model::{PageData, Route};
    use leptos::prelude::*;
    use send_wrapper::SendWrapper;

    use crate::api::FetchError;

    /// The views' module could not be loaded (offline, a deploy that
    /// replaced it).
    pub struct Unavailable;

    impl From<leptos::wasm_split::SplitLoaderError> for Unavailable {
        fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
            Unavailable
        }
    }

    impl From<leptos::wasm_split::SplitLoaderError> for FetchError {
        fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
            FetchError::Network("the app's views could not be loaded".to_owned())
        }
    }

    #[leptos::wasm_split::wasm_split(
        views,
        wasm_split_path = ::leptos::wasm_split,
        preload(preload_views),
        fallible
    )]
    pub fn view_in_module(route: Route) -> Result<AnyView, Unavailable> {
        Ok(super::made(route))
    }

    #[leptos::wasm_split::wasm_split(views, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn decode_in_module(route: Route, text: Rc<str>) -> Result<PageData, FetchError> {
        crate::api::decode_page(&route, &text)
    }

    /// The view, at once when the module is here (the split's loader
    /// answers on the first poll then), or when it arrives. When it cannot
    /// be loaded, the browser loads the page itself: the pre-rendered page
    /// needs no module.
    pub fn route_page(route: Route) -> AnyView {
        let href = web_sys::window().and_then(|w| w.location().href().ok());
        let view = SendWrapper::new(view_in_module(route));
        Suspend::new(async move {
            match view.await {
                Ok(view) => view,
                Err(Unavailable) => {
                    if let (Some(window), Some(href)) = (web_sys::window(), href) {
                        let _ = window.location().replace(&href);
                    }
                    ().into_any()
                }
            }
        })
        .into_any()
    }
}
