use crate::components::title::Title;
use broadsheet_model::Text;
use leptos::prelude::*;

use crate::components::worded::around;
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
    let (words, slots) = around::<2>(site.text(Text::SearchNeedsJs));
    let link = |slot: &str| match slot {
        "tags_page" => ("/tags", site.text(Text::TagsPageLink).to_owned()),
        _ => ("/archive", site.text(Text::ArchiveLink).to_owned()),
    };
    let ((first_path, first), (second_path, second)) = (link(slots[0]), link(slots[1]));
    let mut words = words.into_iter();
    let mut next = move || words.next().flatten();
    let (w0, w1, w2) = (next(), next(), next());
    view! {
        <Title text=search.clone() />
        <section class="search-page" data-view="search">
            <h1 tabindex="-1">{search}</h1>
            <div class="search-root">
                <p class="search-loading">{site.text(Text::LoadingSearch).to_owned()}</p>
                <p class="search-unavailable">
                    {w0}<a href=links::href(first_path)>{first}</a>{w1}<a href=links::href(second_path)>{second}</a>{w2}
                </p>
            </div>
        </section>
    }
}
