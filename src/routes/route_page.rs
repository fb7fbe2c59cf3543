use crate::components::{description::Description, title::Title};
use broadsheet_model::{PageData, Route};
use leptos::prelude::*;
use leptos::tachys::view::any_view::IntoAnyUnhydrated;

use crate::api::{self, FetchError};
use crate::components::archive_index_view::ArchiveIndexView;
use crate::components::article::article_view::ArticleView;
use crate::components::front_view::FrontView;
use crate::components::listing_view::ListingView;
use crate::components::not_found::NotFound;
use crate::components::search_page::SearchPage;
use crate::components::section_view::SectionView;
use crate::components::status::{result_view, LoadingView};
use crate::components::tag_index_view::TagIndexView;
use crate::components::widgets::most_popular::preferred_section;
use crate::freshness::Seen;
use crate::routes::fresh_stories::{FreshStories, LiveRoute, Shown};
use crate::routes::popular_rail::{PopularRail, PopularRailProps};
use crate::titles;

/// Any route with a data file: owns the resource that loads and decodes it
/// (from the cache when the page embedded it or a prefetch got it), and
/// shows loading, error and not-found states around [`route_content`].
/// The pre-rendered page's view is not made by it: the app leaves it as
/// render made it and hydrates only its islands (`routes::islands`).
#[component]
pub fn RoutePage(route: Route) -> impl IntoView {
    loaded(route)
}

/// A route's view once its data file is loaded.
fn loaded(route: Route) -> AnyView {
    let live_route = route.clone();
    let data = LocalResource::new(move || {
        let route = route.clone();
        async move {
            crate::browser::yield_during_takeover().await;
            let result = api::fetch_page(route.clone()).await;
            // A story that moved: its old URL is in redirects.json. Go to the
            // new one in place (the history entry is replaced, no page load).
            if let (Err(FetchError::NotFound), Route::Article(path)) = (&result, &route) {
                if let Some(new) = api::moved_to(&path.url()).await {
                    if let Some(href) = crate::links::href(&new) {
                        crate::navigation::navigate(&href, true);
                    }
                }
            }
            result
        }
    });
    provide_context(LiveRoute {
        route: live_route,
        refresh: Callback::new(move |()| data.refetch()),
    });
    view! {
        <Transition fallback=|| view! { <LoadingView /> }>
            {move || Suspend::new(async move {
                let result = data.await;
                result_view(result, move || data.refetch(), route_content)
            })}
        </Transition>
    }
    .into_any_unhydrated()
}

/// What a route shows once its data is here; pre-rendering uses it too. The
/// one dispatcher from page data to view: exhaustive, so a new page kind does
/// not compile until it has a view.
pub fn route_content(data: PageData) -> AnyView {
    // The front page and a section's first page offer news while open.
    let fresh = Seen::of(&data).map(|seen| view! { <FreshStories shown=Shown::Known(seen) /> });
    // "Most popular" prefers the page's own top-level section's list.
    let section = preferred_section(&data);
    let rail = move || PopularRail(PopularRailProps { section });
    match data {
        PageData::Front(front) => {
            view! { <FrontHead /> {fresh} <FrontView front=*front /> {rail()} }
                .into_any_unhydrated()
        }
        PageData::Section(page) => {
            view! { {fresh} <SectionView page /> {rail()} }.into_any_unhydrated()
        }
        PageData::Article(article) => {
            view! { <ArticleView article=*article /> {rail()} }.into_any_unhydrated()
        }
        PageData::Listing(page) => {
            view! { <ListingView page=*page /> {rail()} }.into_any_unhydrated()
        }
        PageData::Tags(index) => view! { <TagIndexView index /> }.into_any_unhydrated(),
        PageData::ArchiveIndex(index) => view! { <ArchiveIndexView index /> }.into_any_unhydrated(),
        PageData::Search => view! { <SearchPage /> }.into_any_unhydrated(),
        PageData::NotFound => view! { <NotFound /> }.into_any_unhydrated(),
    }
}

/// The front page's title (the site name alone) and description, from `site.json`.
#[component]
fn FrontHead() -> impl IntoView {
    let description = titles::front_description(&crate::site_context::site());
    view! {
        <Title text="" />
        <Description content=description />
    }
}
