//! Atomic output: everything is written into a staging folder next to the
//! output folder, and swapped in only when the whole build succeeded. A failed
//! or interrupted build leaves the previous output as it was.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result};

pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    files: AtomicU64,
    bytes: AtomicU64,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder beside `out`.
    pub fn new(out: &Path) -> Result<Staging> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).with_context(|| {
            format!(
                "{}: cannot create the output's parent folder",
                parent.display()
            )
        })?;
        let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| {
                format!("{}: cannot clear an old staging folder", dir.display())
            })?;
        }
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("{}: cannot create the staging folder", dir.display()))?;
        Ok(Staging {
            out: out.to_owned(),
            dir,
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            committed: false,
        })
    }

    /// Writes one file, given its path relative to the output root. Safe to call from many threads.
    pub fn write(&self, relative: &str, contents: &[u8]) -> Result<()> {
        debug_assert!(
            !relative.contains(".."),
            "relative paths come from validated slugs"
        );
        let path = self.dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create folder", parent.display()))?;
        }
        std::fs::write(&path, contents)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes
            .fetch_add(contents.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    pub fn file_count(&self) -> u64 {
        self.files.load(Ordering::Relaxed)
    }

    pub fn byte_count(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Swaps the staging folder in for the output folder.
    pub fn commit(mut self) -> Result<()> {
        let old = self.dir.with_file_name(format!(
            "{}.old",
            self.dir
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("staging")
        ));
        let had_output = self.out.exists();
        if had_output {
            std::fs::rename(&self.out, &old).with_context(|| {
                format!(
                    "{}: cannot move the previous output aside",
                    self.out.display()
                )
            })?;
        }
        if let Err(error) = std::fs::rename(&self.dir, &self.out) {
            if had_output {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(error).with_context(|| {
                format!(
                    "{}: cannot move the new output into place",
                    self.out.display()
                )
            });
        }
        self.committed = true;
        if had_output {
            remove_tree_in_parallel(&old)
                .with_context(|| format!("{}: cannot remove the previous output", old.display()))?;
        }
        Ok(())
    }
}

/// `remove_dir_all`, with the files of each folder removed in parallel: an
/// archive's previous output holds a file per article, and one at a time that
/// takes longer than building it.
fn remove_tree_in_parallel(root: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let mut folders = Vec::new();
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry?;
        if entry.file_type().is_dir() {
            folders.push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(std::fs::remove_file)?;
    // Deepest first: walkdir lists a folder before what it holds.
    for folder in folders.iter().rev() {
        std::fs::remove_dir(folder)?;
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(std::fs::read(out.join("data/a.json")).unwrap(), b"1");
        assert_eq!(
            std::fs::read_dir(root.path()).unwrap().count(),
            1,
            "no staging folder is left behind"
        );
        let third = Staging::new(&out).unwrap();
        third.write("data/b.json", b"3").unwrap();
        third.commit().unwrap();
        assert!(
            !out.join("data/a.json").exists(),
            "the new output replaces the old one whole"
        );
        assert_eq!(std::fs::read(out.join("data/b.json")).unwrap(), b"3");
    }
}
