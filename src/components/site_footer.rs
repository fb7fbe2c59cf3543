use broadsheet_model::Site;
use leptos::prelude::*;

use crate::links;

/// The site's name and tagline from `site.json`, its feed, and the ways
/// into the whole archive (by month, by tag) from every page.
#[component]
pub fn SiteFooter(site: Signal<Option<Site>>) -> impl IntoView {
    let name = move || site.get().map(|s| s.name).unwrap_or_default();
    let tagline = move || {
        site.get()
            .map(|s| s.tagline)
            .filter(|t| !t.is_empty())
            .map(|t| format!(" · {t} · "))
            .unwrap_or_else(|| " · ".to_owned())
    };
    view! {
        <footer class="site-footer">
            <p>
                <a href=links::href("/")>{name}</a>
                {tagline}
                <a href=links::href("/feeds/all.xml")>"RSS feed"</a>
            </p>
            <nav class="footer-nav" aria-label="Browse the archive">
                <ul>
                    <li><a href=links::href("/archive")>"Archive"</a></li>
                    <li><a href=links::href("/tags")>"Tags"</a></li>
                    <li><a href=links::href("/search")>"Search"</a></li>
                </ul>
            </nav>
        </footer>
    }
}
