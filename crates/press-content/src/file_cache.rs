//! What a long-running press (`press watch`) keeps of the files it read:
//! what was made of each file (for articles, its parse: `load::LoadCache`),
//! by the file's identity (device, inode, length, modification and change
//! times), so
//! that a build after an edit reads and parses the files that changed
//! instead of the whole archive.
//!
//! - A file modified within [`RACY`] of the build is parsed and not kept:
//!   rewritten in place within the same clock tick with the same length, it
//!   would look unchanged (git's "racy" files; the same rule as the
//!   output's memo, `broadsheet_output::memo`).
//! - Everything is dropped when the parse's other inputs change: `site.toml`
//!   or the list of pictures in `images/` (a story's picture that appears or
//!   goes changes its diagnostics). [`context`] is their fingerprint, and
//!   also the seed of every draft's `Draft::source`.
//! - Files gone from the folder leave the cache with their build.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::diagnostics::Diagnostic;

/// Files modified this close to the build are not kept.
pub const RACY: Duration = Duration::from_secs(2);

/// Device, inode, length, modification time and change time (ns). The
/// change time cannot be set back by a tool (`cp -p`, `rsync -t` and
/// `touch -r` set the modification time), as git knows.
pub type Identity = (u64, u64, u64, i128, i128);

/// Files by their path's bytes, hashed whole (xxh3): `Path`'s own hash
/// walks it component by component, and 100,000 paths are looked up in
/// every build.
type ByPath<T> = HashMap<OsString, (Identity, T), xxhash_rust::xxh3::Xxh3DefaultBuilder>;

/// What one build made of each file, for the next.
pub struct FileCache<T> {
    context: u64,
    files: ByPath<T>,
    /// How many files the last build took from the cache.
    pub reused: usize,
}

impl<T> Default for FileCache<T> {
    fn default() -> Self {
        FileCache {
            context: 0,
            files: ByPath::default(),
            reused: 0,
        }
    }
}

impl<T> FileCache<T> {
    /// How many files' values are kept.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Forgets everything if the other inputs are not the ones the kept
    /// values were made with.
    pub fn start(&mut self, context: u64) {
        if self.context != context {
            self.files.clear();
            self.context = context;
        }
    }

    /// The kept value of `file`, if the file is the one it was made from.
    pub fn get(&self, file: &Path, identity: Identity) -> Option<&T> {
        self.files
            .get(file.as_os_str())
            .filter(|(kept, _)| *kept == identity)
            .map(|(_, parsed)| parsed)
    }

    /// The kept value of `file` whatever its identity: for a file known
    /// otherwise not to have changed (`load::KeptListing::unchanged`).
    pub fn get_any(&self, file: &Path) -> Option<&T> {
        self.files.get(file.as_os_str()).map(|(_, parsed)| parsed)
    }

    /// Brings what is kept up to this build's files: `made` holds, for each
    /// file that was read again, its identity (`None`: not to be kept) and
    /// what was made of it; the other files of `files` were taken from the
    /// cache as they are. What is kept of a file not in `files` goes. Only
    /// what changed is touched: at 100,000 files, making the whole map
    /// again cost about 0.3 s of every build.
    pub fn update<'a>(
        &mut self,
        files: &[&'a Path],
        made: impl IntoIterator<Item = (&'a Path, Option<Identity>, T)>,
    ) {
        for (file, identity, value) in made {
            match identity {
                Some(identity) => {
                    self.files
                        .insert(file.as_os_str().to_owned(), (identity, value));
                }
                None => {
                    self.files.remove(file.as_os_str());
                }
            }
        }
        // Each file has at most one entry: more entries than kept files
        // means some are of files gone (deleted or renamed).
        let kept = files
            .iter()
            .filter(|file| self.files.contains_key(file.as_os_str()))
            .count();
        if kept != self.files.len() {
            let present: std::collections::HashSet<&OsStr> =
                files.iter().map(|file| file.as_os_str()).collect();
            self.files
                .retain(|file, _| present.contains(file.as_os_str()));
        }
    }
}

/// The identity of the file `metadata` describes, if it settled before
/// `racy_after` (else it may still change without looking changed).
pub fn settled_identity(metadata: &std::fs::Metadata, racy_after: SystemTime) -> Option<Identity> {
    let settled = metadata.modified().is_ok_and(|m| m < racy_after);
    settled.then(|| identity(metadata)).flatten()
}

#[cfg(unix)]
fn identity(metadata: &std::fs::Metadata) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt as _;
    let ns = |seconds: i64, nanoseconds: i64| {
        i128::from(seconds) * 1_000_000_000 + i128::from(nanoseconds)
    };
    Some((
        metadata.dev(),
        metadata.ino(),
        metadata.len(),
        ns(metadata.mtime(), metadata.mtime_nsec()),
        ns(metadata.ctime(), metadata.ctime_nsec()),
    ))
}

/// Without inodes nothing is kept.
#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> Option<Identity> {
    None
}

/// The fingerprint of what an article's parse reads besides its file
/// (`load::LoadCache`'s context): `site.toml` (the hash of the bytes its
/// configuration was parsed from) and the pictures `images/` holds (and the
/// problems found there).
pub fn context(
    site_toml: u64,
    pictures: &[crate::images::Picture],
    problems: &[Diagnostic],
) -> u64 {
    let mut text = Vec::with_capacity(8 + 64 * pictures.len());
    text.extend_from_slice(&site_toml.to_le_bytes());
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
mod tests {
    use super::*;

    #[test]
    fn the_context_is_site_toml_and_the_pictures() {
        let pictures = vec![("a.jpg".to_owned(), std::path::PathBuf::from("/x/a.jpg"))];
        let base = context(1, &pictures, &[]);
        assert_eq!(base, context(1, &pictures, &[]));
        assert_ne!(base, context(2, &pictures, &[]));
        assert_ne!(base, context(1, &[], &[]));
        let problem = Diagnostic::new(Path::new("/x/b.jpg"), 1, "file", "too large");
        assert_ne!(base, context(1, &pictures, &[problem]));
    }
}
