//! The build manifest (`press_content::manifest`) as a build makes it, and
//! what `press watch` keeps of the one its last build wrote: the manifest
//! itself, so the next build neither reads nor parses it (100,000 entries
//! at 100,000 stories), and its bytes' length and hash, so an unchanged
//! manifest is kept without being written as JSON again. Used only while
//! the live output's manifest is the very file that build left (device,
//! inode, length, modification time).

use std::path::{Path, PathBuf};

use anyhow::Result;
use broadsheet_output::continuity::{identity, Identity};
use broadsheet_output::Staging;
use press_content::load::Draft;
use press_content::manifest::{self, manifest_key_below, Manifest, MANIFEST};
use rayon::prelude::*;

use crate::library::Library;
use crate::write::to_json;

/// The manifest the last build of `press watch` wrote.
#[derive(Default)]
pub struct KeptManifest {
    last: Option<Last>,
}

struct Last {
    file: PathBuf,
    identity: Identity,
    manifest: Manifest,
    len: u64,
    hash: u128,
}

/// The previous output's manifest, and what is known of its bytes.
pub struct Previous {
    pub manifest: Manifest,
    known: Option<(u64, u128)>,
}

impl KeptManifest {
    /// The manifest of the output at `out`: the kept one while the file is
    /// the one the last build wrote, else read from the output.
    pub fn previous(&mut self, out: &Path) -> Previous {
        let file = out.join(MANIFEST);
        match self.last.take() {
            Some(last) if last.file == file && identity(&file) == Some(last.identity) => Previous {
                manifest: last.manifest,
                known: Some((last.len, last.hash)),
            },
            _ => Previous {
                manifest: manifest::previous(out),
                known: None,
            },
        }
    }

    /// Remembers `manifest`, which a build just made live at `out`.
    pub fn keep(&mut self, out: &Path, written: Written) {
        let file = out.join(MANIFEST);
        self.last = identity(&file).map(|identity| Last {
            file,
            identity,
            manifest: written.manifest,
            len: written.len,
            hash: written.hash,
        });
    }
}

/// Each story's manifest key (its file, below `articles/`), in order.
pub fn keys(drafts: &[Draft], content: &Path) -> Vec<String> {
    let articles = content.join("articles");
    drafts
        .par_iter()
        .map(|d| manifest_key_below(&articles, d))
        .collect()
}

/// The manifest of this build's library: each published story's URL by
/// its file. `keys` are the stories' [`keys`], in order.
pub fn of(library: &Library, keys: Vec<String>) -> Manifest {
    let articles = library
        .drafts
        .par_iter()
        .zip(keys)
        .filter(|(d, _)| !d.draft)
        .map(|(d, key)| (key, d.path.url()))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    Manifest {
        schema_version: broadsheet_model::SCHEMA_VERSION,
        articles,
        drafts: library.drafts.iter().any(|d| d.draft),
    }
}

/// Whether a story of the previous output is not in this one (deleted,
/// unpublished, expired or moved), or the previous output showed drafts.
pub fn pulled_any(previous: &Manifest, next: &Manifest) -> bool {
    if previous.drafts {
        return true;
    }
    if previous.articles == next.articles {
        return false;
    }
    let urls: std::collections::HashSet<&String> = next.articles.values().collect();
    previous.articles.values().any(|url| !urls.contains(url))
}

/// The manifest as written: what [`KeptManifest::keep`] remembers.
pub struct Written {
    manifest: Manifest,
    len: u64,
    hash: u128,
}

/// Writes `next` into the output, or keeps the previous output's file when
/// it holds these very entries and its bytes are known.
pub fn write(next: Manifest, previous: &Previous, staging: &Staging) -> Result<Written> {
    if let Some((len, hash)) = previous.known {
        let same = previous.manifest.schema_version == next.schema_version
            && previous.manifest.drafts == next.drafts
            && previous.manifest.articles == next.articles;
        if same && staging.keep_known(MANIFEST, len, hash)? {
            return Ok(Written {
                manifest: next,
                len,
                hash,
            });
        }
    }
    let bytes = to_json(&next)?;
    staging.write(MANIFEST, &bytes)?;
    Ok(Written {
        manifest: next,
        len: bytes.len() as u64,
        hash: broadsheet_output::hash(&bytes),
    })
}

impl Previous {
    /// The previous output's manifest, read from it.
    pub fn read(out: &Path) -> Previous {
        Previous {
            manifest: manifest::previous(out),
            known: None,
        }
    }
}
