//! A memo of what was computed from a file's bytes (its hash, a cache key),
//! by the file's identity: device, inode, length and modification time.
//! The sites are made of hard links to files that are replaced, never
//! rewritten in place, so a file with the identity it had last time has the
//! bytes it had, and is not read again: precompression and render read the
//! few files an edit wrote instead of gigabytes.
//!
//! A file modified within [`RACY`] of the run that memoises it is left out:
//! rewritten in place within the same clock tick with the same length, it
//! would look unchanged (git's "racy" files).

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// Files modified this close to the run are not memoised.
pub const RACY: Duration = Duration::from_secs(2);

/// Device, inode, length, modification time (ns), and the variant of what
/// is memoised (a caller's setting that changes the value, such as a
/// compression level).
type Identity = (u64, u64, u64, i128, u32);

/// The memo of one run: what the last run saved, and what this one learns.
pub struct Memo {
    known: HashMap<Identity, u128>,
    learnt: Mutex<Vec<(Identity, u128)>>,
    racy_after: SystemTime,
}

#[cfg(unix)]
fn identity(metadata: &fs::Metadata, variant: u32) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt as _;
    let mtime = i128::from(metadata.mtime()) * 1_000_000_000 + i128::from(metadata.mtime_nsec());
    Some((
        metadata.dev(),
        metadata.ino(),
        metadata.len(),
        mtime,
        variant,
    ))
}

/// Without inodes nothing is memoised.
#[cfg(not(unix))]
fn identity(_: &fs::Metadata, _: u32) -> Option<Identity> {
    None
}

impl Memo {
    /// The memo saved at `path`; empty when there is none or it is damaged.
    pub fn load(path: &Path) -> Memo {
        let text = fs::read_to_string(path).unwrap_or_default();
        let known = text.lines().filter_map(parse_line).collect();
        Memo {
            known,
            learnt: Mutex::new(Vec::new()),
            racy_after: SystemTime::now() - RACY,
        }
    }

    /// What was memoised for the file of `metadata`, if it is the same file.
    pub fn get(&self, metadata: &fs::Metadata, variant: u32) -> Option<u128> {
        self.known.get(&identity(metadata, variant)?).copied()
    }

    /// Remembers `value` for the file of `metadata` (unless it was modified
    /// just now), for [`Memo::save`].
    pub fn remember(&self, metadata: &fs::Metadata, variant: u32, value: u128) {
        let settled = metadata.modified().is_ok_and(|m| m < self.racy_after);
        if let Some(identity) = identity(metadata, variant).filter(|_| settled) {
            self.learnt
                .lock()
                .expect("not poisoned")
                .push((identity, value));
        }
    }

    /// Replaces the memo at `path` with what this run remembered.
    pub fn save(self, path: &Path) -> Result<(), crate::OutputError> {
        let mut learnt = self.learnt.into_inner().expect("not poisoned");
        learnt.sort_unstable();
        let mut text = String::with_capacity(80 * learnt.len());
        for ((dev, ino, len, mtime, variant), value) in learnt {
            text.push_str(&format!(
                "{dev} {ino} {len} {mtime} {variant} {value:032x}\n"
            ));
        }
        crate::replace_file(path, text.as_bytes())
    }
}

fn parse_line(line: &str) -> Option<(Identity, u128)> {
    let mut parts = line.split(' ');
    let mut next = || parts.next();
    let identity = (
        next()?.parse().ok()?,
        next()?.parse().ok()?,
        next()?.parse().ok()?,
        next()?.parse().ok()?,
        next()?.parse().ok()?,
    );
    let value = next().filter(|v| v.len() == 32)?;
    let value = u128::from_str_radix(value, 16).ok()?;
    next().is_none().then_some((identity, value))
}

#[cfg(test)]
mod tests;
