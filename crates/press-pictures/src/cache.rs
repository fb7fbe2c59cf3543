//! The pictures' cache: one folder a source content (its key), holding
//! every file made of it, and an index of the pictures last seen, by path,
//! size and modification time.
//!
//! - A picture whose size and time match the index is not even read.
//! - A changed or renamed file is hashed; a key already in the cache is
//!   not made again.
//! - Only a new content is decoded and encoded, into a folder of its own
//!   that is renamed into place whole, so a killed build leaves nothing
//!   half made under a key.
//! - Keys no picture has any more are removed after each build.
//!
//! The cache is press's own: everything in it can be deleted at any time,
//! at the cost of the work it saves.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::UNIX_EPOCH;

use anyhow::Context;
use broadsheet_model::limits::MAX_IMAGE_BYTES;
use broadsheet_model::ImageFormat;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::decode::{self, Photo, Sniffed};
use crate::encode::{self, SETTINGS};
use crate::ladder;
use crate::{Focus, Job, Kind, Made};

const VERSION: &str = "v1";
const INDEX: &str = "index.json";
const MADE: &str = "made.json";
const TAG: &str = "CACHEDIR.TAG";
const TAG_TEXT: &str = "Signature: 8a477f597d28d172789f06886806bc55\n# press's picture cache: safe to delete; it only saves work.\n";

/// The file of the link-preview crop centred on `focus`.
pub fn crop_name(focus: Focus) -> String {
    format!("share-{}-{}.jpg", focus.0, focus.1)
}

/// A picture as last seen: enough to know it has not changed without
/// reading it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub len: u64,
    pub modified: u64,
    pub key: String,
}

impl Stamp {
    pub fn of(path: &Path, key: String) -> std::io::Result<Stamp> {
        let metadata = std::fs::metadata(path)?;
        Ok(Stamp {
            len: metadata.len(),
            modified: modified(&metadata),
            key,
        })
    }
}

fn modified(metadata: &std::fs::Metadata) -> u64 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

#[derive(Default, Serialize, Deserialize)]
struct IndexFile {
    settings: String,
    pictures: BTreeMap<String, (Stamp, Made)>,
}

/// The index as loaded: by path under `images/`.
pub type Index = HashMap<String, (Stamp, Made)>;

pub struct Cache {
    dir: PathBuf,
    root: PathBuf,
}

impl Cache {
    /// The cache in `dir`. Nothing is created until something is made, so
    /// a content folder with no pictures (or a read-only one whose
    /// pictures are all made) is never written.
    pub fn open(dir: &Path) -> Cache {
        Cache {
            dir: dir.to_owned(),
            root: dir.join(VERSION),
        }
    }

    /// Creates the cache's folder, tagged as a cache for backup tools.
    fn create(&self) -> anyhow::Result<()> {
        std::fs::create_dir_all(&self.root)
            .with_context(|| format!("{}: cannot create the picture cache", self.root.display()))?;
        let tag = self.dir.join(TAG);
        if !tag.exists() {
            std::fs::write(&tag, TAG_TEXT)
                .with_context(|| format!("{}: cannot write", tag.display()))?;
        }
        Ok(())
    }

    pub fn folder_of(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }

    /// The index of the last build; empty if there is none or it is from
    /// other settings.
    pub fn index(&self) -> Index {
        let Ok(bytes) = std::fs::read(self.root.join(INDEX)) else {
            return Index::new();
        };
        match serde_json::from_slice::<IndexFile>(&bytes) {
            Ok(file) if file.settings == SETTINGS => file.pictures.into_iter().collect(),
            _ => Index::new(),
        }
    }

    /// Writes the index of this build, then removes every key it no longer
    /// names (and folders a killed build left half made).
    pub fn save_index(&self, pictures: &BTreeMap<String, (Stamp, Made)>) -> anyhow::Result<()> {
        if pictures.is_empty() && !self.root.exists() {
            return Ok(());
        }
        self.create()?;
        let file = IndexFile {
            settings: SETTINGS.to_owned(),
            pictures: pictures.clone(),
        };
        let path = self.root.join(INDEX);
        let temporary = self.root.join(format!(".{INDEX}.{}", std::process::id()));
        std::fs::write(&temporary, serde_json::to_vec(&file)?)
            .with_context(|| format!("{}: cannot write", temporary.display()))?;
        std::fs::rename(&temporary, &path)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        // Only in a folder press made its cache (its tag, with press's
        // line): `--cache` pointed at a folder of someone else's loses
        // nothing.
        let tag = std::fs::read_to_string(self.dir.join(TAG)).unwrap_or_default();
        if tag != TAG_TEXT {
            return Ok(());
        }
        let keep: std::collections::HashSet<&str> = pictures
            .values()
            .map(|(stamp, _)| stamp.key.as_str())
            .collect();
        for entry in std::fs::read_dir(&self.root)
            .with_context(|| format!("{}: cannot list", self.root.display()))?
        {
            let entry = entry?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let ours = is_key(name) || name.starts_with(".making-");
            let stale_making = name.starts_with(".making-") && !is_recent(&entry.path());
            if ours && !keep.contains(name) && (is_key(name) || stale_making) {
                std::fs::remove_dir_all(entry.path())
                    .with_context(|| format!("{}: cannot remove", entry.path().display()))?;
            }
        }
        Ok(())
    }

    /// What was made of one picture: found by its stamp, then by its key,
    /// else made now. `true` when made now.
    pub fn make(&self, job: &Job, index: &Index) -> Result<(Made, bool), String> {
        let metadata = std::fs::metadata(&job.path).map_err(|e| format!("cannot read ({e})"))?;
        if let Some((stamp, made)) = index.get(&job.relative) {
            let same = stamp.len == metadata.len() && stamp.modified == modified(&metadata);
            if same && self.has(made, &job.crops) {
                return Ok((made.clone(), false));
            }
        }
        if metadata.len() > MAX_IMAGE_BYTES {
            return Err(format!(
                "{} MB, over the {} MB a picture may be",
                metadata.len() / 1_000_000,
                MAX_IMAGE_BYTES / 1_000_000
            ));
        }
        let bytes = std::fs::read(&job.path).map_err(|e| format!("cannot read ({e})"))?;
        let key = key_of(&bytes);
        let folder = self.folder_of(&key);
        if let Ok(made) = std::fs::read(folder.join(MADE))
            .map_err(|_| ())
            .and_then(|b| serde_json::from_slice::<Made>(&b).map_err(|_| ()))
        {
            if self.has(&made, &job.crops) {
                return Ok((made, false));
            }
            // Crops a story asks for now: made beside the rest.
            let photo = decode::photo(&bytes, decode::sniff(&bytes))?;
            for focus in &job.crops {
                let path = folder.join(crop_name(*focus));
                if !path.exists() {
                    let crop = crop(&photo, *focus)?;
                    write_new(&path, &crop)?;
                }
            }
            return Ok((made, true));
        }
        let making = self.root.join(format!(
            ".making-{}-{}-{key}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        self.create().map_err(|e| format!("{e:#}"))?;
        std::fs::create_dir_all(&making).map_err(|e| cache_error(&making, &e))?;
        let made = match make(&bytes, key.clone(), &job.crops, &making) {
            Ok(made) => made,
            Err(why) => {
                let _ = std::fs::remove_dir_all(&making);
                return Err(why);
            }
        };
        let json = serde_json::to_vec(&made).map_err(|e| e.to_string())?;
        std::fs::write(making.join(MADE), json).map_err(|e| cache_error(&making, &e))?;
        if std::fs::rename(&making, &folder).is_err() {
            // Made at the same time by another build, or for another picture
            // of the same content (which may not have asked for these
            // crops): theirs stays, with the crops this one asked for.
            let cropped = matches!(made.kind, Kind::Ladder { .. });
            for focus in job.crops.iter().filter(|_| cropped) {
                let name = crop_name(*focus);
                if !folder.join(&name).exists() {
                    std::fs::rename(making.join(&name), folder.join(&name))
                        .map_err(|e| cache_error(&folder, &e))?;
                }
            }
            let _ = std::fs::remove_dir_all(&making);
        }
        Ok((made, true))
    }

    /// Whether the cache holds every file of `made`, crops included.
    fn has(&self, made: &Made, crops: &std::collections::BTreeSet<Focus>) -> bool {
        let folder = self.folder_of(&made.key);
        // Only a photo is cropped; an SVG or a GIF is shown as it is.
        let cropped = matches!(made.kind, Kind::Ladder { .. });
        folder.join(MADE).exists()
            && (!cropped
                || crops
                    .iter()
                    .all(|focus| folder.join(crop_name(*focus)).exists()))
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn cache_error(path: &Path, error: &std::io::Error) -> String {
    format!(
        "the picture cache cannot be written ({}: {error})",
        path.display()
    )
}

fn is_key(name: &str) -> bool {
    name.len() == 16 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_recent(path: &Path) -> bool {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() < 3600)
}

/// The source's content and the settings, hashed (SHA-256, 64 bits shown).
pub fn key_of(bytes: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(SETTINGS.as_bytes());
    hasher.update([0]);
    hasher.update(bytes);
    let digest = hasher.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let temporary = path.with_extension(format!("part{}", std::process::id()));
    std::fs::write(&temporary, bytes).map_err(|e| cache_error(&temporary, &e))?;
    std::fs::rename(&temporary, path).map_err(|e| cache_error(path, &e))
}

/// Makes every file of one picture into `folder`.
fn make(
    bytes: &[u8],
    key: String,
    crops: &std::collections::BTreeSet<Focus>,
    folder: &Path,
) -> Result<Made, String> {
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(folder.join(name), bytes).map_err(|e| cache_error(folder, &e))
    };
    // A picture served as it is (an SVG, a GIF), kept as `original.<ext>`.
    let as_is = |key: String, (width, height): (u32, u32), extension: &str| {
        write(&format!("original.{extension}"), bytes)?;
        Ok(Made {
            key,
            width,
            height,
            placeholder: None,
            kind: Kind::AsIs {
                extension: extension.to_owned(),
            },
        })
    };
    let sniffed = decode::sniff(bytes);
    match sniffed {
        Sniffed::Svg => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| "an SVG that is not UTF-8 text".to_owned())?;
            let size = crate::svg::size(text)?;
            as_is(key, size, "svg")
        }
        Sniffed::Gif => {
            let size = decode::gif_size(bytes)?;
            as_is(key, size, "gif")
        }
        Sniffed::Avif => {
            Err("an AVIF: press makes the AVIF itself; give it the original JPEG or PNG".to_owned())
        }
        Sniffed::Unknown => Err(
            "not a picture: its bytes are not those of a JPEG, PNG, WebP, GIF or SVG".to_owned(),
        ),
        Sniffed::Jpeg | Sniffed::Png | Sniffed::Webp => {
            use rayon::prelude::*;
            let photo = decode::photo(bytes, sniffed)?;
            let widths = ladder::widths(photo.width);
            let fallback = if photo.alpha {
                ImageFormat::Png
            } else {
                ImageFormat::Jpeg
            };
            let formats = vec![ImageFormat::Avif, ImageFormat::Webp, fallback];
            let placeholders: Vec<Option<String>> = widths
                .par_iter()
                .map(|&width| -> Result<Option<String>, String> {
                    let height = ladder::scaled_height(photo.width, photo.height, width);
                    let pixels = encode::resize(&photo, width, height, None)?;
                    formats.par_iter().try_for_each(|format| {
                        let encoded = encode::encode(&pixels, width, height, photo.alpha, *format)?;
                        write(&format!("{width}.{}", format.extension()), &encoded)
                    })?;
                    Ok(encode::average(&pixels, photo.alpha))
                })
                .collect::<Result<_, String>>()?;
            crops
                .par_iter()
                .try_for_each(|focus| write(&crop_name(*focus), &crop(&photo, *focus)?))?;
            Ok(Made {
                key,
                width: photo.width,
                height: photo.height,
                // Behind a transparent picture a colour would show for good.
                placeholder: placeholders
                    .into_iter()
                    .next()
                    .flatten()
                    .filter(|_| !photo.alpha),
                kind: Kind::Ladder { widths, formats },
            })
        }
    }
}

/// The link-preview crop of `photo` centred on `focus`, as a JPEG no wider
/// than 1200 pixels (smaller only when the photo is).
fn crop(photo: &Photo, focus: Focus) -> Result<Vec<u8>, String> {
    let (left, top, width, height) = ladder::crop_box(photo.width, photo.height, focus);
    let out_width = width.min(ladder::SHARE.0);
    let out_height = ladder::scaled_height(width, height, out_width);
    let pixels = encode::resize(
        photo,
        out_width,
        out_height,
        Some((left, top, width, height)),
    )?;
    encode::encode(
        &pixels,
        out_width,
        out_height,
        photo.alpha,
        ImageFormat::Jpeg,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_sixteen_hex_digits_of_content_and_settings() {
        let key = key_of(b"a picture");
        assert!(is_key(&key), "{key}");
        assert_ne!(key, key_of(b"another picture"));
        assert_eq!(key, key_of(b"a picture"));
    }
}
