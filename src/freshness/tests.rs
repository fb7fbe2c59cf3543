use broadsheet_model::{
    Breaking, BreakingStory, FrontPage, PageData, Rail, SectionPage, SectionRef, Teaser,
};

use super::{breaking_now, Seen};
use crate::format::epoch_minutes;

fn teaser(slug: &str, published: &str) -> Teaser {
    Teaser {
        url: format!("/world/2026/12/02/{slug}"),
        headline: slug.replace('-', " "),
        standfirst: String::new(),
        section: SectionRef {
            path: "world".into(),
            name: "World".into(),
        },
        published: published.into(),
        updated: None,
        thumbnail: None,
    }
}

/// A front page: its teasers as (slug, published), the first the lead.
fn front(stories: &[(&str, &str)]) -> PageData {
    let mut teasers = stories.iter().map(|(slug, time)| teaser(slug, time));
    let lead = teasers.next();
    let top: Vec<Teaser> = teasers.by_ref().take(2).collect();
    let rail: Vec<Teaser> = teasers.collect();
    PageData::Front(Box::new(FrontPage {
        schema_version: 1,
        lead: lead.clone(),
        top,
        rails: vec![Rail {
            section: SectionRef {
                path: "world".into(),
                name: "World".into(),
            },
            teasers: rail,
        }],
        latest: lead.into_iter().collect(),
    }))
}

fn section(page: u32, stories: &[(&str, &str)]) -> PageData {
    PageData::Section(SectionPage {
        schema_version: 1,
        section: SectionRef {
            path: "world".into(),
            name: "World".into(),
        },
        trail: Vec::new(),
        subsections: Vec::new(),
        page,
        total_pages: 3,
        total_articles: 60,
        teasers: stories
            .iter()
            .map(|(slug, time)| teaser(slug, time))
            .collect(),
    })
}

const SHOWN: &[(&str, &str)] = &[
    ("lead", "2026-12-02T10:00:00Z"),
    ("second", "2026-12-02T09:00:00+00:00"),
    ("third", "2026-12-02T09:30:00+01:00"),
    ("fourth", "2026-12-01T20:00:00Z"),
];

#[test]
fn news_is_what_the_reader_was_not_shown_and_is_not_older_than_what_was() {
    // (what the newer copy shows, how many stories are news)
    let cases: &[(&[(&str, &str)], usize)] = &[
        // The same page, or the same stories in another order: nothing new.
        (SHOWN, 0),
        (&[SHOWN[1], SHOWN[0], SHOWN[3], SHOWN[2]], 0),
        // Two stories published since, pushing two off the page.
        (
            &[
                ("breaking", "2026-12-02T11:00:00Z"),
                ("update", "2026-12-02T12:05:00+01:00"),
                SHOWN[0],
                SHOWN[1],
            ],
            2,
        ),
        // A story taken down: an older one moves up into its place. Not news.
        (
            &[
                SHOWN[0],
                SHOWN[1],
                SHOWN[3],
                ("older", "2026-11-30T08:00:00Z"),
            ],
            0,
        ),
        // A story published in another zone at the same instant as the
        // oldest shown counts; one a minute before it does not.
        (
            &[
                SHOWN[0],
                ("same-instant", "2026-12-01T21:00:00+01:00"),
                ("a-minute-before", "2026-12-01T20:59:00+01:00"),
                SHOWN[1],
            ],
            1,
        ),
        // A story on the page twice (lead and "Latest") counts once.
        (&[("new-lead", "2026-12-02T13:00:00Z"), SHOWN[0]], 1),
        // A teaser whose time cannot be read is not offered as news.
        (&[("unreadable", "tomorrow"), SHOWN[0]], 0),
    ];
    let seen = Seen::of(&front(SHOWN)).expect("the front page checks for news");
    for (newer, expected) in cases {
        assert_eq!(seen.new_in(&front(newer)), *expected, "front: {newer:?}");
        let seen_section = Seen::of(&section(1, SHOWN)).expect("a section's first page checks");
        assert_eq!(
            seen_section.new_in(&section(1, newer)),
            *expected,
            "section: {newer:?}"
        );
    }
}

#[test]
fn only_the_front_and_a_sections_first_page_check_for_news() {
    assert!(Seen::of(&front(SHOWN)).is_some());
    assert!(Seen::of(&section(1, SHOWN)).is_some());
    assert!(Seen::of(&section(2, SHOWN)).is_none());
    assert!(Seen::of(&PageData::Search).is_none());
    assert!(Seen::of(&PageData::NotFound).is_none());
    // An empty front (a new site) offers its first story as news.
    let empty = Seen::of(&front(&[])).expect("an empty front checks too");
    assert_eq!(empty.new_in(&front(&SHOWN[..1])), 1);
    // A newer copy that is another kind of page offers nothing.
    let seen = Seen::of(&front(SHOWN)).expect("front");
    assert_eq!(
        seen.new_in(&section(2, &[("x", "2026-12-03T00:00:00Z")])),
        0
    );
}

#[test]
fn the_banner_shows_the_newest_breaking_story_still_up_and_not_dismissed() {
    let story = |slug: &str, until: &str| BreakingStory {
        until: until.into(),
        teaser: teaser(slug, "2026-12-02T10:00:00Z"),
    };
    let breaking = Breaking {
        schema_version: 1,
        stories: vec![
            story("newest", "2026-12-02T12:00:00Z"),
            story("earlier", "2026-12-02T18:00:00+02:00"),
            story("broken", "never"),
        ],
    };
    let at = |time: &str| epoch_minutes(time).expect("a time");
    let url = |story: Option<&BreakingStory>| story.map(|s| s.teaser.headline.clone());
    // (now, dismissed, shown)
    let cases: &[(&str, &[&str], Option<&str>)] = &[
        ("2026-12-02T11:00:00Z", &[], Some("newest")),
        ("2026-12-02T11:00:00Z", &["newest"], Some("earlier")),
        ("2026-12-02T12:00:00Z", &[], Some("earlier")),
        ("2026-12-02T15:59:00Z", &[], Some("earlier")),
        ("2026-12-02T16:00:00Z", &[], None),
        ("2026-12-02T11:00:00Z", &["newest", "earlier"], None),
    ];
    for (now, dismissed, shown) in cases {
        let dismissed: Vec<String> = dismissed
            .iter()
            .map(|slug| format!("/world/2026/12/02/{slug}"))
            .collect();
        assert_eq!(
            url(breaking_now(&breaking, at(now), &dismissed)),
            shown.map(str::to_owned),
            "at {now}, dismissed {dismissed:?}"
        );
    }
    let none = Breaking {
        schema_version: 1,
        stories: Vec::new(),
    };
    assert!(breaking_now(&none, at("2026-12-02T11:00:00Z"), &[]).is_none());
}
