//! The stories of a site press built, as `press popular` and `press
//! sample-logs --site` read them: the URLs from the build's manifest, and a
//! story's teaser from its own article file, read only for the stories that
//! were counted. Nothing is loaded from the content folder, so a count on a
//! 100,000-story archive does not parse 100,000 Markdown files, and "Most
//! popular" shows each story as the site does (its pictures as press made
//! them), only stories the site has.

use std::cmp::Reverse;
use std::path::Path;

use anyhow::{Context, Result};
use broadsheet_model::limits::MAX_JSON_BYTES;
use broadsheet_model::paths::ArticlePath;
use broadsheet_model::{Image, SectionRef, Teaser, SCHEMA_VERSION};
use chrono::{DateTime, FixedOffset, Utc};
use rayon::prelude::*;
use serde::Deserialize;

/// The URL of every story the site has, from its manifest.
pub fn urls(site: &Path) -> Result<Vec<String>> {
    Ok(press_content::manifest::read(site)?
        .articles
        .into_values()
        .collect())
}

/// A counted story: the caller's index of it, its teaser, and what the
/// library sorts by.
pub struct Story {
    pub index: usize,
    pub teaser: Teaser,
    published_at: DateTime<FixedOffset>,
    path: ArticlePath,
}

/// The teasers of `wanted` (index, URL) as of `now`, newest first, in the
/// library's order (`press_content::check`: published time, then path), so
/// that ties in the ranking fall the same way as when they were made from
/// the content.
pub fn stories(site: &Path, wanted: &[(usize, &str)], now: DateTime<Utc>) -> Result<Vec<Story>> {
    let mut stories = wanted
        .par_iter()
        .map(|&(index, url)| story(site, index, url, now))
        .collect::<Result<Vec<Story>>>()?;
    stories.sort_by(|a, b| {
        Reverse(a.published_at)
            .cmp(&Reverse(b.published_at))
            .then_with(|| a.path.cmp(&b.path))
    });
    Ok(stories)
}

/// The fields of an article file a teaser is made of; the body is skipped.
#[derive(Deserialize)]
struct ArticleHead {
    schema_version: u32,
    url: String,
    headline: String,
    #[serde(default)]
    standfirst: String,
    section: SectionRef,
    published: String,
    #[serde(default)]
    updated: Option<String>,
    #[serde(default)]
    hero: Option<Image>,
}

fn story(site: &Path, index: usize, url: &str, now: DateTime<Utc>) -> Result<Story> {
    // A URL becomes a file name only once it parses as a story's path.
    let path = ArticlePath::parse(url)
        .filter(|path| path.url() == url)
        .with_context(|| {
            format!(
                "{}: {url:?} is not a story's URL",
                site.join(press_content::manifest::MANIFEST).display()
            )
        })?;
    let file = site.join(path.json_path());
    let bytes = press_content::read::read_limited(&file, MAX_JSON_BYTES as u64)
        .map_err(|problem| anyhow::anyhow!("{problem}"))?;
    let head: ArticleHead = serde_json::from_slice(&bytes)
        .with_context(|| format!("{}: not an article file", file.display()))?;
    if head.schema_version != SCHEMA_VERSION || head.url != url {
        anyhow::bail!(
            "{}: not this site's article file for {url} (schema_version {}, url {:?}); run `press build` again",
            file.display(),
            head.schema_version,
            head.url
        );
    }
    let published_at = DateTime::parse_from_rfc3339(&head.published)
        .with_context(|| format!("{}: published: not an RFC 3339 time", file.display()))?;
    Ok(Story {
        index,
        teaser: Teaser {
            url: head.url,
            headline: head.headline,
            standfirst: head.standfirst,
            section: head.section,
            published: head.published,
            updated: press_content::teaser::recent_update(head.updated.as_deref(), now),
            thumbnail: press_content::teaser::thumbnail(head.hero),
        },
        published_at,
        path,
    })
}
