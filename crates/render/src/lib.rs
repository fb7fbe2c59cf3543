//! Pre-rendering: a real HTML page for every route of a built site.
//!
//! Input is the directory trunk built (`dist/`, with `index.html` and the
//! JSON API under `data/` that press wrote). For every route the data has
//! (the model's [`Route`], enumerated by [`routes_of_site`]) and the 404
//! page, it writes an HTML file
//! whose body is rendered natively by the app's own components (`body`),
//! whose head carries title, description, canonical URL, Open Graph, Twitter
//! and JSON-LD (`head`), and which embeds the JSON the view was made from, so
//! the app takes over without fetching it again (`shell`).
//!
//! This module does all the file I/O. Pages are written into a copy of
//! `dist` (hard links, [`Staging::copy_of`]) that is swapped in whole at the
//! end, so a render that fails on bad data midway leaves `dist` exactly as
//! it was, and can simply be run again.
//!
//! With a cache (`--cache DIR`), a page whose inputs were rendered before is
//! not rendered again: its key is the hash of everything the page is made
//! from (this render binary, trunk's page, the CSP flag, `site.json`, the
//! search module, the route and its JSON file's bytes), so a cached page is
//! the page a full render would write, byte for byte. After one edit, only
//! the pages whose data changed are rendered.

pub mod body;
pub mod head;
pub mod shell;

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};
use broadsheet_model::paths::{NON_PAGE_DATA, SITE_JSON};
use broadsheet_model::search::SEARCH_DIR;
use broadsheet_model::{PageData, Route, Site};
use broadsheet_output::Staging;
use rayon::prelude::*;

use crate::body::render_body;
use crate::shell::{Embedded, Shell};

/// What a run wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub pages: usize,
    pub bytes: u64,
    /// Pages taken from the cache rather than rendered.
    pub cached: usize,
}

/// Renders every route of the site in `dist` into `dist`; `csp_meta` as in [`Shell::parse`].
pub fn render_site(dist: &Path, csp_meta: bool) -> Result<Summary> {
    render_site_with(dist, csp_meta, None, false)
}

/// Pages rendered before, by the hash of what they are made from.
struct PageCache {
    dir: PathBuf,
    /// The hash of what every page shares: the render binary, trunk's page,
    /// the CSP flag, `site.json` and the search module.
    shared: u128,
    used: Mutex<HashSet<u128>>,
    /// The data files' hashes by identity (`broadsheet_output::memo`).
    memo: broadsheet_output::memo::Memo,
}

/// The memo's file in the cache folder.
const MEMO: &str = "memo-v1";

impl PageCache {
    fn new(dir: &Path, shared_inputs: &[&[u8]]) -> Result<PageCache> {
        fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
        let exe = std::env::current_exe().context("cannot find the render binary")?;
        let exe = fs::read(&exe).with_context(|| format!("{}: cannot read", exe.display()))?;
        let mut shared = xxhash_rust::xxh3::Xxh3::new();
        for input in std::iter::once(exe.as_slice()).chain(shared_inputs.iter().copied()) {
            shared.update(&(input.len() as u64).to_le_bytes());
            shared.update(input);
        }
        Ok(PageCache {
            dir: dir.to_owned(),
            shared: shared.digest128(),
            used: Mutex::new(HashSet::new()),
            memo: broadsheet_output::memo::Memo::load(&dir.join(MEMO)),
        })
    }

    /// The page's key: what every page shares, its file, and the hash of
    /// its data file's bytes ([`PageCache::data_hash`]; 0 for none).
    fn key(&self, out: &str, own_hash: u128) -> u128 {
        let mut key = xxhash_rust::xxh3::Xxh3::new();
        key.update(&self.shared.to_le_bytes());
        key.update(&(out.len() as u64).to_le_bytes());
        key.update(out.as_bytes());
        key.update(&own_hash.to_le_bytes());
        let key = key.digest128();
        self.used.lock().expect("not poisoned").insert(key);
        key
    }

    /// The xxh3-128 of the data file `relative`: from the memo when it is
    /// the same file as last time (a hard link to press's unchanged file),
    /// else read, with its text.
    fn data_hash(&self, dist: &Path, relative: &str) -> Result<(u128, Option<String>)> {
        let path = dist.join(relative);
        let metadata = fs::metadata(&path)
            .with_context(|| format!("{}: cannot read (did press build run?)", path.display()))?;
        if let Some(hash) = self.memo.get(&metadata, 0) {
            self.memo.remember(&metadata, 0, hash);
            return Ok((hash, None));
        }
        let text = read_data(dist, relative)?;
        let hash = xxhash_rust::xxh3::xxh3_128(text.as_bytes());
        self.memo.remember(&metadata, 0, hash);
        Ok((hash, Some(text)))
    }

    fn path(&self, key: u128) -> PathBuf {
        let name = format!("{key:032x}");
        self.dir.join(&name[..2]).join(format!("{name}.html"))
    }

    /// Keeps a page, written whole (`broadsheet_output::put_cache_entry`).
    fn put(&self, key: u128, html: &str) -> Result<PathBuf> {
        let path = self.path(key);
        let folder = path.parent().expect("a cache path has a folder");
        fs::create_dir_all(folder)
            .with_context(|| format!("{}: cannot create", folder.display()))?;
        broadsheet_output::put_cache_entry(&path, html.as_bytes())?;
        Ok(path)
    }

    /// Removes pages this run did not use once the cache holds more than
    /// twice as many as it used, and leftovers of killed runs.
    fn prune(&self) {
        let used = self.used.lock().expect("not poisoned");
        let files: Vec<PathBuf> = walkdir::WalkDir::new(&self.dir)
            .min_depth(2)
            .max_depth(2)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(walkdir::DirEntry::into_path)
            .collect();
        let over = files.len() > 2 * used.len().max(1024);
        // Only the cache's own files: a `--cache` pointed at another
        // folder loses nothing else (`broadsheet_output::cache_entry`).
        for path in files {
            let stale = match broadsheet_output::cache_entry(&path, &["html"]) {
                Some((_, true)) => true,
                Some((key, false)) => {
                    over && u128::from_str_radix(key, 16).is_ok_and(|key| !used.contains(&key))
                }
                None => false,
            };
            if stale {
                let _ = fs::remove_file(&path);
            }
        }
    }
}

/// [`render_site`], with pages rendered before taken from `cache`, and
/// with `live_reload` the development build's reload script in every page
/// ([`Shell::add_live_reload`]).
pub fn render_site_with(
    dist: &Path,
    csp_meta: bool,
    cache: Option<&Path>,
    live_reload: bool,
) -> Result<Summary> {
    render_site_into(dist, csp_meta, cache, live_reload, false)
}

/// [`render_site_with`], and with `in_place` the pages are written into
/// `dist` itself rather than into a copy swapped in at the end: for a
/// folder that nobody serves yet (a build's own, which its caller swaps in
/// whole), where the copy would only cost a link and a deletion per file.
pub fn render_site_into(
    dist: &Path,
    csp_meta: bool,
    cache: Option<&Path>,
    live_reload: bool,
    in_place: bool,
) -> Result<Summary> {
    let index = dist.join("index.html");
    let template = fs::read_to_string(&index)
        .with_context(|| format!("{}: cannot read trunk's page", index.display()))?;
    let site_text = read_data(dist, SITE_JSON)?;
    let site: Site =
        broadsheet_model::decode(&site_text).map_err(|e| anyhow::anyhow!("{SITE_JSON}: {e}"))?;
    let problems = broadsheet_model::validate::validate_site(&site);
    let site = broadsheet_model::page::checked(site, problems)
        .map_err(|e| anyhow::anyhow!("{SITE_JSON}: {e}"))?;
    let mut shell =
        Shell::parse(&template, csp_meta, &site).with_context(|| format!("{}", index.display()))?;
    // The search module's WebAssembly, under a name that changes with it
    // (trunk names a worker's files without a hash).
    let search_module = search_module(dist)?.map(|(glue, wasm)| {
        let wasm_name = format!("search-{:016x}_bg.wasm", shell::content_hash(&wasm));
        let boot = shell.add_search_module(&glue, &wasm_name);
        (boot, (wasm_name, wasm))
    });
    let live_files = live_reload.then(|| {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        shell.add_live_reload(&stamp.to_string())
    });
    broadsheet::links::set_base(&shell.public_url);
    let routes = routes_of_site(dist)?;
    let cache = match cache {
        Some(dir) => {
            let (glue, wasm) = match &search_module {
                Some(((_, boot), (name, wasm))) => {
                    (boot.as_bytes(), [name.as_bytes(), wasm].concat())
                }
                None => (&b""[..], Vec::new()),
            };
            let csp: &[u8] = match (csp_meta, live_reload) {
                (true, true) => b"csp live",
                (true, false) => b"csp",
                (false, true) => b"live",
                (false, false) => b"",
            };
            Some(PageCache::new(
                dir,
                &[template.as_bytes(), csp, site_text.as_bytes(), glue, &wasm],
            )?)
        }
        None => None,
    };

    let staging = if in_place {
        Staging::in_place(dist)?
    } else {
        Staging::copy_of(dist)?
    };
    let (boot_name, boot_code) = &shell.boot_script;
    staging.write(boot_name, boot_code.as_bytes())?;
    if let Some(((boot_name, boot_code), (wasm_name, wasm))) = &search_module {
        staging.write(boot_name, boot_code.as_bytes())?;
        staging.write(wasm_name, wasm)?;
    }
    for (name, text) in live_files.iter().flatten() {
        staging.write(name, text.as_bytes())?;
    }
    let written: Vec<(u64, bool)> = routes
        .par_iter()
        .map(|route| {
            render_route(
                dist,
                &staging,
                &shell,
                &site,
                &site_text,
                route,
                cache.as_ref(),
            )
        })
        .collect::<Result<_>>()?;
    staging.commit()?;
    if let Some(cache) = cache {
        cache.prune();
        let memo_path = cache.dir.join(MEMO);
        cache.memo.save(&memo_path)?;
    }
    Ok(Summary {
        pages: written.len(),
        bytes: written.iter().map(|(bytes, _)| bytes).sum(),
        cached: written.iter().filter(|(_, cached)| *cached).count(),
    })
}

/// trunk's build of the search module: its glue `search.js` and its
/// `search_bg.wasm` at the top of `dist` (`None` for a site built without
/// it; its search page then says search is unavailable).
fn search_module(dist: &Path) -> Result<Option<(String, Vec<u8>)>> {
    let glue = dist.join("search.js");
    let wasm = dist.join("search_bg.wasm");
    if !glue.exists() {
        return Ok(None);
    }
    let glue =
        fs::read_to_string(&glue).with_context(|| format!("{}: cannot read", glue.display()))?;
    let wasm = fs::read(&wasm).with_context(|| format!("{}: cannot read", wasm.display()))?;
    Ok(Some((glue, wasm)))
}

/// Every route of the site, enumerated from its data: each JSON file under
/// `data/` is a page's data ([`Route::from_json_path`]) or one of the
/// model's [`NON_PAGE_DATA`] files; anything else is an error, never skipped.
/// Not-found, which has no file, is always there.
pub fn routes_of_site(dist: &Path) -> Result<Vec<Route>> {
    let data = dist.join("data");
    let mut routes = Vec::new();
    for entry in walkdir::WalkDir::new(&data).sort_by_file_name() {
        let entry = entry.with_context(|| format!("{}: cannot list", data.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = relative(dist, entry.path())?;
        match Route::from_json_path(&relative) {
            Some(route) => routes.push(route),
            None if NON_PAGE_DATA.contains(&relative.as_str()) => {}
            // The search index: read by the search module, no page of its own.
            None if relative.starts_with(SEARCH_DIR) => {}
            None => bail!("{relative}: not a data file of any page kind (see docs/json-api.md)"),
        }
    }
    if !routes.contains(&Route::Front) {
        bail!(
            "{}: no data/front.json (did press build run?)",
            dist.display()
        );
    }
    // The search page has no data file: it is always there, and says so
    // when the site has no index.
    routes.push(Route::Search);
    routes.push(Route::NotFound);
    Ok(routes)
}

fn render_route(
    dist: &Path,
    staging: &Staging,
    shell: &Shell,
    site: &Site,
    site_text: &str,
    route: &Route,
    cache: Option<&PageCache>,
) -> Result<(u64, bool)> {
    let out = page_file_of(route)?;
    // With a cache, the data file is read only when it is not the same file
    // as last time (its hash is in the cache's memo) or its page is new.
    let (own_hash, mut own_text) = match (route.json_path(), cache) {
        (Some(relative), Some(cache)) => cache.data_hash(dist, &relative)?,
        (Some(relative), None) => (0, Some(read_data(dist, &relative)?)),
        (None, _) => (0, None),
    };
    let key = cache.map(|cache| cache.key(&out, own_hash));
    if let (Some(cache), Some(key)) = (cache, key) {
        let path = cache.path(key);
        if path.is_file() {
            staging.link(&out, &path)?;
            let len = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            return Ok((len, true));
        }
    }
    if own_text.is_none() {
        own_text = route
            .json_path()
            .map(|relative| read_data(dist, &relative))
            .transpose()?;
    }
    let (data, own_file) = match (route.json_path(), own_text) {
        (Some(relative), Some(text)) => {
            let data =
                PageData::decode(route, &text).map_err(|e| anyhow::anyhow!("{relative}: {e}"))?;
            (data, Some((relative, text)))
        }
        (None, _) if *route == Route::Search => (PageData::Search, None),
        (None, _) | (Some(_), None) => (PageData::NotFound, None),
    };
    let pathname = pathname_of(route)?;
    let mut head = head::page_meta(site, route, &data).to_html(site);
    head.push_str(&head::image_preload(&data));
    let body = render_body(site, &pathname, data);
    let mut files = vec![Embedded {
        path: SITE_JSON,
        text: site_text,
    }];
    if let Some((path, text)) = &own_file {
        files.push(Embedded { path, text });
    }
    let html = shell.page(&head, &pathname, &body, &files);
    match (cache, key) {
        (Some(cache), Some(key)) => {
            let path = cache.put(key, &html)?;
            staging.link(&out, &path)?;
        }
        _ => staging.write(&out, html.as_bytes())?,
    }
    Ok((html.len() as u64, false))
}

/// The page's file in the site (the kinds are matched in [`pathname_of`]).
fn page_file_of(route: &Route) -> Result<String> {
    if *route == Route::NotFound {
        return Ok("404.html".to_owned());
    }
    Ok(page_file(&pathname_of(route)?))
}

/// The path the page is rendered at.
fn pathname_of(route: &Route) -> Result<String> {
    // Exhaustive: a new page kind does not compile until render places it.
    Ok(match route {
        Route::NotFound => "/404".to_owned(),
        Route::Front
        | Route::Section { .. }
        | Route::Article(_)
        | Route::Author { .. }
        | Route::Tag { .. }
        | Route::Tags
        | Route::Archive { .. }
        | Route::ArchiveIndex
        | Route::Search => route.url().context("a page with data has a URL")?,
    })
}

/// `world/asia/index.html` for `/world/asia`, `index.html` for `/`.
fn page_file(url: &str) -> String {
    match url.trim_matches('/') {
        "" => "index.html".to_owned(),
        path => format!("{path}/index.html"),
    }
}

fn read_data(dist: &Path, relative: &str) -> Result<String> {
    let path = dist.join(relative);
    let size = fs::metadata(&path)
        .with_context(|| format!("{}: cannot read (did press build run?)", path.display()))?
        .len();
    if size > broadsheet_model::limits::MAX_JSON_BYTES as u64 {
        bail!(
            "{}: {size} bytes, larger than any file press writes ({} bytes); not read",
            path.display(),
            broadsheet_model::limits::MAX_JSON_BYTES
        );
    }
    fs::read_to_string(&path)
        .with_context(|| format!("{}: cannot read (did press build run?)", path.display()))
}

/// `data/articles/…json` for a file below `dist`, with `/` separators.
fn relative(dist: &Path, file: &Path) -> Result<String> {
    let relative = file
        .strip_prefix(dist)
        .with_context(|| format!("{}: outside {}", file.display(), dist.display()))?;
    let parts: Vec<&str> = relative
        .components()
        .map(|c| c.as_os_str().to_str().context("non-UTF-8 file name"))
        .collect::<Result<_>>()?;
    Ok(parts.join("/"))
}
