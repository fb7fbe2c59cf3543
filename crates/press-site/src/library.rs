//! What every output is made from: the checked, published stories of one
//! build, with their teasers, writers, tags and related stories.

use anyhow::Result;
use broadsheet_model::Teaser;
use broadsheet_output::Staging;
use press_content::config::SiteConfig;
use press_content::load::Draft;

/// Everything the outputs are made from: the checked content, newest first,
/// with each story's teaser and related stories at the same index.
pub struct Library {
    pub config: SiteConfig,
    pub drafts: Vec<Draft>,
    pub teasers: Vec<Teaser>,
    /// Profiles, bylines and tags, by story.
    pub taxonomy: press_content::taxonomy::Taxonomy,
    /// The build's time (`--now`): what "the last 48 hours" means.
    pub now: chrono::DateTime<chrono::FixedOffset>,
    /// Related stories, "more from" lists and duplicates, as indexes into
    /// `drafts` / `teasers`.
    pub relations: press_related::Relations,
    /// The archive's words in its language: related stories and search read them.
    pub words: press_related::Words,
    /// What step "pictures" made of the pictures stories and profiles show.
    pub pictures: crate::pictures::Pictures,
    /// Show a progress bar while writing large outputs.
    pub progress: bool,
    /// What `press watch` remembers of the files it wrote (disabled for
    /// `press build`).
    pub memo: crate::file_memo::FileMemo,
    /// Each teaser's hash (`file_memo::teaser_hash`), at the same index,
    /// when the memo is enabled: what the memo's inputs read of a teaser.
    pub teaser_hashes: Option<Vec<u64>>,
}

/// One output of the build: files written from the library into staging.
pub type Output = fn(&Library, &Staging) -> Result<()>;
