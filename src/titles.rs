//! Page titles and meta descriptions. The app sets them (`components::title`,
//! `components::description`);
//! the pre-rendered pages (crates/render) write the same strings into `<head>`.
//! The site's name and description come from `site.json`, never from constants.

use broadsheet_model::{Route, SectionPath, Site, Subject, Text};

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
        site.fill(Text::SiteDescription, &[("name", &site.name)])
    }
}

/// "Asia", or "Asia (page 2)" past the first page.
pub fn section_title(site: &Site, name: &str, page: u32) -> String {
    if page > 1 {
        let page = site.digits(&page.to_string()).into_owned();
        site.fill(Text::TitlePage, &[("title", name), ("page", &page)])
    } else {
        name.to_owned()
    }
}

/// A section page's meta description.
pub fn section_description(site: &Site, name: &str) -> String {
    site.fill(Text::SectionDescription, &[("section", name)])
}

/// "November" for 11; empty for a month that does not exist.
pub fn month_name(site: &Site, month: u8) -> String {
    Text::month(u32::from(month)).map_or_else(String::new, |m| site.text(m).to_owned())
}

/// "November 2026", or "2026" for a whole year.
pub fn archive_period(site: &Site, year: u16, month: Option<u8>) -> String {
    let text = match month {
        Some(month) => site.fill(
            Text::MonthYear,
            &[
                ("month", &month_name(site, month)),
                ("year", &year.to_string()),
            ],
        ),
        None => year.to_string(),
    };
    site.digits(&text).into_owned()
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
pub fn story_count(site: &Site, count: u32) -> String {
    site.count(Text::StoryCount, u64::from(count), &[])
}

/// A listing's title: the writer's name, the tag, or the period ("Asia:
/// November 2026"), with "(page n)" past the first page.
pub fn listing_title(site: &Site, subject: &Subject, page: u32) -> String {
    let title = match subject {
        Subject::Author { author } => author.name.clone(),
        Subject::Tag { tag } => tag.name.clone(),
        Subject::Archive {
            section,
            year,
            month,
            ..
        } => match section {
            Some(section) => site.fill(
                Text::SectionPeriod,
                &[
                    ("section", &section.name),
                    ("period", &archive_period(site, *year, *month)),
                ],
            ),
            None => archive_period(site, *year, *month),
        },
        Subject::Unknown => site.text(Text::Stories).to_owned(),
    };
    section_title(site, &title, page)
}

/// A listing's meta description.
pub fn listing_description(site: &Site, subject: &Subject) -> String {
    match subject {
        Subject::Author { author } if !author.role.is_empty() => site.fill(
            Text::StoriesByRole,
            &[("name", &author.name), ("role", &author.role)],
        ),
        Subject::Author { author } => site.fill(Text::StoriesBy, &[("name", &author.name)]),
        Subject::Tag { tag } => site.fill(Text::StoriesAbout, &[("tag", &tag.name)]),
        Subject::Archive {
            section,
            year,
            month,
            ..
        } => {
            let period = archive_period(site, *year, *month);
            match section {
                Some(section) => site.fill(
                    Text::SectionStoriesFrom,
                    &[("section", &section.name), ("period", &period)],
                ),
                None => site.fill(Text::StoriesFrom, &[("period", &period)]),
            }
        }
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
        let site = crate::test_sites::english();
        assert_eq!(listing_title(&site, &archive, 1), "Asia: November 2026");
        assert_eq!(
            listing_title(&site, &archive, 2),
            "Asia: November 2026 (page 2)"
        );
        assert_eq!(
            listing_description(&site, &archive),
            "Asia stories from November 2026."
        );
        let german = crate::test_sites::site("de");
        assert_eq!(
            listing_title(&german, &archive, 2),
            "Asia: November 2026 (Seite 2)"
        );
        let mut arabic = crate::test_sites::site("ar");
        arabic.numerals = broadsheet_model::Numerals::Arab;
        assert!(listing_title(&arabic, &archive, 3).contains('٣'));
        assert!(!listing_title(&arabic, &archive, 3).contains('3'));
        assert_eq!(
            listing_route(&archive, 2).and_then(|r| r.url()).as_deref(),
            Some("/world/asia/2026/11/page/2")
        );
        assert_eq!(archive_url(None, 2026, None), "/archive/2026");
        assert_eq!(month_name(&site, 0), "");
        assert_eq!(month_name(&site, 12), "December");
        assert_eq!(story_count(&site, 1), "1 story");
        assert_eq!(story_count(&site, 3), "3 stories");
        let japanese = crate::test_sites::site("ja");
        assert_eq!(month_name(&japanese, 12), "12月");
        assert_eq!(archive_period(&japanese, 2026, Some(12)), "2026年12月");
    }

    #[test]
    fn titles() {
        assert_eq!(document_title("Gazette", ""), "Gazette");
        assert_eq!(document_title("Gazette", "Asia"), "Asia | Gazette");
        assert_eq!(document_title("", "Asia"), "Asia");
        let site = crate::test_sites::english();
        assert_eq!(section_title(&site, "Asia", 1), "Asia");
        assert_eq!(section_title(&site, "Asia", 3), "Asia (page 3)");
        assert_eq!(section_description(&site, "Asia"), "The latest Asia news.");
    }

    #[test]
    fn front_descriptions() {
        let mut site = crate::test_sites::english();
        assert_eq!(front_description(&site), "The latest news from Gazette.");
        site.tagline = "News by the river".into();
        assert_eq!(front_description(&site), "News by the river");
        site.description = "All the news".into();
        assert_eq!(front_description(&site), "All the news");
    }
}
