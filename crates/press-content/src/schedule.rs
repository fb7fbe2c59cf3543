//! What is published now: drafts, scheduled stories (a `published` time
//! still to come) and expired stories (`expires` passed) are held back from
//! every output, and the next time the published set changes is reported
//! so that a scheduler knows when to build again.
//!
//! Embargo safety rests on one rule: the held-back stories are removed from
//! the library *before* anything is computed from it (related stories,
//! fronts, sections, feeds, sitemaps, "Most popular"), so no output can
//! mention them.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::load::Draft;

/// What a build publishes.
#[derive(Debug, Clone, Copy)]
pub struct Publication {
    /// The build's "now": stories are published from their `published` time
    /// until their `expires` time.
    pub now: DateTime<Utc>,
    /// Include drafts (a local preview), marked as drafts.
    pub drafts: bool,
}

/// Why a story is not in this build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    Draft,
    Scheduled,
    Expired,
}

/// The held-back stories, counted, and when the published set next changes.
/// Written next to the output as `<out>.schedule.json`: it names no story.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Schedule {
    pub schema_version: u32,
    /// The build's `--now`, RFC 3339 UTC.
    pub built_at: String,
    pub drafts: usize,
    pub scheduled: usize,
    pub expired: usize,
    /// The next time a scheduled story is due or a published one expires:
    /// build again then. `None` when nothing is pending.
    pub next_build: Option<String>,
}

fn utc(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Why `draft` is held back at `publication`, or `None` when it is published.
pub fn held(draft: &Draft, publication: &Publication) -> Option<Held> {
    if draft.draft && !publication.drafts {
        Some(Held::Draft)
    } else if draft.published_at > publication.now {
        Some(Held::Scheduled)
    } else if draft
        .expires_at
        .is_some_and(|expires| expires <= publication.now)
    {
        Some(Held::Expired)
    } else {
        None
    }
}

/// Keeps the stories published at `publication.now`, in order; counts the rest.
pub fn published(drafts: Vec<Draft>, publication: &Publication) -> (Vec<Draft>, Schedule) {
    let mut schedule = Schedule {
        schema_version: broadsheet_model::SCHEMA_VERSION,
        built_at: utc(publication.now),
        ..Schedule::default()
    };
    let mut next: Option<DateTime<Utc>> = None;
    let mut soonest = |time: DateTime<Utc>| {
        if time > publication.now && next.is_none_or(|n| time < n) {
            next = Some(time);
        }
    };
    let mut kept = Vec::with_capacity(drafts.len());
    for draft in drafts {
        match held(&draft, publication) {
            Some(Held::Draft) => schedule.drafts += 1,
            Some(Held::Scheduled) => {
                schedule.scheduled += 1;
                if !draft.draft {
                    soonest(draft.published_at.with_timezone(&Utc));
                }
            }
            Some(Held::Expired) => schedule.expired += 1,
            None => {
                if let Some(expires) = draft.expires_at {
                    soonest(expires.with_timezone(&Utc));
                }
                kept.push(draft);
            }
        }
    }
    schedule.next_build = next.map(utc);
    (kept, schedule)
}
