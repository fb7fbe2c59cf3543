//! `cargo xtask dist --changes FILE`: what a build changed in the whole
//! site (`dist/`: pages, data, the app, the precompressed copies), in
//! press's `--changes` format (`+ path` written, `- path` deleted), so a
//! deploy uploads only those (docs/deploy.md, "Incremental builds").
//!
//! Nothing in a site is written in place: press, render and precompression
//! replace files, and a file kept from the last build is a hard link to
//! the same inode (press's output, render's and precompression's caches,
//! the kept app). So a path whose inode, length and modification time are
//! what they were is the same file; anything else was written.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt as _;
use std::path::Path;

use crate::util::Result;

/// Each file of a site by its path: (device, inode, length, mtime in ns).
pub type Listing = BTreeMap<String, (u64, u64, u64, i128)>;

/// The files of `site`; none if it is not there.
pub fn list(site: &Path) -> Result<Listing> {
    let mut files = Listing::new();
    if !site.is_dir() {
        return Ok(files);
    }
    for entry in walkdir::WalkDir::new(site) {
        let entry = entry.map_err(|e| format!("{}: {e}", site.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let meta = entry
            .metadata()
            .map_err(|e| format!("{}: {e}", entry.path().display()))?;
        let relative = entry.path().strip_prefix(site).unwrap_or(entry.path());
        let mtime = i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec());
        files.insert(
            relative.to_string_lossy().into_owned(),
            (meta.dev(), meta.ino(), meta.len(), mtime),
        );
    }
    Ok(files)
}

/// The paths written (new, or another file than before) and deleted.
pub fn diff(before: &Listing, after: &Listing) -> (Vec<String>, Vec<String>) {
    let written = after
        .iter()
        .filter(|(path, id)| before.get(*path) != Some(id))
        .map(|(path, _)| path.clone())
        .collect();
    let deleted = before
        .keys()
        .filter(|path| !after.contains_key(*path))
        .cloned()
        .collect();
    (written, deleted)
}

/// Writes the changes to `file`, one path a line, sorted: `+ path`, then
/// `- path`.
pub fn write(file: &Path, written: &[String], deleted: &[String]) -> Result<()> {
    let mut text = String::new();
    for path in written {
        text.push_str("+ ");
        text.push_str(path);
        text.push('\n');
    }
    for path in deleted {
        text.push_str("- ");
        text.push_str(path);
        text.push('\n');
    }
    std::fs::write(file, text).map_err(|e| format!("{}: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_kept_by_a_link_is_unchanged_and_every_other_is_listed() {
        let root = std::env::temp_dir().join(format!("xtask-site-changes-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let (old, new, cache) = (root.join("old"), root.join("new"), root.join("cache"));
        for dir in [&old, &new, &cache] {
            std::fs::create_dir_all(dir.join("data")).unwrap();
        }
        // A cached file linked into both builds; one rewritten with the same
        // bytes; one only in the old build; one new.
        std::fs::write(cache.join("page.html"), "<p>kept</p>").unwrap();
        std::fs::hard_link(cache.join("page.html"), old.join("index.html")).unwrap();
        std::fs::hard_link(cache.join("page.html"), new.join("index.html")).unwrap();
        std::fs::write(old.join("data/front.json"), "{}").unwrap();
        std::fs::write(new.join("data/front.json"), "{}").unwrap();
        std::fs::write(old.join("data/gone.json"), "[]").unwrap();
        std::fs::write(new.join("data/new.json"), "[]").unwrap();
        let (written, deleted) = diff(&list(&old).unwrap(), &list(&new).unwrap());
        assert_eq!(written, ["data/front.json", "data/new.json"]);
        assert_eq!(deleted, ["data/gone.json"]);
        // A first build: everything is written.
        let (written, deleted) = diff(&list(&root.join("nothing")).unwrap(), &list(&new).unwrap());
        assert_eq!(written.len(), 3);
        assert!(deleted.is_empty());
        let file = root.join("changes.txt");
        write(&file, &["a.html".into()], &["b.json".into()]).unwrap();
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "+ a.html\n- b.json\n"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
