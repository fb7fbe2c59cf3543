//! What a long-running press (`press watch`) knows of the output its last
//! build left, so that the next build starts from it without listing or
//! reading it again:
//!
//! - the ledger it wrote into the live output, so the next build does not
//!   read and parse it (188,000 lines at 100,000 stories);
//! - the files it wrote and deleted, so the spare (the output it swapped
//!   out, parked beside the live one) is made the live one's copy by
//!   linking only those ([`crate::spare::mirror_changes`]), without listing
//!   both folders (two listings of 188,000 files).
//!
//! Both are used only while the folders are as that build left them: the
//! live ledger and the spare's mark are the very files it wrote (device,
//! inode, length and modification time). Another build of the same output
//! (`press build`, a second `press watch`) writes new ones, and the next
//! build then lists and reads as without this. A build takes what it knows
//! at its start ([`Continuity::take`]), so a build that fails leaves
//! nothing for the one after.

use std::fs;
use std::path::{Path, PathBuf};

use crate::ledger::{Ledger, LEDGER};
use crate::spare::{spare_of, SPARE_MARK};

/// Device, inode, length and modification time (ns) of a file: the same
/// file, unchanged, while they are the same.
pub type Identity = (u64, u64, u64, i128);

/// The [`Identity`] of the plain file at `path`; `None` for anything else,
/// or where there are no inodes.
#[cfg(unix)]
pub fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt as _;
    let metadata = fs::symlink_metadata(path).ok()?;
    metadata.is_file().then(|| {
        (
            metadata.dev(),
            metadata.ino(),
            metadata.len(),
            i128::from(metadata.mtime()) * 1_000_000_000 + i128::from(metadata.mtime_nsec()),
        )
    })
}

/// Without inodes nothing is known.
#[cfg(not(unix))]
pub fn identity(_: &Path) -> Option<Identity> {
    None
}

/// What the last build left (see the module's text).
#[derive(Default)]
pub struct Continuity {
    last: Option<Last>,
}

pub(crate) struct Last {
    target: PathBuf,
    ledger: Ledger,
    ledger_identity: Identity,
    /// The spare's mark, when that build parked the output it replaced.
    spare: Option<Identity>,
    /// What that build wrote and deleted, of the site's files (press's
    /// bookkeeping, at the top only, is compared there by `mirror_changes`).
    written: Vec<String>,
    deleted: Vec<String>,
}

/// What a build may start from, taken at its start.
pub(crate) struct Known {
    /// The live output's ledger, as the last build wrote it.
    pub ledger: Ledger,
    /// The files to link again and remove to make the spare the live
    /// output's copy, when the spare is the one that build parked.
    pub spare_changes: Option<(Vec<String>, Vec<String>)>,
}

impl Continuity {
    /// What is known of `target` and is still so; nothing is kept for the
    /// build after this one, which learns it again ([`Continuity::record`]).
    pub(crate) fn take(&mut self, target: &Path) -> Option<Known> {
        let last = self.last.take()?;
        if last.target != target || identity(&target.join(LEDGER)) != Some(last.ledger_identity) {
            return None;
        }
        let spare_is_ours = last
            .spare
            .is_some_and(|mark| identity(&spare_of(target).join(SPARE_MARK)) == Some(mark));
        Some(Known {
            ledger: last.ledger,
            spare_changes: spare_is_ours.then_some((last.written, last.deleted)),
        })
    }

    /// What a build just left at `target`: its ledger, and what it wrote
    /// and deleted; `parked` when the output it replaced became the spare.
    pub(crate) fn record(
        &mut self,
        target: &Path,
        ledger: Ledger,
        written: Vec<String>,
        deleted: Vec<String>,
        parked: bool,
    ) {
        self.last = identity(&target.join(LEDGER)).map(|ledger_identity| Last {
            target: target.to_owned(),
            ledger,
            ledger_identity,
            spare: parked
                .then(|| identity(&spare_of(target).join(SPARE_MARK)))
                .flatten(),
            written,
            deleted,
        });
    }

    /// Whether a build left something to start from.
    pub fn is_known(&self) -> bool {
        self.last.is_some()
    }
}
