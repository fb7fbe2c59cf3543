use broadsheet_model::{Site, Text};
use leptos::prelude::*;

use crate::links;
use crate::site_context::text;

/// The site's name and tagline from `site.json`, its feed, and the ways
/// into the whole archive (by month, by tag) from every page.
#[component]
pub fn SiteFooter(site: Signal<Option<Site>>) -> impl IntoView {
    let name = move || site.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    let tagline = move || {
        site.with(|s| s.as_ref().map(|s| s.tagline.clone()))
            .filter(|t| !t.is_empty())
            .map(|t| format!(" · {t} · "))
            .unwrap_or_else(|| " · ".to_owned())
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
