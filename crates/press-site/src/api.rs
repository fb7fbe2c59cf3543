//! The static JSON API (docs/json-api.md): one article file per story,
//! `site.json`, `front.json`, the section pages, `breaking.json` and the
//! stand-in `popular.json`. Each writer is an [`Output`](crate::library::Output).

use std::collections::BTreeMap;

use anyhow::Result;
use broadsheet_model::paths::{BREAKING_JSON, FRONT_JSON, POPULAR_JSON, SITE_JSON};
use broadsheet_model::validate::validate_article;
use broadsheet_model::{
    Article, AuthorRef, Breaking, BreakingStory, FrontPage, Rail, SectionPage, SectionPath, Site,
    TagRef, Teaser, SCHEMA_VERSION,
};
use rayon::prelude::*;

use press_content::load::Draft;

use crate::file_memo::Inputs;
use crate::library::Library;

pub mod article_inputs;
use crate::write::to_json;
use broadsheet_output::Staging;
use press_popular as popular;

/// Stories on the front page besides the lead.
pub const FRONT_TOP: usize = 6;
/// Stories per section rail on the front page.
pub const FRONT_RAIL: usize = 4;
/// Stories in the front page's "Latest" list.
pub const FRONT_LATEST: usize = 10;

pub fn article(
    draft: &Draft,
    related: Vec<Teaser>,
    more_from_section: Vec<Teaser>,
    authors: Vec<AuthorRef>,
    tag_refs: Vec<TagRef>,
) -> Article {
    Article {
        schema_version: SCHEMA_VERSION,
        url: draft.path.url(),
        headline: draft.headline.clone(),
        standfirst: draft.standfirst.clone(),
        section: draft.section.clone(),
        trail: draft.trail.clone(),
        byline: draft.byline.clone(),
        published: draft.published.clone(),
        updated: draft.updated.clone(),
        tags: draft.tags.clone(),
        hero: draft.hero.clone(),
        body: Vec::clone(&draft.body),
        related,
        more_from_section,
        word_count: draft.word_count,
        corrections: draft.corrections.clone(),
        draft: draft.draft,
        authors,
        tag_refs,
    }
}

/// `data/articles/…/{slug}.json` for every story, in parallel.
pub fn write_articles(library: &Library, staging: &Staging) -> Result<()> {
    let progress = progress_bar(library.progress, library.drafts.len());
    let memo = &library.memo;
    library
        .drafts
        .par_iter()
        .enumerate()
        .try_for_each(|(i, draft)| -> Result<()> {
            let (related, more_from) = (
                &library.relations.related[i],
                &library.relations.more_from_section[i],
            );
            let taxonomy = &library.taxonomy;
            let path = draft.path.json_path();
            let inputs = library.teaser_hashes.as_ref().map(|teasers| {
                article_inputs::inputs(draft, i, related, more_from, teasers, taxonomy)
            });
            if memo.keep(staging, &path, inputs)? {
                progress.inc(1);
                return Ok(());
            }
            let authors: Vec<AuthorRef> = taxonomy.article_authors[i]
                .iter()
                .map(|&a| AuthorRef {
                    name: taxonomy.authors[a].name.clone(),
                    slug: taxonomy.authors[a].slug.clone(),
                })
                .collect();
            // One ref per written tag, in order: the app pairs them.
            let tag_refs: Vec<TagRef> = taxonomy.article_tags[i]
                .iter()
                .map(|&t| taxonomy.tags[t].clone())
                .collect();
            let teasers = |list: &[usize]| -> Vec<Teaser> {
                list.iter().map(|&j| library.teasers[j].clone()).collect()
            };
            let article = article(
                draft,
                teasers(related),
                teasers(more_from),
                authors,
                tag_refs,
            );
            let bytes = to_json(&article)?;
            // What readers check, checked before it is written: load.rs has
            // refused bad content already, so a problem here is press's own
            // bug. Bytes kept from the last build were checked then.
            staging.write_checked(&path, &bytes, || {
                match validate_article(&article).into_iter().next() {
                    Some(problem) => Err(anyhow::anyhow!(
                        "{}: {problem} (in press's own output)",
                        draft.file.display()
                    )),
                    None => Ok(()),
                }
            })?;
            memo.wrote(path, inputs, &bytes);
            progress.inc(1);
            Ok(())
        })?;
    progress.finish_and_clear();
    Ok(())
}

fn progress_bar(enabled: bool, total: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !enabled || !std::io::stderr().is_terminal() || total < 1000 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("writing articles {bar:40} {pos}/{len} ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// `data/site.json`: the site's identity, its section tree and the
/// interface's words in its language.
pub fn write_site(library: &Library, staging: &Staging) -> Result<()> {
    let config = &library.config;
    let site = Site {
        schema_version: SCHEMA_VERSION,
        name: config.name.clone(),
        tagline: config.tagline.clone(),
        description: config.description.clone(),
        language: config.language.clone(),
        base_url: config.base_url.clone(),
        sections: config.tree(),
        strings: config.strings.clone(),
        numerals: config.numerals,
    };
    Ok(staging.write(SITE_JSON, &to_json(&site)?)?)
}

/// `data/front.json`: the lead, the top stories, a rail per top-level section
/// (without the stories already shown) and the latest list.
pub fn write_front(library: &Library, staging: &Staging) -> Result<()> {
    let teasers = &library.teasers;
    let lead = teasers.first().cloned();
    let top: Vec<Teaser> = teasers.iter().skip(1).take(FRONT_TOP).cloned().collect();
    let shown: Vec<&str> = teasers
        .iter()
        .take(1 + FRONT_TOP)
        .map(|t| t.url.as_str())
        .collect();
    let rails = library
        .config
        .top_level()
        .filter_map(|section| {
            let top_path = section.path.as_path();
            let in_section: Vec<Teaser> = teasers
                .iter()
                .filter(|t| t.section.top_level() == top_path)
                .filter(|t| !shown.contains(&t.url.as_str()))
                .take(FRONT_RAIL)
                .cloned()
                .collect();
            (!in_section.is_empty()).then(|| Rail {
                section: section.reference(),
                teasers: in_section,
            })
        })
        .collect();
    let front = FrontPage {
        schema_version: SCHEMA_VERSION,
        lead,
        top,
        rails,
        latest: teasers.iter().take(FRONT_LATEST).cloned().collect(),
    };
    Ok(staging.write(FRONT_JSON, &to_json(&front)?)?)
}

/// Every section gets pages of teasers from itself and its subsections,
/// newest first. A page made from the same section and teasers as the last
/// build's is kept as it is (`press watch`'s memo, `crate::file_memo`).
pub fn write_sections(library: &Library, staging: &Staging) -> Result<()> {
    let config = &library.config;
    let mut by_section: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, teaser) in library.teasers.iter().enumerate() {
        if let Some(path) = SectionPath::parse(&teaser.section.path) {
            for ancestor in path.ancestors_and_self() {
                by_section.entry(ancestor.as_path()).or_default().push(i);
            }
        }
    }
    config
        .sections
        .par_iter()
        .try_for_each(|section| -> Result<()> {
            let list = by_section
                .get(&section.path.as_path())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let page_size = config.section_page_size;
            let total_pages = list.len().div_ceil(page_size).max(1);
            let reference = section.reference();
            let trail = config.trail(&section.path);
            let subsections: Vec<_> = config
                .children(&section.path)
                .into_iter()
                .map(|s| s.reference())
                .collect();
            for page in 1..=total_pages {
                let on_page = list
                    .get((page - 1) * page_size..)
                    .unwrap_or_default()
                    .iter()
                    .take(page_size)
                    .copied()
                    .collect::<Vec<usize>>();
                let path = section.path.json_path(page as u32);
                let inputs = library.teaser_hashes.as_ref().and_then(|teasers| {
                    let mut inputs = Inputs::new();
                    inputs
                        .json(&reference)?
                        .json(&trail)?
                        .json(&subsections)?
                        .number(page as u64)
                        .number(total_pages as u64)
                        .number(list.len() as u64)
                        .teasers(&on_page, teasers);
                    Some(inputs.finish())
                });
                if library.memo.keep(staging, &path, inputs)? {
                    continue;
                }
                let section_page = SectionPage {
                    schema_version: SCHEMA_VERSION,
                    section: reference.clone(),
                    trail: trail.clone(),
                    subsections: subsections.clone(),
                    page: page as u32,
                    total_pages: total_pages as u32,
                    total_articles: list.len() as u32,
                    teasers: on_page
                        .iter()
                        .map(|&i| library.teasers[i].clone())
                        .collect(),
                };
                let bytes = to_json(&section_page)?;
                staging.write(&path, &bytes)?;
                library.memo.wrote(path, inputs, &bytes);
            }
            Ok(())
        })
}

/// Until `press popular` has counted real logs, the "Most popular" box shows
/// the newest stories, marked as such.
pub fn write_popular_fallback(library: &Library, staging: &Staging) -> Result<()> {
    let generated_at = library
        .drafts
        .first()
        .map(|d| {
            d.published_at
                .with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
        .unwrap_or_default();
    let fallback = popular::fallback(&library.config, &library.teasers, &generated_at);
    Ok(staging.write(POPULAR_JSON, &to_json(&fallback)?)?)
}

/// `data/breaking.json`: the published stories marked `breaking` whose
/// banner is still up at the build's time, newest first (at most
/// `MAX_BREAKING_STORIES`). Always written, empty when there are none, so
/// the app's check of it is never a 404.
pub fn write_breaking(library: &Library, staging: &Staging) -> Result<()> {
    let stories = library
        .drafts
        .iter()
        .zip(&library.teasers)
        .filter_map(|(draft, teaser)| {
            let until = draft.breaking_until.filter(|until| *until > library.now)?;
            Some(BreakingStory {
                until: until
                    .with_timezone(&chrono::Utc)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                teaser: teaser.clone(),
            })
        })
        .take(broadsheet_model::limits::MAX_BREAKING_STORIES)
        .collect();
    let breaking = Breaking {
        schema_version: SCHEMA_VERSION,
        stories,
    };
    Ok(staging.write(BREAKING_JSON, &to_json(&breaking)?)?)
}
