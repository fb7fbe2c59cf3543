use broadsheet_model::{SectionPage, SectionPath, Text};
use leptos::prelude::*;

use crate::components::{description::Description, title::Title};
use crate::links;

use crate::components::breadcrumb::Breadcrumb;
use crate::components::listing::pager::Pager;
use crate::components::teaser::teaser_list::TeaserList;
use crate::site_context::site;
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
    let site = site();
    let title = titles::section_title(&site, &section.name, page);
    view! {
        <Title text=title />
        <Description content=titles::section_description(&site, &section.name) />
        <div class="section-page" data-view="section">
            <Breadcrumb trail current=None />
            <h1 tabindex="-1">{section.name}</h1>
            {(!subsections.is_empty()).then(|| view! {
                <nav class="subsections" aria-label=site.text(Text::Subsections).to_owned()>
                    <ul>
                        {subsections.into_iter().map(|s| view! { <li><a href=links::href(&format!("/{}", s.path))>{s.name}</a></li> }).collect_view()}
                    </ul>
                </nav>
            })}
            // The teasers' headlines are h3s, as on the front page: this keeps
            // the outline h1 → h2 → h3 for screen readers' heading lists.
            <h2 class="visually-hidden">{site.text(Text::Stories).to_owned()}</h2>
            <TeaserList teasers />
            <Pager page total_pages link=page_link />
        </div>
    }
}
