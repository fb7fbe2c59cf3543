//! The pre-rendered page's islands (issue 34). A page of data arrives from
//! crates/render as finished HTML, and most of it needs no code: its links
//! are followed by `navigation`'s one listener on the document, prefetching
//! reads them where they are, and nothing else in an article, a teaser or
//! a listing changes while it is open. So the app does not hydrate that
//! view: it hydrates only the widgets in it that do change, in place, on
//! the nodes render made for them:
//!
//! - "Most popular" ([`PopularRail`]), which loads when it nears the
//!   viewport;
//! - "N new stories" ([`FreshStories`]), which checks the page's data file
//!   while the page is open.
//!
//! The rest of the view is only made by the app when the reader asks for it
//! again: "N new stories" applied, or Back to it once it is no longer kept
//! (then from the data the page embedded, like any view from the cache).
//! Start-up therefore does not run, nor even compile, the page views' code.
//!
//! The search page has no island: it is the search module's.

use broadsheet_model::Route;
use leptos::prelude::*;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::Node;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Position, PositionState, RenderHtml};
use wasm_bindgen::JsCast;

use crate::api;
use crate::routes::fresh_stories::{FreshStories, LiveRoute, Shown};
use crate::routes::popular_rail::{PopularRail, PopularRailProps};

/// The classes of the islands' outermost elements, as `PopularRail` and
/// `FreshStories` render them.
const POPULAR: &str = "popular-slot";
const FRESH: &str = "fresh-stories";

/// Hydrates the islands among `nodes`, the pre-rendered view of `route`
/// (the children of `<main>`; the islands are among them, as
/// [`route_content`](super::route_page::route_content) puts them).
/// `refresh` makes the whole view again from the cache: what "N new
/// stories" does once its stories are in it. Returns the islands' states,
/// which must live as long as the view.
///
/// The page's data is not decoded here: an island's props are read from
/// its own element (the box's section), or later from the data's text
/// (what "N new stories" compares with, at its first check).
pub fn hydrate(route: &Route, nodes: &[Node], refresh: Callback<()>) -> Vec<AnyViewState> {
    if *route == Route::Search {
        // The pre-rendered search page is not hydrated: its placeholder is
        // the search module's, which the page's script may already have
        // started in it (prelude.js). The app only hands it over too,
        // which the module does once.
        crate::browser::run_search();
        return Vec::new();
    }
    provide_context(LiveRoute {
        route: route.clone(),
        refresh,
    });
    let mut islands = Vec::new();
    for element in nodes
        .iter()
        .filter_map(|node| node.dyn_ref::<web_sys::Element>())
    {
        let classes = element.class_list();
        let view = if classes.contains(POPULAR) {
            PopularRail(PopularRailProps {
                section: element.get_attribute("data-section"),
            })
            .into_any()
        } else if classes.contains(FRESH) {
            match api::cached_text(route) {
                Some(text) => view! { <FreshStories shown=Shown::Later(text) /> }.into_any(),
                None => {
                    leptos::logging::warn!("no news for this page: its data is not in it");
                    continue;
                }
            }
        } else {
            continue;
        };
        // The cursor stands on the island's own element.
        let cursor = Cursor::new(element.clone());
        let position = PositionState::new(Position::Current);
        islands.push(view.hydrate::<true>(&cursor, &position));
    }
    islands
}
