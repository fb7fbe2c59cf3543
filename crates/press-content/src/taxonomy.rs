//! Authors, tags and date archives: the pages that follow a person, a
//! subject or a period, made from what every story already carries (its
//! byline, its tags, its date) and from the writers' profiles in
//! `content/authors/<slug>.toml`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use broadsheet_model::{Author, Block, Image, ProfileLink, TagRef};
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, LineIndex};
use crate::load::Draft;
use crate::text::tag_slug;

/// The most a profile file may hold.
const MAX_PROFILE_BYTES: u64 = 64 * 1024;

/// Who wrote what, and what it is about: indexes into `authors` and `tags`
/// for each story (in the order of the library's drafts).
#[derive(Debug, Default)]
pub struct Taxonomy {
    /// Every profile, by slug.
    pub authors: Vec<Author>,
    pub article_authors: Vec<Vec<usize>>,
    /// Every tag in use, by slug.
    pub tags: Vec<TagRef>,
    /// For each story, its tags in the order written (a tag written twice in
    /// two spellings appears twice).
    pub article_tags: Vec<Vec<usize>>,
    /// Worth a look, never fatal: byline names without a profile, tags merged.
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    name: toml::Spanned<String>,
    #[serde(default = "no_text")]
    role: toml::Spanned<String>,
    #[serde(default)]
    bio: Option<toml::Spanned<String>>,
    #[serde(default)]
    photo: Option<RawPhoto>,
    #[serde(default)]
    links: Vec<toml::Spanned<RawLink>>,
}

fn no_text() -> toml::Spanned<String> {
    toml::Spanned::new(0..0, String::new())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhoto {
    src: toml::Spanned<String>,
    alt: toml::Spanned<String>,
    #[serde(default)]
    width: Option<u32>,
    #[serde(default)]
    height: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    label: toml::Spanned<String>,
    url: toml::Spanned<String>,
}

/// Reads every `*.toml` in `dir` (a missing folder is no profiles). Each
/// problem names the file, the line and the field.
pub fn load_authors(dir: &Path, images: Option<&Path>) -> Result<(Vec<Author>, Vec<Diagnostic>)> {
    let mut authors = Vec::new();
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok((authors, problems));
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("{}: cannot list", dir.display()))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let kind = entry
            .file_type()
            .with_context(|| format!("{}: cannot read", path.display()))?;
        // A link is followed only to a plain file; a FIFO or device is never opened.
        let is_file = kind.is_file() || (kind.is_symlink() && path.is_file());
        if !is_file && !kind.is_dir() && !kind.is_symlink() {
            problems.push(Diagnostic::new(
                &path,
                1,
                "file",
                "not a plain file (a FIFO, socket or device); not read",
            ));
            continue;
        }
        if !is_file || !name.ends_with(".toml") {
            problems.push(Diagnostic::new(
                &path,
                1,
                "file",
                "only <slug>.toml profiles belong in authors/",
            ));
            continue;
        }
        files.push(path);
    }
    files.sort();
    for file in files {
        match load_profile(&file, images) {
            Ok(author) => authors.push(author),
            Err(mut found) => problems.append(&mut found),
        }
    }
    let mut by_name: HashMap<String, &Author> = HashMap::new();
    for author in &authors {
        if let Some(first) = by_name.insert(author.name.to_lowercase(), author) {
            problems.push(Diagnostic::new(
                &dir.join(format!("{}.toml", author.slug)),
                1,
                "name",
                format!(
                    "{:?} is also the name in {}.toml; a byline name must lead to one profile",
                    author.name, first.slug
                ),
            ));
        }
    }
    Ok((authors, problems))
}

fn load_profile(file: &Path, images: Option<&Path>) -> Result<Author, Vec<Diagnostic>> {
    let problem = |line: usize, field: &str, message: String| {
        vec![Diagnostic::new(file, line, field, message)]
    };
    let slug = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !broadsheet_model::is_valid_slug(&slug) {
        return Err(problem(1, "file", format!("{slug:?} is not a slug: name the file like elena-varga.toml (lower-case letters, digits, hyphens)")));
    }
    let metadata = std::fs::metadata(file).map_err(|e| problem(1, "file", e.to_string()))?;
    if metadata.len() > MAX_PROFILE_BYTES {
        return Err(problem(
            1,
            "file",
            format!(
                "{} bytes: a profile holds at most {MAX_PROFILE_BYTES}",
                metadata.len()
            ),
        ));
    }
    let text = std::fs::read_to_string(file)
        .map_err(|e| problem(1, "file", format!("cannot read as UTF-8: {e}")))?;
    let lines = LineIndex::new(&text);
    let raw: RawProfile = toml::from_str(&text).map_err(|e| {
        let line = e.span().map_or(1, |s| lines.line_of(s.start));
        problem(line, "profile", e.message().to_owned())
    })?;
    let mut problems = Vec::new();
    let name_line = lines.line_of(raw.name.span().start);
    let name = raw.name.into_inner();
    if let Some(why) = broadsheet_model::validate::field_problem(&name) {
        problems.push(Diagnostic::new(file, name_line, "name", why.to_string()));
    }
    let line_of = |span: std::ops::Range<usize>| lines.line_of(span.start).max(1);
    if let Some(why) = broadsheet_model::validate::text_problem(raw.role.get_ref()) {
        problems.push(Diagnostic::new(
            file,
            line_of(raw.role.span()),
            "role",
            why.to_string(),
        ));
    }
    let bio = match raw.bio {
        None => Vec::new(),
        Some(bio) => {
            let line = lines.line_of(bio.span().start);
            let (blocks, mut found) = crate::markdown::parse_body(file, bio.get_ref(), line);
            problems.append(&mut found);
            match blocks.as_slice() {
                [] => Vec::new(),
                [Block::Paragraph { content }] => content.clone(),
                _ => {
                    problems.push(Diagnostic::new(
                        file,
                        line,
                        "bio",
                        "a bio is one paragraph of text and links",
                    ));
                    Vec::new()
                }
            }
        }
    };
    let photo = raw.photo.map(|photo| {
        if !broadsheet_model::validate::is_safe_image_src(photo.src.get_ref()) {
            problems.push(Diagnostic::new(
                file,
                line_of(photo.src.span()),
                "photo.src",
                format!(
                    "{:?}: an image is site-relative (/images/…) or http(s)",
                    photo.src.get_ref()
                ),
            ));
        } else if let Some(why) = crate::images::problem(photo.src.get_ref(), images) {
            problems.push(Diagnostic::new(
                file,
                line_of(photo.src.span()),
                "photo.src",
                why,
            ));
        }
        if photo.alt.get_ref().trim().is_empty() {
            problems.push(Diagnostic::new(
                file,
                line_of(photo.alt.span()),
                "photo.alt",
                "describe the photo for readers who cannot see it",
            ));
        }
        Image {
            src: photo.src.into_inner(),
            alt: photo.alt.into_inner(),
            width: photo.width,
            height: photo.height,
            caption: None,
            credit: None,
            placeholder: None,
            ladder: None,
            share: None,
        }
    });
    let links = raw
        .links
        .into_iter()
        .map(|link| {
            let link = link.into_inner();
            if !broadsheet_model::is_safe_href(link.url.get_ref()) {
                problems.push(Diagnostic::new(
                    file,
                    line_of(link.url.span()),
                    "links",
                    format!(
                        "{:?}: a link is http(s), mailto: or site-relative",
                        link.url.get_ref()
                    ),
                ));
            }
            if let Some(why) = broadsheet_model::validate::field_problem(link.label.get_ref()) {
                problems.push(Diagnostic::new(
                    file,
                    line_of(link.label.span()),
                    "links",
                    format!("label: {why}"),
                ));
            }
            ProfileLink {
                label: link.label.into_inner(),
                url: link.url.into_inner(),
            }
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Author {
        slug,
        name,
        role: raw.role.into_inner(),
        bio,
        photo,
        links,
    })
}

/// The slug of a writer's name in any script (as a tag's).
fn writer_slug(name: &str) -> String {
    let slug = tag_slug(name);
    match slug.strip_prefix("tag-") {
        Some(hash) if !broadsheet_model::is_valid_slug(&crate::text::slugify(name)) => {
            format!("writer-{hash}")
        }
        _ => slug,
    }
}

/// `slug`, or `slug-2`, `slug-3`, … when it is taken.
fn unique_slug(slug: &str, taken: &std::collections::HashSet<String>) -> String {
    if !taken.contains(slug) {
        return slug.to_owned();
    }
    (2..)
        .map(|n| format!("{slug}-{n}"))
        .find(|candidate| !taken.contains(candidate))
        .expect("some suffix is free")
}

/// Links bylines to writers and gathers the tags, newest story first.
/// Every byline name is a writer with a page: the profile enriches it
/// (photo, role, bio, links), and a name without one gets a page of its own
/// stories all the same, under the slug of its name.
pub fn build(mut authors: Vec<Author>, drafts: &[Draft]) -> Taxonomy {
    let mut warnings = Vec::new();
    let mut by_name: HashMap<String, usize> = authors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.name.to_lowercase(), i))
        .collect();
    let mut slugs: std::collections::HashSet<String> =
        authors.iter().map(|a| a.slug.clone()).collect();
    // Names without a profile, in the order first met, so slugs are stable.
    let mut seen: fnv::FnvHashSet<&str> = fnv::FnvHashSet::default();
    for draft in drafts {
        for name in &draft.byline {
            if !seen.insert(name.as_str()) {
                continue;
            }
            let key = name.to_lowercase();
            if by_name.contains_key(&key) {
                continue;
            }
            let slug = unique_slug(&writer_slug(name), &slugs);
            slugs.insert(slug.clone());
            by_name.insert(key, authors.len());
            authors.push(Author {
                slug,
                name: name.clone(),
                role: String::new(),
                bio: Vec::new(),
                photo: None,
                links: Vec::new(),
            });
        }
    }
    // Each spelling is lowercased once, not once per story.
    let mut by_spelling: fnv::FnvHashMap<&str, usize> = fnv::FnvHashMap::default();
    let article_authors = drafts
        .iter()
        .map(|draft| {
            let mut indexes: Vec<usize> = Vec::with_capacity(draft.byline.len());
            for name in &draft.byline {
                let index = *by_spelling
                    .entry(name.as_str())
                    .or_insert_with(|| by_name[&name.to_lowercase()]);
                if !indexes.contains(&index) {
                    indexes.push(index);
                }
            }
            indexes
        })
        .collect();

    // Each spelling once, in the order first met: how many stories wrote
    // it, and the first that did. Stories mostly share their tags' spellings,
    // so slugs are made per spelling, not per story.
    let mut spelling_of: fnv::FnvHashMap<&str, usize> = fnv::FnvHashMap::default();
    let mut spelled: Vec<(&str, usize, &Draft)> = Vec::new();
    for draft in drafts {
        for tag in &draft.tags_written {
            let id = *spelling_of.entry(tag.as_str()).or_insert_with(|| {
                spelled.push((tag.as_str(), 0, draft));
                spelled.len() - 1
            });
            spelled[id].1 += 1;
        }
    }
    // Tags by slug; the spelling used most names the tag.
    let mut spellings: BTreeMap<String, BTreeMap<&str, (usize, &Draft)>> = BTreeMap::new();
    for (spelling, count, first) in spelled {
        spellings
            .entry(tag_slug(spelling))
            .or_default()
            .insert(spelling, (count, first));
    }
    let mut tags = Vec::with_capacity(spellings.len());
    let mut index_of: HashMap<String, usize> = HashMap::new();
    for (slug, names) in &spellings {
        let (name, _) = names
            .iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.0.cmp(a.0)))
            .map(|(name, count)| (*name, count))
            .expect("a slug comes from at least one tag");
        for (other, (_, first)) in names.iter().filter(|(other, _)| **other != name) {
            let why = if other.to_lowercase() == name.to_lowercase() {
                "differs only by case from"
            } else {
                "has the same URL as"
            };
            warnings.push(Diagnostic::new(
                &first.file,
                first.tags_line,
                "tags",
                format!("tag {other:?} {why} {name:?} (/tags/{slug}); they are merged as {name:?}"),
            ));
        }
        index_of.insert(slug.clone(), tags.len());
        tags.push(TagRef {
            slug: slug.clone(),
            name: name.to_owned(),
        });
    }
    let mut tag_of: fnv::FnvHashMap<&str, Option<usize>> = fnv::FnvHashMap::default();
    let article_tags = drafts
        .iter()
        .map(|draft| {
            draft
                .tags
                .iter()
                .filter_map(|t| {
                    *tag_of
                        .entry(t.as_str())
                        .or_insert_with(|| index_of.get(&tag_slug(t)).copied())
                })
                .collect()
        })
        .collect();
    Taxonomy {
        authors,
        article_authors,
        tags,
        article_tags,
        warnings,
    }
}
