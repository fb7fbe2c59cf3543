//! Precompression of a built site: `x.br` and `x.gz` beside every text file
//! `x`, for hosts that serve them as they are (nginx's `brotli_static` and
//! `gzip_static`, docs/deploy.md).
//!
//! - **In parallel**, on every core (rayon), and built optimised (the
//!   `native` profile), not in xtask's debug build: brotli at quality 11
//!   unoptimised managed about 300 files a minute.
//! - **Only new bytes are compressed.** The results are kept in a cache by
//!   the hash of what was compressed (xxh3-128) and settings; a file whose
//!   bytes were compressed before gets hard links to the cached results. A
//!   site rebuilt after one edit compresses the few files whose bytes changed.
//! - **Never written through:** an existing `x.br` is replaced, not opened
//!   for writing (it may be a link to the cache or to another output).
//! - **The cache is bounded:** after a run, entries this run did not use are
//!   removed once the cache holds more than twice what the run used.
//! - **A file unchanged since the last run is not read.** The cache keeps a
//!   memo ([`MEMO`]) of each file's identity (device, inode, length,
//!   modification time) and its key. The sites are made of hard links to
//!   files that are replaced, never rewritten, so at 100,000 stories an
//!   edit's run reads the few new files instead of 4 GB. A file modified
//!   within two seconds of a run is not memoised: a rewrite in the same
//!   clock tick with the same length would look unchanged (git's "racy"
//!   files).

use std::collections::HashSet;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rayon::prelude::*;

/// Brotli's quality for files every reader loads (the app's code and styles)
/// and for the pages and data, one of many each. On 2,000 article files of a
/// generated archive (17.3 MB, both cores, gzip included): quality 11 took
/// 11.8 s for 5.9 MB, 10 took 4.7 s for 6.0 MB, 7 took 0.9 s for 6.3 MB. At
/// 100,000 stories (about 4 GB of JSON and HTML) that is minutes against an
/// hour (docs/performance.md).
const BROTLI_QUALITY_SHARED: u32 = 11;
const BROTLI_QUALITY_PAGES: u32 = 7;
const BROTLI_WINDOW: u32 = 22;

/// What changes a cached result besides the bytes: bump when the settings change.
const SETTINGS: &str = "br 11/7 w22, gzip 6, v1";

/// The files worth compressing, by extension.
pub fn is_text_asset(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("html" | "css" | "js" | "wasm" | "json" | "xml" | "svg" | "txt" | "webmanifest")
    )
}

/// `.precompress-cache` beside the site's folder.
pub fn default_cache(site: &Path) -> PathBuf {
    let parent = site
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = site
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    parent.join(format!(".{name}.precompress-cache"))
}

#[derive(Debug, Default)]
pub struct Report {
    /// Text files found.
    pub files: usize,
    /// Compressed in this run.
    pub compressed: usize,
    /// Taken from the cache.
    pub cached: usize,
    pub bytes_in: u64,
    /// What this run compressed, and the size of its brotli results.
    pub bytes_compressed: u64,
    pub bytes_brotli: u64,
    pub time: Duration,
}

pub fn brotli(bytes: &[u8], quality: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, quality, BROTLI_WINDOW);
        writer.write_all(bytes).expect("writing to memory");
    }
    out
}

/// gzip at zlib's default level: level 9 took a quarter longer for 0.01%
/// less on the same files.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 64),
        flate2::Compression::default(),
    );
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// Pages and data: one of many per site. Everything else (the app's code,
/// its styles, the favicon) every reader loads.
fn quality_for(relative: &Path) -> u32 {
    let top_level = relative.components().count() == 1;
    let ext = relative.extension().and_then(|e| e.to_str());
    if top_level && matches!(ext, Some("js" | "wasm" | "css" | "svg" | "webmanifest")) {
        BROTLI_QUALITY_SHARED
    } else {
        BROTLI_QUALITY_PAGES
    }
}

/// The memo of files already hashed, in the cache folder
/// (`broadsheet_output::memo`: by device, inode, length and mtime).
pub const MEMO: &str = "memo-v2";

/// One file's run: whether it was compressed (not found in the cache), its length, and
/// the length of the brotli result this run made (0 when none).
type Outcome = (bool, u64, u64);

/// Writes `x.br` and `x.gz` beside every text file under `site`.
pub fn precompress(site: &Path, cache: &Path) -> Result<Report> {
    let started = Instant::now();
    let files = text_files(site, 0)?;
    fs::create_dir_all(cache).with_context(|| format!("{}: cannot create", cache.display()))?;
    let memo = broadsheet_output::memo::Memo::load(&cache.join(MEMO));
    let used = Mutex::new(HashSet::new());
    let outcomes: Vec<Outcome> = files
        .par_iter()
        .map(|file| -> Result<Outcome> {
            let relative = file.strip_prefix(site).unwrap_or(file);
            let quality = quality_for(relative);
            let metadata =
                fs::metadata(file).with_context(|| format!("{}: cannot read", file.display()))?;
            let entry = |key: u128, extension: &str| {
                let name = format!("{key:032x}");
                cache.join(&name[..2]).join(format!("{name}.{extension}"))
            };
            let beside = |extension: &str| {
                let mut beside = file.clone().into_os_string();
                beside.push(".");
                beside.push(extension);
                PathBuf::from(beside)
            };
            let place_both = |key: u128| -> std::io::Result<()> {
                place(&entry(key, "br"), &beside("br"))?;
                place(&entry(key, "gz"), &beside("gz"))
            };
            // Known by the memo: linked at once; an entry pruned since is
            // made again below.
            let mut brotli_made = 0;
            let (key, compressed) = match memo.get(&metadata, quality) {
                Some(key) if place_both(key).is_ok() => (key, false),
                _ => {
                    let bytes = fs::read(file)
                        .with_context(|| format!("{}: cannot read", file.display()))?;
                    let key = xxhash_rust::xxh3::xxh3_128_with_seed(&bytes, u64::from(quality))
                        ^ u128::from(xxhash_rust::xxh3::xxh3_64(SETTINGS.as_bytes()));
                    let (br, gz) = (entry(key, "br"), entry(key, "gz"));
                    let hit = br.is_file() && gz.is_file();
                    if !hit {
                        let folder = br.parent().expect("a cache entry has a folder");
                        fs::create_dir_all(folder)
                            .with_context(|| format!("{}: cannot create", folder.display()))?;
                        put(&br, &brotli(&bytes, quality))?;
                        put(&gz, &gzip(&bytes))?;
                    }
                    place_both(key)
                        .with_context(|| format!("{}: cannot write", beside("br").display()))?;
                    // The size of what this run compressed; a file known
                    // before costs no look at its cached result.
                    brotli_made = if hit {
                        0
                    } else {
                        fs::metadata(&br).map_or(0, |m| m.len())
                    };
                    (key, !hit)
                }
            };
            used.lock()
                .expect("not poisoned")
                .insert(format!("{key:032x}"));
            memo.remember(&metadata, quality, key);
            Ok((compressed, metadata.len(), brotli_made))
        })
        .collect::<Result<_>>()?;
    memo.save(&cache.join(MEMO))?;
    let used = used.into_inner().expect("not poisoned");
    prune(cache, &used)?;
    Ok(Report {
        files: files.len(),
        compressed: outcomes.iter().filter(|(made, ..)| *made).count(),
        cached: outcomes.iter().filter(|(made, ..)| !*made).count(),
        bytes_in: outcomes.iter().map(|(_, len, _)| len).sum(),
        bytes_compressed: outcomes
            .iter()
            .filter(|(made, ..)| *made)
            .map(|(_, len, _)| len)
            .sum(),
        bytes_brotli: outcomes.iter().map(|(.., br)| br).sum(),
        time: started.elapsed(),
    })
}

/// How deep a site's folders may go: far below a path's 4,096 bytes, far
/// above any site (an article's page is six folders down).
const MAX_DEPTH: usize = 64;

/// The text files under `dir`, its folders listed in parallel (at 100,000
/// stories a site has 180,000 folders; one thread listing them took about
/// four seconds). Links are not followed.
fn text_files(dir: &Path, depth: usize) -> Result<Vec<PathBuf>> {
    if depth > MAX_DEPTH {
        anyhow::bail!("{}: folders nested deeper than {MAX_DEPTH}", dir.display());
    }
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("{}: cannot list", dir.display()))? {
        let entry = entry.with_context(|| format!("{}: cannot list", dir.display()))?;
        let kind = entry
            .file_type()
            .with_context(|| format!("{}: cannot list", dir.display()))?;
        if kind.is_dir() {
            folders.push(entry.path());
        } else if kind.is_file() && is_text_asset(Path::new(&entry.file_name())) {
            files.push(entry.path());
        }
    }
    let nested = folders
        .par_iter()
        .map(|folder| text_files(folder, depth + 1))
        .collect::<Result<Vec<_>>>()?;
    files.extend(nested.into_iter().flatten());
    Ok(files)
}

/// A cache entry written whole (`broadsheet_output::put_cache_entry`).
fn put(path: &Path, bytes: &[u8]) -> Result<()> {
    Ok(broadsheet_output::put_cache_entry(path, bytes)?)
}

/// `to` becomes the cached file: a hard link, or a copy where the file
/// system has none. A file already at `to` is replaced, never written
/// through. Linked first, as `to` is usually not there: one system call.
/// `NotFound`: the cached file is gone.
fn place(cached: &Path, to: &Path) -> std::io::Result<()> {
    use std::io::ErrorKind;
    // The copy is made new too: `fs::copy` would write through a file there.
    let link_or_copy = || match fs::hard_link(cached, to) {
        Err(error) if !matches!(error.kind(), ErrorKind::NotFound | ErrorKind::AlreadyExists) => {
            broadsheet_output::copy_new(cached, to)
        }
        other => other,
    };
    match link_or_copy() {
        Err(error) if error.kind() == ErrorKind::AlreadyExists => {
            fs::remove_file(to)?;
            link_or_copy()
        }
        other => other,
    }
}

/// Removes the entries this run did not use once the cache holds more than
/// twice as many as it used (and leftovers of killed runs). Only files this
/// program names (`<2 hex>/<32 hex>.br|.gz`, and their `.tmp` while being
/// written) are ever removed: a `--cache` pointed at another folder loses
/// nothing else.
fn prune(cache: &Path, used: &HashSet<String>) -> Result<()> {
    let mut entries = Vec::new();
    for entry in walkdir::WalkDir::new(cache).min_depth(2).max_depth(2) {
        let entry = entry.with_context(|| format!("{}: cannot list", cache.display()))?;
        if entry.file_type().is_file() {
            entries.push(entry.into_path());
        }
    }
    let over = entries.len() > 2 * (2 * used.len()).max(1024);
    for path in entries {
        let Some((key, leftover)) = broadsheet_output::cache_entry(&path, &["br", "gz"]) else {
            continue;
        };
        if leftover || (over && !used.contains(key)) {
            let _ = fs::remove_file(&path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decompress_br(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut std::io::Cursor::new(bytes), &mut out).unwrap();
        out
    }

    fn decompress_gz(bytes: &[u8]) -> Vec<u8> {
        use std::io::Read as _;
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    /// The site's folders are listed in parallel, every level of them; a
    /// link to a folder elsewhere is not followed (nothing is written
    /// outside the site), and folders nested absurdly deep are an error.
    #[test]
    fn every_folder_is_walked_no_link_is_followed_and_depth_is_limited() {
        let temp = tempfile::tempdir().unwrap();
        let site = temp.path().join("site");
        let outside = temp.path().join("outside");
        let cache = temp.path().join("cache");
        for deep in ["a/b/c/d", "e", "f/g"] {
            fs::create_dir_all(site.join(deep)).unwrap();
            fs::write(site.join(deep).join("index.html"), "<p>page</p>").unwrap();
        }
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("secret.json"), "{}").unwrap();
        std::os::unix::fs::symlink(&outside, site.join("linked")).unwrap();
        let report = precompress(&site, &cache).unwrap();
        assert_eq!(report.files, 3);
        for deep in ["a/b/c/d", "e", "f/g"] {
            assert!(site.join(deep).join("index.html.br").is_file(), "{deep}");
        }
        assert!(!outside.join("secret.json.br").exists());
        let mut deep = site.clone();
        for _ in 0..=MAX_DEPTH {
            deep.push("d");
        }
        fs::create_dir_all(&deep).unwrap();
        let error = precompress(&site, &cache).unwrap_err();
        assert!(format!("{error:#}").contains("nested deeper"), "{error:#}");
    }

    #[test]
    fn every_text_file_gets_both_and_only_new_bytes_are_compressed_again() {
        let temp = tempfile::tempdir().unwrap();
        let site = temp.path().join("site");
        let cache = temp.path().join("cache");
        fs::create_dir_all(site.join("data/a")).unwrap();
        let page = "<!doctype html><p>A harbour story, told twice. ".repeat(40);
        fs::write(site.join("index.html"), &page).unwrap();
        fs::write(site.join("data/a/x.json"), r#"{"a": "ferry ferry ferry"}"#).unwrap();
        fs::write(site.join("app.wasm"), [0u8, 97, 115, 109, 1, 0, 0, 0]).unwrap();
        fs::write(site.join("photo.avif"), [1u8, 2, 3]).unwrap();
        let first = precompress(&site, &cache).unwrap();
        assert_eq!((first.files, first.compressed, first.cached), (3, 3, 0));
        for name in ["index.html", "data/a/x.json", "app.wasm"] {
            let original = fs::read(site.join(name)).unwrap();
            assert_eq!(
                decompress_br(&fs::read(site.join(format!("{name}.br"))).unwrap()),
                original
            );
            assert_eq!(
                decompress_gz(&fs::read(site.join(format!("{name}.gz"))).unwrap()),
                original
            );
        }
        assert!(
            !site.join("photo.avif.br").exists(),
            "pictures are compressed already"
        );

        // One file changes, in a site built again from nothing: one compression.
        let rebuilt = temp.path().join("rebuilt");
        fs::create_dir_all(rebuilt.join("data/a")).unwrap();
        fs::write(rebuilt.join("index.html"), &page).unwrap();
        fs::write(rebuilt.join("data/a/x.json"), r#"{"a": "bridge"}"#).unwrap();
        fs::write(rebuilt.join("app.wasm"), [0u8, 97, 115, 109, 1, 0, 0, 0]).unwrap();
        let second = precompress(&rebuilt, &cache).unwrap();
        assert_eq!((second.compressed, second.cached), (1, 2));
        assert_eq!(
            decompress_br(&fs::read(rebuilt.join("data/a/x.json.br")).unwrap()),
            br#"{"a": "bridge"}"#
        );
        // The first site's files were replaced, never written through.
        assert_eq!(
            decompress_br(&fs::read(site.join("data/a/x.json.br")).unwrap()),
            br#"{"a": "ferry ferry ferry"}"#
        );
    }

    #[test]
    #[cfg(unix)]
    fn files_are_memoised_by_identity_and_a_file_written_just_now_is_read_again() {
        let temp = tempfile::tempdir().unwrap();
        let (site, cache) = (temp.path().join("site"), temp.path().join("cache"));
        fs::create_dir_all(&site).unwrap();
        let old = site.join("old.json");
        fs::write(&old, r#"{"story": "harbour"}"#).unwrap();
        fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - Duration::from_secs(3600))
            .unwrap();
        let fresh = site.join("fresh.json");
        fs::write(&fresh, r#"{"story": "ferries"}"#).unwrap();
        precompress(&site, &cache).unwrap();
        let memo = fs::read_to_string(cache.join(MEMO)).unwrap();
        assert_eq!(memo.lines().count(), 1, "only the settled file: {memo}");

        // Rewritten in place at once, with the same length: not taken for
        // the file it was.
        fs::write(&fresh, r#"{"story": "trawler"}"#).unwrap();
        let again = precompress(&site, &cache).unwrap();
        assert_eq!((again.compressed, again.cached), (1, 1));
        assert_eq!(
            decompress_br(&fs::read(site.join("fresh.json.br")).unwrap()),
            br#"{"story": "trawler"}"#
        );
        assert_eq!(
            decompress_gz(&fs::read(site.join("old.json.gz")).unwrap()),
            br#"{"story": "harbour"}"#
        );
        // A hard link to the settled file elsewhere is known without reading.
        let rebuilt = temp.path().join("rebuilt");
        fs::create_dir_all(&rebuilt).unwrap();
        fs::hard_link(&old, rebuilt.join("old.json")).unwrap();
        let linked = precompress(&rebuilt, &cache).unwrap();
        assert_eq!((linked.compressed, linked.cached), (0, 1));
        assert_eq!(
            fs::read_to_string(cache.join(MEMO)).unwrap(),
            memo,
            "the same identity and key"
        );
        // Known by the memo, but its cache entry is gone: made again.
        for entry in walkdir::WalkDir::new(&cache).min_depth(2) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                fs::remove_file(entry.path()).unwrap();
            }
        }
        let remade = precompress(&rebuilt, &cache).unwrap();
        assert_eq!((remade.compressed, remade.cached), (1, 0));
        assert_eq!(
            decompress_br(&fs::read(rebuilt.join("old.json.br")).unwrap()),
            br#"{"story": "harbour"}"#
        );
    }

    #[test]
    fn pruning_removes_only_the_caches_own_files() {
        let temp = tempfile::tempdir().unwrap();
        let cache = temp.path().join("cache");
        let key = "ab".repeat(16);
        let theirs = [cache.join("ab/notes.txt"), cache.join("photos/holiday.br")];
        let ours = [
            cache.join(format!("ab/{key}.br")),
            cache.join(format!("ab/{key}.gz.123.tmp")),
        ];
        for file in theirs.iter().chain(&ours) {
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, "x").unwrap();
        }
        // Far more entries than used: everything unused of ours goes.
        for i in 0..2100 {
            let path = cache.join(format!("cd/cd{i:030}.br"));
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        prune(&cache, &HashSet::new()).unwrap();
        for file in &theirs {
            assert!(file.exists(), "{} was not the cache's", file.display());
        }
        for file in &ours {
            assert!(!file.exists(), "{} was", file.display());
        }
    }

    #[test]
    fn an_existing_compressed_file_is_replaced_not_written_through() {
        let temp = tempfile::tempdir().unwrap();
        let site = temp.path().join("site");
        fs::create_dir_all(&site).unwrap();
        fs::write(site.join("a.json"), "[1, 2, 3]").unwrap();
        let elsewhere = temp.path().join("elsewhere.br");
        fs::write(&elsewhere, "not ours").unwrap();
        fs::hard_link(&elsewhere, site.join("a.json.br")).unwrap();
        precompress(&site, &temp.path().join("cache")).unwrap();
        assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "not ours");
    }
}
