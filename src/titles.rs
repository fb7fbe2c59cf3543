//! Page titles and meta descriptions. The app sets them (`components::title`,
//! `components::description`);
//! the pre-rendered pages (crates/render) write the same strings into `<head>`.
//! The site's name and description come from `site.json`, never from constants.

use broadsheet_model::{Route, SectionPath, Site, Subject};

/// The not-found view's title.
pub const NOT_FOUND_TITLE: &str = "Page not found";

/// The document title for a view title: "Asia | Gazette", or the site name
/// alone for the front page (empty view title).
pub fn document_title(site_name: &str, title: &str) -> String {
    match (title.is_empty(), site_name.is_empty()) {
        (true, _) => site_name.to_owned(),
        (false, true) => title.to_owned(),
        (false, false) => format!("{title} | {site_name}"),
    }
}

/// The front page's meta description: `description` from `site.toml`, else
/// the tagline, else a sentence with the site's name.
pub fn front_description(site: &Site) -> String {
    if !site.description.is_empty() {
        site.description.clone()
    } else if !site.tagline.is_empty() {
        site.tagline.clone()
    } else {
        format!("The latest news from {}.", site.name)
    }
}

/// "Asia", or "Asia (page 2)" past the first page.
pub fn section_title(name: &str, page: u32) -> String {
    if page > 1 {
        format!("{name} (page {page})")
    } else {
        name.to_owned()
    }
}

/// A section page's meta description.
pub fn section_description(name: &str) -> String {
    format!("The latest {name} news.")
}

/// "November" for 11; empty for a month that does not exist.
pub fn month_name(month: u8) -> &'static str {
    crate::format::MONTHS
        .get(usize::from(month).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}

/// "November 2026", or "2026" for a whole year.
pub fn archive_period(year: u16, month: Option<u8>) -> String {
    match month {
        Some(month) => format!("{} {year}", month_name(month)),
        None => year.to_string(),
    }
}

/// `/archive/2026/11`, or `/world/asia/2026/11` for a section's archive.
pub fn archive_url(section: Option<&str>, year: u16, month: Option<u8>) -> String {
    let route = Route::Archive {
        section: section.and_then(SectionPath::parse),
        year,
        month,
        page: 1,
    };
    route.url().unwrap_or_default()
}

/// "1 story", "12 stories".
pub fn story_count(count: u32) -> String {
    if count == 1 {
        "1 story".to_owned()
    } else {
        format!("{count} stories")
    }
}

/// A listing's title: the writer's name, the tag, or the period ("Asia:
/// November 2026"), with "(page n)" past the first page.
pub fn listing_title(subject: &Subject, page: u32) -> String {
    let title = match subject {
        Subject::Author { author } => author.name.clone(),
        Subject::Tag { tag } => tag.name.clone(),
        Subject::Archive {
            section,
            year,
            month,
            ..
        } => match section {
            Some(section) => format!("{}: {}", section.name, archive_period(*year, *month)),
            None => archive_period(*year, *month),
        },
        Subject::Unknown => "Stories".to_owned(),
    };
    section_title(&title, page)
}

/// A listing's meta description.
pub fn listing_description(subject: &Subject) -> String {
    match subject {
        Subject::Author { author } if !author.role.is_empty() => {
            format!("Stories by {}, {}.", author.name, author.role)
        }
        Subject::Author { author } => format!("Stories by {}.", author.name),
        Subject::Tag { tag } => format!("Stories about {}.", tag.name),
        Subject::Archive {
            section,
            year,
            month,
            ..
        } => match section {
            Some(section) => format!(
                "{} stories from {}.",
                section.name,
                archive_period(*year, *month)
            ),
            None => format!("Stories from {}.", archive_period(*year, *month)),
        },
        Subject::Unknown => String::new(),
    }
}

/// The route of page `page` of the listing of `subject`.
pub fn listing_route(subject: &Subject, page: u32) -> Option<Route> {
    match subject {
        Subject::Author { author } => Some(Route::Author {
            slug: author.slug.clone(),
            page,
        }),
        Subject::Tag { tag } => Some(Route::Tag {
            slug: tag.slug.clone(),
            page,
        }),
        Subject::Archive {
            section,
            year,
            month,
            ..
        } => Some(Route::Archive {
            section: match section {
                Some(section) => Some(SectionPath::parse(&section.path)?),
                None => None,
            },
            year: *year,
            month: *month,
            page,
        }),
        Subject::Unknown => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_titles_and_links() {
        let archive = Subject::Archive {
            section: Some(broadsheet_model::SectionRef {
                path: "world/asia".into(),
                name: "Asia".into(),
            }),
            trail: Vec::new(),
            year: 2026,
            month: Some(11),
            months: Vec::new(),
        };
        assert_eq!(listing_title(&archive, 1), "Asia: November 2026");
        assert_eq!(listing_title(&archive, 2), "Asia: November 2026 (page 2)");
        assert_eq!(
            listing_route(&archive, 2).and_then(|r| r.url()).as_deref(),
            Some("/world/asia/2026/11/page/2")
        );
        assert_eq!(archive_url(None, 2026, None), "/archive/2026");
        assert_eq!(month_name(0), "");
        assert_eq!(month_name(12), "December");
        assert_eq!(story_count(1), "1 story");
        assert_eq!(story_count(3), "3 stories");
    }

    #[test]
    fn titles() {
        assert_eq!(document_title("Gazette", ""), "Gazette");
        assert_eq!(document_title("Gazette", "Asia"), "Asia | Gazette");
        assert_eq!(document_title("", "Asia"), "Asia");
        assert_eq!(section_title("Asia", 1), "Asia");
        assert_eq!(section_title("Asia", 3), "Asia (page 3)");
        assert_eq!(section_description("Asia"), "The latest Asia news.");
    }

    #[test]
    fn front_descriptions() {
        let mut site = Site {
            schema_version: 1,
            name: "Gazette".into(),
            tagline: String::new(),
            description: String::new(),
            language: "en".into(),
            base_url: "https://example.org".into(),
            sections: Vec::new(),
        };
        assert_eq!(front_description(&site), "The latest news from Gazette.");
        site.tagline = "News by the river".into();
        assert_eq!(front_description(&site), "News by the river");
        site.description = "All the news".into();
        assert_eq!(front_description(&site), "All the news");
    }
}
