use crate::components::title::Title;
use broadsheet_model::Text;
use leptos::prelude::*;

use crate::components::worded::worded;
use crate::links;
use crate::site_context::site;

/// `/search`: the placeholder the search module fills in (the app's route
/// starts it with `browser::run_search`). The module (`src/search.rs`) is its
/// own WebAssembly file, loaded only when a reader comes here, so no other
/// page carries its code. Until it has started the page says it is loading;
/// without JavaScript, or if it fails, where else to look.
#[component]
pub fn SearchPage() -> impl IntoView {
    let site = site();
    let search = site.text(Text::Search).to_owned();
    let unavailable = worded(site.text(Text::SearchNeedsJs), |slot| match slot {
        "archive" => {
            view! { <a href=links::href("/archive")>{site.text(Text::ArchiveLink).to_owned()}</a> }
                .into_any()
        }
        _ => view! { <a href=links::href("/tags")>{site.text(Text::TagsPageLink).to_owned()}</a> }
            .into_any(),
    });
    view! {
        <Title text=search.clone() />
        <section class="search-page" data-view="search">
            <h1 tabindex="-1">{search}</h1>
            <div class="search-root">
                <p class="search-loading">{site.text(Text::LoadingSearch).to_owned()}</p>
                <p class="search-unavailable">{unavailable}</p>
            </div>
        </section>
    }
}
