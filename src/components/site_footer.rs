use broadsheet_model::Text;
use leptos::prelude::*;

use crate::links;
use crate::site_context::text;

/// The site's name and tagline from `site.json`, its feed, and the ways
/// into the whole archive (by month, by tag) from every page.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let site = crate::site_context::site();
    let name = site.name.clone();
    let tagline = if site.tagline.is_empty() {
        " · ".to_owned()
    } else {
        format!(" · {} · ", site.tagline)
    };
    view! {
        <footer class="site-footer">
            <p>
                <a href=links::href("/")>{name}</a>
                {tagline}
                <a href=links::href("/feeds/all.xml")>{text(Text::RssFeed)}</a>
            </p>
            <nav class="footer-nav" aria-label=text(Text::BrowseTheArchive)>
                <ul>
                    <li><a href=links::href("/archive")>{text(Text::Archive)}</a></li>
                    <li><a href=links::href("/tags")>{text(Text::Tags)}</a></li>
                    <li><a href=links::href("/search")>{text(Text::Search)}</a></li>
                </ul>
            </nav>
        </footer>
    }
}
