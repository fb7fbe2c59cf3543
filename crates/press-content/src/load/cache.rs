//! What a long-running press (`press watch`) keeps of the article files it
//! read: each file's parse, by the file's identity (device, inode, length,
//! modification time), so that a build after an edit reads and parses the
//! files that changed instead of the whole archive.
//!
//! - A file modified within [`RACY`] of the build is parsed and not kept:
//!   rewritten in place within the same clock tick with the same length, it
//!   would look unchanged (git's "racy" files; the same rule as the
//!   output's memo, `broadsheet_output::memo`).
//! - Everything is dropped when the parse's other inputs change: `site.toml`
//!   or the list of pictures in `images/` (a story's picture that appears or
//!   goes changes its diagnostics). [`context`] is their fingerprint, and
//!   also the seed of every draft's [`Draft::source`].
//! - Files gone from the folder leave the cache with their build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::diagnostics::Diagnostic;
use crate::load::Draft;

/// Files modified this close to the build are not kept.
pub const RACY: Duration = Duration::from_secs(2);

/// Device, inode, length, modification time (ns).
pub(crate) type Identity = (u64, u64, u64, i128);

pub(crate) type Parsed = Result<Draft, Vec<Diagnostic>>;

/// The parses one build leaves for the next.
#[derive(Default)]
pub struct LoadCache {
    context: u64,
    files: HashMap<PathBuf, (Identity, Parsed)>,
}

impl LoadCache {
    /// How many files' parses are kept.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Forgets everything if the parse's other inputs are not the ones the
    /// kept parses were made with.
    pub(crate) fn start(&mut self, context: u64) {
        if self.context != context {
            self.files.clear();
            self.context = context;
        }
    }

    /// The kept parse of `file`, if the file is the one that was parsed.
    pub(crate) fn get(&self, file: &Path, identity: Identity) -> Option<&Parsed> {
        self.files
            .get(file)
            .filter(|(kept, _)| *kept == identity)
            .map(|(_, parsed)| parsed)
    }

    /// Replaces what is kept with this build's files.
    pub(crate) fn keep(&mut self, files: HashMap<PathBuf, (Identity, Parsed)>) {
        self.files = files;
    }

    pub(crate) fn take(&mut self) -> HashMap<PathBuf, (Identity, Parsed)> {
        std::mem::take(&mut self.files)
    }
}

/// The identity of the file `metadata` describes, if it settled before
/// `racy_after` (else it may still change without looking changed).
pub(crate) fn settled_identity(
    metadata: &std::fs::Metadata,
    racy_after: SystemTime,
) -> Option<Identity> {
    let settled = metadata.modified().is_ok_and(|m| m < racy_after);
    settled.then(|| identity(metadata)).flatten()
}

#[cfg(unix)]
fn identity(metadata: &std::fs::Metadata) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt as _;
    let mtime = i128::from(metadata.mtime()) * 1_000_000_000 + i128::from(metadata.mtime_nsec());
    Some((metadata.dev(), metadata.ino(), metadata.len(), mtime))
}

/// Without inodes nothing is kept.
#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> Option<Identity> {
    None
}

/// The fingerprint of what an article's parse reads besides its file:
/// `site.toml`'s bytes and the pictures `images/` holds (and the problems
/// found there).
pub fn context(
    site_toml: &[u8],
    pictures: &[crate::images::Picture],
    problems: &[Diagnostic],
) -> u64 {
    let mut text = Vec::with_capacity(site_toml.len() + 64 * pictures.len());
    text.extend_from_slice(site_toml);
    for (name, _) in pictures {
        text.push(0);
        text.extend_from_slice(name.as_bytes());
    }
    for problem in problems {
        text.push(1);
        text.extend_from_slice(problem.to_string().as_bytes());
    }
    xxhash_rust::xxh3::xxh3_64(&text)
}

#[cfg(test)]
mod tests;
