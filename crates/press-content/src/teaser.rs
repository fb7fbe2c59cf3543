//! A story's teaser, as every list shows it (front, sections, listings,
//! related stories, "Most popular").

use broadsheet_model::{Image, Teaser};

use crate::load::Draft;

/// How long after an update teasers say "Updated".
pub const RECENT_UPDATE_HOURS: i64 = 24;

/// A story's teaser as of `now`: it carries `updated` only when the story
/// was updated (or corrected) in the [`RECENT_UPDATE_HOURS`] before the
/// build, so every page made from it, pre-rendered or in the app, shows the
/// same thing without consulting a clock.
pub fn teaser(draft: &Draft, now: chrono::DateTime<chrono::Utc>) -> Teaser {
    Teaser {
        url: draft.path.url(),
        headline: draft.headline.clone(),
        standfirst: draft.standfirst.clone(),
        section: draft.section.clone(),
        published: draft.published.clone(),
        updated: recent_update(draft.updated.as_deref(), now),
        thumbnail: thumbnail(draft.hero.clone()),
    }
}

/// A story's `updated` time as its teasers carry it at `now`: only within
/// [`RECENT_UPDATE_HOURS`] after the update.
pub fn recent_update(updated: Option<&str>, now: chrono::DateTime<chrono::Utc>) -> Option<String> {
    updated
        .filter(|updated| {
            chrono::DateTime::parse_from_rfc3339(updated).is_ok_and(|time| {
                let age = now.signed_duration_since(time);
                age >= chrono::Duration::zero()
                    && age <= chrono::Duration::hours(RECENT_UPDATE_HOURS)
            })
        })
        .map(str::to_owned)
}

/// A story's hero as its teasers show it. A teaser links to the story: the
/// link preview's crop is the story's own.
pub fn thumbnail(hero: Option<Image>) -> Option<Image> {
    hero.map(|hero| Image {
        share: None,
        ..hero
    })
}
