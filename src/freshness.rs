//! What is new since the reader opened a page: the stories a newer copy of
//! the front page or a section's first page offers that the reader has not
//! been shown, and the breaking story to show. Pure, tested natively; the
//! polling is `routes::fresh_stories` and `routes::breaking_banner`.

use broadsheet_model::{Breaking, BreakingStory, PageData, Teaser};

use crate::format::epoch_minutes;

/// How often an open front or section page, and the breaking banner, check
/// for news (only while the tab is visible).
pub const CHECK_EVERY_MS: i32 = 60_000;

/// The stories a page shows, as the reader was shown them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Seen {
    urls: Vec<String>,
    /// The oldest story shown: a story older than it (one that moved up
    /// because a newer one was taken down) is not news.
    oldest: Option<i64>,
}

/// The teasers of the pages that can have news: the front page and a
/// section's first page. `None` for every other page.
fn live_teasers(data: &PageData) -> Option<Vec<&Teaser>> {
    match data {
        PageData::Front(front) => Some(
            front
                .lead
                .iter()
                .chain(&front.top)
                .chain(front.rails.iter().flat_map(|rail| &rail.teasers))
                .chain(&front.latest)
                .collect(),
        ),
        PageData::Section(page) if page.page == 1 => Some(page.teasers.iter().collect()),
        PageData::Section(_)
        | PageData::Article(_)
        | PageData::Listing(_)
        | PageData::Tags(_)
        | PageData::ArchiveIndex(_)
        | PageData::Search
        | PageData::NotFound => None,
    }
}

impl Seen {
    /// What `data` shows, if it is a page that checks for news.
    pub fn of(data: &PageData) -> Option<Seen> {
        let teasers = live_teasers(data)?;
        Some(Seen {
            oldest: teasers
                .iter()
                .filter_map(|t| epoch_minutes(&t.published))
                .min(),
            urls: teasers.into_iter().map(|t| t.url.clone()).collect(),
        })
    }

    /// How many stories `newer` (a newer copy of the same page) shows that
    /// the reader was not shown, not counting older stories that only moved
    /// up into a place that came free.
    pub fn new_in(&self, newer: &PageData) -> usize {
        let Some(teasers) = live_teasers(newer) else {
            return 0;
        };
        let mut new: Vec<&str> = Vec::new();
        for teaser in teasers {
            let recent = match (self.oldest, epoch_minutes(&teaser.published)) {
                (Some(oldest), Some(published)) => published >= oldest,
                (None, _) => true,
                (Some(_), None) => false,
            };
            if recent && !self.urls.contains(&teaser.url) && !new.contains(&teaser.url.as_str()) {
                new.push(&teaser.url);
            }
        }
        new.len()
    }
}

/// The breaking story to show at `now` (minutes since the epoch): the first
/// (newest) whose banner is still up and that the reader has not dismissed.
pub fn breaking_now<'a>(
    breaking: &'a Breaking,
    now: i64,
    dismissed: &[String],
) -> Option<&'a BreakingStory> {
    breaking.stories.iter().find(|story| {
        epoch_minutes(&story.until).is_some_and(|until| until > now)
            && !dismissed.contains(&story.teaser.url)
    })
}

#[cfg(test)]
mod tests;
