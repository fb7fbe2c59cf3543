//! `press build` as a list of named steps, in the manner of Zola's
//! `Site::build`: load and check the content into a [`Library`], compute
//! related stories, run every [`OUTPUTS`] entry over the library into one
//! staging folder, and swap that folder in. Nothing here prints: the report
//! goes back to `main`, and `messages` words it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Result;
use broadsheet_output::Staging;
use press_content::check::{check_all_with, moved_without_alias, ContentErrors};
use press_content::schedule::{self, Publication, Schedule};
use press_content::teaser::teaser;
use serde::Serialize;

use crate::library::{Library, Output};
use crate::similarity::{compute_related_with, site_words};
use crate::write::to_json;
use crate::{api, feeds, listings, pictures, redirects, search_index, sitemap};

mod manifest;

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
    /// The pictures' cache; `None`: `.press-cache/` in the content folder.
    pub cache: Option<PathBuf>,
    /// Start from nothing rather than from the previous output's files
    /// (the result is the same, byte for byte).
    pub full: bool,
}

/// Every output, in the order they are written. A new output (redirects, a
/// news sitemap) is one module and one line here. The search index is
/// written after them, computed while they are written (`build`).
pub const OUTPUTS: &[(&str, Output)] = &[
    ("articles", api::write_articles),
    ("site", api::write_site),
    ("front page", api::write_front),
    ("sections", api::write_sections),
    ("authors", listings::write_authors),
    ("tags", listings::write_tags),
    ("archives", listings::write_archives),
    (
        "most popular (until logs are counted)",
        api::write_popular_fallback,
    ),
    ("breaking news", api::write_breaking),
    ("feeds", feeds::write),
    ("sitemap", sitemap::write),
    ("redirects for moved stories", redirects::write),
    ("pictures", pictures::write),
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
    /// Pictures decoded and encoded (not found in the cache).
    pub pictures_made: usize,
    /// Pictures in `images/` that no story or profile shows: not published.
    pub pictures_unused: usize,
    /// Whether the build started from the previous output's files.
    pub incremental: bool,
    /// The files written and deleted (`--changes`).
    #[serde(skip)]
    pub changes: broadsheet_output::Changes,
    /// How many files were written, deleted and kept as they were.
    pub written: usize,
    pub deleted: usize,
    pub unchanged: u64,
    /// From the start of the build to the new output being live.
    pub live_after: Duration,
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

/// What a long-running press (`press watch`) keeps from one build to the
/// next, so that a build after an edit reads what changed instead of the
/// whole archive: each article file's parse, each story's words for
/// search, and related stories as the last build worked them out (only
/// what an edit can change is worked out again). A build with it equals a build without
/// it, byte for byte (the oracle in `crates/press/tests/press.rs` checks).
#[derive(Default)]
pub struct Memory {
    pub load: press_content::load::LoadCache,
    pub related: press_related::Memory,
    pub search: search_index::cache::SearchCache,
    pub files: crate::file_memo::FileMemo,
    /// The output the last build left: its ledger, and what it wrote and
    /// deleted (the spare is made the live output's copy from those).
    pub output: broadsheet_output::Continuity,
    /// The manifest the last build wrote.
    pub manifest: manifest::KeptManifest,
}

pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    build_with(options, None)
}

/// [`build`], keeping in `memory` what the next build can reuse.
pub fn build_with(options: &BuildOptions, memory: Option<&mut Memory>) -> Result<BuildReport> {
    let started = Instant::now();
    let mut report = BuildReport::default();
    let (load_cache, read_cache, search_cache, mut file_memo, mut continuity, mut kept_manifest) =
        match memory {
            Some(memory) => (
                Some(&mut memory.load),
                Some(&mut memory.related),
                Some(&mut memory.search),
                Some(&mut memory.files),
                Some(&mut memory.output),
                Some(&mut memory.manifest),
            ),
            None => (None, None, None, None, None, None),
        };
    broadsheet_output::check_target(&options.out, &[&options.content], true)?;
    let (config, mut all, mut authors) =
        report.timed("load", || check_all_with(&options.content, load_cache))?;
    let cache = options
        .cache
        .clone()
        .unwrap_or_else(|| pictures::default_cache(&options.content));
    let pictures = report.timed("pictures", || {
        pictures::prepare(config.images_dir.as_deref(), &cache, &mut all, &mut authors)
    })?;
    report.pictures_made = pictures.processed;
    report.pictures_unused = pictures.unused;
    // Before anything is computed: what is not published cannot leak.
    let (drafts, schedule) = schedule::published(all, &options.publication);
    report.schedule = schedule;
    let (previous, mut moved, keys) = report.timed("previous manifest", || {
        let previous = match kept_manifest.as_deref_mut() {
            Some(kept) => kept.previous(&options.out),
            None => manifest::Previous::read(&options.out),
        };
        let keys = manifest::keys(&drafts, &options.content);
        let moved = moved_without_alias(&previous.manifest, &drafts, &keys);
        (previous, moved, keys)
    });
    if !moved.is_empty() {
        moved.sort();
        return Err(ContentErrors(moved).into());
    }
    let words = report.timed("words", || site_words(&config.language, &drafts));
    let relations = report.timed("related", || {
        compute_related_with(&drafts, &words, read_cache)
    });
    let now = options.publication.now;
    let teasers = report.timed("teasers", || {
        use rayon::prelude::*;
        drafts.par_iter().map(|draft| teaser(draft, now)).collect()
    });
    let taxonomy = report.timed("authors and tags", || {
        press_content::taxonomy::build(authors, &drafts)
    });
    let mut library = Library {
        config,
        drafts,
        teasers,
        taxonomy,
        now: now.fixed_offset(),
        relations,
        words,
        pictures,
        progress: options.progress,
        memo: match file_memo.as_deref_mut() {
            Some(memo) if memo.is_enabled() => std::mem::take(memo),
            Some(_) => crate::file_memo::FileMemo::enabled(),
            None => Default::default(),
        },
        teaser_hashes: None,
    };
    if library.memo.is_enabled() {
        let hashes = report.timed("teaser hashes", || {
            use rayon::prelude::*;
            library
                .teasers
                .par_iter()
                .map(crate::file_memo::teaser_hash)
                .collect()
        });
        library.teaser_hashes = Some(hashes);
    }
    // The previous output's files, hard-linked: only what changes is written
    // (crates/output, `Staging::tracked`). The build before parked the
    // output it replaced: made a copy of the live one again, only the files
    // that build wrote are linked anew.
    let staging = report.timed("previous output", || {
        Staging::tracked_with(&options.out, options.full, continuity.as_deref_mut())
    })?;
    let mut staging = staging.replacing_only_stamped();
    let next_manifest = report.timed("manifest", || manifest::of(&library, keys));
    let pulled = report.timed("pulled stories", || {
        manifest::pulled_any(&previous.manifest, &next_manifest)
    });
    if pulled {
        // The old output holds a pulled story, or drafts: deleted after the
        // swap, not parked beside the output for the next build.
        staging = staging.removing_old_output();
    }
    report.incremental = staging.is_incremental();
    staging.stamp()?;
    let written_manifest = report.timed("manifest written", || {
        manifest::write(next_manifest, &previous, &staging)
    })?;
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
        || {
            options
                .search
                .then(|| search_index::build_with(&library, search_cache))
        },
    );
    let searched = match (&written, &index) {
        (Ok(()), Some(index)) => report.timed("search index", || {
            search_index::write(index, &library, &staging)
        }),
        _ => Ok(()),
    };
    // What was written is remembered whatever became of the build.
    if let Some(memo) = file_memo {
        *memo = std::mem::take(&mut library.memo).finish();
    }
    written?;
    searched?;
    report.articles = library.drafts.len();
    report.files = staging.file_count();
    report.bytes = staging.byte_count();
    // The schedule is written before the swap, so that a failure to write
    // it fails the build while the old output is still live; after the
    // swap it only has to be renamed into place.
    let schedule = prepare_schedule(&options.out, &report.schedule)?;
    report.changes = report.timed("unchanged files kept", || staging.settle())?;
    let retired = report.timed("swap", || staging.swap())?;
    schedule.commit()?;
    report.live_after = started.elapsed();
    report.written = report.changes.written.len();
    report.deleted = report.changes.deleted.len();
    report.unchanged = report.changes.unchanged;
    // Parked beside the output as the next build's start (crates/output,
    // `spare`), or removed after a full build.
    report.timed("retire the old output", || match continuity {
        Some(continuity) => retired.remove_continuing(continuity),
        None => retired.remove(),
    })?;
    if let Some(kept) = kept_manifest {
        kept.keep(&options.out, written_manifest);
    }
    drop_in_background((library, index));
    Ok(report)
}

/// Frees what a build made on another thread. At 100,000 stories the
/// library takes about 0.2 s to free, and neither the report nor the
/// watch's next build needs to wait for it. If no thread can be started,
/// it is freed here.
fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("press: free the last build".to_owned())
        .spawn(move || drop(value));
}

/// `<out>.schedule.json`: when to build next, for a scheduler (cron, CI).
/// Beside the output, never in it; replaced atomically.
pub fn schedule_file(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".schedule.json");
    PathBuf::from(name)
}

fn prepare_schedule(out: &Path, schedule: &Schedule) -> Result<broadsheet_output::PreparedFile> {
    // A build killed between this and putting the schedule in place left
    // its temporary file beside the output (only files of processes that
    // are gone are removed: the last build may still be putting its own
    // in place).
    broadsheet_output::remove_stale_temporaries(&schedule_file(out));
    Ok(broadsheet_output::prepare_file(
        &schedule_file(out),
        &to_json(schedule)?,
    )?)
}
