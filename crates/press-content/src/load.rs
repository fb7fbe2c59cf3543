//! Loading: content files in, drafts (parsed, checked articles) out.
//!
//! Each file is read as bytes, checked for UTF-8, split into TOML front
//! matter and a Markdown body, and every field is checked. All problems of a
//! file are collected; nothing stops at the first.

use std::path::{Path, PathBuf};

use anyhow::Result;
use broadsheet_model::limits::{
    MAX_ALIASES_PER_STORY, MAX_ARTICLE_BYTES, MAX_BYLINE_NAMES, MAX_CORRECTIONS_PER_STORY,
    MAX_TAGS_PER_STORY,
};
use broadsheet_model::validate::{field_problem, is_safe_image_src, text_problem};
use broadsheet_model::{is_valid_slug, ArticlePath, Block, Correction, Image, SectionRef};
use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use serde::Deserialize;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::file_cache::{self, FileCache};
use crate::markdown;
use crate::read::read_limited;
use crate::text::slugify;

mod listing;

pub use listing::{find_article_files, KeptListing};

/// What `press watch` keeps of the articles folder from one build to the
/// next: each file's parse ([`crate::file_cache`]) and the folder's
/// listing ([`listing`]).
#[derive(Default)]
pub struct LoadCache {
    pub parses: FileCache<Parsed>,
    pub listing: KeptListing,
}

/// An article file's draft, or its problems.
type Parsed = Result<Draft, Vec<Diagnostic>>;

/// How long `breaking = true` keeps a story's banner up after it is published.
pub const BREAKING_HOURS: i64 = 6;

/// An article that passed every per-file check.
#[derive(Debug, Clone)]
pub struct Draft {
    pub file: PathBuf,
    /// Line of the `slug` field, or of `headline` when the slug comes from the file name.
    pub slug_line: usize,
    pub path: ArticlePath,
    pub headline: String,
    pub standfirst: String,
    pub section: SectionRef,
    pub trail: Vec<SectionRef>,
    pub byline: Vec<String>,
    /// As written, normalised to RFC 3339.
    pub published: String,
    pub published_at: DateTime<FixedOffset>,
    pub updated: Option<String>,
    /// Lower-cased (the JSON API's `tags`).
    pub tags: Vec<String>,
    /// As written (trimmed): the spellings a tag page is named after.
    pub tags_written: Vec<String>,
    pub hero: Option<Image>,
    /// `hero.focus`: where the hero's crops keep their centre.
    pub hero_focus: Focus,
    /// Shared: `press watch` hands a kept parse to each build without
    /// copying its body (the bulk of a story).
    pub body: std::sync::Arc<Vec<Block>>,
    /// Line where the body starts.
    pub body_line: usize,
    pub word_count: u32,
    /// `draft = true`: checked, never published (shown only by `--drafts`).
    pub draft: bool,
    /// When the story must come down, if ever.
    pub expires_at: Option<DateTime<FixedOffset>>,
    /// `breaking`: until when the site shows the story's banner
    /// (`true`: [`BREAKING_HOURS`] after it is published).
    pub breaking_until: Option<DateTime<FixedOffset>>,
    /// Published corrections, oldest first. `updated` is already the latest
    /// of the written `updated` and these.
    pub corrections: Vec<Correction>,
    /// Old URLs of this story (`aliases`): they redirect to its URL.
    pub aliases: Vec<String>,
    /// Line of the `aliases` field (or of the URL's fields when absent).
    pub aliases_line: usize,
    /// Line of `tags`, for warnings about them.
    pub tags_line: usize,
    /// A hash of what the draft was made from: its file's bytes, seeded
    /// with what else the parse read ([`file_cache::context`]). Equal sources,
    /// equal text: the key of what `press watch` keeps of a story's words.
    pub source: u64,
}

/// Reads and parses every file, in parallel. Returns drafts in file order, and all problems.
pub fn load_all(files: &[PathBuf], config: &SiteConfig) -> (Vec<Draft>, Vec<Diagnostic>) {
    load_all_with(files, config, 0, None)
}

/// [`load_all`], reusing the parses `cache` kept of files that did not
/// change since (`press watch`), and keeping this build's for the next.
/// `context` is [`file_cache::context`]: what a parse reads besides its file.
pub fn load_all_with(
    files: &[PathBuf],
    config: &SiteConfig,
    context: u64,
    mut cache: Option<&mut LoadCache>,
) -> (Vec<Draft>, Vec<Diagnostic>) {
    let racy_after = std::time::SystemTime::now() - file_cache::RACY;
    if let Some(cache) = cache.as_deref_mut() {
        cache.parses.start(context);
    }
    let kept = cache.as_deref();
    let parse = |file: &PathBuf| -> Parsed {
        match read_limited(file, MAX_ARTICLE_BYTES) {
            Ok(bytes) => parse_article(file, &bytes, config).map(|mut draft| {
                draft.source = xxhash_rust::xxh3::xxh3_64_with_seed(&bytes, context);
                draft
            }),
            Err(problem) => Err(vec![problem]),
        }
    };
    // Each file's parse, and its identity when the parse may be kept
    // (`None`: not settled, or the cache's own parse).
    let results: Vec<(Parsed, Option<file_cache::Identity>, bool)> = files
        .par_iter()
        .map(|file| {
            let Some(kept) = kept else {
                return (parse(file), None, false);
            };
            if kept.listing.unchanged(file) {
                if let Some(parsed) = kept.parses.get_any(file) {
                    return (parsed.clone(), None, true);
                }
            }
            let kept = &kept.parses;
            let identity = std::fs::metadata(file)
                .ok()
                .and_then(|metadata| file_cache::settled_identity(&metadata, racy_after));
            if let Some(parsed) = identity.and_then(|identity| kept.get(file, identity)) {
                return (parsed.clone(), identity, true);
            }
            (parse(file), identity, false)
        })
        .collect();
    if let Some(cache) = cache {
        let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        cache.parses.update(
            &paths,
            files
                .iter()
                .zip(&results)
                .filter(|(_, (_, _, reused))| !reused)
                .map(|(file, (parsed, identity, _))| (file.as_path(), *identity, parsed.clone())),
        );
        cache.parses.reused = results.iter().filter(|(_, _, reused)| *reused).count();
    }
    let mut drafts = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for (file, (result, _, _)) in files.iter().zip(results) {
        match result {
            Ok(draft) => drafts.push(draft),
            Err(problems) if problems.is_empty() => diagnostics.push(Diagnostic::new(
                file,
                1,
                "file",
                "press could not build this article and found no reason: please report this as a bug",
            )),
            Err(mut problems) => diagnostics.append(&mut problems),
        }
    }
    (drafts, diagnostics)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    headline: Option<String>,
    standfirst: Option<String>,
    section: Option<String>,
    byline: Option<Vec<String>>,
    published: Option<toml::Value>,
    updated: Option<toml::Value>,
    #[serde(default)]
    tags: Vec<String>,
    slug: Option<String>,
    hero: Option<HeroMatter>,
    draft: Option<bool>,
    expires: Option<toml::Value>,
    breaking: Option<toml::Value>,
    #[serde(default)]
    corrections: Vec<CorrectionMatter>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CorrectionMatter {
    date: Option<toml::Value>,
    text: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeroMatter {
    src: Option<String>,
    alt: Option<String>,
    caption: Option<String>,
    credit: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    /// Where a crop keeps its centre: `"50% 30%"` (across, down).
    focus: Option<String>,
}

/// Where a crop of a picture keeps its centre, in percent of its width
/// and height (`hero.focus = "50% 30%"`); the middle when not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Focus {
    pub x: u8,
    pub y: u8,
}

impl Default for Focus {
    fn default() -> Self {
        Focus { x: 50, y: 50 }
    }
}

impl Focus {
    /// `"50% 30%"`, as CSS's `object-position` has it.
    pub fn parse(text: &str) -> Option<Focus> {
        let mut parts = text.split_whitespace().map(|part| {
            part.strip_suffix('%')
                .and_then(|n| n.parse::<u8>().ok())
                .filter(|n| *n <= 100)
        });
        match (parts.next(), parts.next(), parts.next()) {
            (Some(Some(x)), Some(Some(y)), None) => Some(Focus { x, y }),
            _ => None,
        }
    }
}

/// Parses one article file.
pub fn parse_article(
    file: &Path,
    bytes: &[u8],
    config: &SiteConfig,
) -> Result<Draft, Vec<Diagnostic>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(vec![Diagnostic::new(
                file,
                line,
                "file",
                format!(
                    "not valid UTF-8 (bad byte at offset {}); save the file as UTF-8",
                    error.valid_up_to()
                ),
            )]);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(split) = split_front_matter(text) else {
        return Err(vec![Diagnostic::new(
            file,
            1,
            "front matter",
            "missing front matter: the file must start with a line `+++`, then TOML fields, then a closing `+++` line",
        )]);
    };
    let mut checker = FieldChecker {
        file,
        front: split.front,
        front_line: 2,
        diagnostics: Vec::new(),
    };
    let matter: FrontMatter = match toml::from_str(split.front) {
        Ok(matter) => matter,
        Err(error) => {
            let line = error
                .span()
                .map(|span| checker.line_at(span.start))
                .unwrap_or(1);
            let field = unknown_field_name(error.message()).unwrap_or("front matter");
            let message = format!("malformed front matter: {}", error.message().trim());
            return Err(vec![Diagnostic::new(file, line, field, message)]);
        }
    };
    let draft = checker.check(matter, config);
    let (body, mut body_problems) = markdown::parse_body_in(
        file,
        split.body,
        split.body_line,
        config.images_dir.as_deref(),
    );
    let mut diagnostics = checker.diagnostics;
    diagnostics.append(&mut body_problems);
    if body.is_empty() {
        diagnostics.push(Diagnostic::new(
            file,
            split.body_line,
            "body",
            "the article body is empty",
        ));
    }
    match draft {
        Some(mut draft) if diagnostics.is_empty() => {
            draft.word_count = markdown::word_count(&body) as u32;
            draft.body = std::sync::Arc::new(body);
            draft.body_line = split.body_line;
            Ok(draft)
        }
        _ => {
            diagnostics.sort_by_key(|d| d.line);
            Err(diagnostics)
        }
    }
}

struct Split<'a> {
    front: &'a str,
    body: &'a str,
    /// 1-based line where the body starts.
    body_line: usize,
}

fn split_front_matter(text: &str) -> Option<Split<'_>> {
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + front.matches('\n').count() + 1;
            return Some(Split {
                front,
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    None
}

fn unknown_field_name(message: &str) -> Option<&'static str> {
    // toml reports "unknown field `x`, expected one of …": name the front matter as a whole.
    message.contains("unknown field").then_some("front matter")
}

struct FieldChecker<'a> {
    file: &'a Path,
    front: &'a str,
    /// File line of the first front-matter line.
    front_line: usize,
    diagnostics: Vec<Diagnostic>,
}

impl FieldChecker<'_> {
    fn line_at(&self, offset: usize) -> usize {
        self.front_line + LineIndex::new(self.front).line_of(offset) - 1
    }

    /// The line a top-level field (or `table.field`) is written on; the first line if absent.
    fn field_line(&self, field: &str) -> usize {
        let (table, key) = match field.split_once('.') {
            Some((table, key)) => (Some(table), key),
            None => (None, field),
        };
        let mut in_table = table.is_none();
        for (index, line) in self.front.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.starts_with('[') {
                in_table = table
                    .is_some_and(|t| trimmed.trim_matches(|c| c == '[' || c == ']').trim() == t);
                if in_table && key.is_empty() {
                    return self.front_line + index;
                }
                continue;
            }
            if in_table {
                if let Some(rest) = trimmed.strip_prefix(key) {
                    if rest.trim_start().starts_with('=') {
                        return self.front_line + index;
                    }
                }
            }
        }
        match table {
            Some(table) => self.field_line(&format!("{table}.")),
            None => self.front_line.saturating_sub(1).max(1),
        }
    }

    /// The line of the `index`-th `[[table]]` header, for `table[index]`.
    fn entry_line(&self, entry: &str) -> usize {
        let (table, index) = entry
            .strip_suffix(']')
            .and_then(|e| e.split_once('['))
            .and_then(|(t, i)| Some((t, i.parse::<usize>().ok()?)))
            .unwrap_or((entry, 0));
        let header = format!("[[{table}]]");
        self.front
            .lines()
            .enumerate()
            .filter(|(_, line)| line.trim() == header)
            .nth(index)
            .map(|(number, _)| self.front_line + number)
            .unwrap_or_else(|| self.field_line(table))
    }

    /// A problem in one entry of an array of tables (`corrections[1]`).
    fn report_at(&mut self, entry: &str, message: impl Into<String>) {
        let line = self.entry_line(entry);
        self.diagnostics
            .push(Diagnostic::new(self.file, line, entry, message));
    }

    fn time_at(
        &mut self,
        entry: &str,
        key: &str,
        value: toml::Value,
    ) -> Option<DateTime<FixedOffset>> {
        let before = self.diagnostics.len();
        let time = self.time(key, Some(value));
        let line = self.entry_line(entry);
        for diagnostic in &mut self.diagnostics[before..] {
            diagnostic.line = line;
            diagnostic.field = format!("{entry}.{key}");
        }
        time
    }

    fn report(&mut self, field: &str, message: impl Into<String>) {
        let line = self.field_line(field);
        self.diagnostics
            .push(Diagnostic::new(self.file, line, field, message));
    }

    /// A one-line field a reader sees must show something and be publishable.
    fn readable(&mut self, field: &str, value: &str) -> bool {
        match field_problem(value) {
            Some(problem) => {
                self.report(field, problem.to_string());
                false
            }
            None => true,
        }
    }

    /// Text that is published but may be empty (captions, credits).
    fn publishable(&mut self, field: &str, value: &str) {
        if let Some(problem) = text_problem(value) {
            self.report(field, problem.to_string());
        }
    }

    fn required(&mut self, field: &str, value: Option<String>) -> Option<String> {
        match value.map(|v| v.trim().to_owned()) {
            Some(v) if !v.is_empty() => self.readable(field, &v).then_some(v),
            Some(_) => {
                self.report(field, "must not be empty");
                None
            }
            None => {
                self.report(field, format!("missing required field `{field}`"));
                None
            }
        }
    }

    fn time(&mut self, field: &str, value: Option<toml::Value>) -> Option<DateTime<FixedOffset>> {
        let text = match value? {
            toml::Value::String(text) => text,
            toml::Value::Datetime(datetime) => datetime.to_string(),
            other => {
                self.report(
                    field,
                    format!(
                        "expected a date and time such as \"2026-10-14T09:30:00+02:00\", found {}",
                        other.type_str()
                    ),
                );
                return None;
            }
        };
        match DateTime::parse_from_rfc3339(text.trim()) {
            Ok(time) => {
                // Feeds, sitemaps and the schedule write times in UTC too: a
                // time whose UTC year leaves 0001-9999 cannot be RFC 3339 there.
                use chrono::Datelike;
                let utc = time.naive_utc().year();
                if (1..=9999).contains(&time.year()) && !(1..=9999).contains(&utc) {
                    self.report(
                        field,
                        format!("{text:?} is in the year {utc} in UTC, which RFC 3339 cannot write: use a time in 0001-9999 in UTC too"),
                    );
                    return None;
                }
                Some(time)
            }
            Err(error) => {
                self.report(
                    field,
                    format!("bad date {text:?} ({error}): write RFC 3339 with a time zone, such as \"2026-10-14T09:30:00+02:00\""),
                );
                None
            }
        }
    }

    fn check(&mut self, matter: FrontMatter, config: &SiteConfig) -> Option<Draft> {
        let headline = self.required("headline", matter.headline);
        let standfirst = self.required("standfirst", matter.standfirst);
        let section_path = self.required("section", matter.section);
        let section = section_path.and_then(|path| {
            let found = config.section(path.trim_matches('/')).cloned();
            if found.is_none() {
                let known: Vec<String> = config.sections.iter().map(|s| s.path.as_path()).collect();
                self.report(
                    "section",
                    format!(
                        "unknown section `{path}`; known sections: {}",
                        known.join(", ")
                    ),
                );
            }
            found
        });
        let byline: Vec<String> = matter
            .byline
            .unwrap_or_default()
            .into_iter()
            .map(|n| n.trim().to_owned())
            .collect();
        if byline.is_empty() || byline.iter().any(String::is_empty) {
            self.report("byline", "missing required field `byline`: list one or more author names, such as [\"Ana Ruiz\"]");
        } else {
            for name in &byline {
                self.readable("byline", name);
            }
        }
        if matter.published.is_none() {
            self.report("published", "missing required field `published`");
        }
        let published_at = self.time("published", matter.published);
        let updated_at = self.time("updated", matter.updated);
        let expires_at = self.time("expires", matter.expires);
        if let (Some(published), Some(expires)) = (published_at, expires_at) {
            if expires <= published {
                self.report("expires", "is not later than `published`");
            }
        }
        let breaking_until = match matter.breaking {
            None | Some(toml::Value::Boolean(false)) => None,
            Some(toml::Value::Boolean(true)) => {
                published_at.map(|published| published + chrono::Duration::hours(BREAKING_HOURS))
            }
            Some(until @ (toml::Value::String(_) | toml::Value::Datetime(_))) => {
                self.time("breaking", Some(until))
            }
            Some(other) => {
                self.report(
                    "breaking",
                    format!(
                        "expected `true`, or when the banner comes down such as 2026-10-14T18:00:00+02:00; found {}",
                        other.type_str()
                    ),
                );
                None
            }
        };
        if let (Some(published), Some(until)) = (published_at, breaking_until) {
            if until <= published {
                self.report(
                    "breaking",
                    "is not later than `published`: write `breaking = true`, or the time the banner comes down",
                );
            }
        }
        if let (Some(published), Some(updated)) = (published_at, updated_at) {
            if updated < published {
                self.report("updated", "is earlier than `published`");
            }
        }
        let mut aliases = Vec::new();
        if matter.aliases.len() > MAX_ALIASES_PER_STORY {
            self.report(
                "aliases",
                format!(
                    "{} old URLs: a story has at most {MAX_ALIASES_PER_STORY}",
                    matter.aliases.len()
                ),
            );
        }
        if matter.corrections.len() > MAX_CORRECTIONS_PER_STORY {
            self.report(
                "corrections",
                format!(
                    "{} corrections: a story has at most {MAX_CORRECTIONS_PER_STORY}",
                    matter.corrections.len()
                ),
            );
        }
        for alias in matter.aliases.iter().take(MAX_ALIASES_PER_STORY) {
            match broadsheet_model::paths::old_url(alias) {
                Some(url) => aliases.push(url),
                None => self.report(
                    "aliases",
                    format!("{alias:?} is not an old URL: a site path such as \"/world/2026/10/14/harbour-strike-ends\" or \"/2019/01/04/dam-opens\", in letters, digits, -, _, . and ~, that is not one of this site's pages"),
                ),
            }
        }
        let aliases_line = self.field_line("aliases");
        let mut corrections = Vec::new();
        let mut latest = updated_at;
        for (index, correction) in matter.corrections.into_iter().enumerate() {
            let field = format!("corrections[{index}]");
            let date = match correction.date {
                Some(date) => self.time_at(&field, "date", date),
                None => {
                    self.report_at(&field, "missing `date`: when the correction was published");
                    None
                }
            };
            let text = correction
                .text
                .map(|t| t.trim().to_owned())
                .unwrap_or_default();
            if text.is_empty() {
                self.report_at(&field, "missing `text`: what was wrong and what is right");
            } else if let Some(problem) = field_problem(&text) {
                self.report_at(&field, problem.to_string());
            }
            if let (Some(date), Some(published)) = (date, published_at) {
                if date < published {
                    self.report_at(&field, "`date` is earlier than `published`");
                }
                latest = Some(latest.map_or(date, |l| l.max(date)));
                corrections.push(Correction {
                    date: date.to_rfc3339(),
                    text,
                });
            }
        }
        let slug_line = if matter.slug.is_some() {
            self.field_line("slug")
        } else {
            self.field_line("headline")
        };
        let slug = match matter.slug {
            Some(slug) => slug,
            None => slug_from_file_name(self.file),
        };
        if !is_valid_slug(&slug) {
            self.report(
                "slug",
                format!("{slug:?} is not a valid slug (lowercase letters, digits and single hyphens); try {:?}", slugify(&slug)),
            );
        }
        let hero_focus = match matter.hero.as_ref().and_then(|hero| hero.focus.as_deref()) {
            None => Focus::default(),
            Some(text) => Focus::parse(text).unwrap_or_else(|| {
                self.report(
                    "hero.focus",
                    format!("`{text}` is not a focus: write two percentages, across then down, e.g. \"50% 30%\""),
                );
                Focus::default()
            }),
        };
        let hero = matter.hero.and_then(|hero| self.hero(hero, config));
        let tags_written: Vec<String> = matter
            .tags
            .iter()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect();
        if tags_written.len() > MAX_TAGS_PER_STORY {
            self.report(
                "tags",
                format!(
                    "{} tags: a story carries at most {MAX_TAGS_PER_STORY}",
                    tags_written.len()
                ),
            );
        }
        // Two spellings of one tag ("Rail", "Ráil") would be two links to one page.
        let mut slugs: Vec<(String, &str)> = Vec::with_capacity(tags_written.len());
        for tag in tags_written.iter().take(MAX_TAGS_PER_STORY) {
            let slug = crate::text::tag_slug(tag);
            match slugs.iter().find(|(s, _)| *s == slug) {
                Some((_, first)) => self.report(
                    "tags",
                    format!(
                        "{tag:?} is the same tag as {first:?} (both /tags/{slug}); list it once"
                    ),
                ),
                None => slugs.push((slug, tag)),
            }
        }
        let tags: Vec<String> = tags_written.iter().map(|t| t.to_lowercase()).collect();
        for tag in &tags {
            self.readable("tags", tag);
        }
        if byline.len() > MAX_BYLINE_NAMES {
            self.report(
                "byline",
                format!(
                    "{} names: a byline holds at most {MAX_BYLINE_NAMES}",
                    byline.len()
                ),
            );
        }

        let published_at = published_at?;
        let date = published_at.date_naive();
        use chrono::Datelike;
        let year = u16::try_from(date.year())
            .ok()
            .filter(|y| (1..=9999).contains(y));
        if year.is_none() {
            self.report(
                "published",
                format!(
                    "the year {} is outside 0001-9999, so it cannot be part of the story's URL",
                    date.year()
                ),
            );
        }
        let section = section?;
        let path = ArticlePath::new(
            section.path.clone(),
            year?,
            date.month() as u8,
            date.day() as u8,
            &slug,
        )?;
        Some(Draft {
            file: self.file.to_owned(),
            slug_line,
            trail: config.trail(&section.path),
            section: section.reference(),
            path,
            headline: headline?,
            standfirst: standfirst?,
            byline,
            published: published_at.to_rfc3339(),
            published_at,
            updated: latest.map(|t| t.to_rfc3339()),
            tags,
            tags_written,
            hero,
            hero_focus,
            body: Default::default(),
            body_line: 1,
            word_count: 0,
            draft: matter.draft.unwrap_or(false),
            expires_at,
            breaking_until,
            corrections,
            aliases,
            aliases_line,
            tags_line: self.field_line("tags"),
            source: 0,
        })
    }

    fn hero(&mut self, hero: HeroMatter, config: &SiteConfig) -> Option<Image> {
        let src = self.required("hero.src", hero.src)?;
        let alt = hero.alt.map(|a| a.trim().to_owned()).unwrap_or_default();
        if alt.is_empty() {
            self.report(
                "hero.alt",
                format!("image `{src}` has no alt text: describe what it shows"),
            );
        }
        if !is_safe_image_src(&src) {
            self.report(
                "hero.src",
                format!("image source `{src}` must be site-relative (/images/…) or http(s)"),
            );
        } else if let Some(why) = crate::images::problem(&src, config.images_dir.as_deref()) {
            self.report("hero.src", why);
        }
        if !alt.is_empty() {
            self.readable("hero.alt", &alt);
        }
        for (field, value) in [
            ("hero.caption", &hero.caption),
            ("hero.credit", &hero.credit),
        ] {
            if let Some(value) = value {
                self.publishable(field, value);
            }
        }
        if hero.width.is_some() != hero.height.is_some() {
            self.report("hero", "give both `width` and `height`, or neither");
        }
        Some(Image {
            src,
            alt,
            width: hero.width,
            height: hero.height,
            caption: hero.caption,
            credit: hero.credit,
            placeholder: None,
            ladder: None,
            share: None,
        })
    }
}

/// `2026-10-14-harbour-strike-ends.md` → `harbour-strike-ends`.
pub fn slug_from_file_name(file: &Path) -> String {
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let bytes = stem.as_bytes();
    let has_date_prefix = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-';
    if has_date_prefix {
        stem[11..].to_owned()
    } else {
        stem.to_owned()
    }
}

#[cfg(test)]
mod cache_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_file_names() {
        assert_eq!(
            slug_from_file_name(Path::new("a/2026-10-14-harbour-strike.md")),
            "harbour-strike"
        );
        assert_eq!(
            slug_from_file_name(Path::new("harbour-strike.md")),
            "harbour-strike"
        );
    }

    #[test]
    fn front_matter_split_counts_lines() {
        let split = split_front_matter("+++\na = 1\nb = 2\n+++\nBody\n").unwrap();
        assert_eq!(split.front, "a = 1\nb = 2\n");
        assert_eq!(split.body, "Body\n");
        assert_eq!(split.body_line, 5);
    }
}
