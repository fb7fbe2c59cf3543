//! The articles folder's listing, kept by `press watch` from one build to
//! the next and brought up to date from the paths the operating system
//! said changed, instead of listing 100,000 files and looking at each
//! again (issue 31: about 0.3 s and 0.1 s of every edit's build).
//!
//! It is used only when it cannot differ from [`find_article_files`]:
//! - the last listing found no problem (a problem is said by listing);
//! - every changed path is known ([`KeptListing::changed`]: the watch had
//!   no lost or pathless event since);
//! - each changed path under `articles/` is now a plain file or gone: a
//!   folder, a link or anything else there makes a full listing;
//! - `articles/` is the content folder's own (no link leads elsewhere).
//!
//! A path that changed is looked at again, and its file's parse is not
//! taken from the cache without its identity being checked; any other
//! file's is ([`KeptListing::unchanged`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Result;
use broadsheet_model::limits::MAX_ARTICLES;

use super::{find_article_files, is_ignored};
use crate::diagnostics::Diagnostic;

#[derive(Default)]
pub struct KeptListing {
    last: Option<Last>,
    /// What changed since the last listing: `None` when not known.
    changed: Option<Vec<PathBuf>>,
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
    /// Tells the next build what changed in the content folder since this
    /// build listed it: each path as the operating system named it (real,
    /// absolute), or `None` when that is not known (a lost event).
    pub fn changed(&mut self, paths: Option<Vec<PathBuf>>) {
        self.changed = paths;
    }

    /// Every article file under `dir`, and the problems found there: the
    /// same as [`find_article_files`], from the last listing when it can
    /// be (see the module's text). What changed is used up.
    pub fn list(&mut self, content: &Path, dir: &Path) -> Result<(Vec<PathBuf>, Vec<Diagnostic>)> {
        let changed = self.changed.take();
        self.may_differ = None;
        if let (Some(last), Some(changed)) = (self.last.as_mut(), changed) {
            if let Some(may_differ) = last.update(content, dir, &changed) {
                self.may_differ = Some(may_differ);
                return Ok((last.files.clone(), Vec::new()));
            }
        }
        self.last = None;
        let (files, problems) = find_article_files(dir)?;
        if problems.is_empty() {
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
                // site.toml, images/, authors/: read by every build.
                continue;
            };
            if relative.as_os_str().is_empty() {
                return None;
            }
            let listed = dir.join(relative);
            match std::fs::symlink_metadata(path) {
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    // Gone: the file, or a folder and all in it.
                    files.retain(|file| !file.starts_with(&listed));
                }
                Err(_) => return None,
                Ok(metadata) if metadata.is_file() => {
                    let hidden = relative.components().any(|c| is_ignored(c.as_os_str()));
                    let name_is_text = relative.file_name().and_then(|n| n.to_str()).is_some();
                    let is_markdown = relative.extension().is_some_and(|e| e == "md");
                    if hidden {
                        continue;
                    }
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
                // link, a special file.
                Ok(_) => return None,
            }
        }
        if files.len() > MAX_ARTICLES {
            return None;
        }
        Some(may_differ)
    }
}

#[cfg(test)]
mod tests;
