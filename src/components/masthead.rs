use broadsheet_model::Text;
use leptos::prelude::*;

use crate::links;
use crate::site_context::text;

/// Site name, today's date and the primary section navigation, on every view.
/// The site from context (`site_context::site`); `date` is empty in pre-rendered
/// pages (a static file cannot know today's date) and filled in by the app.
#[component]
pub fn Masthead(pathname: Signal<String>, date: Signal<String>) -> impl IntoView {
    let site = crate::site_context::site();
    let name = site.name.clone();
    let sections = site.sections.clone();
    let current = move |path: &str| section_current(&pathname.get(), path);
    view! {
        <header class="masthead">
            <div class="masthead-top">
                <p class="masthead-date">{date}</p>
                <a class="masthead-name" href=links::href("/")>{name}</a>
                // A plain GET form: it works before the app (and without it);
                // once the app runs, render's prelude makes it an in-app navigation.
                <form class="masthead-search" role="search" action=links::href("/search") method="get">
                    <input type="search" name="q" aria-label=text(Text::SearchTheArchive) placeholder=text(Text::Search) />
                    <button type="submit">{text(Text::Search)}</button>
                </form>
            </div>
            <nav class="sections-nav" aria-label=text(Text::Sections)>
                <ul>
                    <li><a href=links::href("/") aria-current=move || (pathname.get() == "/").then_some("page")>{text(Text::Home)}</a></li>
                    {sections.into_iter().map(|section| {
                        let path = section.path.clone();
                        view! {
                            <li><a href=links::href(&format!("/{}", section.path)) aria-current=move || current(&path)>{section.name}</a></li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
        </header>
    }
}

/// `aria-current` for a section link: "page" on the section's own page,
/// "true" anywhere inside it, nothing elsewhere.
pub fn section_current(pathname: &str, section_path: &str) -> Option<&'static str> {
    let own = format!("/{section_path}");
    if pathname.trim_end_matches('/') == own {
        Some("page")
    } else if pathname.starts_with(&format!("{own}/")) {
        Some("true")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::section_current;

    #[test]
    fn current_section() {
        assert_eq!(section_current("/world", "world"), Some("page"));
        assert_eq!(section_current("/world/", "world"), Some("page"));
        assert_eq!(
            section_current("/world/asia/2024/05/30/x", "world"),
            Some("true")
        );
        assert_eq!(section_current("/worldwide", "world"), None);
        assert_eq!(section_current("/", "world"), None);
    }
}
