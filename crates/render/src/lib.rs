//! Pre-rendering: a real HTML page for every route of a built site.
//!
//! Input is the directory trunk built (`dist/`, with `index.html` and the
//! JSON API under `data/` that press wrote). For the front page, every page
//! of every section, every article and the 404 page, it writes an HTML file
//! whose body is rendered natively by the app's own components (`body`),
//! whose head carries title, description, canonical URL, Open Graph, Twitter
//! and JSON-LD (`head`), and which embeds the JSON the view was made from, so
//! the app takes over without fetching it again (`shell`).
//!
//! This module does all the file I/O.

pub mod body;
pub mod head;
pub mod shell;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use broadsheet_model::paths::{FRONT_JSON, SITE_JSON};
use broadsheet_model::validate::check_schema_version;
use broadsheet_model::{Article, ArticlePath, FrontPage, SectionPage, SectionPath, Site};
use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::body::{render_body, Content};
use crate::shell::{Embedded, Shell};

/// What a run wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub pages: usize,
    pub bytes: u64,
}

/// One page to write: the data file it shows (if any) and what it is.
enum Job {
    Front,
    Section(PathBuf),
    Article(PathBuf),
    NotFound,
}

/// Renders every route of the site in `dist` into `dist`; `csp_meta` as in [`Shell::parse`].
pub fn render_site(dist: &Path, csp_meta: bool) -> Result<Summary> {
    let index = dist.join("index.html");
    let template = fs::read_to_string(&index)
        .with_context(|| format!("{}: cannot read trunk's page", index.display()))?;
    let shell =
        Shell::parse(&template, csp_meta).with_context(|| format!("{}", index.display()))?;
    broadsheet::links::set_base(&shell.public_url);
    let (boot_name, boot_code) = &shell.boot_script;
    write(&dist.join(boot_name), boot_code)?;

    let (site, site_text) = read_json::<Site>(dist, SITE_JSON)?;

    let mut jobs = vec![Job::Front, Job::NotFound];
    for file in json_files(&dist.join("data/sections"))? {
        jobs.push(Job::Section(file));
    }
    for file in json_files(&dist.join("data/articles"))? {
        jobs.push(Job::Article(file));
    }

    let written: Vec<u64> = jobs
        .par_iter()
        .map(|job| render_job(dist, &shell, &site, &site_text, job))
        .collect::<Result<_>>()?;
    Ok(Summary {
        pages: written.len(),
        bytes: written.iter().sum(),
    })
}

fn render_job(dist: &Path, shell: &Shell, site: &Site, site_text: &str, job: &Job) -> Result<u64> {
    let site_file = Embedded {
        path: SITE_JSON,
        text: site_text,
    };
    let (out, html) = match job {
        Job::Front => {
            let (front, text) = read_json::<FrontPage>(dist, FRONT_JSON)?;
            let head = head::front_meta(site).to_html(site);
            let body = render_body(site, "/", Content::Front(front));
            let files = [site_file, embedded(FRONT_JSON, &text)];
            (dist.join("index.html"), shell.page(&head, &body, &files))
        }
        Job::Section(file) => {
            let relative = relative(dist, file)?;
            let (page, text) = read_json::<SectionPage>(dist, &relative)?;
            let Some(path) = SectionPath::parse(&page.section.path) else {
                bail!("{relative}: field `section.path`: not a valid section path");
            };
            if path.json_path(page.page) != relative {
                bail!("{relative}: fields `section.path` and `page` name another file");
            }
            let url = path.url(page.page);
            let head = head::section_meta(site, &page, &url).to_html(site);
            let body = render_body(site, &url, Content::Section(page));
            let files = [site_file, embedded(&relative, &text)];
            (page_file(dist, &url), shell.page(&head, &body, &files))
        }
        Job::Article(file) => {
            let relative = relative(dist, file)?;
            let (article, text) = read_json::<Article>(dist, &relative)?;
            let Some(path) = ArticlePath::parse(&article.url) else {
                bail!("{relative}: field `url`: not a valid article URL");
            };
            if path.json_path() != relative {
                bail!("{relative}: field `url` names another file");
            }
            let url = path.url();
            let head = head::article_meta(site, &article).to_html(site);
            let body = render_body(site, &url, Content::Article(Box::new(article)));
            let files = [site_file, embedded(&relative, &text)];
            (page_file(dist, &url), shell.page(&head, &body, &files))
        }
        Job::NotFound => {
            let head = head::not_found_meta().to_html(site);
            let body = render_body(site, "/404", Content::NotFound);
            (
                dist.join("404.html"),
                shell.page(&head, &body, &[site_file]),
            )
        }
    };
    write(&out, &html)?;
    Ok(html.len() as u64)
}

fn embedded<'a>(path: &'a str, text: &'a str) -> Embedded<'a> {
    Embedded { path, text }
}

/// `dist/world/asia/index.html` for `/world/asia`.
fn page_file(dist: &Path, url: &str) -> PathBuf {
    dist.join(url.trim_matches('/')).join("index.html")
}

/// Reads and decodes one JSON file of the site; errors name the file, line and column.
fn read_json<T: DeserializeOwned>(dist: &Path, relative: &str) -> Result<(T, String)> {
    let path = dist.join(relative);
    let text = fs::read_to_string(&path)
        .with_context(|| format!("{}: cannot read (did press build run?)", path.display()))?;
    #[derive(serde::Deserialize)]
    struct Versioned {
        schema_version: u32,
    }
    let versioned: Versioned = serde_json::from_str(&text).map_err(|e| json_error(relative, &e))?;
    check_schema_version(versioned.schema_version)
        .with_context(|| format!("{relative}: field `schema_version`"))?;
    let value = serde_json::from_str(&text).map_err(|e| json_error(relative, &e))?;
    Ok((value, text))
}

fn json_error(relative: &str, error: &serde_json::Error) -> anyhow::Error {
    anyhow::anyhow!(
        "{relative}: line {}, column {}: {error}",
        error.line(),
        error.column()
    )
}

/// Every `.json` file below `dir`, sorted; none if `dir` does not exist.
fn json_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if !dir.exists() {
        return Ok(files);
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).with_context(|| format!("{}", dir.display()))? {
            let path = entry.with_context(|| format!("{}", dir.display()))?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
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

fn write(path: &Path, contents: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("{}", parent.display()))?;
    }
    fs::write(path, contents).with_context(|| format!("{}: cannot write", path.display()))
}
