use broadsheet_model::{SectionPage, SectionPath};
use leptos::prelude::*;

use crate::components::{description::Description, title::Title};
use crate::links;

use crate::components::breadcrumb::Breadcrumb;
use crate::components::teaser::teaser_list::TeaserList;
use crate::titles;

/// A section page: heading, subsections, one page of teasers and paging links.
#[component]
pub fn SectionView(page: SectionPage) -> impl IntoView {
    let SectionPage {
        section,
        trail,
        subsections,
        page,
        total_pages,
        teasers,
        ..
    } = page;
    let path = SectionPath::parse(&section.path);
    let page_link = move |n: u32| path.as_ref().map(|p| p.url(n));
    let previous = (page > 1).then(|| page_link(page - 1)).flatten();
    let next = (page < total_pages).then(|| page_link(page + 1)).flatten();
    let title = titles::section_title(&section.name, page);
    view! {
        <Title text=title />
        <Description content=titles::section_description(&section.name) />
        <div class="section-page" data-view="section">
            <Breadcrumb trail current=None />
            <h1 tabindex="-1">{section.name}</h1>
            {(!subsections.is_empty()).then(|| view! {
                <nav class="subsections" aria-label="Subsections">
                    <ul>
                        {subsections.into_iter().map(|s| view! { <li><a href=links::href(&format!("/{}", s.path))>{s.name}</a></li> }).collect_view()}
                    </ul>
                </nav>
            })}
            // The teasers' headlines are h3s, as on the front page: this keeps
            // the outline h1 → h2 → h3 for screen readers' heading lists.
            <h2 class="visually-hidden">"Stories"</h2>
            <TeaserList teasers />
            <nav class="pager" aria-label="Pages">
                {previous.map(|href| view! { <a rel="prev" href=links::href(&href)>"Newer stories"</a> })}
                <span class="pager-status">{format!("Page {page} of {total_pages}")}</span>
                {next.map(|href| view! { <a rel="next" href=links::href(&href)>"Older stories"</a> })}
            </nav>
        </div>
    }
}
