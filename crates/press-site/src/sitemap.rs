//! `sitemap.xml` (an index of `sitemaps/N.xml`, 45,000 URLs each, and of
//! `news-sitemap.xml`), and `robots.txt` pointing at both.

use std::fmt::Write as _;

use anyhow::Result;
use fnv::{FnvHashMap, FnvHashSet};
use rayon::prelude::*;

use crate::file_memo::Inputs;
use crate::library::Library;
use broadsheet_model::paths::ArticlePath;
use broadsheet_output::Staging;
use press_content::text::xml_escape;

/// URLs per sitemap file (the protocol allows 50,000).
pub const URLS_PER_SITEMAP: usize = 45_000;

/// The Google News sitemap holds the stories of this many hours before the build.
pub const NEWS_HOURS: i64 = 48;
/// Google reads at most this many URLs from a news sitemap.
pub const NEWS_MAX: usize = 1000;

/// One `<url>`: its address, last change and picture.
struct Entry<'a> {
    loc: Loc<'a>,
    lastmod: Option<&'a str>,
    /// The picture's `src`, made absolute when written.
    image: Option<&'a str>,
}

/// A `<url>`'s address: a page's, or a story's, made only when its file
/// is written (a build after an edit keeps most sitemap files as they were).
enum Loc<'a> {
    Page(String),
    Story(&'a ArticlePath),
}

impl<'a> Entry<'a> {
    fn page(loc: String) -> Entry<'a> {
        Entry {
            loc: Loc::Page(loc),
            lastmod: None,
            image: None,
        }
    }
}

/// `sitemap.xml`: an index of `sitemaps/N.xml` (every page, with `image:`
/// entries for heroes) and `news-sitemap.xml` (Google News: the stories of
/// the last 48 hours); `robots.txt` names both.
pub fn write(library: &Library, staging: &Staging) -> Result<()> {
    let (config, drafts) = (&library.config, &library.drafts);
    let base = &config.base_url;
    let mut urls: Vec<Entry> = vec![Entry {
        loc: Loc::Page(format!("{base}/")),
        lastmod: drafts.first().map(|d| d.published.as_str()),
        image: None,
    }];
    urls.extend(
        config
            .sections
            .iter()
            .map(|s| Entry::page(format!("{base}/{}", s.path))),
    );
    // Drafts (a local `--drafts` build) are never indexable.
    urls.extend(drafts.iter().filter(|d| !d.draft).map(|d| Entry {
        loc: Loc::Story(&d.path),
        lastmod: Some(d.updated.as_deref().unwrap_or(&d.published)),
        image: d.hero.as_ref().map(|hero| hero.src.as_str()),
    }));
    // The pages that follow a writer, a subject or a period (first pages).
    let taxonomy = &library.taxonomy;
    let listed: Vec<bool> = drafts.iter().map(|d| !d.draft).collect();
    let mut has_stories = vec![false; taxonomy.tags.len()];
    for (i, tags) in taxonomy.article_tags.iter().enumerate() {
        for &tag in tags {
            has_stories[tag] |= listed[i];
        }
    }
    urls.extend(
        taxonomy
            .authors
            .iter()
            .map(|a| Entry::page(format!("{base}/authors/{}", a.slug))),
    );
    urls.push(Entry::page(format!("{base}/tags")));
    urls.extend(
        taxonomy
            .tags
            .iter()
            .zip(&has_stories)
            .filter(|(_, has)| **has)
            .map(|(t, _)| Entry::page(format!("{base}/tags/{}", t.slug))),
    );
    urls.push(Entry::page(format!("{base}/archive")));
    urls.extend(
        periods(drafts)
            .into_iter()
            .map(|p| Entry::page(format!("{base}/{p}"))),
    );

    let mut index = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let names: Vec<String> = urls
        .par_chunks(URLS_PER_SITEMAP)
        .enumerate()
        .map(|(number, urls)| -> Result<String> {
            let name = format!("sitemaps/{}.xml", number + 1);
            // Kept as it was when its URLs are (`press watch`).
            let inputs = library.memo.is_enabled().then(|| urlset_inputs(base, urls));
            if !library.memo.keep(staging, &name, inputs)? {
                let xml = urlset(base, urls);
                staging.write(&name, xml.as_bytes())?;
                library.memo.wrote(name.clone(), inputs, xml.as_bytes());
            }
            Ok(name)
        })
        .collect::<Result<_>>()?;
    for name in &names {
        let _ = writeln!(
            index,
            "<sitemap><loc>{}</loc></sitemap>",
            xml_escape(&format!("{base}/{name}"))
        );
    }
    let _ = writeln!(
        index,
        "<sitemap><loc>{}</loc></sitemap>",
        xml_escape(&format!("{base}/news-sitemap.xml"))
    );
    index.push_str("</sitemapindex>\n");
    staging.write("sitemap.xml", index.as_bytes())?;
    staging.write("news-sitemap.xml", news(library).as_bytes())?;
    let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\nSitemap: {base}/news-sitemap.xml\n");
    Ok(staging.write("robots.txt", robots.as_bytes())?)
}

/// The date archives' paths (`archive/2026`, `world/asia/2026/05`), sorted:
/// for the whole site and each section of every published story, its
/// year and its month. Each is made once, however many stories it holds.
fn periods(drafts: &[press_content::load::Draft]) -> Vec<String> {
    // Scopes by number ("archive" first, then sections as met), and the
    // periods as (scope, year, month) until they are made into paths.
    let mut scopes: Vec<String> = vec!["archive".to_owned()];
    let mut scope_ids: FnvHashMap<String, usize> = FnvHashMap::default();
    let mut periods: FnvHashSet<(usize, u16, Option<u8>)> = FnvHashSet::default();
    for draft in drafts.iter().filter(|d| !d.draft) {
        let path = &draft.path;
        let section = path.section.as_path();
        let mut ids = vec![0];
        // The section and its ancestors: `world`, `world/asia`.
        let ends = section
            .match_indices('/')
            .map(|(end, _)| end)
            .chain([section.len()]);
        for end in ends {
            let scope = &section[..end];
            let id = match scope_ids.get(scope) {
                Some(&id) => id,
                None => {
                    scopes.push(scope.to_owned());
                    scope_ids.insert(scope.to_owned(), scopes.len() - 1);
                    scopes.len() - 1
                }
            };
            ids.push(id);
        }
        for id in ids {
            periods.insert((id, path.year, None));
            periods.insert((id, path.year, Some(path.month)));
        }
    }
    let mut paths: Vec<String> = periods
        .into_iter()
        .map(|(scope, year, month)| match month {
            None => format!("{}/{year:04}", scopes[scope]),
            Some(month) => format!("{}/{year:04}/{month:02}", scopes[scope]),
        })
        .collect();
    paths.sort_unstable();
    // One path however its scope was named.
    paths.dedup();
    paths
}

/// `https://news.example/images/a.svg` for `/images/a.svg`; absolute URLs are kept.
fn absolute(base: &str, src: &str) -> String {
    if src.starts_with("http://") || src.starts_with("https://") {
        src.to_owned()
    } else {
        format!("{base}{src}")
    }
}

/// Google News's language code: ISO 639 (`en` for `en-GB`), `zh-cn` and
/// `zh-tw` for Chinese.
pub fn news_language(language: &str) -> String {
    let lower = language.to_ascii_lowercase();
    match lower.as_str() {
        "zh-cn" | "zh-hans" | "zh-sg" | "zh" => "zh-cn".to_owned(),
        l if l.starts_with("zh-") => "zh-tw".to_owned(),
        l => l.split('-').next().unwrap_or("en").to_owned(),
    }
}

/// The Google News sitemap: stories published in the [`NEWS_HOURS`] before
/// the build, newest first, at most [`NEWS_MAX`], with the publication's
/// name and language, the publication date and the headline.
fn news(library: &Library) -> String {
    let config = &library.config;
    let since = library.now - chrono::Duration::hours(NEWS_HOURS);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n");
    let language = news_language(&config.language);
    for draft in library
        .drafts
        .iter()
        .filter(|d| !d.draft && d.published_at >= since && d.published_at <= library.now)
        .take(NEWS_MAX)
    {
        let _ = writeln!(
            xml,
            "<url><loc>{}</loc><news:news><news:publication><news:name>{}</news:name><news:language>{}</news:language></news:publication><news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url>",
            xml_escape(&format!("{}{}", config.base_url, draft.path.url())),
            xml_escape(&config.name),
            xml_escape(&language),
            xml_escape(&draft.published),
            xml_escape(&draft.headline),
        );
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Everything [`urlset`] reads, hashed: the same inputs make the same file.
fn urlset_inputs(base: &str, urls: &[Entry]) -> u128 {
    let mut inputs = Inputs::new();
    inputs.hashed(base).number(urls.len() as u64);
    for entry in urls {
        match &entry.loc {
            Loc::Page(loc) => inputs.number(0).hashed(loc),
            Loc::Story(path) => inputs.number(1).hashed(path),
        };
        inputs.hashed(&entry.lastmod).hashed(&entry.image);
    }
    inputs.finish()
}

fn urlset(base: &str, urls: &[Entry]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">\n");
    for entry in urls {
        let loc = match &entry.loc {
            Loc::Page(loc) => xml_escape(loc),
            Loc::Story(path) => xml_escape(&format!("{base}{}", path.url())),
        };
        let _ = write!(xml, "<url><loc>{loc}</loc>");
        if let Some(lastmod) = entry.lastmod {
            let _ = write!(xml, "<lastmod>{}</lastmod>", xml_escape(lastmod));
        }
        if let Some(image) = entry.image {
            let _ = write!(
                xml,
                "<image:image><image:loc>{}</image:loc></image:image>",
                xml_escape(&absolute(base, image))
            );
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
