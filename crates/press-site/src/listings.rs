//! The pages that follow a writer, a subject or a period (docs/json-api.md,
//! "Listings"): `data/authors/…`, `data/tags/…`, `data/archive/…`, each
//! paginated like a section so no file grows with the archive, and an Atom
//! feed per writer and per tag. Each writer is an
//! [`Output`](crate::library::Output).

use std::collections::BTreeMap;

use anyhow::Result;
use broadsheet_model::paths::{ARCHIVE_JSON, TAGS_JSON};
use broadsheet_model::validate::validate_listing;
use broadsheet_model::{
    ArchiveIndex, ArchiveMonth, ListingPage, Route, SectionPath, Subject, TagCount, TagIndex,
    SCHEMA_VERSION,
};
use fnv::FnvHashMap;
use rayon::prelude::*;

use crate::feeds;
use crate::file_memo::Inputs;
use crate::library::Library;
use crate::write::to_json;
use broadsheet_output::Staging;
use press_content::load::Draft;

/// Writes every page of one listing: `teasers` (indexes, newest first) in
/// pages of the section page size. An empty listing still has its page 1.
/// A page made from the same subject and teasers as the last build's is
/// kept as it is (`press watch`'s memo, `crate::file_memo`).
fn write_listing(
    library: &Library,
    staging: &Staging,
    subject: &Subject,
    stories: &[usize],
    route: impl Fn(u32) -> Route,
) -> Result<()> {
    let page_size = library.config.section_page_size;
    let total_pages = stories.len().div_ceil(page_size).max(1);
    // What every page of the listing is made from besides its teasers.
    let subject_inputs = library.teaser_hashes.as_ref().and_then(|_| {
        let mut inputs = Inputs::new();
        inputs
            .json(subject)?
            .number(total_pages as u64)
            .number(stories.len() as u64);
        Some(inputs)
    });
    for page in 1..=total_pages {
        let on_page = stories
            .get((page - 1) * page_size..)
            .unwrap_or_default()
            .iter()
            .take(page_size)
            .copied()
            .collect::<Vec<usize>>();
        let path = route(page as u32)
            .json_path()
            .ok_or_else(|| anyhow::anyhow!("a listing has a data file"))?;
        let inputs = subject_inputs
            .as_ref()
            .zip(library.teaser_hashes.as_ref())
            .map(|(subject, teasers)| {
                let mut inputs = subject.clone();
                inputs.number(page as u64).teasers(&on_page, teasers);
                inputs.finish()
            });
        if library.memo.keep(staging, &path, inputs)? {
            continue;
        }
        let listing = ListingPage {
            schema_version: SCHEMA_VERSION,
            subject: subject.clone(),
            page: page as u32,
            total_pages: total_pages as u32,
            total_articles: stories.len() as u32,
            teasers: on_page
                .iter()
                .map(|&i| library.teasers[i].clone())
                .collect(),
        };
        let bytes = to_json(&listing)?;
        // Bytes kept from the last build were checked then.
        staging.write_checked(&path, &bytes, || {
            match validate_listing(&listing).into_iter().next() {
                Some(problem) => Err(anyhow::anyhow!(
                    "{problem} (in press's own output for {:?})",
                    route(1).url()
                )),
                None => Ok(()),
            }
        })?;
        library.memo.wrote(path, inputs, &bytes);
    }
    Ok(())
}

/// Stories that are published (drafts of a local `--drafts` build stay out
/// of every listing and feed, as they stay out of the sitemap).
fn listed(library: &Library) -> impl Iterator<Item = usize> + '_ {
    library
        .drafts
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.draft)
        .map(|(i, _)| i)
}

/// `data/authors/{slug}/page-{n}.json` for every profile, and
/// `feeds/authors/{slug}.xml`.
pub fn write_authors(library: &Library, staging: &Staging) -> Result<()> {
    let taxonomy = &library.taxonomy;
    let mut stories: Vec<Vec<usize>> = vec![Vec::new(); taxonomy.authors.len()];
    for i in listed(library) {
        for &author in &taxonomy.article_authors[i] {
            stories[author].push(i);
        }
    }
    taxonomy
        .authors
        .par_iter()
        .zip(stories.par_iter())
        .try_for_each(|(author, stories)| {
            let subject = Subject::Author {
                author: author.clone(),
            };
            write_listing(library, staging, &subject, stories, |page| Route::Author {
                slug: author.slug.clone(),
                page,
            })?;
            write_feed(
                library,
                staging,
                &author.name,
                &format!("authors/{}", author.slug),
                stories,
            )
        })
}

/// `data/tags/{slug}/page-{n}.json` for every tag in use, `feeds/tags/{slug}.xml`,
/// and `data/tags/index.json`.
pub fn write_tags(library: &Library, staging: &Staging) -> Result<()> {
    let taxonomy = &library.taxonomy;
    let mut stories: Vec<Vec<usize>> = vec![Vec::new(); taxonomy.tags.len()];
    for i in listed(library) {
        for &tag in &taxonomy.article_tags[i] {
            // Two spellings of one tag in one story: listed once.
            if stories[tag].last() != Some(&i) {
                stories[tag].push(i);
            }
        }
    }
    taxonomy
        .tags
        .par_iter()
        .zip(stories.par_iter())
        .filter(|(_, stories)| !stories.is_empty())
        .try_for_each(|(tag, stories)| {
            let subject = Subject::Tag { tag: tag.clone() };
            write_listing(library, staging, &subject, stories, |page| Route::Tag {
                slug: tag.slug.clone(),
                page,
            })?;
            write_feed(
                library,
                staging,
                &tag.name,
                &format!("tags/{}", tag.slug),
                stories,
            )
        })?;
    let mut tags: Vec<TagCount> = taxonomy
        .tags
        .iter()
        .zip(&stories)
        .filter(|(_, stories)| !stories.is_empty())
        .map(|(tag, stories)| TagCount {
            slug: tag.slug.clone(),
            name: tag.name.clone(),
            count: stories.len() as u32,
        })
        .collect();
    tags.sort_by(|a, b| a.slug.cmp(&b.slug));
    let index = TagIndex {
        schema_version: SCHEMA_VERSION,
        tags,
    };
    Ok(staging.write(TAGS_JSON, &to_json(&index)?)?)
}

/// The months of a year's stories, in calendar order, with their counts.
fn months_of(year: u16, stories: &[usize], drafts: &[Draft]) -> Vec<ArchiveMonth> {
    let mut counts: BTreeMap<u8, u32> = BTreeMap::new();
    for &i in stories {
        *counts.entry(drafts[i].path.month).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(month, count)| ArchiveMonth { year, month, count })
        .collect()
}

/// Date archives, by the date in each story's URL: `/archive/{yyyy}[/{mm}]`
/// for the site and `/{section}/{yyyy}[/{mm}]` for every section (its
/// subsections' stories included), and `data/archive/index.json`.
pub fn write_archives(library: &Library, staging: &Staging) -> Result<()> {
    let drafts = &library.drafts;
    let config = &library.config;
    // (section or none, year, month or none) → stories, newest first.
    type Key = (Option<SectionPath>, u16, Option<u8>);
    // Scopes by number (0: the whole site), each section's and its
    // ancestors' numbers worked out once per section, not once per story.
    let mut scopes: Vec<Option<SectionPath>> = vec![None];
    let mut scope_of: FnvHashMap<Option<SectionPath>, usize> = FnvHashMap::default();
    let mut scopes_of: FnvHashMap<&SectionPath, Vec<usize>> = FnvHashMap::default();
    let mut by_number: FnvHashMap<(usize, u16, Option<u8>), Vec<usize>> = FnvHashMap::default();
    for i in listed(library) {
        let path = &drafts[i].path;
        let numbers = scopes_of.entry(&path.section).or_insert_with(|| {
            let mut numbers = vec![0];
            for scope in path.section.ancestors_and_self() {
                let scope = Some(scope);
                let number = *scope_of.entry(scope.clone()).or_insert_with(|| {
                    scopes.push(scope);
                    scopes.len() - 1
                });
                numbers.push(number);
            }
            numbers
        });
        for &number in numbers.iter() {
            by_number
                .entry((number, path.year, None))
                .or_default()
                .push(i);
            by_number
                .entry((number, path.year, Some(path.month)))
                .or_default()
                .push(i);
        }
    }
    let periods: BTreeMap<Key, Vec<usize>> = by_number
        .into_iter()
        .map(|((number, year, month), stories)| ((scopes[number].clone(), year, month), stories))
        .collect();
    periods
        .par_iter()
        .try_for_each(|((scope, year, month), stories)| {
            let section = scope
                .as_ref()
                .and_then(|path| config.section(&path.as_path()));
            if scope.is_some() && section.is_none() {
                return Ok(());
            }
            let subject = Subject::Archive {
                section: section.map(|s| s.reference()),
                trail: section.map(|s| config.trail(&s.path)).unwrap_or_default(),
                year: *year,
                month: *month,
                months: match month {
                    None => months_of(*year, stories, drafts),
                    Some(_) => Vec::new(),
                },
            };
            write_listing(library, staging, &subject, stories, |page| Route::Archive {
                section: scope.clone(),
                year: *year,
                month: *month,
                page,
            })
        })?;
    let mut months: Vec<ArchiveMonth> = periods
        .iter()
        .filter_map(|((scope, year, month), stories)| match (scope, month) {
            (None, Some(month)) => Some(ArchiveMonth {
                year: *year,
                month: *month,
                count: stories.len() as u32,
            }),
            _ => None,
        })
        .collect();
    months.sort_by_key(|m| std::cmp::Reverse((m.year, m.month)));
    let index = ArchiveIndex {
        schema_version: SCHEMA_VERSION,
        months,
    };
    Ok(staging.write(ARCHIVE_JSON, &to_json(&index)?)?)
}

fn write_feed(
    library: &Library,
    staging: &Staging,
    name: &str,
    path: &str,
    stories: &[usize],
) -> Result<()> {
    let entries: Vec<&Draft> = stories
        .iter()
        .take(feeds::FEED_ENTRIES)
        .map(|&i| &library.drafts[i])
        .collect();
    let file = format!("feeds/{path}.xml");
    let section = Some((name, path));
    // A writer's or a tag's feed is kept as it was when nothing it shows
    // changed (`press watch`): there are thousands of them.
    let inputs = library
        .memo
        .is_enabled()
        .then(|| feeds::feed_inputs(&library.config, section, &entries));
    if library.memo.keep(staging, &file, inputs)? {
        return Ok(());
    }
    let xml = feeds::feed(&library.config, section, &entries);
    staging.write(&file, xml.as_bytes())?;
    library.memo.wrote(file, inputs, xml.as_bytes());
    Ok(())
}
