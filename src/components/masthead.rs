use broadsheet_model::Site;
use leptos::prelude::*;

use crate::links;

/// Site name, today's date and the primary section navigation, on every view.
/// `site` is `None` until `site.json` is known; `date` is empty in pre-rendered
/// pages (a static file cannot know today's date) and filled in by the app.
#[component]
pub fn Masthead(
    site: Signal<Option<Site>>,
    pathname: Signal<String>,
    date: Signal<String>,
) -> impl IntoView {
    let name = move || site.get().map(|s| s.name).unwrap_or_default();
    let sections = move || site.get().map(|s| s.sections).unwrap_or_default();
    let current = move |path: &str| section_current(&pathname.get(), path);
    view! {
        <header class="masthead">
            <div class="masthead-top">
                <p class="masthead-date">{date}</p>
                <a class="masthead-name" href=links::href("/")>{name}</a>
                // A plain GET form: it works before the app (and without it);
                // once the app runs, render's prelude makes it an in-app navigation.
                <form class="masthead-search" role="search" action=links::href("/search") method="get">
                    <input type="search" name="q" aria-label="Search the archive" placeholder="Search" />
                    <button type="submit">"Search"</button>
                </form>
            </div>
            <nav class="sections-nav" aria-label="Sections">
                <ul>
                    <li><a href=links::href("/") aria-current=move || (pathname.get() == "/").then_some("page")>"Home"</a></li>
                    <For each=sections key=|s| s.path.clone() let(section)>
                        {
                            let path = section.path.clone();
                            view! {
                                <li><a href=links::href(&format!("/{}", section.path)) aria-current=move || current(&path)>{section.name}</a></li>
                            }
                        }
                    </For>
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

/// Where to scroll a sideways-scrolling navigation so that an item (its
/// left edge and width, in the list's coordinates) is in view: `None` when
/// it is already wholly visible, else the item centred. prelude.js in
/// crates/render does the same before the app runs.
pub fn nav_scroll_to(item_left: i32, item_width: i32, scroll_left: i32, view: i32) -> Option<i32> {
    let visible = item_left >= scroll_left && item_left + item_width <= scroll_left + view;
    (!visible).then(|| (item_left - (view - item_width) / 2).max(0))
}

#[cfg(test)]
mod tests {
    use super::{nav_scroll_to, section_current};

    #[test]
    fn scrolls_the_current_section_into_view() {
        // In view: stay.
        assert_eq!(nav_scroll_to(100, 80, 0, 360), None);
        assert_eq!(nav_scroll_to(280, 80, 0, 360), None);
        // Cut at the right edge ("Politic"): centred.
        assert_eq!(nav_scroll_to(300, 80, 0, 360), Some(160));
        // Scrolled past: back, and never before the start.
        assert_eq!(nav_scroll_to(20, 80, 200, 360), Some(0));
        assert_eq!(nav_scroll_to(400, 80, 500, 360), Some(260));
    }

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
