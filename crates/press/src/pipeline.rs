//! `press build` as a list of named steps, in the manner of Zola's
//! `Site::build`: load and check the content into a [`Library`], compute
//! related stories, run every [`OUTPUTS`] entry over the library into one
//! staging folder, and swap that folder in. Nothing here prints: the report
//! goes back to `main`, and `messages` words it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Result;
use broadsheet_model::Teaser;
use serde::Serialize;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::load::{self, Draft};
use crate::related::{self, Doc};
use crate::schedule::{self, Publication, Schedule};
use crate::{api, feeds, redirects, sitemap};
use broadsheet_output::Staging;

pub struct BuildOptions {
    /// Folder with `site.toml` and `articles/`.
    pub content: PathBuf,
    /// Output folder; becomes the site root overlay (`data/`, `feeds/`, `sitemap.xml`).
    pub out: PathBuf,
    pub progress: bool,
    /// Write the search index (`data/search/`).
    pub search: bool,
    /// The build's time and whether drafts are shown.
    pub publication: Publication,
}

/// Everything the outputs are made from: the checked content, newest first,
/// with each story's teaser and related stories at the same index.
pub struct Library {
    pub config: SiteConfig,
    pub drafts: Vec<Draft>,
    pub teasers: Vec<Teaser>,
    /// Profiles, bylines and tags, by story.
    pub taxonomy: crate::taxonomy::Taxonomy,
    /// The build's time (`--now`): what "the last 48 hours" means.
    pub now: chrono::DateTime<chrono::FixedOffset>,
    /// Related stories, "more from" lists and duplicates, as indexes into
    /// `drafts` / `teasers`.
    pub relations: related::Relations,
    /// Show a progress bar while writing large outputs.
    pub progress: bool,
}

/// One output of the build: files written from the library into staging.
pub type Output = fn(&Library, &Staging) -> Result<()>;

/// Every output, in the order they are written. A new output (redirects, a
/// news sitemap) is one module and one line here. The search index is
/// written after them, computed while they are written (`build`).
pub const OUTPUTS: &[(&str, Output)] = &[
    ("articles", api::write_articles),
    ("site", api::write_site),
    ("front page", api::write_front),
    ("sections", api::write_sections),
    ("authors", crate::listings::write_authors),
    ("tags", crate::listings::write_tags),
    ("archives", crate::listings::write_archives),
    (
        "most popular (until logs are counted)",
        api::write_popular_fallback,
    ),
    ("feeds", feeds::write),
    ("sitemap", sitemap::write),
    ("redirects for moved stories", redirects::write),
    ("pictures", crate::images::write),
];

/// What a build did, for the summary line and the benchmark.
#[derive(Debug, Default, Serialize)]
pub struct BuildReport {
    pub articles: usize,
    /// Held-back stories and the next build time.
    pub schedule: Schedule,
    pub files: u64,
    pub bytes: u64,
    /// Each step's name and time, in order.
    pub steps: Vec<(&'static str, Duration)>,
}

impl BuildReport {
    pub fn total(&self) -> Duration {
        self.steps.iter().map(|(_, time)| *time).sum()
    }

    fn timed<T>(&mut self, name: &'static str, step: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let value = step();
        self.steps.push((name, started.elapsed()));
        value
    }
}

/// Content problems: the build wrote nothing.
#[derive(Debug)]
pub struct ContentErrors(pub Vec<Diagnostic>);

impl std::error::Error for ContentErrors {}

pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let mut report = BuildReport::default();
    broadsheet_output::check_target(&options.out, &[&options.content], true)?;
    let (config, all, authors) = report.timed("load", || check_all(&options.content))?;
    // Before anything is computed: what is not published cannot leak.
    let (drafts, schedule) = schedule::published(all, &options.publication);
    report.schedule = schedule;
    let mut moved =
        moved_without_alias(&options.content, &previous_manifest(&options.out), &drafts);
    if !moved.is_empty() {
        moved.sort();
        return Err(ContentErrors(moved).into());
    }
    let relations = report.timed("related", || compute_related(&drafts));
    let now = options.publication.now;
    let teasers = drafts.iter().map(|draft| api::teaser(draft, now)).collect();
    let taxonomy = report.timed("authors and tags", || {
        crate::taxonomy::build(authors, &drafts)
    });
    let library = Library {
        config,
        drafts,
        teasers,
        taxonomy,
        now: now.fixed_offset(),
        relations,
        progress: options.progress,
    };
    let staging = Staging::new(&options.out)?.replacing_only_stamped();
    staging.stamp()?;
    write_manifest(&library, &options.content, &staging)?;
    // The search index is computed while the outputs above are written
    // (those wait on the file system, it on the processor), then written
    // in its turn: one more output, step "search index".
    let (written, index) = rayon::join(
        || -> Result<()> {
            for (name, output) in OUTPUTS {
                report.timed(name, || output(&library, &staging))?;
            }
            Ok(())
        },
        || options.search.then(|| crate::search_index::build(&library)),
    );
    written?;
    if let Some(index) = index {
        report.timed("search index", || {
            crate::search_index::write(&index, &staging)
        })?;
    }
    report.articles = library.drafts.len();
    report.files = staging.file_count();
    report.bytes = staging.byte_count();
    // The schedule is written before the swap, so that a failure to write
    // it fails the build while the old output is still live; after the
    // swap it only has to be renamed into place.
    let schedule = prepare_schedule(&options.out, &report.schedule)?;
    let retired = report.timed("swap", || staging.swap())?;
    schedule.commit()?;
    report.timed("remove the old output", || retired.remove())?;
    Ok(report)
}

/// `<out>.schedule.json`: when to build next, for a scheduler (cron, CI).
/// Beside the output, never in it; replaced atomically.
pub fn schedule_file(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".schedule.json");
    PathBuf::from(name)
}

fn prepare_schedule(out: &Path, schedule: &Schedule) -> Result<broadsheet_output::PreparedFile> {
    Ok(broadsheet_output::prepare_file(
        &schedule_file(out),
        &api::to_json(schedule)?,
    )?)
}

/// Loads and checks all content; returns the drafts newest first.
pub fn check(content: &Path) -> Result<(SiteConfig, Vec<Draft>)> {
    check_all(content).map(|(config, drafts, _)| (config, drafts))
}

/// [`check`], and the writers' profiles (`authors/`), checked too.
pub fn check_all(
    content: &Path,
) -> Result<(SiteConfig, Vec<Draft>, Vec<broadsheet_model::Author>)> {
    let config = SiteConfig::load(&content.join("site.toml"))?;
    let (files, mut diagnostics) = load::find_article_files(&content.join("articles"))?;
    let (mut drafts, mut problems) = load::load_all(&files, &config);
    diagnostics.append(&mut problems);
    let (authors, mut problems) =
        crate::taxonomy::load_authors(&content.join("authors"), config.images_dir.as_deref())?;
    diagnostics.append(&mut problems);
    let (_, mut problems) = crate::images::list(&content.join("images"))?;
    diagnostics.append(&mut problems);
    diagnostics.extend(duplicate_urls(&drafts));
    diagnostics.extend(alias_collisions(&drafts));
    if !diagnostics.is_empty() {
        diagnostics.sort();
        // The same problem at the same place (a construct repeated on one line) is said once.
        diagnostics.dedup();
        return Err(ContentErrors(diagnostics).into());
    }
    drafts.sort_by(|a, b| {
        b.published_at
            .cmp(&a.published_at)
            .then_with(|| a.path.cmp(&b.path))
    });
    Ok((config, drafts, authors))
}

/// An alias must not be a story's URL, its own or another's, nor another
/// story's alias: each old URL leads to one story.
fn alias_collisions(drafts: &[Draft]) -> Vec<Diagnostic> {
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

/// The URL each published story had in the last build, by its file:
/// `.broadsheet-manifest.json` inside press's previous output (never
/// published: trunk's hook leaves press's dotfiles out of `dist/`).
pub const MANIFEST: &str = ".broadsheet-manifest.json";

#[derive(Debug, Default, Serialize, serde::Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    /// Article file, relative to `articles/` with `/` separators → its URL.
    pub articles: std::collections::BTreeMap<String, String>,
}

fn manifest_key(content: &Path, draft: &Draft) -> String {
    let articles = content.join("articles");
    let relative = draft.file.strip_prefix(&articles).unwrap_or(&draft.file);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads the previous output's manifest; a missing or unreadable one means
/// there is nothing to compare with (a first build).
fn previous_manifest(out: &Path) -> Manifest {
    std::fs::read(out.join(MANIFEST))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// A published story whose URL changed since the last build, without its
/// old URL among its `aliases`, would break every link to it.
fn moved_without_alias(content: &Path, previous: &Manifest, drafts: &[Draft]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for draft in drafts {
        let Some(old) = previous.articles.get(&manifest_key(content, draft)) else {
            continue;
        };
        let new = draft.path.url();
        if *old != new && !draft.aliases.iter().any(|a| a == old) {
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

fn write_manifest(library: &Library, content: &Path, staging: &Staging) -> Result<()> {
    let manifest = Manifest {
        schema_version: broadsheet_model::SCHEMA_VERSION,
        articles: library
            .drafts
            .iter()
            .filter(|d| !d.draft)
            .map(|d| (manifest_key(content, d), d.path.url()))
            .collect(),
    };
    Ok(staging.write(MANIFEST, &api::to_json(&manifest)?)?)
}

fn duplicate_urls(drafts: &[Draft]) -> Vec<Diagnostic> {
    let mut first_by_url: HashMap<String, &Draft> = HashMap::new();
    let mut first_by_slug: HashMap<(&str, &str), &Draft> = HashMap::new();
    let mut problems = Vec::new();
    for draft in drafts {
        let url = draft.path.url();
        if let Some(first) = first_by_url.get(&url) {
            problems.push(Diagnostic::new(
                &draft.file,
                draft.slug_line,
                "slug",
                format!(
                    "duplicate URL {url}: {} already uses it; set a different `slug`",
                    first.file.display()
                ),
            ));
            continue;
        }
        first_by_url.insert(url, draft);
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

pub fn compute_related(drafts: &[Draft]) -> related::Relations {
    related::related(&similarity_docs(drafts))
}

/// What related stories and duplicate checks read of each story.
pub fn similarity_docs(drafts: &[Draft]) -> Vec<Doc<'_>> {
    drafts
        .iter()
        .map(|d| Doc {
            headline: &d.headline,
            standfirst: &d.standfirst,
            body: &d.body,
            tags: &d.tags,
            section: &d.section.path,
            top_level: d.path.section.top_level(),
            published: d.published_at.timestamp(),
        })
        .collect()
}

/// `press check`'s warnings for stories whose bodies are nearly the same:
/// wire copy filed twice is usually a mistake. Each pair is named once, at
/// the later file.
pub fn duplicate_warnings(drafts: &[Draft]) -> Vec<Diagnostic> {
    related::near_duplicate::find(&similarity_docs(drafts))
        .into_iter()
        .map(|pair| {
            let (a, b) = (&drafts[pair.first], &drafts[pair.second]);
            let (first, second) = if a.file <= b.file { (a, b) } else { (b, a) };
            Diagnostic::new(
                &second.file,
                second.body_line,
                "body",
                format!(
                    "likely a duplicate of {} (about {:.0}% of the text is the same); \
                     neither is offered as the other's related story",
                    first.file.display(),
                    pair.similarity * 100.0
                ),
            )
        })
        .collect()
}
