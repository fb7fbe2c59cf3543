use broadsheet_model::{PageData, Popular, PopularSource, Subject, Teaser, Text};
use leptos::prelude::*;

use crate::links;

/// Fewest and most entries the box shows.
pub const MIN_ENTRIES: usize = 5;
pub const MAX_ENTRIES: usize = 10;
/// Counts older than this are stale: the box hides rather than mislead.
pub const MAX_AGE_HOURS: f64 = 72.0;

/// What the box shows: a heading and the ranked stories.
#[derive(Debug, Clone, PartialEq)]
pub struct PopularList {
    pub heading: Text,
    pub teasers: Vec<Teaser>,
}

/// The section whose list the box prefers on a page of `data`: the
/// top-level section of an article, a section or a section's archive.
/// `None`: the whole site's list. `route_content` asks this; the
/// pre-rendered page's island reads it back from the box's `data-section`
/// (`routes::islands`), so that start-up decodes no data.
pub fn preferred_section(data: &PageData) -> Option<String> {
    match data {
        PageData::Section(page) => Some(page.section.top_level().to_owned()),
        PageData::Article(article) => Some(article.section.top_level().to_owned()),
        PageData::Listing(page) => match &page.subject {
            Subject::Archive {
                section: Some(section),
                ..
            } => Some(section.top_level().to_owned()),
            Subject::Archive { section: None, .. }
            | Subject::Author { .. }
            | Subject::Tag { .. }
            | Subject::Unknown => None,
        },
        PageData::Front(_)
        | PageData::Tags(_)
        | PageData::ArchiveIndex(_)
        | PageData::Search
        | PageData::NotFound => None,
    }
}

/// Chooses the list for a page: its top-level section's when that has enough
/// entries, else the overall list. `None` hides the box: too few entries, or
/// counts older than [`MAX_AGE_HOURS`]. The fallback (newest stories, for a
/// site without logs) is labelled as what it is.
pub fn choose_list(
    popular: &Popular,
    section: Option<&str>,
    generated_ms: Option<f64>,
    now_ms: f64,
) -> Option<PopularList> {
    let heading = match popular.source {
        PopularSource::Logs | PopularSource::Counts => {
            let age_hours = (now_ms - generated_ms?) / 3_600_000.0;
            if age_hours > MAX_AGE_HOURS {
                return None;
            }
            Text::MostPopular
        }
        PopularSource::Latest => Text::LatestStories,
        PopularSource::Unknown => return None,
    };
    let in_section =
        section.and_then(|top| popular.sections.iter().find(|s| s.section.path == top));
    let entries = match in_section {
        Some(s) if s.entries.len() >= MIN_ENTRIES => &s.entries,
        _ => &popular.overall,
    };
    (entries.len() >= MIN_ENTRIES).then(|| PopularList {
        heading,
        teasers: entries
            .iter()
            .take(MAX_ENTRIES)
            .map(|e| e.teaser.clone())
            .collect(),
    })
}

/// Ranked headlines with section kickers, as a region labelled by its heading.
#[component]
pub fn MostPopular(list: PopularList) -> impl IntoView {
    view! {
        <section class="popular" aria-labelledby="popular-heading" data-widget="popular">
            <h2 id="popular-heading">{crate::site_context::text(list.heading)}</h2>
            <ol>
                {list.teasers.into_iter().map(|teaser| view! {
                    <li>
                        <div>
                            <p class="kicker">{teaser.section.name}</p>
                            <a href=links::href(&teaser.url)>{teaser.headline}</a>
                        </div>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use broadsheet_model::{PopularEntry, PopularSection, SectionRef};

    use super::*;

    fn teaser(n: usize, section: &str) -> Teaser {
        Teaser {
            url: format!("/{section}/2026/11/01/story-{n}"),
            headline: format!("Story {n}"),
            standfirst: String::new(),
            section: SectionRef {
                path: section.into(),
                name: section.into(),
            },
            published: "2026-11-01T00:00:00Z".into(),
            updated: None,
            thumbnail: None,
        }
    }

    fn popular(source: PopularSource, overall: usize, world: usize) -> Popular {
        let entry = |t| PopularEntry {
            teaser: t,
            readers: 1,
            score: 1.0,
        };
        Popular {
            schema_version: 1,
            generated_at: "2026-11-27T00:00:00Z".into(),
            source,
            window: None,
            half_life_hours: None,
            overall: (0..overall).map(|n| entry(teaser(n, "sport"))).collect(),
            sections: vec![PopularSection {
                section: SectionRef {
                    path: "world".into(),
                    name: "World".into(),
                },
                entries: (0..world).map(|n| entry(teaser(n, "world"))).collect(),
            }],
        }
    }

    const HOUR: f64 = 3_600_000.0;

    #[test]
    fn picks_the_section_list_when_it_is_long_enough() {
        let list = choose_list(
            &popular(PopularSource::Logs, 12, 6),
            Some("world"),
            Some(0.0),
            HOUR,
        )
        .unwrap();
        assert_eq!(list.heading, Text::MostPopular);
        assert_eq!(list.teasers.len(), 6);
        assert!(list.teasers[0].url.starts_with("/world/"));
        let short = choose_list(
            &popular(PopularSource::Logs, 12, 3),
            Some("world"),
            Some(0.0),
            HOUR,
        )
        .unwrap();
        assert_eq!(
            short.teasers.len(),
            MAX_ENTRIES,
            "too short: the overall list, capped at 10"
        );
    }

    #[test]
    fn hides_when_stale_thin_or_unknown() {
        assert_eq!(
            choose_list(
                &popular(PopularSource::Logs, 12, 0),
                None,
                Some(0.0),
                73.0 * HOUR
            ),
            None
        );
        assert_eq!(
            choose_list(&popular(PopularSource::Logs, 12, 0), None, None, HOUR),
            None
        );
        assert_eq!(
            choose_list(&popular(PopularSource::Logs, 4, 0), None, Some(0.0), HOUR),
            None
        );
        assert_eq!(
            choose_list(
                &popular(PopularSource::Unknown, 12, 0),
                None,
                Some(0.0),
                HOUR
            ),
            None
        );
    }

    #[test]
    fn the_fallback_says_what_it_is_and_never_goes_stale() {
        let list = choose_list(
            &popular(PopularSource::Latest, 12, 0),
            None,
            Some(0.0),
            1000.0 * HOUR,
        )
        .unwrap();
        assert_eq!(list.heading, Text::LatestStories);
    }

    #[test]
    fn prefers_the_top_level_section_of_the_page() {
        use broadsheet_model::Route;
        let article = r#"{"schema_version":1,"url":"/world/asia/2026/11/01/a","headline":"A",
            "section":{"path":"world/asia","name":"Asia"},"published":"2026-11-01T00:00:00Z","body":[]}"#;
        let section = r#"{"schema_version":1,"section":{"path":"world/asia","name":"Asia"},
            "page":1,"total_pages":1,"total_articles":0,"teasers":[]}"#;
        let archive = |section: &str| {
            format!(
                r#"{{"schema_version":1,"subject":{{"kind":"archive",{section}"year":2026}},
                "page":1,"total_pages":1,"total_articles":0,"teasers":[]}}"#
            )
        };
        let tag = r#"{"schema_version":1,"subject":{"kind":"tag","tag":{"slug":"ferries","name":"Ferries"}},
            "page":1,"total_pages":1,"total_articles":0,"teasers":[]}"#;
        let world_archive = archive(r#""section":{"path":"world/asia","name":"Asia"},"trail":[],"#);
        let site_archive = archive("");
        let cases: [(&str, &str, Option<&str>); 5] = [
            ("/world/asia/2026/11/01/a", article, Some("world")),
            ("/world/asia", section, Some("world")),
            ("/world/asia/2026", &world_archive, Some("world")),
            ("/archive/2026", &site_archive, None),
            ("/tags/ferries", tag, None),
        ];
        for (path, json, expected) in cases {
            let route = Route::parse(path);
            let data = PageData::decode(&route, json).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(preferred_section(&data).as_deref(), expected, "{path}");
        }
    }
}
