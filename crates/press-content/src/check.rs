//! Every check of the content as a whole, in one place: each file is checked
//! as it is read (`load`, `markdown`, `taxonomy`, `images`); here, what
//! needs all of them (two stories with one URL, an alias that is another
//! story's URL, a story that moved without its old URL).

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::load::{self, Draft};
use crate::manifest::Manifest;

/// Content problems: the build wrote nothing.
#[derive(Debug)]
pub struct ContentErrors(pub Vec<Diagnostic>);

impl std::error::Error for ContentErrors {}

impl std::fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} problem(s) in the content", self.0.len())
    }
}

/// Loads and checks all content; returns the drafts newest first.
pub fn check(content: &Path) -> Result<(SiteConfig, Vec<Draft>)> {
    check_all(content).map(|(config, drafts, _)| (config, drafts))
}

/// [`check`], and the writers' profiles (`authors/`), checked too.
pub fn check_all(
    content: &Path,
) -> Result<(SiteConfig, Vec<Draft>, Vec<broadsheet_model::Author>)> {
    check_all_with(content, None)
}

/// [`check_all`], reusing what `cache` kept of the article files that did
/// not change (`press watch`; [`crate::file_cache`]).
pub fn check_all_with(
    content: &Path,
    mut cache: Option<&mut load::LoadCache>,
) -> Result<(SiteConfig, Vec<Draft>, Vec<broadsheet_model::Author>)> {
    let (config, site_toml) = SiteConfig::load_hashed(&content.join("site.toml"))?;
    let (pictures, mut problems) = crate::images::list(&content.join("images"))?;
    // Nothing may fail between the listing and the parses: a kept listing
    // hands the parses what changed (`load::KeptListing`).
    let articles = content.join("articles");
    let (files, mut diagnostics) = match cache.as_deref_mut() {
        Some(cache) => cache.listing.list(content, &articles)?,
        None => load::find_article_files(&articles)?,
    };
    let context = match &cache {
        Some(_) => crate::file_cache::context(site_toml, &pictures, &problems),
        None => 0,
    };
    let (drafts, mut load_problems) = load::load_all_with(&files, &config, context, cache);
    diagnostics.append(&mut load_problems);
    let (authors, mut author_problems) =
        crate::taxonomy::load_authors(&content.join("authors"), config.images_dir.as_deref())?;
    diagnostics.append(&mut author_problems);
    diagnostics.append(&mut problems);
    diagnostics.extend(duplicate_urls(&drafts));
    diagnostics.extend(alias_collisions(&drafts));
    if !diagnostics.is_empty() {
        diagnostics.sort();
        // The same problem at the same place (a construct repeated on one line) is said once.
        diagnostics.dedup();
        return Err(ContentErrors(diagnostics).into());
    }
    Ok((config, newest_first(drafts), authors))
}

/// The stories newest first, then by URL. Their order is sorted, then
/// they are moved once each: a `Draft` is large, and sorting 100,000 of
/// them in place moved each about seventeen times.
fn newest_first(drafts: Vec<Draft>) -> Vec<Draft> {
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by(|&a, &b| {
        drafts[b]
            .published_at
            .cmp(&drafts[a].published_at)
            .then_with(|| drafts[a].path.cmp(&drafts[b].path))
    });
    let mut slots: Vec<Option<Draft>> = drafts.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// An alias must not be a story's URL, its own or another's, nor another
/// story's alias: each old URL leads to one story.
fn alias_collisions(drafts: &[Draft]) -> Vec<Diagnostic> {
    if drafts.iter().all(|d| d.aliases.is_empty()) {
        return Vec::new();
    }
    let urls: HashMap<String, &Draft> = drafts.iter().map(|d| (d.path.url(), d)).collect();
    let mut seen: HashMap<String, &Draft> = HashMap::new();
    let mut problems = Vec::new();
    for draft in drafts {
        for alias in &draft.aliases {
            let url = alias.clone();
            let message = if let Some(owner) = urls.get(&url) {
                if std::ptr::eq(*owner, draft) {
                    format!("{url} is this story's own URL; list only old URLs")
                } else {
                    format!(
                        "{url} is the URL of {}; an alias must be an old URL no story has",
                        owner.file.display()
                    )
                }
            } else if let Some(first) = seen.get(&url) {
                format!("{url} is already an alias of {}", first.file.display())
            } else {
                seen.insert(url, draft);
                continue;
            };
            problems.push(Diagnostic::new(
                &draft.file,
                draft.aliases_line,
                "aliases",
                message,
            ));
        }
    }
    problems
}

/// A published story whose URL changed since the last build, without its
/// old URL among its `aliases`, would break every link to it.
/// `keys` are the stories' manifest keys ([`crate::manifest::manifest_key`]), in order.
pub fn moved_without_alias(
    previous: &Manifest,
    drafts: &[Draft],
    keys: &[String],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (draft, key) in drafts.iter().zip(keys) {
        let Some(old) = previous.articles.get(key) else {
            continue;
        };
        if !draft.path.has_url(old) && !draft.aliases.iter().any(|a| a == old) {
            let new = draft.path.url();
            problems.push(Diagnostic::new(
                &draft.file,
                draft.aliases_line,
                "aliases",
                format!(
                    "this story's URL moved from {old} to {new} since the last build; add aliases = [\"{old}\"] so links to the old URL keep working"
                ),
            ));
        }
    }
    problems
}

fn duplicate_urls(drafts: &[Draft]) -> Vec<Diagnostic> {
    // By location: two stories have one URL exactly when they have one
    // location (`ArticlePath::url`), and no URL is made for the others.
    let mut first_by_url: fnv::FnvHashMap<&broadsheet_model::paths::ArticlePath, &Draft> =
        fnv::FnvHashMap::with_capacity_and_hasher(drafts.len(), Default::default());
    let mut first_by_slug: fnv::FnvHashMap<(&str, &str), &Draft> =
        fnv::FnvHashMap::with_capacity_and_hasher(drafts.len(), Default::default());
    let mut problems = Vec::new();
    for draft in drafts {
        if let Some(first) = first_by_url.get(&draft.path) {
            problems.push(Diagnostic::new(
                &draft.file,
                draft.slug_line,
                "slug",
                format!(
                    "duplicate URL {}: {} already uses it; set a different `slug`",
                    draft.path.url(),
                    first.file.display()
                ),
            ));
            continue;
        }
        first_by_url.insert(&draft.path, draft);
        // The same slug in the same section on another day is allowed but confusing for readers.
        let key = (draft.section.path.as_str(), draft.path.slug.as_str());
        if let Some(first) = first_by_slug.get(&key) {
            problems.push(Diagnostic::new(
                &draft.file,
                draft.slug_line,
                "slug",
                format!(
                    "duplicate slug `{}` in section `{}`: {} already uses it; set a different `slug`",
                    draft.path.slug,
                    draft.section.path,
                    first.file.display()
                ),
            ));
        } else {
            first_by_slug.insert(key, draft);
        }
    }
    problems
}
