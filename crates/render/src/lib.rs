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

pub mod body;
pub mod head;
pub mod shell;

use std::fs;
use std::path::Path;

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
}

/// Renders every route of the site in `dist` into `dist`; `csp_meta` as in [`Shell::parse`].
pub fn render_site(dist: &Path, csp_meta: bool) -> Result<Summary> {
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
    broadsheet::links::set_base(&shell.public_url);
    let routes = routes_of_site(dist)?;

    let staging = Staging::copy_of(dist)?;
    let (boot_name, boot_code) = &shell.boot_script;
    staging.write(boot_name, boot_code.as_bytes())?;
    if let Some(((boot_name, boot_code), (wasm_name, wasm))) = &search_module {
        staging.write(boot_name, boot_code.as_bytes())?;
        staging.write(wasm_name, wasm)?;
    }
    let written: Vec<u64> = routes
        .par_iter()
        .map(|route| render_route(dist, &staging, &shell, &site, &site_text, route))
        .collect::<Result<_>>()?;
    staging.commit()?;
    Ok(Summary {
        pages: written.len(),
        bytes: written.iter().sum(),
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
) -> Result<u64> {
    let (data, own_file) = match route.json_path() {
        Some(relative) => {
            let text = read_data(dist, &relative)?;
            let data =
                PageData::decode(route, &text).map_err(|e| anyhow::anyhow!("{relative}: {e}"))?;
            (data, Some((relative, text)))
        }
        None if *route == Route::Search => (PageData::Search, None),
        None => (PageData::NotFound, None),
    };
    // Exhaustive: a new page kind does not compile until render places it.
    let (out, pathname) = match route {
        Route::NotFound => ("404.html".to_owned(), "/404".to_owned()),
        Route::Front
        | Route::Section { .. }
        | Route::Article(_)
        | Route::Author { .. }
        | Route::Tag { .. }
        | Route::Tags
        | Route::Archive { .. }
        | Route::ArchiveIndex
        | Route::Search => {
            let url = route.url().context("a page with data has a URL")?;
            (page_file(&url), url)
        }
    };
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
    let html = shell.page(&head, &body, &files);
    staging.write(&out, html.as_bytes())?;
    Ok(html.len() as u64)
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
