//! `press import --uploads DIR`: a WordPress site's pictures, from a local
//! copy of its `wp-content/uploads`. A featured or inline image whose URL
//! has `/wp-content/uploads/<path>` is found at `DIR/<path>` (or, for a
//! size WordPress made, such as `photo-1024x768.jpg`, its original
//! `photo.jpg`, since press makes its own sizes), copied to the content
//! folder's `images/uploads/<path>` under a plain name, and the story points
//! at `/images/uploads/<path>`. An image that is not there stays a remote
//! image, and is reported.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The picture formats press takes (`press_content::images::FORMATS`).
use press_content::images::FORMATS;

pub struct Uploads {
    dir: PathBuf,
    /// Path under `images/` → the upload copied there.
    copies: BTreeMap<String, PathBuf>,
    /// Upload → its path under `images/`.
    taken: BTreeMap<PathBuf, String>,
}

impl Uploads {
    pub fn new(dir: &Path) -> Result<Uploads> {
        anyhow::ensure!(
            dir.is_dir(),
            "{}: --uploads must be a folder (a copy of wp-content/uploads)",
            dir.display()
        );
        Ok(Uploads {
            dir: dir.to_owned(),
            copies: BTreeMap::new(),
            taken: BTreeMap::new(),
        })
    }

    /// The new source of an image: `Ok(None)` when `src` is not an upload,
    /// `Err` (a note) when it is one that cannot be brought.
    pub fn localize(&mut self, src: &str) -> Result<Option<String>, String> {
        let Some(rest) = upload_path(src) else {
            return Ok(None);
        };
        let Some(found) = self.find(rest) else {
            return Err(format!(
                "image {src}: not in {} (looked for {rest}); kept as a remote image",
                self.dir.display()
            ));
        };
        if let Some(relative) = self.taken.get(&found) {
            return Ok(Some(format!("/images/{relative}")));
        }
        let relative_source = found
            .strip_prefix(&self.dir)
            .map(|p| p.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/"))
            .unwrap_or_default();
        let Some(plain) = plain_path(&relative_source) else {
            return Err(format!(
                "image {src}: {relative_source} is not a picture format press takes ({}); kept as a remote image",
                FORMATS.join(", ")
            ));
        };
        let mut relative = format!("uploads/{plain}");
        let mut n = 2;
        while self.copies.contains_key(&relative) {
            let (stem, extension) = plain.rsplit_once('.').unwrap_or((&plain, ""));
            relative = format!("uploads/{stem}-{n}.{extension}");
            n += 1;
        }
        self.copies.insert(relative.clone(), found.clone());
        self.taken.insert(found, relative.clone());
        Ok(Some(format!("/images/{relative}")))
    }

    /// The upload for `rest`, or for the original of a size WordPress made.
    fn find(&self, rest: &str) -> Option<PathBuf> {
        let safe = rest
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != ".." && !s.contains('\\'));
        if !safe {
            return None;
        }
        let decoded = percent_decode(rest)?;
        [original_of(&decoded), Some(decoded)]
            .into_iter()
            .flatten()
            .map(|candidate| self.dir.join(candidate))
            .find(|path| std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()))
    }

    /// Copies every upload used into `<content>/images/`. A file already
    /// there with other bytes is kept (a picture someone put there), and
    /// reported.
    pub fn copy_into(&self, content: &Path) -> Result<Vec<String>> {
        let mut notes = Vec::new();
        for (relative, source) in &self.copies {
            let target = content.join("images").join(relative);
            let bytes = std::fs::read(source)
                .with_context(|| format!("{}: cannot read", source.display()))?;
            match std::fs::read(&target) {
                Ok(existing) if existing == bytes => continue,
                Ok(_) => {
                    notes.push(format!(
                        "{}: already there with other bytes; kept (the stories point at it)",
                        target.display()
                    ));
                    continue;
                }
                Err(_) => {}
            }
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("{}: cannot create", parent.display()))?;
            }
            std::fs::write(&target, &bytes)
                .with_context(|| format!("{}: cannot write", target.display()))?;
        }
        Ok(notes)
    }

    pub fn copied(&self) -> usize {
        self.copies.len()
    }
}

/// `<path>` of a URL with `/wp-content/uploads/<path>` (absolute, or
/// site-relative), without its query.
fn upload_path(src: &str) -> Option<&str> {
    let path = match src.split_once("://") {
        Some((_, rest)) => &rest[rest.find('/')?..],
        None => src,
    };
    let path = path.split(['?', '#']).next()?;
    path.split_once("/wp-content/uploads/")
        .map(|(_, rest)| rest)
}

/// `2019/05/photo-1024x768.jpg` → `2019/05/photo.jpg`.
fn original_of(path: &str) -> Option<String> {
    let (stem, extension) = path.rsplit_once('.')?;
    let (base, size) = stem.rsplit_once('-')?;
    let (w, h) = size.split_once('x')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(w) && digits(h)).then(|| format!("{base}.{extension}"))
}

/// `%20` and the like, undone; `None` if that is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// A path press accepts under `images/` (letters, digits, `-`, `_`, `.`;
/// no segment starting with a dot), made from an upload's, with a picture
/// format's extension; `None` for another format.
fn plain_path(path: &str) -> Option<String> {
    let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
    if !FORMATS.contains(&extension.as_str()) {
        return None;
    }
    let (folders, file) = path.rsplit_once('/').unwrap_or(("", path));
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let stem = crate::slugify(stem);
    let mut out: Vec<String> = folders
        .split('/')
        .filter(|f| !f.is_empty())
        .map(|f| {
            let f = crate::slugify(f);
            if f.is_empty() {
                "folder".to_owned()
            } else {
                f
            }
        })
        .collect();
    let stem = if stem.is_empty() {
        "picture".to_owned()
    } else {
        stem
    };
    out.push(format!("{stem}.{extension}"));
    Some(out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_urls_and_sizes() {
        assert_eq!(
            upload_path("https://news.example/wp-content/uploads/2019/05/a.jpg?x=1"),
            Some("2019/05/a.jpg")
        );
        assert_eq!(upload_path("/blog/wp-content/uploads/a.png"), Some("a.png"));
        assert_eq!(upload_path("https://cdn.example/a.jpg"), None);
        assert_eq!(
            original_of("2019/05/photo-1024x768.jpg").as_deref(),
            Some("2019/05/photo.jpg")
        );
        assert_eq!(original_of("2019/05/photo-final.jpg"), None);
        assert_eq!(
            percent_decode("M%C3%BCnchen%20Hbf.jpg").as_deref(),
            Some("München Hbf.jpg")
        );
        assert_eq!(percent_decode("100%"), Some("100%".into()));
    }

    #[test]
    fn names_become_plain() {
        assert_eq!(
            plain_path("2019/05/München Hbf.JPG").as_deref(),
            Some("2019/05/munchen-hbf.jpg")
        );
        assert_eq!(plain_path("2019/05/scan.tiff"), None);
        assert_eq!(
            plain_path(".hidden/.x.png").as_deref(),
            Some("hidden/x.png")
        );
    }
}
