//! `press import`: a newsroom's archive into a content folder, from CSV or
//! JSON Lines (columns by name, `--map` for others) or a WordPress export.
//!
//! 1. Read: the file's text (UTF-8, or `--encoding`), then one record per
//!    row or post (`records`, `wordpress`), each with its file, line and
//!    record number. A broken record is a [`Problem`], reported as what it
//!    is, never imported half.
//! 2. Convert: each record to a [`Story`]: plain text becomes escaped
//!    Markdown paragraphs; post HTML becomes blocks (`html`), with a note for
//!    each construct that has no block.
//! 3. Write: one Markdown file per story. `.broadsheet-import.json` in the
//!    content folder remembers which file each source story became and what
//!    was written: importing again updates a story whose source changed,
//!    leaves the rest, and never overwrites a file the newsroom has edited
//!    or that import did not write.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use broadsheet_model::validate::is_invisible;

use press_content::config::SITE_TOML;
use press_content::text::slugify;

pub mod html;
mod problem;
mod records;
mod sections;
pub mod to_markdown;
mod uploads;
mod wordpress;

use html::collapse;
pub use problem::{Origin, Problem};
use records::Field;
use to_markdown::escape_markdown;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
    WordPress,
}

impl Format {
    pub fn from_name(name: &str) -> Result<Format> {
        Ok(match name {
            "csv" => Format::Csv,
            "jsonl" | "json-lines" | "ndjson" => Format::JsonLines,
            "wordpress" | "wxr" => Format::WordPress,
            other => bail!("--from {other:?}: use csv, jsonl or wordpress"),
        })
    }

    fn of_file(path: &Path) -> Result<Format> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Ok(Format::Csv),
            Some("jsonl" | "ndjson") => Ok(Format::JsonLines),
            Some("xml" | "wxr") => Ok(Format::WordPress),
            _ => bail!(
                "{}: say what it is with --from csv, --from jsonl or --from wordpress",
                path.display()
            ),
        }
    }
}

pub struct Options {
    pub input: PathBuf,
    pub out: PathBuf,
    pub format: Option<Format>,
    /// `FIELD=COLUMN` pairs (CSV and JSON Lines).
    pub map: Vec<String>,
    pub encoding: Option<String>,
    pub default_section: String,
    /// The byline of stories without one.
    pub byline: String,
    /// A line ending every story that has a source URL, with a link to it
    /// (a licence's attribution, say).
    pub credit: Option<String>,
    /// WordPress: `CATEGORY=SECTION` pairs, and a TOML file of them.
    pub category_map: Vec<String>,
    pub category_map_file: Option<PathBuf>,
    /// WordPress: import pages too (into the default section).
    pub pages: bool,
    /// WordPress: a local copy of `wp-content/uploads` (`uploads`).
    pub uploads: Option<PathBuf>,
}

#[derive(Debug, Default)]
pub struct ImportReport {
    /// Records read (rows, lines or posts).
    pub records: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Records not imported, and why.
    pub skipped: Vec<Problem>,
    /// Imported, with something not converted; and notes about the file.
    pub notes: Vec<Problem>,
}

/// One story, ready to be written.
#[derive(Debug, Clone)]
pub(crate) struct Story {
    origin: Origin,
    /// What identifies it from one import to the next: its source URL or id.
    key: String,
    headline: String,
    standfirst: String,
    section: String,
    byline: Vec<String>,
    /// RFC 3339.
    published: String,
    updated: Option<String>,
    tags: Vec<String>,
    slug: String,
    draft: bool,
    aliases: Vec<String>,
    hero: Option<broadsheet_model::Image>,
    /// Markdown, escaped.
    body: String,
}

/// The largest file import reads.
pub const MAX_INPUT_BYTES: u64 = 1024 * 1024 * 1024;

pub fn import(options: &Options) -> Result<ImportReport> {
    let input = &options.input;
    let format = match options.format {
        Some(format) => format,
        None => Format::of_file(input)?,
    };
    let size = std::fs::metadata(input)
        .with_context(|| format!("{}: cannot open", input.display()))?
        .len();
    if size > MAX_INPUT_BYTES {
        bail!(
            "{}: {} MB is over the {} MB import reads at once; split the file",
            input.display(),
            size / 1_000_000,
            MAX_INPUT_BYTES / 1_000_000
        );
    }
    let bytes =
        std::fs::read(input).with_context(|| format!("{}: cannot read", input.display()))?;
    let text = records::decode(input, &bytes, options.encoding.as_deref())?;
    drop(bytes);
    let mut uploads = match &options.uploads {
        Some(dir) => Some(uploads::Uploads::new(dir)?),
        None => None,
    };
    let config = prepare_content_folder(&options.out)?;
    let sections = config.section_paths();
    let mut report = ImportReport::default();
    let stories = match format {
        Format::Csv | Format::JsonLines => {
            let map = records::parse_map(&options.map)?;
            let (records, problems) = if format == Format::Csv {
                records::read_csv(input, &text, &map)?
            } else {
                records::read_json_lines(input, &text, &map)?
            };
            for problem in problems {
                if problem.origin.record == 0 {
                    report.notes.push(problem);
                } else {
                    report.records += 1;
                    report.skipped.push(problem);
                }
            }
            report.records += records.len();
            let mut stories = Vec::new();
            for record in &records {
                match story_from_record(record, options, &sections) {
                    Ok(story) => stories.push(story),
                    Err(message) => report.skipped.push(Problem {
                        origin: record.origin.clone(),
                        message,
                    }),
                }
            }
            stories
        }
        Format::WordPress => {
            let category_map = category_map(options, &sections)?;
            let (export, problems) = wordpress::read(input, &text)?;
            report.notes.extend(problems);
            wordpress_stories(
                &export,
                options,
                &sections,
                &category_map,
                uploads.as_mut(),
                &mut report,
            )
        }
    };
    // --default-section matters only when a story needs it.
    let defaulted: Vec<&Story> = stories
        .iter()
        .filter(|s| s.section == options.default_section)
        .collect();
    if let Some(first) = defaulted.first() {
        if !sections.contains(&options.default_section) {
            bail!(
                "{}: {} stories need --default-section (no section of their own), and {:?} is not one of: {}; nothing was written",
                first.origin,
                defaulted.len(),
                options.default_section,
                sections.join(", ")
            );
        }
    }
    // The pictures first: each story is checked as it is written, and the
    // pictures it shows must be there.
    if let Some(uploads) = &uploads {
        let origin = Origin::new(options.uploads.as_deref().unwrap_or(input), 1, 0);
        for message in uploads.copy_into(&options.out)? {
            report.notes.push(Problem {
                origin: origin.clone(),
                message,
            });
        }
        report.notes.push(Problem {
            origin,
            message: format!(
                "{} picture(s) brought into images/uploads/",
                uploads.copied()
            ),
        });
    }
    write_stories(&options.out, &config, stories, &mut report)?;
    report.skipped.sort();
    Ok(report)
}

/// The content folder's site.toml; a new folder gets the default one.
fn prepare_content_folder(out: &Path) -> Result<press_content::config::SiteConfig> {
    let articles = out.join("articles");
    std::fs::create_dir_all(&articles)
        .with_context(|| format!("{}: cannot create", articles.display()))?;
    let site_toml = out.join("site.toml");
    if !site_toml.exists() {
        let text = SITE_TOML
            .replace("Broadsheet (synthetic)", "Broadsheet (imported)")
            .replace("Generated content for scale tests", "Imported articles");
        std::fs::write(&site_toml, text)
            .with_context(|| format!("{}: cannot write", site_toml.display()))?;
    }
    press_content::config::SiteConfig::load(&site_toml)
}

/// `2019-01-04` (noon UTC) or RFC 3339.
fn parse_date(text: &str) -> Option<String> {
    let text = text.trim();
    if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(format!("{date}T12:00:00Z"));
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.to_rfc3339())
}

fn story_from_record(
    record: &records::Record,
    options: &Options,
    sections: &[String],
) -> Result<Story, String> {
    let headline = collapse(record.text(Field::Headline).unwrap_or(""));
    if headline.is_empty() {
        return Err("empty headline".into());
    }
    let date = record.text(Field::Date).unwrap_or("").trim().to_owned();
    let published = parse_date(&date)
        .ok_or_else(|| format!("bad date {date:?} (write YYYY-MM-DD or RFC 3339)"))?;
    let updated = match record.text(Field::Updated) {
        Some(text) => Some(parse_date(text).ok_or_else(|| format!("bad updated date {text:?}"))?),
        None => None,
    };
    let text = record.text(Field::Body).unwrap_or("").replace("\r\n", "\n");
    let mut paragraphs: Vec<String> = drop_dateline(&text)
        .split("\n\n")
        .map(collapse)
        .filter(|p| !p.chars().all(is_invisible) && !is_dateline(p))
        .collect();
    if paragraphs.is_empty() {
        return Err("empty body".into());
    }
    let slug = slugify(record.text(Field::Slug).unwrap_or(&headline));
    if slug.is_empty() {
        return Err(format!("no usable slug in {headline:?}"));
    }
    let section = match record.text(Field::Section) {
        Some(section) => {
            let section = section.trim().trim_matches('/').to_lowercase();
            if !sections.contains(&section) {
                return Err(format!(
                    "section {section:?} is not in site.toml (its sections: {})",
                    sections.join(", ")
                ));
            }
            section
        }
        None => sections::section_for(&headline, &paragraphs, &options.default_section).to_owned(),
    };
    let standfirst = match record.text(Field::Standfirst) {
        Some(standfirst) => collapse(standfirst),
        None => take_standfirst(&mut paragraphs),
    };
    let url = record
        .text(Field::Url)
        .map(str::trim)
        .unwrap_or("")
        .to_owned();
    let byline = match record.list(Field::Byline) {
        list if list.is_empty() => vec![options.byline.clone()],
        list => list,
    };
    let mut body = String::with_capacity(text.len() + 256);
    for paragraph in &paragraphs {
        let _ = writeln!(body, "{}\n", escape_markdown(paragraph));
    }
    if let Some(credit) = &options.credit {
        if broadsheet_model::is_safe_href(&url) && !url.contains(['<', '>', ' ']) {
            let _ = writeln!(
                body,
                "---\n\n*{} ([original](<{url}>)).*",
                escape_markdown(credit)
            );
        }
    }
    Ok(Story {
        origin: record.origin.clone(),
        key: if url.is_empty() {
            format!("{published} {headline}")
        } else {
            url
        },
        headline,
        standfirst,
        section,
        byline,
        published,
        updated,
        tags: record.list(Field::Tags),
        slug,
        draft: false,
        aliases: Vec::new(),
        hero: None,
        body,
    })
}

/// A dateline alone on the first line is dropped, whether one or two line
/// breaks follow it.
fn drop_dateline(text: &str) -> &str {
    let trimmed = text.trim_start();
    match trimmed.split_once('\n') {
        Some((first, rest)) if is_dateline(first.trim()) => rest,
        _ => trimmed,
    }
}

/// `--map-category` pairs and the `--category-map` file: WordPress category
/// (its slug or name) → section path.
fn category_map(options: &Options, sections: &[String]) -> Result<BTreeMap<String, String>> {
    let mut map = BTreeMap::new();
    if let Some(file) = &options.category_map_file {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("{}: cannot read", file.display()))?;
        let table: BTreeMap<String, String> = toml::from_str(&text).with_context(|| {
            format!(
                "{}: write `category = \"section/path\"` lines",
                file.display()
            )
        })?;
        map.extend(table);
    }
    for pair in options.category_map.iter().flat_map(|m| m.split(',')) {
        let Some((category, section)) = pair.split_once('=') else {
            bail!("--map-category {pair:?}: write CATEGORY=SECTION, such as news=world");
        };
        map.insert(category.trim().to_owned(), section.trim().to_owned());
    }
    for (category, section) in &map {
        if !sections.contains(section) {
            bail!(
                "category {category:?} is mapped to {section:?}, which is not in site.toml (its sections: {})",
                sections.join(", ")
            );
        }
    }
    Ok(map)
}

/// Posts (and pages when asked) of a WordPress export as stories.
fn wordpress_stories(
    export: &wordpress::Export,
    options: &Options,
    sections: &[String],
    category_map: &BTreeMap<String, String>,
    mut uploads: Option<&mut uploads::Uploads>,
    report: &mut ImportReport,
) -> Vec<Story> {
    let attachments: BTreeMap<&str, &wordpress::Item> = export
        .items
        .iter()
        .filter(|i| i.post_type == "attachment")
        .map(|i| (i.post_id.as_str(), i))
        .collect();
    let mut left_out: BTreeMap<String, usize> = BTreeMap::new();
    let mut stories = Vec::new();
    for item in &export.items {
        match item.post_type.as_str() {
            "post" => {}
            "page" if options.pages => {}
            "attachment" => continue,
            other => {
                let what = if other == "page" {
                    "pages (import them with --pages)".to_owned()
                } else {
                    format!("items of type {other:?}")
                };
                *left_out.entry(what).or_default() += 1;
                continue;
            }
        }
        report.records += 1;
        let mut notes = Vec::new();
        match wordpress_story(
            item,
            export,
            options,
            sections,
            category_map,
            Media {
                attachments: &attachments,
                uploads: uploads.as_deref_mut(),
            },
            &mut notes,
        ) {
            Ok(story) => stories.push(story),
            Err(message) => report.skipped.push(Problem {
                origin: item.origin.clone(),
                message,
            }),
        }
        let label = format!("post {} {:?}", item.post_id, collapse(&item.title));
        report.notes.extend(notes.into_iter().map(|note| Problem {
            origin: item.origin.clone(),
            message: format!("{label}: {note}"),
        }));
    }
    for (what, count) in left_out {
        report.notes.push(Problem {
            origin: Origin::new(&options.input, 1, 0),
            message: format!("{count} {what} not imported"),
        });
    }
    stories
}

/// A post's pictures: the export's attachments (featured images), and
/// where to bring them from (`--uploads`).
struct Media<'a, 'u> {
    attachments: &'a BTreeMap<&'a str, &'a wordpress::Item>,
    uploads: Option<&'u mut uploads::Uploads>,
}

/// WordPress's `2019-01-04 10:00:00` (UTC for `_gmt` fields) as RFC 3339.
fn wordpress_time(text: &str) -> Option<String> {
    let time = chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S").ok()?;
    Some(
        time.and_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )
}

fn wordpress_story(
    item: &wordpress::Item,
    export: &wordpress::Export,
    options: &Options,
    sections: &[String],
    category_map: &BTreeMap<String, String>,
    media: Media<'_, '_>,
    notes: &mut Vec<String>,
) -> Result<Story, String> {
    let Media {
        attachments,
        uploads,
    } = media;
    let draft = match item.status.as_str() {
        "publish" | "future" => false,
        "draft" | "pending" | "auto-draft" => true,
        "private" => {
            notes.push("private: imported as a draft, never published".into());
            true
        }
        "trash" => return Err("in the trash: not imported".into()),
        other => {
            notes.push(format!("status {other:?}: imported as a draft"));
            true
        }
    };
    let headline = collapse(&item.title);
    if headline.is_empty() {
        return Err("no title".into());
    }
    let published = wordpress_time(&item.post_date_gmt)
        .or_else(|| {
            let local = wordpress_time(&item.post_date)?;
            notes.push("no UTC date (wp:post_date_gmt): its local date is read as UTC".into());
            Some(local)
        })
        .ok_or_else(|| format!("no date (wp:post_date_gmt {:?})", item.post_date_gmt))?;
    let updated = wordpress_time(&item.modified_gmt).filter(|m| m > &published);
    let converted = html::convert(&item.content);
    notes.extend(converted.notes);
    let mut blocks = converted.blocks;
    let before = blocks.len();
    blocks.retain(|block| {
        use broadsheet_model::Block;
        matches!(block, Block::Figure { .. } | Block::Divider)
            || !broadsheet_model::block_text(block)
                .chars()
                .all(is_invisible)
    });
    if blocks.len() < before {
        notes.push(format!(
            "{} paragraphs of invisible characters only: left out",
            before - blocks.len()
        ));
    }
    if blocks.is_empty() {
        return Err("no text in the post".into());
    }
    // Categories: the first with a section; the others become tags.
    let mut section = None;
    let mut tags = Vec::new();
    for (domain, nicename, name) in &item.terms {
        match domain.as_str() {
            "category" => {
                let mapped = category_map
                    .get(nicename)
                    .or_else(|| category_map.get(name))
                    .cloned()
                    .or_else(|| {
                        sections
                            .iter()
                            .find(|s| {
                                s.as_str() == nicename || s.ends_with(&format!("/{nicename}"))
                            })
                            .cloned()
                    });
                match (&section, mapped) {
                    (None, Some(mapped)) => section = Some(mapped),
                    (None, None) if nicename == "uncategorized" => {}
                    _ => {
                        let name = export.categories.get(nicename).unwrap_or(name);
                        if !tags.contains(name) {
                            tags.push(name.clone());
                        }
                    }
                }
            }
            "post_tag" if !tags.contains(name) => tags.push(name.clone()),
            _ => {}
        }
    }
    let section = section.unwrap_or_else(|| {
        let names: Vec<&str> = item
            .terms
            .iter()
            .filter(|t| t.0 == "category")
            .map(|t| t.1.as_str())
            .collect();
        notes.push(format!(
            "no section for its categories {names:?}: put in {} (map one with --map-category CATEGORY=SECTION)",
            options.default_section
        ));
        options.default_section.clone()
    });
    let byline = vec![export
        .authors
        .get(&item.creator)
        .cloned()
        .unwrap_or_else(|| item.creator.clone())]
    .into_iter()
    .filter(|b| !b.is_empty())
    .collect::<Vec<_>>();
    let byline = if byline.is_empty() {
        vec![options.byline.clone()]
    } else {
        byline
    };
    let excerpt = collapse(
        &html::convert(&item.excerpt)
            .blocks
            .iter()
            .map(broadsheet_model::block_text)
            .collect::<Vec<_>>()
            .join(" "),
    );
    let standfirst = if !excerpt.is_empty() {
        excerpt
    } else {
        standfirst_from_blocks(&mut blocks)
    };
    if blocks.is_empty() {
        return Err("no text in the post besides its first sentence".into());
    }
    let slug = slugify(if item.post_name.is_empty() {
        &headline
    } else {
        &item.post_name
    });
    if slug.is_empty() {
        return Err(format!("no usable slug in {headline:?}"));
    }
    // The old URL keeps working: a redirect from its path.
    let mut aliases = Vec::new();
    if !item.link.is_empty() {
        let path = item
            .link
            .split_once("://")
            .map(|(_, rest)| rest.find('/').map(|i| &rest[i..]).unwrap_or("/"))
            .unwrap_or(&item.link);
        match broadsheet_model::paths::old_url(path) {
            Some(url) => aliases.push(url),
            None => notes.push(format!(
                "old URL {:?} cannot be redirected by its path (a query, encoded characters, or one of this site's pages): no alias",
                item.link
            )),
        }
    }
    let hero = item.meta.get("_thumbnail_id").and_then(|id| {
        let attachment = attachments.get(id.trim())?;
        let src = attachment.attachment_url.clone();
        let alt = attachment
            .meta
            .get("_wp_attachment_image_alt")
            .map(|a| collapse(a))
            .filter(|a| !a.is_empty());
        match alt {
            Some(alt)
                if broadsheet_model::validate::is_safe_image_src(&src)
                    && !src.contains(['"', '<', '>', ' ']) =>
            {
                let caption = collapse(&attachment.excerpt);
                Some(broadsheet_model::Image {
                    src,
                    alt,
                    width: None,
                    height: None,
                    caption: (!caption.is_empty()).then_some(caption),
                    credit: None,
                    placeholder: None,
                    ladder: None,
                    share: None,
                })
            }
            _ => {
                notes.push(format!(
                    "featured image {src:?}: no alt text or not a safe source; not imported"
                ));
                None
            }
        }
    });
    let mut hero = hero;
    if let Some(uploads) = uploads {
        let mut bring = |image: &mut broadsheet_model::Image| match uploads.localize(&image.src) {
            Ok(Some(src)) => image.src = src,
            Ok(None) => {}
            Err(note) => notes.push(note),
        };
        if let Some(hero) = &mut hero {
            bring(hero);
        }
        for block in &mut blocks {
            if let broadsheet_model::Block::Figure { image } = block {
                bring(image);
            }
        }
    }
    Ok(Story {
        origin: item.origin.clone(),
        key: format!("wordpress:{}", item.post_id),
        headline,
        standfirst,
        section,
        byline,
        published,
        updated,
        tags,
        slug,
        draft,
        aliases,
        hero,
        body: to_markdown::blocks(&blocks),
    })
}

/// A post without an excerpt: its first sentence, taken out of the body
/// when it lies in the plain text that opens the first paragraph, so the
/// story does not say it twice (the rule [`take_standfirst`] follows).
fn standfirst_from_blocks(blocks: &mut Vec<broadsheet_model::Block>) -> String {
    use broadsheet_model::{Block, Inline};
    let only_block = blocks.len() == 1;
    if let Some(Block::Paragraph { content }) = blocks.first_mut() {
        let alone = content.len() == 1;
        if let Some(Inline::Text { text }) = content.first_mut() {
            let end = sentence_end(text);
            let sentence = text[..end].trim().to_owned();
            let whole = end >= text.len();
            if (!whole || alone)
                && !sentence.is_empty()
                && sentence.chars().count() <= STANDFIRST_CHARS
            {
                let rest = text[end..].trim_start().to_owned();
                match (rest.is_empty() && alone, only_block) {
                    (true, false) => {
                        blocks.remove(0);
                    }
                    (true, true) => {}
                    (false, _) => *text = rest,
                }
                return sentence;
            }
        }
    }
    blocks
        .first()
        .map(|b| first_sentence(&broadsheet_model::block_text(b), STANDFIRST_CHARS))
        .unwrap_or_default()
}

/// `.broadsheet-import.json`: for each imported story, the file it became
/// and a hash of what import wrote there.
const MANIFEST: &str = ".broadsheet-import.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    schema_version: u32,
    /// Story key → (file relative to the content folder, FNV-1a of its bytes as written).
    stories: BTreeMap<String, (String, String)>,
}

fn hash(bytes: &[u8]) -> String {
    format!(
        "{:016x}",
        press_content::text::fnv1a(bytes, press_content::text::FNV_OFFSET)
    )
}

/// What every source can get wrong the same way, put right with a note:
/// two spellings of one tag (one is kept), more tags than a story may
/// carry, and a standfirst with nothing visible (the headline stands in).
fn tidy(story: &mut Story) -> Vec<String> {
    use broadsheet_model::limits::MAX_TAGS_PER_STORY;
    let mut notes = Vec::new();
    let mut kept: Vec<(String, String)> = Vec::new();
    for tag in std::mem::take(&mut story.tags) {
        let tag = collapse(&tag);
        if tag.chars().all(is_invisible) {
            continue;
        }
        let slug = press_content::text::tag_slug(&tag);
        match kept.iter().find(|(s, _)| *s == slug) {
            Some((_, first)) if *first != tag => notes.push(format!(
                "tag {tag:?} is the same tag as {first:?} (/tags/{slug}): kept once, as {first:?}"
            )),
            Some(_) => {}
            None => kept.push((slug, tag)),
        }
    }
    if kept.len() > MAX_TAGS_PER_STORY {
        notes.push(format!(
            "{} tags: the first {MAX_TAGS_PER_STORY} are kept, as many as a story may carry",
            kept.len()
        ));
        kept.truncate(MAX_TAGS_PER_STORY);
    }
    story.tags = kept.into_iter().map(|(_, tag)| tag).collect();
    if story.standfirst.chars().all(is_invisible) {
        notes.push("no text for a standfirst: the headline stands in".to_owned());
        story.standfirst = story.headline.clone();
    }
    notes
}

/// The (section, slug) pairs and the URLs and old URLs of the stories the
/// content folder already has (those that build).
/// Each with the file that holds it (relative to the content folder).
type Taken = (HashMap<(String, String), String>, HashMap<String, String>);

fn taken_names(out: &Path, config: &press_content::config::SiteConfig) -> Result<Taken> {
    let articles = out.join("articles");
    let (files, _) = press_content::load::find_article_files(&articles)?;
    let (drafts, _) = press_content::load::load_all(&files, config);
    let mut slugs = HashMap::new();
    let mut urls = HashMap::new();
    for draft in drafts {
        let file = draft
            .file
            .strip_prefix(out)
            .map(|f| f.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/"))
            .unwrap_or_default();
        slugs.insert(
            (draft.section.path.clone(), draft.path.slug.clone()),
            file.clone(),
        );
        urls.insert(draft.path.url(), file.clone());
        for alias in draft.aliases {
            urls.insert(alias, file.clone());
        }
    }
    Ok((slugs, urls))
}

/// `press build`'s own check of one article file.
fn check_as_built(
    file: &Path,
    text: &str,
    config: &press_content::config::SiteConfig,
) -> Result<(), Vec<press_content::diagnostics::Diagnostic>> {
    if text.len() as u64 > broadsheet_model::limits::MAX_ARTICLE_BYTES {
        return Err(vec![press_content::diagnostics::Diagnostic::new(
            file,
            1,
            "file",
            format!(
                "{} KiB, over the {} KiB an article may be",
                text.len() / 1024,
                broadsheet_model::limits::MAX_ARTICLE_BYTES / 1024
            ),
        )]);
    }
    press_content::load::parse_article(file, text.as_bytes(), config).map(|_| ())
}

/// Checks a file named by the manifest: import only ever writes
/// `articles/<name>.md`, with a name of lower-case letters, digits and
/// hyphens, so anything else (an absolute path, `..`, another folder) was not
/// written by import and is refused before any file is touched.
fn manifest_file(relative: &str) -> Result<(), &'static str> {
    let name = relative
        .strip_prefix("articles/")
        .and_then(|rest| rest.strip_suffix(".md"))
        .ok_or("which is not a file in articles/")?;
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err("which is not a file name import writes");
    }
    Ok(())
}

/// The story as an article file.
fn article_text(story: &Story) -> String {
    let mut text = String::with_capacity(story.body.len() + 512);
    let list = |items: &[String]| {
        items
            .iter()
            .map(|i| toml_string(i))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(text, "+++");
    let _ = writeln!(text, "headline = {}", toml_string(&story.headline));
    let _ = writeln!(text, "standfirst = {}", toml_string(&story.standfirst));
    let _ = writeln!(text, "section = {}", toml_string(&story.section));
    let _ = writeln!(text, "byline = [{}]", list(&story.byline));
    let _ = writeln!(text, "published = {}", toml_string(&story.published));
    if let Some(updated) = &story.updated {
        let _ = writeln!(text, "updated = {}", toml_string(updated));
    }
    if !story.tags.is_empty() {
        let _ = writeln!(text, "tags = [{}]", list(&story.tags));
    }
    let _ = writeln!(text, "slug = {}", toml_string(&story.slug));
    if story.draft {
        let _ = writeln!(text, "draft = true");
    }
    if !story.aliases.is_empty() {
        let _ = writeln!(text, "aliases = [{}]", list(&story.aliases));
    }
    if let Some(hero) = &story.hero {
        let _ = writeln!(text, "\n[hero]");
        let _ = writeln!(text, "src = {}", toml_string(&hero.src));
        let _ = writeln!(text, "alt = {}", toml_string(&hero.alt));
        if let Some(caption) = &hero.caption {
            let _ = writeln!(text, "caption = {}", toml_string(caption));
        }
    }
    let _ = writeln!(text, "+++\n");
    text.push_str(&story.body);
    text
}

/// Writes every story: new ones into new files, changed ones over the file
/// import wrote before (if nobody edited it since), and the manifest last.
fn write_stories(
    out: &Path,
    config: &press_content::config::SiteConfig,
    stories: Vec<Story>,
    report: &mut ImportReport,
) -> Result<()> {
    let manifest_path = out.join(MANIFEST);
    let mut manifest: Manifest = match std::fs::read(&manifest_path) {
        Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| {
            format!(
                "{}: not import's manifest; move it away to import afresh",
                manifest_path.display()
            )
        })?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Manifest::default(),
        Err(error) => {
            return Err(error).with_context(|| format!("{}: cannot read", manifest_path.display()))
        }
    };
    for (key, (relative, _)) in &manifest.stories {
        if let Err(why) = manifest_file(relative) {
            bail!(
                "{}: the entry for {key:?} names {relative:?}, {why}; nothing was written (move the manifest away to import afresh)",
                manifest_path.display()
            );
        }
    }
    manifest.schema_version = 1;
    // What the folder's stories already hold: a new story takes no slug its
    // section has (press refuses one slug twice in a section) and no URL or
    // old URL another story has.
    let (mut slugs, mut urls) = taken_names(out, config)?;
    let mut seen: HashSet<String> = HashSet::new();
    let mut first_of: BTreeMap<String, Origin> = BTreeMap::new();
    for mut story in stories {
        for note in tidy(&mut story) {
            report.notes.push(Problem {
                origin: story.origin.clone(),
                message: note,
            });
        }
        if let Some(first) = first_of.get(&story.key) {
            report.skipped.push(Problem {
                origin: story.origin.clone(),
                message: format!("the same story as {first} ({}): imported once", story.key),
            });
            continue;
        }
        first_of.insert(story.key.clone(), story.origin.clone());
        let date = &story.published[..10];
        // Its own file, when import wrote it before: what it holds is its own.
        let own = manifest
            .stories
            .get(&story.key)
            .map(|(file, _)| file.clone());
        let before = story.aliases.len();
        story.aliases.retain(|alias| {
            urls.get(alias)
                .is_none_or(|file| Some(file) == own.as_ref())
        });
        if story.aliases.len() < before {
            report.notes.push(Problem {
                origin: story.origin.clone(),
                message: "its old URL is another story's URL or old URL already: no alias"
                    .to_owned(),
            });
        }
        let text = article_text(&story);
        // The story must build: it is checked exactly as press build
        // checks a file (front matter, body, pictures, sizes), so one bad
        // record never makes the whole content folder unpublishable.
        let name = out.join(format!("articles/{date}-{}.md", story.slug));
        if let Err(problems) = check_as_built(&name, &text, config) {
            let reasons: Vec<String> = problems
                .iter()
                .take(3)
                .map(|d| format!("field `{}`: {}", d.field, d.message))
                .collect();
            let more = problems.len().saturating_sub(3);
            report.skipped.push(Problem {
                origin: story.origin.clone(),
                message: format!(
                    "it would not build ({}{}); not imported",
                    reasons.join("; "),
                    if more > 0 {
                        format!("; and {more} more")
                    } else {
                        String::new()
                    }
                ),
            });
            continue;
        }
        if let Some((relative, written)) = manifest.stories.get(&story.key).cloned() {
            // The story keeps the URL it was first imported under, even if
            // its headline changed since: links to it must keep working.
            let kept_slug = relative
                .strip_prefix("articles/")
                .and_then(|name| name.strip_suffix(".md"))
                .and_then(|name| name.get(11..))
                .filter(|slug| !slug.is_empty())
                .map(str::to_owned);
            let text = match kept_slug {
                Some(slug) if slug != story.slug => article_text(&Story {
                    slug,
                    ..story.clone()
                }),
                _ => text.clone(),
            };
            let path = out.join(&relative);
            seen.insert(relative.clone());
            // Checked above; a link in its place is never followed.
            let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file());
            if is_link {
                report.skipped.push(Problem {
                    origin: story.origin.clone(),
                    message: format!(
                        "{} is not a plain file any more; not overwritten",
                        path.display()
                    ),
                });
                continue;
            }
            match std::fs::read(&path) {
                Ok(bytes) if hash(&bytes) == written => {
                    if bytes == text.as_bytes() {
                        report.unchanged += 1;
                    } else {
                        broadsheet_output::replace_file(&path, text.as_bytes())
                            .with_context(|| format!("{}: cannot update", path.display()))?;
                        manifest.stories.insert(story.key.clone(), (relative, hash(text.as_bytes())));
                        report.updated += 1;
                    }
                }
                Ok(_) => report.skipped.push(Problem {
                    origin: story.origin.clone(),
                    message: format!("{} was edited since it was imported; not overwritten", path.display()),
                }),
                Err(_) => report.skipped.push(Problem {
                    origin: story.origin.clone(),
                    message: format!("{} was removed since it was imported; not written again (delete its entry in {MANIFEST} to import it afresh)", path.display()),
                }),
            }
            continue;
        }
        // A new story: a file name no other file has, a slug its section
        // does not have, a URL no other story has or had.
        let mut suffix = 1;
        let (relative, slug, url, mut file) = loop {
            let slug = if suffix == 1 {
                story.slug.clone()
            } else {
                format!("{}-{suffix}", story.slug)
            };
            let relative = format!("articles/{date}-{slug}.md");
            suffix += 1;
            let url = format!("/{}/{}/{slug}", story.section, date.replace('-', "/"));
            if seen.contains(&relative)
                || slugs.contains_key(&(story.section.clone(), slug.clone()))
                || urls.contains_key(&url)
            {
                continue;
            }
            let path = out.join(&relative);
            match std::fs::File::options()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => break (relative, slug, url, file),
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(error) => {
                    return Err(error).with_context(|| format!("{}: cannot create", path.display()))
                }
            }
        };
        // The slug follows the file name, so two stories never share a URL.
        let text = if slug == story.slug {
            text
        } else {
            article_text(&Story {
                slug: slug.clone(),
                ..story.clone()
            })
        };
        std::io::Write::write_all(&mut file, text.as_bytes())
            .with_context(|| format!("{}: cannot write", out.join(&relative).display()))?;
        seen.insert(relative.clone());
        urls.insert(url, relative.clone());
        for alias in &story.aliases {
            urls.insert(alias.clone(), relative.clone());
        }
        slugs.insert((story.section.clone(), slug), relative.clone());
        manifest
            .stories
            .insert(story.key.clone(), (relative, hash(text.as_bytes())));
        report.created += 1;
    }
    broadsheet_output::replace_file(&manifest_path, &serde_json::to_vec_pretty(&manifest)?)
        .with_context(|| format!("{}: cannot write", manifest_path.display()))?;
    Ok(())
}

/// "Friday, January 4, 2019" on its own.
fn is_dateline(paragraph: &str) -> bool {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let Some((day, rest)) = paragraph.split_once(", ") else {
        return false;
    };
    DAYS.contains(&day)
        && rest.len() < 24
        && rest.chars().last().is_some_and(|c| c.is_ascii_digit())
}

/// The longest standfirst taken whole from the text.
const STANDFIRST_CHARS: usize = 220;

/// The standfirst is the first sentence of the text, taken out of the body,
/// so the article does not say it twice: the body starts with the rest of
/// the first paragraph. Two cases keep the body whole: a first sentence over
/// 220 characters (the standfirst is then its opening, cut at a word and
/// ended with "…") and a text that is that one sentence (the body is never
/// empty). docs/authoring.md states the rule.
fn take_standfirst(paragraphs: &mut Vec<String>) -> String {
    let first = &paragraphs[0];
    let sentence = &first[..sentence_end(first)];
    if sentence.chars().count() > STANDFIRST_CHARS {
        return first_sentence(first, STANDFIRST_CHARS);
    }
    let standfirst = sentence.to_owned();
    let rest = first[sentence.len()..].trim().to_owned();
    match (rest.is_empty(), paragraphs.len()) {
        (true, 1) => {}
        (true, _) => {
            paragraphs.remove(0);
        }
        (false, _) => paragraphs[0] = rest,
    }
    standfirst
}

/// Where the first sentence of `paragraph` ends: after a full stop, "?" or
/// "!" followed by a space and a capital, a digit or a quote, unless the
/// word before the full stop is an abbreviation ("U.S.", "Dr.", "J.").
fn sentence_end(paragraph: &str) -> usize {
    const ABBREVIATIONS: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Sr", "Jr", "Gen", "Col", "Lt", "Sgt", "Capt",
        "Gov", "Sen", "Rep", "Rev", "Mt", "No", "Inc", "Ltd", "Co", "Corp", "vs", "etc", "Jan",
        "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    ];
    let bytes = paragraph.as_bytes();
    for (i, c) in paragraph.char_indices() {
        if !matches!(c, '.' | '?' | '!') || bytes.get(i + 1) != Some(&b' ') {
            continue;
        }
        let next = paragraph[i + 2..].chars().next();
        if !next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || "\"'“‘(".contains(n))
        {
            continue;
        }
        if c == '.' {
            let word = paragraph[..i].rsplit(' ').next().unwrap_or("");
            let word = word.trim_start_matches(|w: char| !w.is_alphanumeric());
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if initial || word.contains('.') || ABBREVIATIONS.contains(&word) {
                continue;
            }
        }
        return i + c.len_utf8();
    }
    paragraph.len()
}

fn first_sentence(paragraph: &str, limit: usize) -> String {
    let sentence = &paragraph[..sentence_end(paragraph)];
    if sentence.chars().count() <= limit {
        return sentence.to_owned();
    }
    let cut: String = sentence.chars().take(limit).collect();
    let cut = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{cut}…")
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::sections::section_for;
    use super::*;

    #[test]
    fn the_manifest_names_only_files_in_articles() {
        for good in ["articles/2019-01-04-a-b.md", "articles/2019-01-04-x-2.md"] {
            assert_eq!(manifest_file(good), Ok(()), "{good}");
        }
        for bad in [
            "/etc/passwd",
            "articles/../../x.md",
            "articles/..md",
            "articles/a/b.md",
            "articles/.md",
            "articles/a.md/",
            "site.toml",
            "articles/A.md",
            "articles\\..\\x.md",
            "articles/x.md\0",
            "",
        ] {
            assert!(manifest_file(bad).is_err(), "{bad:?}");
        }
    }

    /// A dateline is dropped whether one or two line breaks follow it.
    #[test]
    fn datelines_go_with_one_line_break_too() {
        assert_eq!(
            drop_dateline("Friday, January 4, 2019\nThe dam opened."),
            "The dam opened."
        );
        assert_eq!(
            drop_dateline("Friday, January 4, 2019\n\nThe dam opened.").trim(),
            "The dam opened."
        );
        assert_eq!(
            drop_dateline("The dam opened.\nMore."),
            "The dam opened.\nMore."
        );
    }

    #[test]
    fn a_posts_first_sentence_leaves_its_body() {
        use broadsheet_model::{Block, Inline};
        let mut blocks = vec![
            Block::Paragraph {
                content: vec![
                    Inline::text("The U.S. team won. Then it "),
                    Inline::Strong {
                        content: vec![Inline::text("rained")],
                    },
                ],
            },
            Block::Divider,
        ];
        assert_eq!(standfirst_from_blocks(&mut blocks), "The U.S. team won.");
        assert_eq!(broadsheet_model::block_text(&blocks[0]), "Then it rained");
        let mut one = vec![Block::Paragraph {
            content: vec![Inline::text("Only this.")],
        }];
        assert_eq!(standfirst_from_blocks(&mut one), "Only this.");
        assert_eq!(one.len(), 1, "the body is never emptied");
    }

    #[test]
    fn datelines_and_sections() {
        assert!(is_dateline("Friday, January 4, 2019"));
        assert!(!is_dateline(
            "Friday, January 4, 2019 was a cold day in the city."
        ));
        let paragraphs =
            vec!["The football club won the cup final after the league season ended.".to_owned()];
        assert_eq!(section_for("Club wins cup", &paragraphs, "world"), "sport");
        let paragraphs = vec!["Officials in Kenya said on Monday that roads reopened.".to_owned()];
        assert_eq!(
            section_for("Roads reopen", &paragraphs, "world"),
            "world/africa"
        );
        assert_eq!(
            section_for("Quiet day", &["Nothing much.".to_owned()], "world"),
            "world"
        );
    }

    #[test]
    fn escaped_text_stays_text() {
        let escaped = escape_markdown("<script>*x* [a](javascript:b) 1. # h");
        let (blocks, diagnostics) =
            press_content::markdown::parse_body(Path::new("x.md"), &escaped, 1);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            broadsheet_model::block_text(&blocks[0]),
            "<script>*x* [a](javascript:b) 1. # h"
        );
    }

    #[test]
    fn standfirst_is_the_first_sentence() {
        assert_eq!(first_sentence("One two. Three.", 100), "One two.");
        assert_eq!(first_sentence("aaa bbb ccc", 6), "aaa…");
        assert_eq!(
            first_sentence(
                "The U.S. team and Dr. Lee met J. Smith. Then they left.",
                100
            ),
            "The U.S. team and Dr. Lee met J. Smith."
        );
        assert_eq!(
            first_sentence("Is it over? \"No,\" she said. Yes.", 100),
            "Is it over?"
        );
        assert_eq!(
            first_sentence("Prices rose 2.5 per cent. Then fell.", 100),
            "Prices rose 2.5 per cent."
        );
    }

    /// The standfirst leaves the body: no article says its first sentence twice.
    #[test]
    fn standfirst_is_taken_out_of_the_body() {
        let split = |paragraphs: &[&str]| {
            let mut paragraphs: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
            let standfirst = take_standfirst(&mut paragraphs);
            (standfirst, paragraphs)
        };
        assert_eq!(
            split(&["First one. Second one.", "Next."]),
            (
                "First one.".into(),
                vec!["Second one.".into(), "Next.".into()]
            )
        );
        assert_eq!(
            split(&["Only sentence.", "Next paragraph."]),
            ("Only sentence.".into(), vec!["Next paragraph.".into()])
        );
        // The whole text is one sentence: the body keeps it.
        assert_eq!(
            split(&["Only sentence."]),
            ("Only sentence.".into(), vec!["Only sentence.".into()])
        );
        // Too long for a standfirst: its opening, and the body keeps it whole.
        let long = format!("{}. Next.", "word ".repeat(60).trim());
        let (standfirst, body) = split(&[&long]);
        assert!(standfirst.ends_with('…') && standfirst.chars().count() <= 221);
        assert_eq!(body, vec![long.clone()]);
    }
}
