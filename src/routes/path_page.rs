use broadsheet_model::Route;
use leptos::prelude::*;

use crate::browser;
use crate::components::not_found::NotFound;
use crate::components::search_page::SearchPage;
use crate::routes::islands;
use crate::routes::kept_route::KeptRoute;
#[cfg(not(feature = "islands-probe"))]
use crate::routes::page_views;
use crate::{links, navigation};

/// Every URL: parsed once into a typed [`Route`], then dispatched. Exhaustive
/// on purpose: a new page kind does not compile until the app handles it.
/// The views of pages of data are kept for Back and Forward ([`KeptRoute`]).
#[component]
pub fn PathPage() -> impl IntoView {
    let location = navigation::pathname();
    let route = Memo::new(move |_| Route::parse(links::strip_base(&location.get())));
    // Kept views hang from this component's owner (see `KeptRoute::new`).
    let parent = Owner::current().unwrap_or_default();
    // Bumped to make the view shown again (the pre-rendered page's
    // islands ask for it: `islands::hydrate`).
    let again = RwSignal::new(0u32);
    #[cfg(not(feature = "islands-probe"))]
    page_views::preload();
    move || {
        again.track();
        let route = route.get();
        let path = links::strip_base(&location.get_untracked()).to_owned();
        let keep = route.json_path().is_some();
        let kept = KeptRoute::new(
            path,
            keep,
            navigation::is_traversal(),
            parent.clone(),
            Box::new({
                let route = route.clone();
                move || view_of(route)
            }),
        );
        if !keep && route != Route::Search {
            return kept;
        }
        // A page of data, or search: on the pre-rendered page, only its
        // islands run (`islands::hydrate`; search has none).
        let refresh = Callback::new(move |()| again.update(|n| *n = n.wrapping_add(1)));
        kept.with_islands(Box::new(move |nodes| {
            islands::hydrate(&route, nodes, refresh)
        }))
    }
}

#[inline(never)]
fn view_of(route: Route) -> AnyView {
    match route {
        route @ (Route::Front
        | Route::Section { .. }
        | Route::Article(_)
        | Route::Author { .. }
        | Route::Tag { .. }
        | Route::Tags
        | Route::Archive { .. }
        | Route::ArchiveIndex) => {
            #[cfg(feature = "islands-probe")]
            return islands_probe(route);
            #[cfg(not(feature = "islands-probe"))]
            page_views::route_page(route)
        }
        Route::Search => {
            browser::view_ready();
            browser::run_search();
            view! { <SearchPage /> }.into_any()
        }
        Route::NotFound => {
            browser::view_ready();
            view! { <NotFound /> }.into_any()
        }
        // Handled only so that `cargo xtask test` can prove render's own
        // match fails without it (ARCHITECTURE.md, "Invariants").
        #[cfg(feature = "exhaustiveness-probe")]
        Route::Probe => ().into_any(),
    }
}

/// The `islands-probe` build's view of a page of data: none, so that no
/// page view is in the module (a click shows nothing). The islands stay in
/// it (`islands::hydrate`), and "Most popular" behind a test the compiler
/// cannot decide too, so that the probe weighs a first load without the
/// views.
#[cfg(feature = "islands-probe")]
fn islands_probe(_: Route) -> AnyView {
    browser::view_ready();
    if js_sys::Math::random() > 2.0 {
        return view! { <crate::routes::popular_rail::PopularRail /> }.into_any();
    }
    ().into_any()
}
