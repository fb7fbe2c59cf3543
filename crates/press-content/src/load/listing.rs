//! The articles folder's files ([`find_article_files`]), and their listing
//! kept by `press watch` from one build to the next ([`KeptListing`]),
//! brought up to date from the paths the operating system said changed
//! instead of listing 100,000 files and looking at each again (issue 31:
//! about 0.3 s and 0.1 s of every edit's build).
//!
//! It is used only when it cannot differ from [`find_article_files`]:
//! - the last listing found no problem (a problem is said by listing), no
//!   link and no file with another name (a hard link): an edit through
//!   another name would name only that one;
//! - every changed path is known ([`KeptListing::changed`]: the watch had
//!   no lost or pathless event since, and builds that failed before
//!   listing add theirs to the next one's);
//! - each changed path under `articles/` is now a plain file or gone: a
//!   folder, a link or anything else there makes a full listing;
//! - every other changed path is a file every build reads again
//!   (`site.toml`, `images/`, `authors/`) or hidden;
//! - `articles/` is the content folder's own (no link leads elsewhere);
//! - where names may differ only in case (macOS, Windows), each changed
//!   file's name is the one its folder lists.
//!
//! A path that changed is looked at again, and its file's parse is not
//! taken from the cache without its identity being checked; any other
//! file's is ([`KeptListing::unchanged`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use broadsheet_model::limits::MAX_ARTICLES;

use crate::diagnostics::Diagnostic;

/// Every article file under `dir` (`*.md`), sorted, so builds are
/// deterministic; and a diagnostic for everything else found there, so no
/// input is skipped silently. Hidden files (`.name`) and editor backups
/// (`name~`) are ignored, as documented. Links are never followed out of the
/// content folder, and special files (FIFOs, devices, sockets) are never
/// opened.
pub fn find_article_files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<Diagnostic>)> {
    list_article_files(dir).map(|listed| (listed.files, listed.problems))
}

/// What [`find_article_files`] found, and whether an article may change
/// without an event naming it.
struct Listed {
    files: Vec<PathBuf>,
    problems: Vec<Diagnostic>,
    /// A link, or a file with another name (a hard link): an edit through
    /// the other name names only that one.
    aliased: bool,
}

fn list_article_files(dir: &Path) -> Result<Listed> {
    let root = std::fs::canonicalize(dir)
        .with_context(|| format!("{}: cannot open the articles folder", dir.display()))?;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut aliased = false;
    let mut problem = |path: &Path, message: &str| {
        problems.push(Diagnostic::new(path, 1, "file", message));
    };
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_ignored(entry.file_name()));
    for entry in walk {
        let entry =
            entry.with_context(|| format!("{}: cannot list the articles folder", dir.display()))?;
        let path = entry.path();
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        let is_markdown = path.extension().is_some_and(|e| e == "md");
        if path.file_name().and_then(|n| n.to_str()).is_none() {
            // The name makes the slug and the build's key: it must be text.
            problem(
                path,
                "the file name is not valid UTF-8; rename the file (its name gives the story's URL)",
            );
            continue;
        }
        if kind.is_symlink() {
            aliased = true;
            let content = root.parent().unwrap_or(&root);
            match std::fs::canonicalize(path) {
                Ok(target) if !target.starts_with(&root) && target.starts_with(content) => problem(
                    path,
                    "a symbolic link that leads outside articles/ (into the content folder's other files); not followed (move or copy the article into articles/)",
                ),
                Ok(target) if !target.starts_with(&root) => problem(
                    path,
                    "a symbolic link that leads outside the content folder; not followed (copy the file in instead)",
                ),
                Ok(target) if target.is_file() && is_markdown => files.push(path.to_owned()),
                Ok(_) if is_markdown => problem(path, "a symbolic link to something that is not a plain file; not followed"),
                Ok(_) => problem(path, "a symbolic link that is not an article; not followed"),
                Err(_) => problem(path, "a broken symbolic link"),
            }
        } else if !kind.is_file() {
            problem(
                path,
                "not a plain file (a FIFO, socket or device); not read",
            );
        } else if is_markdown {
            aliased |= entry_has_other_names(&entry);
            files.push(path.to_owned());
        } else {
            problem(
                path,
                "not an article: article files end in .md (other files do not belong in articles/)",
            );
        }
        if files.len() > MAX_ARTICLES {
            anyhow::bail!(
                "{}: more than {MAX_ARTICLES} article files; press stops here (see docs/authoring.md, \"Limits\")",
                dir.display()
            );
        }
    }
    files.sort();
    Ok(Listed {
        files,
        problems,
        aliased,
    })
}

/// Whether a file has more than one name (or cannot be looked at).
#[cfg(unix)]
fn entry_has_other_names(entry: &walkdir::DirEntry) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    entry
        .metadata()
        .map_or(true, |metadata| metadata.nlink() > 1)
}

/// Not known: the listing is never kept.
#[cfg(not(unix))]
fn entry_has_other_names(_: &walkdir::DirEntry) -> bool {
    true
}

/// Hidden files and folders, and editor backups, are not content.
fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~')
}

#[derive(Default)]
pub struct KeptListing {
    last: Option<Last>,
    /// What changed since the last listing: `None` when not known.
    pending: Option<Vec<PathBuf>>,
    /// This build's files that may have changed since the last build
    /// (`None`: any of them).
    may_differ: Option<HashSet<PathBuf>>,
}

struct Last {
    /// The articles folder, as given, and its real path.
    dir: PathBuf,
    root: PathBuf,
    files: Vec<PathBuf>,
}

impl KeptListing {
    /// Tells the next build what changed in the content folder: each path
    /// as the watch's events named it (absolute, under the content folder's
    /// real path), or `None` when that is not known (a lost event). Paths
    /// add up until a build lists the folder.
    pub fn changed(&mut self, paths: Option<Vec<PathBuf>>) {
        self.pending = match (self.pending.take(), paths) {
            (Some(mut pending), Some(paths)) => {
                pending.extend(paths);
                Some(pending)
            }
            _ => None,
        };
    }

    /// Every article file under `dir`, and the problems found there: the
    /// same as [`find_article_files`], from the last listing when it can
    /// be (see the module's text). What changed is used up.
    pub fn list(&mut self, content: &Path, dir: &Path) -> Result<(Vec<PathBuf>, Vec<Diagnostic>)> {
        // From here on, changes are known again (what comes next).
        let changed = self.pending.replace(Vec::new());
        self.may_differ = None;
        if let (Some(last), Some(changed)) = (self.last.as_mut(), changed) {
            if let Some(may_differ) = last.update(content, dir, &changed) {
                self.may_differ = Some(may_differ);
                return Ok((last.files.clone(), Vec::new()));
            }
        }
        self.last = None;
        let Listed {
            files,
            problems,
            aliased,
        } = list_article_files(dir)?;
        if problems.is_empty() && !aliased {
            if let Ok(root) = std::fs::canonicalize(dir) {
                self.last = Some(Last {
                    dir: dir.to_owned(),
                    root,
                    files: files.clone(),
                });
            }
        }
        Ok((files, problems))
    }

    /// Whether `file`, one of this build's files, is known to be as the
    /// last build read it (its path did not change since).
    pub fn unchanged(&self, file: &Path) -> bool {
        self.may_differ
            .as_ref()
            .is_some_and(|may_differ| !may_differ.contains(file))
    }
}

impl Last {
    /// Brings the listing up to date from `changed`: the files whose paths
    /// changed, as listed; `None` (and the listing as it was) when only a
    /// full listing can say.
    fn update(
        &mut self,
        content: &Path,
        dir: &Path,
        changed: &[PathBuf],
    ) -> Option<HashSet<PathBuf>> {
        if dir != self.dir {
            return None;
        }
        let content = std::fs::canonicalize(content).ok()?;
        if std::fs::canonicalize(dir).ok()? != self.root || self.root != content.join("articles") {
            return None;
        }
        // Changed in place: when this fails part-way, the caller forgets
        // the listing.
        let mut may_differ = HashSet::new();
        let files = &mut self.files;
        for path in changed {
            if !path.starts_with(&content) {
                return None;
            }
            let Ok(relative) = path.strip_prefix(&self.root) else {
                if is_read_by_every_build(path.strip_prefix(&content).ok()?) {
                    continue;
                }
                // Another name for something in articles/, perhaps.
                return None;
            };
            if relative.as_os_str().is_empty() {
                return None;
            }
            if relative.components().any(|c| is_ignored(c.as_os_str())) {
                continue;
            }
            if !name_is_exact(path) {
                return None;
            }
            let listed = dir.join(relative);
            match std::fs::symlink_metadata(path) {
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    // Gone: the file, or a folder and all in it.
                    files.retain(|file| !file.starts_with(&listed));
                }
                Err(_) => return None,
                Ok(metadata) if metadata.is_file() && !has_other_names(&metadata) => {
                    let name_is_text = relative.file_name().and_then(|n| n.to_str()).is_some();
                    let is_markdown = relative.extension().is_some_and(|e| e == "md");
                    if !name_is_text || !is_markdown {
                        // A problem to say: listing says it.
                        return None;
                    }
                    if let Err(at) = files.binary_search(&listed) {
                        files.insert(at, listed.clone());
                    }
                    may_differ.insert(listed);
                }
                // A folder (its files may have come without events), a
                // link, a file with another name, a special file.
                Ok(_) => return None,
            }
        }
        if files.len() > MAX_ARTICLES {
            return None;
        }
        Some(may_differ)
    }
}

/// Whether `relative` (to the content folder) is read by every build
/// whatever changed: `site.toml`, the pictures and the profiles, or hidden
/// (the pictures' cache, a version control folder).
fn is_read_by_every_build(relative: &Path) -> bool {
    let mut components = relative.components();
    let Some(first) = components.next() else {
        return false;
    };
    let first = first.as_os_str();
    is_ignored(first)
        || first == "images"
        || first == "authors"
        || (first == "site.toml" && components.next().is_none())
}

/// Whether a file has another name (or cannot be told).
#[cfg(unix)]
fn has_other_names(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    metadata.nlink() > 1
}

#[cfg(not(unix))]
fn has_other_names(_: &std::fs::Metadata) -> bool {
    true
}

/// Whether `path`, if it exists, is named in its folder exactly so: where
/// names may differ only in case, `A.md` renamed `a.md` is found under
/// both, and only a listing tells which is the file's.
#[cfg(any(target_os = "macos", target_os = "windows"))]
fn name_is_exact(path: &Path) -> bool {
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return false;
    };
    match std::fs::read_dir(parent) {
        Ok(entries) => {
            let mut entries = entries.filter_map(Result::ok);
            !path.exists() || entries.any(|entry| entry.file_name() == name)
        }
        Err(error) => error.kind() == std::io::ErrorKind::NotFound,
    }
}

/// File names are compared exactly here.
#[cfg(not(any(target_os = "macos", target_os = "windows")))]
fn name_is_exact(_: &Path) -> bool {
    true
}

#[cfg(test)]
mod tests;
