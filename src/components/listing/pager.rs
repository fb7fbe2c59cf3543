use leptos::prelude::*;

use crate::links;

/// "Newer stories · Page 2 of 7 · Older stories" under a paginated list.
/// `link(n)` is page `n`'s site-relative URL.
#[component]
pub fn Pager(page: u32, total_pages: u32, link: impl Fn(u32) -> Option<String>) -> impl IntoView {
    let previous = (page > 1).then(|| link(page - 1)).flatten();
    let next = (page < total_pages).then(|| link(page + 1)).flatten();
    (total_pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pages">
                {previous.map(|href| view! { <a rel="prev" href=links::href(&href)>"Newer stories"</a> })}
                <span class="pager-status">{format!("Page {page} of {total_pages}")}</span>
                {next.map(|href| view! { <a rel="next" href=links::href(&href)>"Older stories"</a> })}
            </nav>
        }
    })
}
