use crate::components::{description::Description, title::Title};
use broadsheet_model::{Author, ListingPage, Site, Subject, Text};
use leptos::prelude::*;
use leptos::tachys::view::any_view::IntoAnyUnhydrated;

use crate::components::picture::{Picture, Slot};

use crate::components::article::inline_content::inline_content;
use crate::components::breadcrumb::Breadcrumb;
use crate::components::listing::pager::Pager;
use crate::components::teaser::teaser_list::TeaserList;
use crate::links;
use crate::site_context::site;
use crate::titles;

/// A writer's, a tag's or a period's stories: who or what it is, then one
/// page of teasers, newest first, and paging links.
#[component]
pub fn ListingView(page: ListingPage) -> impl IntoView {
    let ListingPage {
        subject,
        page,
        total_pages,
        total_articles,
        teasers,
        ..
    } = page;
    let site = site();
    let title = titles::listing_title(&site, &subject, page);
    let description = titles::listing_description(&site, &subject);
    let links_subject = subject.clone();
    let link = move |n: u32| titles::listing_route(&links_subject, n).and_then(|r| r.url());
    let (kind, header) = match subject {
        Subject::Author { author } => (
            "author",
            view! { <AuthorProfile author /> }.into_any_unhydrated(),
        ),
        Subject::Tag { tag } => (
            "tag",
            view! {
                <Breadcrumb trail=Vec::new() current=Some(tag.name.clone()) />
                <p class="kicker">{site.text(Text::TagKicker).to_owned()}</p>
                <h1 tabindex="-1">{tag.name}</h1>
            }
            .into_any_unhydrated(),
        ),
        Subject::Archive {
            trail,
            months,
            year,
            ..
        } => view_archive_header(&site, trail, months, title.clone(), year),
        Subject::Unknown => (
            "listing",
            view! { <h1 tabindex="-1">{title.clone()}</h1> }.into_any_unhydrated(),
        ),
    };
    let count = titles::story_count(&site, total_articles);
    view! {
        <Title text=title />
        <Description content=description />
        <div class="listing-page" data-view=kind>
            {header}
            <p class="listing-count">{count}</p>
            // The teasers' headlines are h3s, as on the front page: this keeps
            // the outline h1 → h2 → h3 for screen readers' heading lists.
            <h2 class="visually-hidden">{site.text(Text::Stories).to_owned()}</h2>
            <TeaserList teasers />
            <Pager page total_pages link />
        </div>
    }
}

fn view_archive_header(
    site: &Site,
    trail: Vec<broadsheet_model::SectionRef>,
    months: Vec<broadsheet_model::ArchiveMonth>,
    title: String,
    year: u16,
) -> (&'static str, AnyView) {
    let year = site.digits(&year.to_string()).into_owned();
    let months_of = site.fill(Text::MonthsOf, &[("year", &year)]);
    let section_path = trail.last().map(|s| s.path.clone());
    (
        "archive",
        view! {
            <Breadcrumb trail current=Some(title.clone()) />
            <p class="kicker">{site.text(Text::ArchiveKicker).to_owned()}</p>
            <h1 tabindex="-1">{title}</h1>
            {(!months.is_empty()).then(|| view! {
                <nav class="archive-months" aria-label=months_of>
                    <ul>
                        {months.into_iter().map(|m| {
                            let url = titles::archive_url(section_path.as_deref(), m.year, Some(m.month));
                            view! {
                                <li><a href=links::href(&url)>{titles::month_name(site, m.month)}</a>" "<span class="count">{site.digits(&format!("({})", m.count)).into_owned()}</span></li>
                            }
                        }).collect_view()}
                    </ul>
                </nav>
            })}
        }
        .into_any_unhydrated(),
    )
}

/// A writer's profile: photo, name, role, bio and links.
#[component]
fn AuthorProfile(author: Author) -> impl IntoView {
    let Author {
        name,
        role,
        bio,
        photo,
        links: profile_links,
        ..
    } = author;
    view! {
        <Breadcrumb trail=Vec::new() current=Some(name.clone()) />
        <header class="author-profile">
            {photo.map(|image| view! {
                <Picture image place=Slot::Portrait class_name="author-photo" eager=true />
            })}
            <div>
                <h1 tabindex="-1">{name}</h1>
                {(!role.is_empty()).then(|| view! { <p class="author-role">{role}</p> })}
                {(!bio.is_empty()).then(|| view! { <p class="author-bio">{inline_content(bio)}</p> })}
                {(!profile_links.is_empty()).then(|| view! {
                    <ul class="author-links">
                        {profile_links.into_iter().map(|link| view! {
                            <li><a href=links::href(&link.url) rel="me">{link.label}</a></li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
        </header>
    }
}
