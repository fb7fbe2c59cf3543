//! Output folders that are never lost, never half-written and never leak
//! into what they should not touch. press and render write through
//! [`Staging`]:
//!
//! 1. **Refuse a wrong target** ([`check_target`]): an output folder that is,
//!    contains or lies inside a folder it must protect (the content), or an
//!    existing folder that is neither empty nor marked by press's [`STAMP`].
//! 2. **Write into a staging folder** beside the target, named
//!    `.<name>.staging-<pid>-<n>`, guarded by a lock file
//!    `.<name>.staging-<pid>-<n>.lock` that the writing process holds locked.
//! 3. **Swap atomically** ([`Staging::commit`]): on Linux one
//!    `renameat2(RENAME_EXCHANGE)` exchanges the staging folder and the
//!    target, so a reader sees the whole old output or the whole new one,
//!    at every instant. Elsewhere (or on a file system that refuses the
//!    exchange) two renames are used, and for the instant between them the
//!    target is missing; that is documented in ARCHITECTURE.md.
//! 4. **Clean up**: the old output, now in the staging folder's place, is
//!    deleted, and the next run deletes the staging folders of runs that were
//!    killed (their lock is free), never those of runs still going.
//!
//! All file I/O of the outputs goes through here.

use std::fs::{self, File};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use thiserror::Error;

pub mod continuity;
mod ledger;
pub mod memo;
pub mod spare;

pub use continuity::Continuity;
pub use ledger::{hash, is_bookkeeping, Changes, Entry, Ledger, LEDGER};

/// The file press writes at the root of every output it makes. An existing
/// `--out` without it (and not empty) is refused: it is somebody else's folder.
pub const STAMP: &str = ".broadsheet-output";

/// What the stamp says, for a person who opens it.
pub const STAMP_TEXT: &str =
    "This folder was written by Broadsheet's press. press replaces it whole on \
every build: keep nothing else in it.\n";

#[derive(Debug, Error)]
pub enum OutputError {
    #[error("{path}: refusing to write the output here: {reason}")]
    Refused { path: PathBuf, reason: String },
    #[error("{path}: cannot {action}: {source}")]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: io::Error,
    },
}

fn io_error<'a>(
    path: &'a Path,
    action: &'static str,
) -> impl FnOnce(io::Error) -> OutputError + 'a {
    move |source| OutputError::Io {
        path: path.to_owned(),
        action,
        source,
    }
}

fn refused(path: &Path, reason: impl Into<String>) -> OutputError {
    OutputError::Refused {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

/// Checks that `target` may be replaced whole by a build: it is not, does
/// not contain and does not lie inside any of `protect`; and if it exists,
/// it is a real folder (not a link or a file) that is empty or carries the
/// [`STAMP`] (when `stamped` is asked for).
pub fn check_target(target: &Path, protect: &[&Path], stamped: bool) -> Result<(), OutputError> {
    let resolved = resolve(target)?;
    for folder in protect {
        let folder = resolve(folder)?;
        if resolved == folder {
            return Err(refused(
                target,
                format!("it is the content folder {}", folder.display()),
            ));
        }
        if resolved.starts_with(&folder) {
            return Err(refused(
                target,
                format!("it lies inside the content folder {}", folder.display()),
            ));
        }
        if folder.starts_with(&resolved) {
            return Err(refused(
                target,
                format!("it contains the content folder {}", folder.display()),
            ));
        }
    }
    let metadata = match fs::symlink_metadata(target) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(io_error(target, "inspect the output folder")(error)),
    };
    if metadata.file_type().is_symlink() {
        return Err(refused(
            target,
            "it is a symbolic link; give the folder it points to, or a new path",
        ));
    }
    if !metadata.is_dir() {
        return Err(refused(target, "it is a file, not a folder"));
    }
    if stamped && !is_stamped(target) && !is_empty_dir(target)? {
        return Err(refused(
            target,
            format!(
                "it exists and is not a Broadsheet output (no {STAMP} file), so replacing it could \
                 destroy somebody's files; choose a new or empty folder, or remove this one yourself"
            ),
        ));
    }
    Ok(())
}

/// Whether `folder` carries press's stamp.
pub fn is_stamped(folder: &Path) -> bool {
    fs::symlink_metadata(folder.join(STAMP)).is_ok_and(|m| m.is_file())
}

fn is_empty_dir(folder: &Path) -> Result<bool, OutputError> {
    Ok(fs::read_dir(folder)
        .map_err(io_error(folder, "list the output folder"))?
        .next()
        .is_none())
}

/// An absolute path with every existing part's links resolved, for comparing
/// folders that may not exist yet.
fn resolve(path: &Path) -> Result<PathBuf, OutputError> {
    let absolute = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir()
            .map_err(io_error(path, "find the current folder"))?
            .join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = fs::canonicalize(existing) {
            let mut resolved = real;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        resolved.pop();
                    }
                    Component::CurDir => {}
                    other => resolved.push(other.as_os_str()),
                }
            }
            return Ok(resolved);
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return Ok(absolute),
        }
    }
}

/// A folder being written, to be swapped in for the target whole.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    lock_path: PathBuf,
    /// Held locked for the staging folder's life: a run that finds the lock
    /// free knows the folder's writer is gone. `None` for [`Staging::in_place`].
    _lock: Option<File>,
    files: AtomicU64,
    bytes: AtomicU64,
    committed: bool,
    /// Swap out only a stamped (or empty) folder: see [`Staging::replacing_only_stamped`].
    only_stamped: bool,
    /// A build that keeps a ledger: see [`Staging::tracked`].
    tracking: Option<Tracking>,
    /// Park the output this staging replaces as the next build's start
    /// ([`spare`]) instead of deleting it.
    park_retired: bool,
    /// When the folder started as the spare: what making it the target's copy took.
    from_spare: Option<spare::Mirrored>,
}

/// The ledger's bookkeeping during a tracked build.
struct Tracking {
    /// The output's ledger, when the staging folder started as its files.
    previous: Option<Ledger>,
    /// Every file this build wrote or kept.
    current: Mutex<ledger::Files>,
    /// The files this build wrote (new, or with new bytes).
    written: Mutex<Vec<String>>,
    /// Set by [`Staging::settle`].
    settled: Mutex<Option<Changes>>,
    /// The ledger [`Staging::settle`] wrote, for [`Continuity`].
    ledger: Mutex<Option<Ledger>>,
    /// The staging folder is the spare made a copy of the output from the
    /// last build's own change lists ([`Continuity`]): every file is the one
    /// the ledger names (the spare is press's, its mark checked), so a kept
    /// file is not looked at again.
    mirrored_from_changes: bool,
}

#[cfg(unix)]
fn inode_of(metadata: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(metadata)
}

/// Without inodes no file is known to be the one written: all are written again.
#[cfg(not(unix))]
fn inode_of(_: &fs::Metadata) -> u64 {
    0
}

impl Staging {
    /// An empty staging folder beside `target`, after removing what killed
    /// runs left there.
    pub fn new(target: &Path) -> Result<Staging, OutputError> {
        let parent = parent_of(target);
        fs::create_dir_all(&parent)
            .map_err(io_error(&parent, "create the output's parent folder"))?;
        remove_leftovers(target)?;
        let name = file_name(target);
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let stem = format!(
            ".{name}.staging-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        // Created and locked under another name, then renamed: a clean-up
        // that lists `.lock` files never sees one that is not yet locked.
        let lock_path = parent.join(format!("{stem}.lock"));
        let unlocked = parent.join(format!("{stem}.lock.new"));
        let lock = File::options()
            .write(true)
            .create_new(true)
            .open(&unlocked)
            .map_err(io_error(&unlocked, "create the staging lock"))?;
        lock.try_lock().map_err(|e| {
            io_error(&unlocked, "lock the staging lock")(io::Error::other(e.to_string()))
        })?;
        fs::rename(&unlocked, &lock_path)
            .map_err(io_error(&lock_path, "create the staging lock"))?;
        let dir = parent.join(&stem);
        let staging = Staging {
            target: target.to_owned(),
            dir,
            lock_path,
            _lock: Some(lock),
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            committed: false,
            only_stamped: false,
            tracking: None,
            park_retired: false,
            from_spare: None,
        };
        fs::create_dir(&staging.dir)
            .map_err(io_error(&staging.dir, "create the staging folder"))?;
        Ok(staging)
    }

    /// Writes straight into `dir`: for a folder that nobody serves yet and
    /// that its caller swaps in whole (render's `--in-place`, inside a
    /// build's own new folder). No copy and no swap: [`Staging::commit`]
    /// does nothing. Files are still replaced, never written through (they
    /// may be hard links to another output's), and on failure the folder
    /// is left as it is, for its caller to delete.
    pub fn in_place(dir: &Path) -> Result<Staging, OutputError> {
        if !fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
            return Err(refused(dir, "not a folder"));
        }
        Ok(Staging {
            target: dir.to_owned(),
            dir: dir.to_owned(),
            lock_path: PathBuf::new(),
            _lock: None,
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            // Nothing to swap in, and nothing of its own to remove on failure.
            committed: true,
            only_stamped: false,
            tracking: None,
            park_retired: false,
            from_spare: None,
        })
    }

    /// A staging folder that starts as a copy of `target` (hard links where
    /// the file system allows, copies elsewhere), for a run that adds files
    /// to an existing folder (render). Writing a file replaces the link; it
    /// never writes through it into the original.
    pub fn copy_of(target: &Path) -> Result<Staging, OutputError> {
        let staging = Staging::new(target)?;
        staging.fill_from(target)?;
        Ok(staging)
    }

    /// A staging folder for a build that keeps a ledger ([`LEDGER`]) and
    /// rewrites only what changed (press). When `target` is a stamped output
    /// with a ledger, the folder starts as its files (hard links): a file
    /// written with the bytes it has is kept, any other is replaced (never
    /// written through), and at [`Staging::settle`] the files this build did
    /// not write are deleted. Otherwise (or with `full`) it starts empty.
    /// Either way the result is the same folder, byte for byte.
    pub fn tracked(target: &Path, full: bool) -> Result<Staging, OutputError> {
        Staging::tracked_with(target, full, None)
    }

    /// [`Staging::tracked`], starting from what the last build of a
    /// long-running press left ([`Continuity`]) where it still holds: its
    /// ledger kept in memory, and the spare made the live output's copy
    /// from that build's changes. The folder is the same either way.
    pub fn tracked_with(
        target: &Path,
        full: bool,
        continuity: Option<&mut Continuity>,
    ) -> Result<Staging, OutputError> {
        let mut staging = Staging::new(target)?;
        let known = continuity.and_then(|continuity| continuity.take(target));
        let (previous, spare_changes) = if full || !is_stamped(target) {
            (None, None)
        } else if let Some(known) = known {
            (Some(known.ledger), known.spare_changes)
        } else {
            let ledger = fs::read_to_string(target.join(LEDGER))
                .ok()
                .and_then(|text| Ledger::parse(&text));
            (ledger, None)
        };
        if previous.is_some() {
            staging.start_from(target, spare_changes)?;
            staging.park_retired = true;
        } else {
            // A full build starts from nothing and parks nothing.
            spare::remove(target)?;
        }
        // Sized for the last build's files, which most builds keep.
        let expected = previous.as_ref().map_or(0, |ledger| ledger.files.len());
        staging.tracking = Some(Tracking {
            previous,
            current: Mutex::new(ledger::Files::with_capacity_and_hasher(
                expected,
                Default::default(),
            )),
            written: Mutex::new(Vec::new()),
            settled: Mutex::new(None),
            ledger: Mutex::new(None),
            // Not when the spare was missing: the folder was then filled
            // from the output, file by file.
            mirrored_from_changes: staging.from_spare.is_some_and(|m| m.from_changes),
        });
        Ok(staging)
    }

    /// Whether this tracked build started from the previous output's files.
    pub fn is_incremental(&self) -> bool {
        self.tracking.as_ref().is_some_and(|t| t.previous.is_some())
    }

    /// Whether the folder started as the spare, and what making it a copy
    /// of the target took.
    pub fn from_spare(&self) -> Option<spare::Mirrored> {
        self.from_spare
    }

    /// Makes the (empty) staging folder a copy of `target`: from the spare
    /// the build before parked when there is one ([`spare::mirror`]: only
    /// what differs is linked), else file by file ([`Staging::fill_from`]).
    /// With `changes` (what the last build wrote and deleted, when the
    /// spare is the output it replaced), only those are linked again.
    fn start_from(
        &mut self,
        target: &Path,
        changes: Option<(Vec<String>, Vec<String>)>,
    ) -> Result<(), OutputError> {
        fs::remove_dir(&self.dir).map_err(io_error(&self.dir, "replace the staging folder"))?;
        if spare::take(target, &self.dir) {
            self.from_spare = Some(match changes {
                Some((written, deleted)) => {
                    spare::mirror_changes(target, &self.dir, &written, &deleted)?
                }
                None => spare::mirror(target, &self.dir)?,
            });
            return Ok(());
        }
        fs::create_dir(&self.dir).map_err(io_error(&self.dir, "create the staging folder"))?;
        self.fill_from(target)
    }

    /// Hard links (copies where the file system refuses) of every file of
    /// `target`: the mirror of it into the empty staging folder.
    fn fill_from(&self, target: &Path) -> Result<(), OutputError> {
        spare::mirror(target, &self.dir).map(drop)
    }

    /// The output this staging replaces is deleted, never parked as the
    /// next build's start ([`spare`]): for a build after which no byte of
    /// the old output may stay on disk (a story pulled).
    pub fn removing_old_output(mut self) -> Staging {
        self.park_retired = false;
        self
    }

    /// The swap checks, at the moment it happens, that what it swapped out
    /// is a stamped output or empty, and swaps back and refuses otherwise: a
    /// folder put at the target while the build ran is never deleted.
    pub fn replacing_only_stamped(mut self) -> Staging {
        self.only_stamped = true;
        self
    }

    /// The folder being written.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Creates the file at `relative` with `create`, which makes it new
    /// (failing when something is there): a file already there is
    /// replaced, never written through (it may be a hard link). Tried as it
    /// is first, as the folder is usually there and the file usually not:
    /// one system call, where making sure of the folder and removing the
    /// file first took three more.
    fn create(
        &self,
        relative: &str,
        create: impl Fn(&Path) -> io::Result<()>,
    ) -> Result<PathBuf, OutputError> {
        let path = self.path_of(relative)?;
        match create(&path) {
            Ok(()) => return Ok(path),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                fs::remove_file(&path).map_err(io_error(&path, "replace"))?;
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent).map_err(io_error(parent, "create folder"))?;
                }
            }
            Err(error) => return Err(io_error(&path, "write")(error)),
        }
        create(&path).map_err(io_error(&path, "write"))?;
        Ok(path)
    }

    /// Writes one file, given its path relative to the output root, with `/`
    /// separators. Safe to call from many threads. A file already there is
    /// replaced, never written through; in a tracked build, one that already
    /// has these bytes is kept as it is.
    pub fn write(&self, relative: &str, contents: &[u8]) -> Result<(), OutputError> {
        self.write_checked(relative, contents, || Ok::<(), OutputError>(()))
    }

    /// [`Staging::write`], calling `check` first when the bytes are new: a
    /// file a tracked build keeps as it was was checked when it was written.
    pub fn write_checked<E: From<OutputError>>(
        &self,
        relative: &str,
        contents: &[u8],
        check: impl FnOnce() -> Result<(), E>,
    ) -> Result<(), E> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes
            .fetch_add(contents.len() as u64, Ordering::Relaxed);
        let hash = self.tracking.as_ref().map(|_| ledger::hash(contents));
        if let Some(hash) = hash {
            if self.keep(relative, contents.len() as u64, hash)? {
                return Ok(());
            }
        }
        check()?;
        let path = self.create(relative, |path| {
            use std::io::Write as _;
            let mut file = File::options().write(true).create_new(true).open(path)?;
            file.write_all(contents)
        })?;
        if let Some(hash) = hash {
            self.record_written(relative, &path, hash)?;
        }
        Ok(())
    }

    /// Puts the file `from` (one that is never written in place, such as a
    /// cache's) at `relative`: a hard link where the file system allows,
    /// a copy elsewhere. Safe to call from many threads.
    pub fn link(&self, relative: &str, from: &Path) -> Result<(), OutputError> {
        let hash = match &self.tracking {
            Some(tracking) => {
                // The same file as last time (a cache's files are never
                // written in place: same inode, same bytes) is kept without
                // being read: a site of 10,000 photos hashes none of them.
                let source = fs::metadata(from).map_err(io_error(from, "read"))?;
                let same = tracking
                    .previous
                    .as_ref()
                    .and_then(|previous| previous.files.get(relative))
                    .filter(|entry| {
                        entry.inode != 0
                            && entry.inode == inode_of(&source)
                            && entry.len == source.len()
                    })
                    .copied();
                if let Some(entry) = same {
                    if self.keep(relative, entry.len, entry.hash)? {
                        self.files.fetch_add(1, Ordering::Relaxed);
                        self.bytes.fetch_add(entry.len, Ordering::Relaxed);
                        return Ok(());
                    }
                }
                let bytes = fs::read(from).map_err(io_error(from, "read"))?;
                let hash = ledger::hash(&bytes);
                if self.keep(relative, bytes.len() as u64, hash)? {
                    self.files.fetch_add(1, Ordering::Relaxed);
                    self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
                    return Ok(());
                }
                Some(hash)
            }
            None => None,
        };
        // A copy where the file system has no hard links (or not across
        // these two folders), made new like the link: never through a file
        // already there.
        let path = self.create(relative, |path| match fs::hard_link(from, path) {
            Err(error)
                if !matches!(
                    error.kind(),
                    io::ErrorKind::AlreadyExists | io::ErrorKind::NotFound
                ) =>
            {
                copy_new(from, path)
            }
            other => other,
        })?;
        let bytes = fs::metadata(&path)
            .map(|m| m.len())
            .map_err(io_error(from, "link or copy"))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        if let Some(hash) = hash {
            self.record_written(relative, &path, hash)?;
        }
        Ok(())
    }

    /// In a tracked build: whether the file at `relative` is the one the
    /// previous build wrote with these bytes (then it is kept and recorded).
    /// Keeps the previous output's file at `relative` if it is `len` bytes
    /// of hash `hash` (what the caller remembers writing there, so the
    /// bytes need not be made again): true when it was kept, and counted as
    /// written; false when the caller must write it.
    pub fn keep_known(&self, relative: &str, len: u64, hash: u128) -> Result<bool, OutputError> {
        if !self.keep(relative, len, hash)? {
            return Ok(false);
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
        Ok(true)
    }

    fn keep(&self, relative: &str, len: u64, hash: u128) -> Result<bool, OutputError> {
        let Some(tracking) = &self.tracking else {
            return Ok(false);
        };
        self.check_plain(relative)?;
        let kept = tracking
            .previous
            .as_ref()
            .and_then(|previous| previous.files.get(relative))
            .filter(|entry| entry.len == len && entry.hash == hash && entry.inode != 0)
            .filter(|entry| {
                tracking.mirrored_from_changes
                    || fs::symlink_metadata(self.dir.join(relative))
                        .is_ok_and(|m| m.is_file() && m.len() == len && inode_of(&m) == entry.inode)
            })
            .copied();
        match kept {
            Some(entry) => {
                let mut current = tracking.current.lock().expect("not poisoned");
                current.insert(relative.to_owned(), entry);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn record_written(&self, relative: &str, path: &Path, hash: u128) -> Result<(), OutputError> {
        let Some(tracking) = &self.tracking else {
            return Ok(());
        };
        let metadata = fs::symlink_metadata(path).map_err(io_error(path, "read the size of"))?;
        let entry = Entry {
            len: metadata.len(),
            hash,
            inode: inode_of(&metadata),
        };
        let previous = tracking
            .current
            .lock()
            .expect("not poisoned")
            .insert(relative.to_owned(), entry);
        if previous.is_none() && !is_bookkeeping(relative) {
            tracking
                .written
                .lock()
                .expect("not poisoned")
                .push(relative.to_owned());
        }
        Ok(())
    }

    /// Ends a tracked build's writing: deletes what the previous output had
    /// and this build did not write (and folders left empty), writes the
    /// ledger, and says what changed. Call before [`Staging::swap`] (which
    /// calls it when it was not). An untracked staging changes nothing.
    pub fn settle(&self) -> Result<Changes, OutputError> {
        let Some(tracking) = &self.tracking else {
            return Ok(Changes::default());
        };
        let mut settled = tracking.settled.lock().expect("not poisoned");
        if let Some(changes) = settled.as_ref() {
            return Ok(changes.clone());
        }
        let mut current = tracking.current.lock().expect("not poisoned");
        let mut deleted: Vec<String> = tracking
            .previous
            .as_ref()
            .map(|previous| {
                previous
                    .files
                    .keys()
                    .filter(|path| !current.contains_key(*path))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        deleted.sort();
        for relative in &deleted {
            let path = self.path_of(relative)?;
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                Err(error) => return Err(io_error(&path, "delete")(error)),
            }
            // Folders left empty go too: a full build would not have them.
            let mut folder = path.parent();
            while let Some(dir) = folder.filter(|dir| *dir != self.dir) {
                if fs::remove_dir(dir).is_err() {
                    break;
                }
                folder = dir.parent();
            }
        }
        deleted.retain(|path| !is_bookkeeping(path));
        let mut written = tracking.written.lock().expect("not poisoned").clone();
        written.sort();
        let unchanged = current
            .keys()
            .filter(|path| !is_bookkeeping(path))
            .count()
            .saturating_sub(written.len()) as u64;
        // Nothing is kept or written after this: the files become the ledger.
        let ledger = Ledger {
            files: std::mem::take(&mut *current),
        };
        let path = self.dir.join(LEDGER);
        let _ = fs::remove_file(&path);
        if let Err(error) = fs::write(&path, ledger.to_text()) {
            // As it was: a settle tried again deletes only what it did before.
            *current = ledger.files;
            return Err(io_error(&path, "write")(error));
        }
        *tracking.ledger.lock().expect("not poisoned") = Some(ledger);
        let changes = Changes {
            unchanged,
            written,
            deleted,
        };
        *settled = Some(changes.clone());
        Ok(changes)
    }

    /// Marks the output as Broadsheet's own (press's outputs).
    pub fn stamp(&self) -> Result<(), OutputError> {
        let path = self.dir.join(STAMP);
        // Replaced, not written through: it may be a link to the live output's.
        let _ = fs::remove_file(&path);
        fs::write(&path, STAMP_TEXT).map_err(io_error(&path, "write"))
    }

    fn path_of(&self, relative: &str) -> Result<PathBuf, OutputError> {
        self.check_plain(relative)?;
        Ok(self.dir.join(relative))
    }

    fn check_plain(&self, relative: &str) -> Result<(), OutputError> {
        if !ledger::is_plain(relative) {
            return Err(refused(
                &self.dir.join(relative),
                "the path is not a plain relative path below the output",
            ));
        }
        Ok(())
    }

    pub fn file_count(&self) -> u64 {
        self.files.load(Ordering::Relaxed)
    }

    pub fn byte_count(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Swaps the staging folder in for the target, then deletes the old
    /// output. In place ([`Staging::in_place`]) there is nothing to do.
    pub fn commit(self) -> Result<(), OutputError> {
        if self._lock.is_none() {
            return Ok(());
        }
        self.swap()?.remove()
    }

    /// Swaps the staging folder in for the target. From here on readers
    /// see the new output; the old one waits in the returned [`Retired`]
    /// (still under this run's lock) to be removed.
    pub fn swap(mut self) -> Result<Retired, OutputError> {
        if self._lock.is_none() {
            return Err(refused(
                &self.dir,
                "written in place: there is nothing to swap",
            ));
        }
        self.settle()?;
        swap(&self.dir, &self.target)?;
        if self.only_stamped {
            // The old output, if any, is now where the staging folder was.
            let old = if self.dir.exists() {
                self.dir.clone()
            } else {
                old_of(&self.dir)
            };
            let ours = !old.exists() || is_stamped(&old) || is_empty_dir(&old).unwrap_or(false);
            if !ours {
                // Put it back: swapping again exchanges the two once more.
                swap(&old, &self.target)?;
                return Err(refused(
                    &self.target,
                    format!(
                        "while this build ran, it became a folder that is not a Broadsheet output (no {STAMP}); it was left as it is"
                    ),
                ));
            }
        }
        self.committed = true;
        Ok(Retired {
            dir: self.dir.clone(),
            lock_path: self.lock_path.clone(),
            staging: self,
        })
    }
}

/// Copies `from` to a new file `to`; fails with `AlreadyExists` when
/// something is there (`fs::copy` would write through it).
pub fn copy_new(from: &Path, to: &Path) -> io::Result<()> {
    let mut source = File::open(from)?;
    let mut copy = File::options().write(true).create_new(true).open(to)?;
    io::copy(&mut source, &mut copy).map(drop)
}

/// The previous output after a swap, where the staging folder was.
pub struct Retired {
    dir: PathBuf,
    lock_path: PathBuf,
    /// Keeps the lock held until the old output is gone.
    staging: Staging,
}

impl Retired {
    /// Deletes the previous output, or parks it as the next build's start
    /// when the staging asked for that ([`Staging::tracked`], [`spare`]).
    /// A killed run's leftovers are removed by the next run.
    pub fn remove(self) -> Result<(), OutputError> {
        self.remove_parked().map(drop)
    }

    /// [`Retired::remove`], and what the build left recorded in
    /// `continuity` for the next build of a long-running press.
    pub fn remove_continuing(mut self, continuity: &mut Continuity) -> Result<(), OutputError> {
        let target = self.staging.target.clone();
        let ledger = self
            .staging
            .tracking
            .as_mut()
            .and_then(|t| t.ledger.get_mut().expect("not poisoned").take());
        let changes = self
            .staging
            .tracking
            .as_mut()
            .and_then(|t| t.settled.get_mut().expect("not poisoned").take());
        let parked = self.remove_parked()?;
        if let (Some(ledger), Some(changes)) = (ledger, changes) {
            continuity.record(&target, ledger, changes.written, changes.deleted, parked);
        }
        Ok(())
    }

    /// Whether the previous output was parked as the spare.
    fn remove_parked(self) -> Result<bool, OutputError> {
        let parked = self.staging.park_retired
            && fs::symlink_metadata(&self.dir).is_ok_and(|m| m.is_dir())
            && !old_of(&self.dir).exists()
            && spare::park(&self.dir, &self.staging.target).is_ok();
        if !parked {
            remove_tree(&self.dir).map_err(io_error(&self.dir, "remove the previous output"))?;
        }
        remove_tree(&old_of(&self.dir))
            .map_err(io_error(&self.dir, "remove the previous output"))?;
        let _ = fs::remove_file(&self.lock_path);
        Ok(parked)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
            if old_of(&self.dir).exists() {
                // A fallback swap failed and could not put the old output
                // back: keep the lock file, so the next run restores it.
                return;
            }
            let _ = fs::remove_file(&self.lock_path);
        }
    }
}

fn parent_of(target: &Path) -> PathBuf {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_owned()
}

fn file_name(target: &Path) -> String {
    target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_owned())
}

/// Where the two-rename fallback parks the old output.
fn old_of(dir: &Path) -> PathBuf {
    let mut name = dir.as_os_str().to_owned();
    name.push(".old");
    PathBuf::from(name)
}

/// Replaces one file whole: `contents` go to a new file beside `path` (a name
/// nobody else uses, created new, so never somebody's file) that is then
/// renamed over `path`. Readers see the old file or the new one, never a
/// part; a failed write removes its temporary file.
pub fn replace_file(path: &Path, contents: &[u8]) -> Result<(), OutputError> {
    prepare_file(path, contents)?.commit()
}

/// Removes what [`prepare_file`] left beside `path` in a process killed
/// before it could put the file in place or clean up: files named as it
/// names its temporaries for `path` (`.{name}.{pid}-{nanos}.tmp`) whose
/// process is gone, nothing else. A build waiting for the output's lock
/// may run while the last one puts its schedule in place, so a running
/// process's file is never touched. Where running processes cannot be
/// told (no `/proc`), nothing is removed. Returns how many it removed;
/// what it cannot remove stays.
pub fn remove_stale_temporaries(path: &Path) -> usize {
    let processes = Path::new("/proc");
    if !processes.join("self").exists() {
        return 0;
    }
    let prefix = format!(".{}.", file_name(path));
    let Ok(entries) = fs::read_dir(parent_of(path)) else {
        return 0;
    };
    let is_ours = |name: &str| {
        name.strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|rest| rest.split_once('-'))
            .is_some_and(|(pid, nanos)| {
                [pid, nanos]
                    .iter()
                    .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                    && !processes.join(pid).exists()
            })
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_str().is_some_and(is_ours))
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter(|entry| fs::remove_file(entry.path()).is_ok())
        .count()
}

/// A file written beside its place and not yet put there: [`prepare_file`]
/// does everything that can fail for want of space or a wrong target, so
/// that [`PreparedFile::commit`] is a rename in the same folder.
#[derive(Debug)]
pub struct PreparedFile {
    temporary: PathBuf,
    path: PathBuf,
}

/// Writes `contents` beside `path`, to be put there by
/// [`PreparedFile::commit`]. Refuses a `path` that is something other than
/// a plain file (a folder, a link, a FIFO). Dropping the result removes
/// the temporary file.
pub fn prepare_file(path: &Path, contents: &[u8]) -> Result<PreparedFile, OutputError> {
    use std::io::Write;
    if let Ok(metadata) = fs::symlink_metadata(path) {
        if !metadata.is_file() {
            return Err(io_error(path, "replace")(std::io::Error::other(
                "it is not a plain file; move it away",
            )));
        }
    }
    let parent = parent_of(path);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let temporary = parent.join(format!(
        ".{}.{}-{nanos}.tmp",
        file_name(path),
        std::process::id()
    ));
    let written = File::options()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| file.write_all(contents));
    if let Err(error) = written {
        let _ = fs::remove_file(&temporary);
        return Err(io_error(&temporary, "write")(error));
    }
    Ok(PreparedFile {
        temporary,
        path: path.to_owned(),
    })
}

impl PreparedFile {
    /// Puts the file in its place, atomically.
    pub fn commit(mut self) -> Result<(), OutputError> {
        // Taken, so that the drop below has nothing left to remove.
        let temporary = std::mem::take(&mut self.temporary);
        let result = fs::rename(&temporary, &self.path).map_err(io_error(&self.path, "replace"));
        if result.is_err() {
            let _ = fs::remove_file(&temporary);
        }
        result
    }
}

impl Drop for PreparedFile {
    fn drop(&mut self) {
        if !self.temporary.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.temporary);
        }
    }
}

/// Puts `from` at `to` atomically: exchanged with the existing `to` when
/// there is one, renamed without replacing anything when there is none.
/// Loops when a concurrent run creates or removes `to` in between.
fn swap(from: &Path, to: &Path) -> Result<(), OutputError> {
    for _ in 0..16 {
        if fs::symlink_metadata(to).is_ok() {
            match exchange(from, to) {
                Ok(()) => return Ok(()),
                Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
                Err(error) => return Err(io_error(to, "swap the new output in")(error)),
            }
        } else {
            match rename_no_replace(from, to) {
                Ok(()) => return Ok(()),
                Err(error)
                    if matches!(
                        error.kind(),
                        io::ErrorKind::AlreadyExists | io::ErrorKind::DirectoryNotEmpty
                    ) =>
                {
                    continue
                }
                Err(error) => return Err(io_error(to, "move the new output into place")(error)),
            }
        }
    }
    Err(refused(
        to,
        "it keeps changing under this run; is another tool writing here?",
    ))
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(from: &Path, to: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, from, CWD, to, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // The file system cannot exchange (some network and FUSE file systems).
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::OPNOTSUPP) => {
            exchange_in_two_steps(from, to)
        }
        Err(errno) => Err(io::Error::from(errno)),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(from: &Path, to: &Path) -> io::Result<()> {
    exchange_in_two_steps(from, to)
}

/// The fallback: the old output is moved aside, then the new one in. Between
/// the two renames the target is missing; a failure of the second puts the
/// old one back.
fn exchange_in_two_steps(from: &Path, to: &Path) -> io::Result<()> {
    let old = old_of(from);
    fs::rename(to, &old)?;
    if let Err(error) = fs::rename(from, to) {
        let _ = fs::rename(&old, to);
        return Err(error);
    }
    Ok(())
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
        Ok(()) => Ok(()),
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::OPNOTSUPP) => {
            fs::rename(from, to)
        }
        Err(errno) => Err(io::Error::from(errno)),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    fs::rename(from, to)
}

/// Writes a cache entry whole (render's pages, precompression's results):
/// into a temporary file beside it, then renamed into place, so a killed run
/// never leaves half an entry. The temporary name is the process and a
/// counter in digits, which [`cache_entry`] knows as a leftover: two threads
/// writing the same entry at once (two files with the same bytes) each
/// write their own. Sharing one name per process, the second rename found
/// nothing to rename.
pub fn put_cache_entry(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(
        ".{:010}{:010}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let temporary = PathBuf::from(temporary);
    fs::write(&temporary, bytes).map_err(io_error(&temporary, "write"))?;
    fs::rename(&temporary, path).map_err(|error| {
        let _ = fs::remove_file(&temporary);
        io_error(path, "write")(error)
    })
}

/// A file of a content-keyed cache (render's pages, precompression's
/// results): `<2 hex>/<32 hex>.<kind>`, or `<2 hex>/<32 hex>.<kind>.<digits>.tmp`
/// while being written ([`put_cache_entry`]). Returns the key and whether it is such a temporary
/// file; `None` for any file the cache did not name, which its clean-up must
/// leave alone (a `--cache` pointed at another folder loses nothing).
pub fn cache_entry<'a>(path: &'a Path, kinds: &[&str]) -> Option<(&'a str, bool)> {
    let hex = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit());
    let folder = path.parent()?.file_name()?.to_str()?;
    let name = path.file_name()?.to_str()?;
    let parts: Vec<&str> = name.split('.').collect();
    let (key, kind, temporary) = match parts.as_slice() {
        [key, kind] => (*key, *kind, false),
        [key, kind, pid, "tmp"] if pid.bytes().all(|b| b.is_ascii_digit()) => (*key, *kind, true),
        _ => return None,
    };
    (hex(folder, 2) && hex(key, 32) && key.starts_with(folder) && kinds.contains(&kind))
        .then_some((key, temporary))
}

/// Deletes the staging folders (and parked old outputs) that killed runs
/// left beside `target`: those whose lock file nobody holds.
pub fn remove_leftovers(target: &Path) -> Result<usize, OutputError> {
    let parent = parent_of(target);
    let prefix = format!(".{}.staging-", file_name(target));
    let entries = match fs::read_dir(&parent) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(error) => return Err(io_error(&parent, "list")(error)),
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        if rest.ends_with(".lock.new") {
            // Killed between creating its lock and taking it. A live run
            // takes its lock microseconds after creating the file, so only a
            // file a minute old is a leftover: a younger one may be a run
            // that has not locked it yet, whose rename would then fail.
            let path = entry.path();
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|modified| modified.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(60));
            if old
                && File::options()
                    .write(true)
                    .open(&path)
                    .is_ok_and(|lock| lock.try_lock().is_ok())
            {
                let _ = fs::remove_file(&path);
            }
            continue;
        }
        let Some(stem) = rest.strip_suffix(".lock") else {
            continue;
        };
        let lock_path = entry.path();
        let Ok(lock) = File::options().write(true).open(&lock_path) else {
            continue;
        };
        if lock.try_lock().is_err() {
            continue; // a run that is still going
        }
        let dir = parent.join(format!("{prefix}{stem}"));
        let old = old_of(&dir);
        if old.exists() && fs::symlink_metadata(target).is_err() {
            // Killed between the two renames of the fallback swap: the old
            // output is parked and the target is missing. Put it back.
            fs::rename(&old, target).map_err(io_error(target, "restore the previous output"))?;
        }
        remove_tree(&dir).map_err(io_error(&dir, "remove a killed run's staging folder"))?;
        remove_tree(&old).map_err(io_error(&dir, "remove a killed run's old output"))?;
        let _ = fs::remove_file(&lock_path);
        removed += 1;
    }
    Ok(removed)
}

/// `remove_dir_all`, with the files of each folder removed in parallel (an
/// archive's output holds a file per article, and one at a time that takes
/// longer than building it). Never follows links; a missing tree is fine.
fn remove_tree(root: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    match fs::symlink_metadata(root) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(_) => return fs::remove_file(root),
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    }
    let mut folders = Vec::new();
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error)
                if error
                    .io_error()
                    .is_some_and(|e| e.kind() == io::ErrorKind::NotFound) =>
            {
                continue
            }
            Err(error) => return Err(io::Error::other(error.to_string())),
        };
        if entry.file_type().is_dir() {
            folders.push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    let gone = |result: io::Result<()>| match result {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    };
    files
        .par_iter()
        .try_for_each(|file| gone(fs::remove_file(file)))?;
    // Deepest first: walkdir lists a folder before what it holds.
    for folder in folders.iter().rev() {
        gone(fs::remove_dir(folder))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_killed_builds_temporaries_are_removed_and_nothing_else() {
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join("site.schedule.json");
        // A running process's (this one's): not touched.
        let prepared = super::prepare_file(&path, b"{}").unwrap();
        let others = [
            "site.schedule.json",
            ".site.schedule.json.12-34.txt",
            ".site.schedule.json.12.tmp",
            ".site.schedule.json.x-34.tmp",
            ".other.json.12-34.tmp",
            "notes.tmp",
        ];
        for name in others {
            std::fs::write(temp.path().join(name), "theirs").unwrap();
        }
        // A link with a killed build's name: a link is not press's own
        // file, and neither it nor what it leads to is removed.
        let elsewhere = tempfile::tempdir().unwrap();
        let target = elsewhere.path().join("precious.json");
        std::fs::write(&target, "keep").unwrap();
        let link = ".site.schedule.json.4999999993-1.tmp";
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, temp.path().join(link)).unwrap();
        // What killed processes left (no process has a number this high:
        // Linux's limit is 2^22).
        for pid in [4_999_999_991u64, 4_999_999_992] {
            std::fs::write(
                temp.path().join(format!(".site.schedule.json.{pid}-1.tmp")),
                "stale",
            )
            .unwrap();
        }
        let removed = super::remove_stale_temporaries(&path);
        let mut left: Vec<String> = std::fs::read_dir(temp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut expected: Vec<String> = others.iter().map(|n| n.to_string()).collect();
        if cfg!(unix) {
            expected.push(link.to_string());
        }
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        if std::path::Path::new("/proc/self").exists() {
            assert_eq!(removed, 2);
            expected.push(
                prepared
                    .temporary
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        } else {
            assert_eq!(removed, 0);
        }
        expected.sort();
        if !std::path::Path::new("/proc/self").exists() {
            return;
        }
        assert_eq!(left, expected);
        prepared.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
    }

    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_dropped_staging_leaves_the_old_output() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("site");
        let first = Staging::new(&out).unwrap();
        first.write("data/a.json", b"1").unwrap();
        first.commit().unwrap();
        {
            let second = Staging::new(&out).unwrap();
            second.write("data/a.json", b"2").unwrap();
            // dropped without commit, as when a build fails half-way
        }
        assert_eq!(fs::read(out.join("data/a.json")).unwrap(), b"1");
        assert_eq!(
            names(root.path()),
            ["site"],
            "no staging folder is left behind"
        );
        let third = Staging::new(&out).unwrap();
        third.write("data/b.json", b"3").unwrap();
        third.commit().unwrap();
        assert!(
            !out.join("data/a.json").exists(),
            "the new output replaces the old one whole"
        );
        assert_eq!(fs::read(out.join("data/b.json")).unwrap(), b"3");
        assert_eq!(names(root.path()), ["site"]);
    }

    #[test]
    fn a_killed_runs_staging_is_removed_and_a_live_ones_is_kept() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("site");
        // A live run, holding its lock.
        let live = Staging::new(&out).unwrap();
        live.write("data/b.json", b"y").unwrap();
        // A killed run: its folder, its parked old output and its lock file, the lock free.
        fs::create_dir_all(root.path().join(".site.staging-1-0/data")).unwrap();
        fs::write(root.path().join(".site.staging-1-0/data/a.json"), "x").unwrap();
        fs::create_dir_all(root.path().join(".site.staging-1-0.old/data")).unwrap();
        fs::write(root.path().join(".site.staging-1-0.lock"), "").unwrap();
        // Not ours at all.
        fs::create_dir(root.path().join(".site.staging-notes")).unwrap();
        let removed = remove_leftovers(&out).unwrap();
        assert_eq!(removed, 1);
        let left = names(root.path());
        assert!(
            !left.iter().any(|n| n.starts_with(".site.staging-1-0")),
            "{left:?}"
        );
        assert!(left.contains(&".site.staging-notes".to_owned()), "{left:?}");
        assert!(
            live.dir().join("data/b.json").exists(),
            "a live run keeps its folder"
        );
    }

    #[test]
    fn paths_that_leave_the_output_are_refused() {
        let root = tempfile::tempdir().unwrap();
        let staging = Staging::new(&root.path().join("site")).unwrap();
        for bad in ["../x", "a/../../x", "/etc/x", "a//b", "", "a\\..\\b"] {
            assert!(staging.write(bad, b"x").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn wrong_targets_are_refused() {
        let root = tempfile::tempdir().unwrap();
        let content = root.path().join("content");
        fs::create_dir_all(content.join("articles")).unwrap();
        let other = root.path().join("notes");
        fs::create_dir(&other).unwrap();
        fs::write(other.join("todo.txt"), "keep me").unwrap();
        let file = root.path().join("file");
        fs::write(&file, "x").unwrap();
        let cases: &[(PathBuf, &str)] = &[
            (content.clone(), "it is the content folder"),
            (content.join("articles"), "inside the content folder"),
            (content.join("new"), "inside the content folder"),
            (root.path().to_owned(), "contains the content folder"),
            (content.join("articles/.."), "it is the content folder"),
            (other.clone(), "not a Broadsheet output"),
            (file.clone(), "a file"),
        ];
        for (target, reason) in cases {
            let error = check_target(target, &[&content], true)
                .unwrap_err()
                .to_string();
            assert!(error.contains(reason), "{}: {error}", target.display());
        }
        check_target(&root.path().join("site"), &[&content], true).unwrap();
        fs::create_dir(root.path().join("empty")).unwrap();
        check_target(&root.path().join("empty"), &[&content], true).unwrap();
        fs::write(other.join(STAMP), STAMP_TEXT).unwrap();
        check_target(&other, &[&content], true).unwrap();
    }

    #[test]
    fn a_run_killed_between_the_fallback_renames_is_undone() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("site");
        let first = Staging::new(&out).unwrap();
        first.write("data/a.json", b"old").unwrap();
        first.commit().unwrap();
        // A second run swaps with two renames and is killed between them:
        // its lock is free, the old output is parked, the target is missing.
        let second = Staging::new(&out).unwrap();
        second.write("data/a.json", b"new").unwrap();
        let parked = old_of(second.dir());
        fs::rename(&out, &parked).unwrap();
        let lock = second.lock_path.clone();
        let dir = second.dir().to_owned();
        // Killed: no Drop runs. Its lock dies with it; here, where the
        // forgotten handle would keep it locked, the lock file is re-made free.
        std::mem::forget(second);
        fs::remove_file(&lock).unwrap();
        fs::write(&lock, "").unwrap();
        assert!(!out.exists());
        assert_eq!(remove_leftovers(&out).unwrap(), 1);
        assert_eq!(
            fs::read(out.join("data/a.json")).unwrap(),
            b"old",
            "the old output is back"
        );
        assert!(!dir.exists() && !parked.exists());
        assert_eq!(names(root.path()), ["site"]);
    }

    #[test]
    fn a_folder_put_at_the_target_during_a_build_is_swapped_back() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("site");
        let staging = Staging::new(&out).unwrap().replacing_only_stamped();
        staging.write("data/a.json", b"new").unwrap();
        // Somebody's folder appears at the target while the build runs.
        fs::create_dir(&out).unwrap();
        fs::write(out.join("notes.txt"), "keep me").unwrap();
        let error = staging.commit().unwrap_err().to_string();
        assert!(error.contains("not a Broadsheet output"), "{error}");
        assert_eq!(fs::read(out.join("notes.txt")).unwrap(), b"keep me");
        assert_eq!(
            names(root.path()),
            ["site"],
            "the staging folder is gone too"
        );
    }

    /// Threads writing the same cache entry at once (identical files in
    /// one run) all succeed and leave the entry whole, and no temporary
    /// file; the temporary name is one the cache's clean-up knows.
    #[test]
    fn a_cache_entry_written_by_many_threads_at_once_is_whole() {
        let root = tempfile::tempdir().unwrap();
        let key = "ab".repeat(16);
        let path = root.path().join("ab").join(format!("{key}.br"));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    for _ in 0..50 {
                        put_cache_entry(&path, b"the same bytes").unwrap();
                    }
                });
            }
        });
        assert_eq!(fs::read(&path).unwrap(), b"the same bytes");
        let left: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, [std::ffi::OsString::from(format!("{key}.br"))]);
        // What a killed run leaves is the cache's own leftover.
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(format!(".{:010}{:010}.tmp", 12345, 7));
        assert_eq!(
            cache_entry(Path::new(&temporary), &["br"]),
            Some((key.as_str(), true))
        );
    }

    #[test]
    fn only_a_caches_own_names_are_its_entries() {
        let key = "ab".repeat(16);
        let own = format!("c/ab/{key}.br");
        let temporary = format!("c/ab/{key}.html.42.tmp");
        assert_eq!(
            cache_entry(Path::new(&own), &["br", "gz"]),
            Some((key.as_str(), false))
        );
        assert_eq!(
            cache_entry(Path::new(&temporary), &["html"]),
            Some((key.as_str(), true))
        );
        for other in [
            "c/ab/notes.txt".to_owned(),
            format!("c/cd/{key}.br"),
            format!("c/ab/{key}.html"),
            format!("c/photos/{key}.br"),
            format!("c/ab/{key}.br.x.tmp"),
        ] {
            assert_eq!(
                cache_entry(Path::new(&other), &["br", "gz"]),
                None,
                "{other}"
            );
        }
    }

    #[test]
    fn a_copy_is_made_new_never_through_a_file_there() {
        let root = tempfile::tempdir().unwrap();
        let (from, to, other) = (
            root.path().join("from"),
            root.path().join("to"),
            root.path().join("other"),
        );
        fs::write(&from, b"new").unwrap();
        fs::write(&other, b"another output's").unwrap();
        fs::hard_link(&other, &to).unwrap();
        let error = copy_new(&from, &to).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&other).unwrap(), b"another output's");
        fs::remove_file(&to).unwrap();
        copy_new(&from, &to).unwrap();
        assert_eq!(fs::read(&to).unwrap(), b"new");
        assert_eq!(fs::read(&other).unwrap(), b"another output's");
    }

    #[test]
    fn only_new_bytes_are_checked_before_they_are_written() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("site");
        let checked = std::cell::Cell::new(0);
        let build = |a: &[u8], b: &[u8]| {
            let staging = Staging::tracked(&out, false).unwrap();
            staging.stamp().unwrap();
            for (path, bytes) in [("a.json", a), ("b.json", b)] {
                staging
                    .write_checked(path, bytes, || {
                        checked.set(checked.get() + 1);
                        Ok::<(), OutputError>(())
                    })
                    .unwrap();
            }
            let refused = staging.write_checked("c.json", b"bad", || {
                Err(refused(Path::new("c.json"), "a failed check"))
            });
            assert!(refused.is_err());
            staging.swap().unwrap().remove().unwrap();
        };
        build(b"1", b"1");
        assert_eq!(checked.get(), 2);
        build(b"1", b"2");
        assert_eq!(checked.get(), 3, "a.json was kept, b.json checked");
        assert_eq!(fs::read(out.join("b.json")).unwrap(), b"2");
        assert!(
            !out.join("c.json").exists(),
            "what fails its check is not written"
        );
    }

    #[test]
    fn a_replaced_file_is_whole_and_leaves_nothing_beside_it() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("popular.json");
        fs::write(root.path().join("notes.txt"), "keep me").unwrap();
        replace_file(&file, b"one").unwrap();
        replace_file(&file, b"two").unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"two");
        assert_eq!(names(root.path()), ["notes.txt", "popular.json"]);
        // A file in a folder that is not there: an error, and no temporary file.
        assert!(replace_file(&root.path().join("missing/x.json"), b"x").is_err());
        assert_eq!(names(root.path()), ["notes.txt", "popular.json"]);
    }
}
