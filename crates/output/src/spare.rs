//! The spare: the output a tracked build swapped out, parked beside the
//! target (`.<name>.spare`) instead of deleted, for the next build to start
//! from. Almost all of its files are hard links to the live output's (the
//! build before made them so), so making it a copy of the live output again
//! ([`mirror`]) touches only the files the last build wrote: a few dozen
//! links after one edit, instead of one link per file of the archive
//! (188,000 at 100,000 stories) and as many deletions of the old output.
//!
//! Whether a file is already the live one is read from the folder listing
//! (the inode in each directory entry, no `stat` per file), and a listing
//! that does not give one (inode 0, a system without them) counts as
//! "different": the file is linked again, as without a spare.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::{file_name, io_error, parent_of, refused, remove_tree, OutputError};

/// The file that marks a parked output as a spare. Only a folder with it is
/// ever taken or replaced as one: anything else at that name is left alone.
pub const SPARE_MARK: &str = ".broadsheet-spare";

const SPARE_TEXT: &str = "The previous output of the folder beside it, kept by Broadsheet's \
press for its next build to start from. Safe to delete.\n";

/// Where the spare of `target` is parked.
pub fn spare_of(target: &Path) -> PathBuf {
    parent_of(target).join(format!(".{}.spare", file_name(target)))
}

/// Whether `folder` is a spare that press parked (a real folder with the mark).
pub fn is_spare(folder: &Path) -> bool {
    fs::symlink_metadata(folder).is_ok_and(|m| m.is_dir())
        && fs::symlink_metadata(folder.join(SPARE_MARK)).is_ok_and(|m| m.is_file())
}

/// Moves the spare of `target` to `dir` (which must not exist). `false`
/// when there is none, or another run took it first.
pub fn take(target: &Path, dir: &Path) -> bool {
    let spare = spare_of(target);
    is_spare(&spare) && fs::rename(&spare, dir).is_ok()
}

/// Parks `retired` (the output a swap just took out) as the spare of
/// `target`, replacing an older spare. Fails, leaving `retired` where it
/// is, when something other than a spare is at the spare's name.
pub fn park(retired: &Path, target: &Path) -> Result<(), OutputError> {
    let spare = spare_of(target);
    if fs::symlink_metadata(&spare).is_ok() {
        if !is_spare(&spare) {
            return Err(refused(&spare, "not a spare of press's; left as it is"));
        }
        remove_tree(&spare).map_err(io_error(&spare, "remove the older spare"))?;
    }
    let mark = retired.join(SPARE_MARK);
    fs::write(&mark, SPARE_TEXT).map_err(io_error(&mark, "write"))?;
    fs::rename(retired, &spare).map_err(io_error(&spare, "park the previous output"))
}

/// Removes the spare of `target`, if press parked one there.
pub fn remove(target: &Path) -> Result<(), OutputError> {
    let spare = spare_of(target);
    if is_spare(&spare) {
        remove_tree(&spare).map_err(io_error(&spare, "remove the spare"))?;
    }
    Ok(())
}

/// What [`mirror`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Mirrored {
    /// Files that were already the source's (the same inode).
    pub kept: usize,
    /// Files linked (or copied) again, and entries removed.
    pub linked: usize,
    pub removed: usize,
    /// Made from the last build's changes ([`mirror_changes`]): only the
    /// top folders were listed.
    pub from_changes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Folder,
    File,
}

/// Every entry below `root`: its path, kind and inode (from the listing).
/// Anything other than plain files and folders is refused, as the outputs
/// hold only those.
fn list(root: &Path) -> Result<Vec<(PathBuf, Kind, u64)>, OutputError> {
    let mut entries = Vec::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(root).to_owned();
            io_error(&path, "list")(io::Error::other(e.to_string()))
        })?;
        let kind = if entry.file_type().is_dir() {
            Kind::Folder
        } else if entry.file_type().is_file() {
            Kind::File
        } else {
            return Err(refused(
                entry.path(),
                "not a plain file or folder (a link or a special file); the site must hold only those",
            ));
        };
        let relative = entry
            .path()
            .strip_prefix(root)
            .expect("walkdir stays below its root")
            .to_owned();
        entries.push((relative, kind, inode(&entry)));
    }
    Ok(entries)
}

#[cfg(unix)]
fn inode(entry: &walkdir::DirEntry) -> u64 {
    walkdir::DirEntryExt::ino(entry)
}

#[cfg(not(unix))]
fn inode(_: &walkdir::DirEntry) -> u64 {
    0
}

/// Makes `copy` hold exactly the files and folders of `source`, each file a
/// hard link to the source's (a copy where the file system has none): what
/// is already the same file stays, what differs is linked again, and what
/// `source` does not have is removed. Files are replaced, never written
/// through.
pub fn mirror(source: &Path, copy: &Path) -> Result<Mirrored, OutputError> {
    use rayon::prelude::*;
    // Both listings at once: each waits on the file system.
    let (wanted, present) = rayon::join(|| list(source), || list(copy));
    let wanted = wanted?;
    let mut present: HashMap<PathBuf, (Kind, u64)> = present?
        .into_iter()
        .map(|(path, kind, inode)| (path, (kind, inode)))
        .collect();
    let mut done = Mirrored::default();
    let mut to_link = Vec::new();
    for (relative, kind, inode) in &wanted {
        let there = present.remove(relative);
        match (kind, there) {
            (Kind::Folder, Some((Kind::Folder, _))) => {}
            (Kind::Folder, None) => {
                let path = copy.join(relative);
                fs::create_dir(&path).map_err(io_error(&path, "create folder"))?;
            }
            (Kind::File, Some((Kind::File, had))) if had == *inode && had != 0 => done.kept += 1,
            (Kind::File, Some((Kind::File, _)) | None) => to_link.push(relative),
            // A file became a folder or the other way round: rare enough
            // to start again from nothing.
            (Kind::Folder, Some((Kind::File, _))) | (Kind::File, Some((Kind::Folder, _))) => {
                remove_tree(copy).map_err(io_error(copy, "empty"))?;
                fs::create_dir(copy).map_err(io_error(copy, "create folder"))?;
                return mirror(source, copy);
            }
        }
    }
    // What the source does not have: files first, then folders, deepest
    // first (a folder's files may already be gone with it).
    let mut extra: Vec<(PathBuf, Kind)> = present
        .into_iter()
        .map(|(path, (kind, _))| (path, kind))
        .collect();
    extra.sort_by(|a, b| b.0.cmp(&a.0));
    for (relative, kind) in &extra {
        let path = copy.join(relative);
        let result = match kind {
            Kind::File => fs::remove_file(&path),
            Kind::Folder => remove_tree(&path),
        };
        match result {
            Ok(()) => done.removed += 1,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(io_error(&path, "remove")(error)),
        }
    }
    to_link
        .par_iter()
        .try_for_each(|relative| link_again(source, copy, relative, false))?;
    done.linked = to_link.len();
    Ok(done)
}

/// Replaces `copy`'s file at `relative` by a hard link to `source`'s (a
/// copy where the file system has none); never written through. With
/// `make_folders`, a folder it needs is made.
fn link_again<P: AsRef<Path>>(
    source: &Path,
    copy: &Path,
    relative: P,
    make_folders: bool,
) -> Result<(), OutputError> {
    let (from, to) = (source.join(&relative), copy.join(&relative));
    match fs::remove_file(&to) {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            if let Some(folder) = to.parent().filter(|_| make_folders) {
                fs::create_dir_all(folder).map_err(io_error(folder, "create folder"))?;
            }
        }
        Err(error) => return Err(io_error(&to, "replace")(error)),
    }
    if fs::hard_link(&from, &to).is_err() {
        fs::copy(&from, &to).map_err(io_error(&to, "copy"))?;
    }
    Ok(())
}

/// [`mirror`] when what differs is known: `copy` was the same as `source`
/// but for the files `written` (linked again, their folders made) and
/// `deleted` (removed, with the folders they leave empty that `source`
/// does not have), as after the build that made `source` from `copy`'s
/// files ([`crate::continuity`]). The files at the top of both folders
/// (press's bookkeeping, some written outside the ledger) are compared as
/// [`mirror`] does. Listing the rest of both folders is what this saves.
pub fn mirror_changes(
    source: &Path,
    copy: &Path,
    written: &[String],
    deleted: &[String],
) -> Result<Mirrored, OutputError> {
    use rayon::prelude::*;
    let top = |root: &Path| -> Result<HashMap<String, u64>, OutputError> {
        let mut files = HashMap::new();
        for entry in fs::read_dir(root).map_err(io_error(root, "list"))? {
            let entry = entry.map_err(io_error(root, "list"))?;
            if entry.file_type().is_ok_and(|t| t.is_file()) {
                files.insert(
                    entry.file_name().to_string_lossy().into_owned(),
                    dir_entry_inode(&entry),
                );
            }
        }
        Ok(files)
    };
    // Only plain paths below both folders: nothing outside is touched.
    if let Some(bad) = written
        .iter()
        .chain(deleted)
        .find(|p| !crate::ledger::is_plain(p))
    {
        return Err(refused(
            &copy.join(bad),
            "not a plain path below the output; nothing was changed",
        ));
    }
    let (wanted, present) = (top(source)?, top(copy)?);
    let mut done = Mirrored {
        from_changes: true,
        ..Mirrored::default()
    };
    let mut to_link: Vec<&str> = written.iter().map(String::as_str).collect();
    for (name, inode) in &wanted {
        if present
            .get(name)
            .is_some_and(|had| had == inode && *had != 0)
        {
            done.kept += 1;
        } else if !written.contains(name) {
            to_link.push(name);
        }
    }
    let mut to_remove: Vec<&str> = deleted.iter().map(String::as_str).collect();
    to_remove.extend(
        present
            .keys()
            .filter(|name| !wanted.contains_key(*name))
            .map(String::as_str),
    );
    for relative in &to_remove {
        let path = copy.join(relative);
        match fs::remove_file(&path) {
            Ok(()) => done.removed += 1,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(io_error(&path, "remove")(error)),
        }
        // Folders the source does not have go too, deepest first.
        let mut folder = Path::new(relative).parent();
        while let Some(dir) = folder.filter(|dir| !dir.as_os_str().is_empty()) {
            if source.join(dir).exists() || fs::remove_dir(copy.join(dir)).is_err() {
                break;
            }
            folder = dir.parent();
        }
    }
    to_link
        .par_iter()
        .try_for_each(|relative| link_again(source, copy, relative, true))?;
    done.linked = to_link.len();
    Ok(done)
}

#[cfg(unix)]
fn dir_entry_inode(entry: &fs::DirEntry) -> u64 {
    std::os::unix::fs::DirEntryExt::ino(entry)
}

#[cfg(not(unix))]
fn dir_entry_inode(_: &fs::DirEntry) -> u64 {
    0
}

#[cfg(test)]
mod tests;
