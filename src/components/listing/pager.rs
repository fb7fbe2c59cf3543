use broadsheet_model::Text;
use leptos::prelude::*;

use crate::links;
use crate::site_context::site;

/// "Newer stories · Page 2 of 7 · Older stories" under a paginated list.
/// `link(n)` is page `n`'s site-relative URL.
#[component]
pub fn Pager(page: u32, total_pages: u32, link: impl Fn(u32) -> Option<String>) -> impl IntoView {
    let previous = (page > 1).then(|| link(page - 1)).flatten();
    let next = (page < total_pages).then(|| link(page + 1)).flatten();
    (total_pages > 1).then(|| {
        let site = site();
        let newer = site.text(Text::NewerStories).to_owned();
        let older = site.text(Text::OlderStories).to_owned();
        view! {
            <nav class="pager" aria-label=site.text(Text::Pages).to_owned()>
                {previous.map(|href| view! { <a rel="prev" href=links::href(&href)>{newer}</a> })}
                <span class="pager-status">{page_of(&site, page, total_pages)}</span>
                {next.map(|href| view! { <a rel="next" href=links::href(&href)>{older}</a> })}
            </nav>
        }
    })
}

/// "Page 2 of 7", in the site's words and numerals.
pub fn page_of(site: &broadsheet_model::Site, page: u32, total: u32) -> String {
    let page = site.digits(&page.to_string()).into_owned();
    let total = site.digits(&total.to_string()).into_owned();
    site.fill(Text::PageOf, &[("page", &page), ("total", &total)])
}
