use broadsheet_model::{SectionPage, SectionPath};
use leptos::prelude::*;

use crate::links;
use leptos_meta::{Meta, Title};

use crate::components::breadcrumb::Breadcrumb;
use crate::components::listing::pager::Pager;
use crate::components::teaser::teaser_list::TeaserList;
use crate::titles;

/// A section page: heading, subsections, one page of teasers and paging
/// links (none when the section fits on one page).
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
    let title = titles::section_title(&section.name, page);
    view! {
        <Title text=title />
        <Meta name="description" content=titles::section_description(&section.name) />
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
            <TeaserList teasers />
            <Pager page total_pages link=page_link />
        </div>
    }
}
