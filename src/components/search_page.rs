use crate::components::title::Title;
use leptos::prelude::*;

use crate::links;

/// `/search`: the placeholder the search module fills in (the app's route
/// starts it with `browser::run_search`). The module (`src/search.rs`) is its
/// own WebAssembly file, loaded only when a reader comes here, so no other
/// page carries its code. Until it has started the page says it is loading;
/// without JavaScript, or if it fails, where else to look.
#[component]
pub fn SearchPage() -> impl IntoView {
    view! {
        <Title text="Search" />
        <section class="search-page" data-view="search">
            <h1 tabindex="-1">"Search"</h1>
            <div class="search-root">
                <p class="search-loading">"Loading search…"</p>
                <p class="search-unavailable">
                    "Search needs JavaScript, which is off or could not load. Every story is also in the "
                    <a href=links::href("/archive")>"archive"</a>", month by month, and on the "
                    <a href=links::href("/tags")>"tags page"</a>", by subject."
                </p>
            </div>
        </section>
    }
}
