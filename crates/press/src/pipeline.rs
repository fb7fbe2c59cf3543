//! `press build`: load → check → index (related) → write, atomically.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use broadsheet_model::{
    Article, FrontPage, Rail, SectionPage, SectionPath, Site, Teaser, SCHEMA_VERSION,
};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::load::{self, Draft};
use crate::related::{self, Doc};
use crate::write::Staging;
use crate::{feeds, popular, sitemap};

/// Stories on the front page besides the lead.
pub const FRONT_TOP: usize = 6;
/// Stories per section rail on the front page.
pub const FRONT_RAIL: usize = 4;
/// Stories in the front page's "Latest" list.
pub const FRONT_LATEST: usize = 10;

pub struct BuildOptions {
    /// Folder with `site.toml` and `articles/`.
    pub content: PathBuf,
    /// Output folder; becomes the site root overlay (`data/`, `feeds/`, `sitemap.xml`).
    pub out: PathBuf,
    pub progress: bool,
}

/// What a build did, for the summary line and the benchmark.
#[derive(Debug, Default, Serialize)]
pub struct BuildReport {
    pub articles: usize,
    pub files: u64,
    pub bytes: u64,
    pub load: Duration,
    pub related: Duration,
    pub write: Duration,
}

/// Content problems: the build wrote nothing.
#[derive(Debug)]
pub struct ContentErrors(pub Vec<Diagnostic>);

impl std::fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "error: {diagnostic}")?;
        }
        let files: std::collections::BTreeSet<_> = self.0.iter().map(|d| &d.file).collect();
        write!(
            f,
            "{} problem(s) in {} file(s); nothing was written, the previous output is intact",
            self.0.len(),
            files.len()
        )
    }
}

impl std::error::Error for ContentErrors {}

/// Loads and checks all content; returns the drafts newest first.
pub fn check(content: &Path) -> Result<(SiteConfig, Vec<Draft>)> {
    let config = SiteConfig::load(&content.join("site.toml"))?;
    let files = load::find_article_files(&content.join("articles"))?;
    let (mut drafts, mut diagnostics) = load::load_all(&files, &config);
    diagnostics.extend(duplicate_urls(&drafts));
    if !diagnostics.is_empty() {
        diagnostics.sort();
        return Err(ContentErrors(diagnostics).into());
    }
    drafts.sort_by(|a, b| {
        b.published_at
            .cmp(&a.published_at)
            .then_with(|| a.path.cmp(&b.path))
    });
    Ok((config, drafts))
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

pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let (config, drafts) = check(&options.content)?;
    let load_time = started.elapsed();

    let started = Instant::now();
    let related = compute_related(&drafts);
    let related_time = started.elapsed();

    let started = Instant::now();
    let staging = Staging::new(&options.out)?;
    let teasers: Vec<Teaser> = drafts.iter().map(teaser).collect();
    let progress = progress_bar(options.progress, drafts.len());
    drafts
        .par_iter()
        .zip(related.par_iter())
        .try_for_each(|(draft, related)| -> Result<()> {
            let article = article(draft, related.iter().map(|&j| teasers[j].clone()).collect());
            staging.write(&draft.path.json_path(), &to_json(&article)?)?;
            progress.inc(1);
            Ok(())
        })?;
    progress.finish_and_clear();
    write_site(&staging, &config)?;
    write_front(&staging, &config, &teasers)?;
    write_sections(&staging, &config, &teasers)?;
    feeds::write_all(&staging, &config, &drafts)?;
    // Until `press popular` has counted real logs, the box shows the newest stories, marked as such.
    let generated_at = drafts
        .first()
        .map(|d| {
            d.published_at
                .with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
        .unwrap_or_default();
    let fallback = popular::fallback(&config, &teasers, &generated_at);
    staging.write(broadsheet_model::paths::POPULAR_JSON, &to_json(&fallback)?)?;
    sitemap::write(&staging, &config, &drafts)?;
    let report = BuildReport {
        articles: drafts.len(),
        files: staging.file_count(),
        bytes: staging.byte_count(),
        load: load_time,
        related: related_time,
        write: started.elapsed(),
    };
    staging.commit()?;
    Ok(report)
}

fn progress_bar(enabled: bool, total: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !enabled || !std::io::stderr().is_terminal() || total < 1000 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("writing articles {bar:40} {pos}/{len} ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

pub fn compute_related(drafts: &[Draft]) -> Vec<Vec<usize>> {
    let docs: Vec<Doc> = drafts
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
        .collect();
    related::related(&docs)
}

fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).context("cannot serialise JSON")
}

pub fn teaser(draft: &Draft) -> Teaser {
    Teaser {
        url: draft.path.url(),
        headline: draft.headline.clone(),
        standfirst: draft.standfirst.clone(),
        section: draft.section.clone(),
        published: draft.published.clone(),
        thumbnail: draft.hero.clone(),
    }
}

pub fn article(draft: &Draft, related: Vec<Teaser>) -> Article {
    Article {
        schema_version: SCHEMA_VERSION,
        url: draft.path.url(),
        headline: draft.headline.clone(),
        standfirst: draft.standfirst.clone(),
        section: draft.section.clone(),
        trail: draft.trail.clone(),
        byline: draft.byline.clone(),
        published: draft.published.clone(),
        updated: draft.updated.clone(),
        tags: draft.tags.clone(),
        hero: draft.hero.clone(),
        body: draft.body.clone(),
        related,
        word_count: draft.word_count,
    }
}

fn write_site(staging: &Staging, config: &SiteConfig) -> Result<()> {
    let site = Site {
        schema_version: SCHEMA_VERSION,
        name: config.name.clone(),
        tagline: config.tagline.clone(),
        base_url: config.base_url.clone(),
        sections: config.tree(),
    };
    staging.write(broadsheet_model::paths::SITE_JSON, &to_json(&site)?)
}

/// `teasers` is newest first.
fn write_front(staging: &Staging, config: &SiteConfig, teasers: &[Teaser]) -> Result<()> {
    let lead = teasers.first().cloned();
    let top: Vec<Teaser> = teasers.iter().skip(1).take(FRONT_TOP).cloned().collect();
    let shown: Vec<&str> = teasers
        .iter()
        .take(1 + FRONT_TOP)
        .map(|t| t.url.as_str())
        .collect();
    let rails = config
        .top_level()
        .filter_map(|section| {
            let top_path = section.path.as_path();
            let in_section: Vec<Teaser> = teasers
                .iter()
                .filter(|t| t.section.path.split('/').next() == Some(top_path.as_str()))
                .filter(|t| !shown.contains(&t.url.as_str()))
                .take(FRONT_RAIL)
                .cloned()
                .collect();
            (!in_section.is_empty()).then(|| Rail {
                section: section.reference(),
                teasers: in_section,
            })
        })
        .collect();
    let front = FrontPage {
        schema_version: SCHEMA_VERSION,
        lead,
        top,
        rails,
        latest: teasers.iter().take(FRONT_LATEST).cloned().collect(),
    };
    staging.write(broadsheet_model::paths::FRONT_JSON, &to_json(&front)?)
}

/// Every section gets pages of teasers from itself and its subsections, newest first.
fn write_sections(staging: &Staging, config: &SiteConfig, teasers: &[Teaser]) -> Result<()> {
    let mut by_section: BTreeMap<String, Vec<&Teaser>> = BTreeMap::new();
    for teaser in teasers {
        if let Some(path) = SectionPath::parse(&teaser.section.path) {
            for ancestor in path.ancestors_and_self() {
                by_section
                    .entry(ancestor.as_path())
                    .or_default()
                    .push(teaser);
            }
        }
    }
    config
        .sections
        .par_iter()
        .try_for_each(|section| -> Result<()> {
            let list = by_section
                .get(&section.path.as_path())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let page_size = config.section_page_size;
            let total_pages = list.len().div_ceil(page_size).max(1);
            for page in 1..=total_pages {
                let start = (page - 1) * page_size;
                let page_teasers = list
                    .iter()
                    .skip(start)
                    .take(page_size)
                    .map(|t| (*t).clone())
                    .collect();
                let section_page = SectionPage {
                    schema_version: SCHEMA_VERSION,
                    section: section.reference(),
                    trail: config.trail(&section.path),
                    subsections: config
                        .children(&section.path)
                        .into_iter()
                        .map(|s| s.reference())
                        .collect(),
                    page: page as u32,
                    total_pages: total_pages as u32,
                    total_articles: list.len() as u32,
                    teasers: page_teasers,
                };
                staging.write(
                    &section.path.json_path(page as u32),
                    &to_json(&section_page)?,
                )?;
            }
            Ok(())
        })
}

pub struct PopularOptions {
    pub content: PathBuf,
    pub site: PathBuf,
    pub logs: Vec<PathBuf>,
    pub window_hours: f64,
    pub half_life_hours: Option<f64>,
    pub now: chrono::DateTime<chrono::Utc>,
    pub base_path: String,
}

/// `press popular`: count the logs, write `data/popular.json` into the built site.
pub fn popular(options: &PopularOptions) -> Result<()> {
    let (config, drafts) = check(&options.content)?;
    let teasers: Vec<Teaser> = drafts.iter().map(teaser).collect();
    let index: HashMap<String, u32> = teasers
        .iter()
        .enumerate()
        .map(|(i, t)| (t.url.clone(), i as u32))
        .collect();
    if options.window_hours.is_nan() || options.window_hours <= 0.0 {
        anyhow::bail!("--window-hours must be more than 0");
    }
    let counting = popular::Counting {
        end: options.now.timestamp(),
        window_seconds: (options.window_hours * 3600.0) as i64,
        half_life_seconds: options.half_life_hours.map(|h| (h * 3600.0) as i64),
        base_path: options.base_path.trim_end_matches('/').to_owned(),
    };
    let (readers, scores, report) = popular::count_logs(&options.logs, &counting, &index)?;
    let start = options.now - chrono::Duration::seconds(counting.window_seconds);
    let utc =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let window = broadsheet_model::PopularWindow {
        start: utc(start),
        end: utc(options.now),
    };
    let ranking = popular::ranking(
        &config,
        &teasers,
        &readers,
        &scores,
        window,
        options.half_life_hours,
        options.now,
    );
    let target = options.site.join(broadsheet_model::paths::POPULAR_JSON);
    let parent = target
        .parent()
        .context("popular.json has a parent folder")?;
    std::fs::create_dir_all(parent)
        .with_context(|| format!("{}: cannot create", parent.display()))?;
    let temporary = target.with_extension("json.tmp");
    std::fs::write(&temporary, to_json(&ranking)?)
        .with_context(|| format!("{}: cannot write", temporary.display()))?;
    std::fs::rename(&temporary, &target)
        .with_context(|| format!("{}: cannot replace", target.display()))?;

    let megabytes = report.bytes as f64 / 1e6;
    eprintln!(
        "press popular: {} lines ({megabytes:.1} MB) in {:.2} s = {:.0} MB/s; counted {} reads",
        report.lines,
        report.seconds,
        megabytes / report.seconds.max(1e-9),
        report.counted
    );
    for (reason, count) in &report.skipped {
        eprintln!("  skipped {count:>10}  {}", reason.label());
    }
    if let Some(peak) = popular::peak_memory_bytes() {
        eprintln!("  peak memory {:.1} MB", peak as f64 / 1e6);
    }
    eprintln!("  wrote {}", target.display());
    Ok(())
}
