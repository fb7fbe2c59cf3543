use leptos::prelude::*;
use leptos_meta::Title;

use crate::browser;
use crate::links;

/// `/search`: the place the search module fills in. The module (`src/search.rs`)
/// is its own WebAssembly file, loaded only when a reader comes here, so no
/// other page carries its code. Before it has started, the page says it is
/// loading; without JavaScript, or if it fails, where else to look.
#[component]
pub fn SearchPage() -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(root) = root.get() {
            browser::run_search(root.into());
        }
    });
    view! {
        <Title text="Search" />
        <section class="search-page" data-view="search">
            <h1 tabindex="-1">"Search"</h1>
            <div class="search-root" node_ref=root>
                <p class="search-loading">"Loading search…"</p>
                <p class="search-unavailable">
                    "Searching the archive needs JavaScript, and it is off or could not load. "
                    "Every story is also listed month by month in the "
                    <a href=links::href("/archive")>"archive"</a>", by subject on the "
                    <a href=links::href("/tags")>"tags page"</a>", and by section in the menu above."
                </p>
            </div>
        </section>
    }
}
