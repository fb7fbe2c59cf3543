//! Validation rules shared by press (at build time) and the app (at fetch time).

use thiserror::Error;

use crate::limits::MAX_INLINE_DEPTH;
pub use crate::rules::{
    escape_hostile, field_problem, is_invisible, is_noncharacter, is_safe_href, is_safe_image_src,
    is_valid_slug, text_problem, TextProblem, MAX_SLUG_LEN,
};
use crate::types::{
    ArchiveIndex, ArchiveMonth, Article, Block, FrontPage, Image, Inline, ListingPage, Popular,
    SectionNode, SectionPage, SectionRef, Site, Subject, TagIndex, Teaser,
};
use crate::SCHEMA_VERSION;

/// A problem found in a decoded file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValidationError {
    #[error("schema_version {found} is not supported (this reader knows {SCHEMA_VERSION})")]
    SchemaVersion { found: u32 },
    #[error("field `{field}`: unsafe link `{href}`")]
    UnsafeLink { field: String, href: String },
    #[error("field `{field}`: image has no alt text")]
    MissingAlt { field: String },
    #[error("field `{field}` is empty")]
    Empty { field: String },
    #[error("field `{field}`: {problem}")]
    Text { field: String, problem: TextProblem },
    #[error("field `{field}`: markup nested deeper than {MAX_INLINE_DEPTH} levels")]
    TooDeep { field: String },
    #[error("field `{field}`: {value} is not between {min} and {max}")]
    OutOfRange {
        field: String,
        value: u64,
        min: u64,
        max: u64,
    },
    /// The reader shows these lists in the order press writes them, without
    /// sorting them again.
    #[error("field `{field}`: out of order (the list is {order})")]
    OutOfOrder { field: String, order: &'static str },
    #[error("field `{field}`: not {expected}")]
    Malformed {
        field: String,
        expected: &'static str,
    },
    #[error("field `language`: \"{0}\" is not a BCP 47 language tag such as \"en\" or \"pt-BR\"")]
    Language(String),
}

/// Checks the version of any file.
pub fn check_schema_version(found: u32) -> Result<(), ValidationError> {
    if found == SCHEMA_VERSION {
        Ok(())
    } else {
        Err(ValidationError::SchemaVersion { found })
    }
}

/// Collects the problems of one decoded file, each naming its field.
struct Checker {
    errors: Vec<ValidationError>,
}

impl Checker {
    /// A slug that becomes part of a link (`/authors/{slug}`).
    fn slug(&mut self, field: &str, slug: &str) {
        if !is_valid_slug(slug) {
            self.unsafe_link(field, slug);
        }
    }

    /// Months that become links (`/archive/{yyyy}/{mm}`).
    fn months(&mut self, field: &str, months: &[ArchiveMonth]) {
        for (index, month) in months.iter().enumerate() {
            if !(1..=9999).contains(&month.year) || !(1..=12).contains(&month.month) {
                self.unsafe_link(
                    &format!("{field}[{index}]"),
                    &format!("{}/{}", month.year, month.month),
                );
            }
        }
    }

    /// Each item comes strictly `before` the next: the first one that does
    /// not is reported.
    fn ordered<T>(
        &mut self,
        field: &str,
        items: &[T],
        order: &'static str,
        before: impl Fn(&T, &T) -> bool,
    ) {
        if let Some(i) = items
            .windows(2)
            .position(|pair| !before(&pair[0], &pair[1]))
        {
            self.errors.push(ValidationError::OutOfOrder {
                field: format!("{field}[{}]", i + 1),
                order,
            });
        }
    }

    fn version(&mut self, found: u32) {
        if let Err(e) = check_schema_version(found) {
            self.errors.push(e);
        }
    }

    /// A field a reader must see: not empty, not invisible, publishable.
    fn required(&mut self, field: &str, text: &str) {
        if text.trim().is_empty() {
            self.errors.push(ValidationError::Empty {
                field: field.into(),
            });
        } else {
            self.field(field, text);
        }
    }

    fn field(&mut self, field: &str, text: &str) {
        if let Some(problem) = field_problem(text) {
            self.errors.push(ValidationError::Text {
                field: field.into(),
                problem,
            });
        }
    }

    fn text(&mut self, field: &str, text: &str) {
        if let Some(problem) = text_problem(text) {
            self.errors.push(ValidationError::Text {
                field: field.into(),
                problem,
            });
        }
    }

    fn href(&mut self, field: &str, href: &str) {
        if !is_safe_href(href) {
            self.unsafe_link(field, href);
        }
    }

    fn unsafe_link(&mut self, field: &str, href: &str) {
        self.errors.push(ValidationError::UnsafeLink {
            field: field.into(),
            href: href.into(),
        });
    }

    fn image(&mut self, field: &str, image: &Image) {
        if image.alt.trim().is_empty() {
            self.errors.push(ValidationError::MissingAlt {
                field: field.into(),
            });
        } else {
            self.field(&format!("{field}.alt"), &image.alt);
        }
        if !is_safe_image_src(&image.src) {
            self.unsafe_link(&format!("{field}.src"), &image.src);
        }
        if let Some(share) = &image.share {
            if !is_safe_image_src(share) {
                self.unsafe_link(&format!("{field}.share"), share);
            }
        }
        let malformed = |name: &str, expected| ValidationError::Malformed {
            field: format!("{field}.{name}"),
            expected,
        };
        if let Some(colour) = &image.placeholder {
            let hex = colour.strip_prefix('#').unwrap_or_default();
            if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                self.errors
                    .push(malformed("placeholder", "a colour #rrggbb"));
            }
        }
        if let Some(ladder) = &image.ladder {
            if !crate::rules::is_plain_image_path(&ladder.base) {
                self.unsafe_link(&format!("{field}.ladder.base"), &ladder.base);
            }
            let widths = &ladder.widths;
            let ascending = widths.windows(2).all(|w| w[0] < w[1]);
            if widths.is_empty() || !ascending || widths[0] == 0 {
                self.errors
                    .push(malformed("ladder.widths", "widths in pixels, ascending"));
            }
            let formats = &ladder.formats;
            let unique = formats
                .iter()
                .enumerate()
                .all(|(i, f)| !formats[..i].contains(f));
            if formats.is_empty() || !unique {
                self.errors
                    .push(malformed("ladder.formats", "a list of formats, each once"));
            }
        }
        for (name, value) in [("caption", &image.caption), ("credit", &image.credit)] {
            if let Some(value) = value {
                self.text(&format!("{field}.{name}"), value);
            }
        }
    }

    fn section(&mut self, field: &str, section: &SectionRef) {
        self.required(&format!("{field}.name"), &section.name);
    }

    fn teaser(&mut self, field: &str, teaser: &Teaser) {
        self.href(&format!("{field}.url"), &teaser.url);
        self.section(&format!("{field}.section"), &teaser.section);
        self.required(&format!("{field}.headline"), &teaser.headline);
        self.text(&format!("{field}.standfirst"), &teaser.standfirst);
        if let Some(image) = &teaser.thumbnail {
            self.image(&format!("{field}.thumbnail"), image);
        }
    }

    fn teasers(&mut self, field: &str, teasers: &[Teaser]) {
        for (index, teaser) in teasers.iter().enumerate() {
            self.teaser(&format!("{field}[{index}]"), teaser);
        }
    }

    fn inlines(&mut self, field: &str, inlines: &[Inline], depth: usize) {
        if depth > MAX_INLINE_DEPTH {
            self.errors.push(ValidationError::TooDeep {
                field: field.into(),
            });
            return;
        }
        for inline in inlines {
            match inline {
                Inline::Text { text } => self.text(field, text),
                Inline::Link { href, content } => {
                    self.href(field, href);
                    self.inlines(field, content, depth + 1);
                }
                Inline::Emphasis { content } | Inline::Strong { content } => {
                    self.inlines(field, content, depth + 1)
                }
                Inline::LineBreak | Inline::Unknown => {}
            }
        }
    }

    fn block(&mut self, field: &str, block: &Block) {
        match block {
            Block::Paragraph { content } => self.inlines(field, content, 0),
            Block::Quote {
                content,
                attribution,
            } => {
                self.inlines(field, content, 0);
                if let Some(name) = attribution {
                    self.text(&format!("{field}.attribution"), name);
                }
            }
            Block::PullQuote { text, attribution } => {
                self.text(field, text);
                if let Some(name) = attribution {
                    self.text(&format!("{field}.attribution"), name);
                }
            }
            Block::Subheading { text } => self.text(field, text),
            Block::List { items, .. } => {
                for item in items {
                    self.inlines(field, item, 0);
                }
            }
            Block::Figure { image } => self.image(&format!("{field}.image"), image),
            Block::Divider | Block::Unknown => {}
        }
    }
}

fn checker() -> Checker {
    Checker { errors: Vec::new() }
}

/// Checks an article as the app receives it: version, the fields a reader
/// sees, every link and image, the text, and the nesting depth.
pub fn validate_article(article: &Article) -> Vec<ValidationError> {
    let mut check = checker();
    check.version(article.schema_version);
    check.href("url", &article.url);
    check.required("headline", &article.headline);
    check.field_if_set("standfirst", &article.standfirst);
    for (index, name) in article.byline.iter().enumerate() {
        check.required(&format!("byline[{index}]"), name);
    }
    for (index, tag) in article.tags.iter().enumerate() {
        check.required(&format!("tags[{index}]"), tag);
    }
    check.section("section", &article.section);
    for (index, section) in article.trail.iter().enumerate() {
        check.section(&format!("trail[{index}]"), section);
    }
    if let Some(hero) = &article.hero {
        check.image("hero", hero);
    }
    for (index, block) in article.body.iter().enumerate() {
        check.block(&format!("body[{index}]"), block);
    }
    check.teasers("related", &article.related);
    check.teasers("more_from_section", &article.more_from_section);
    for (index, correction) in article.corrections.iter().enumerate() {
        check.required(&format!("corrections[{index}].text"), &correction.text);
    }
    for (index, author) in article.authors.iter().enumerate() {
        check.required(&format!("authors[{index}].name"), &author.name);
        check.slug(&format!("authors[{index}].slug"), &author.slug);
    }
    for (index, tag) in article.tag_refs.iter().enumerate() {
        check.required(&format!("tag_refs[{index}].name"), &tag.name);
        check.slug(&format!("tag_refs[{index}].slug"), &tag.slug);
    }
    check.errors
}

/// Checks a listing: its subject (a writer's profile, a tag, a period) and
/// every teaser.
pub fn validate_listing(page: &ListingPage) -> Vec<ValidationError> {
    let mut check = checker();
    check.version(page.schema_version);
    match &page.subject {
        Subject::Author { author } => {
            check.slug("subject.author.slug", &author.slug);
            check.required("subject.author.name", &author.name);
            check.text("subject.author.role", &author.role);
            check.inlines("subject.author.bio", &author.bio, 0);
            if let Some(photo) = &author.photo {
                check.image("subject.author.photo", photo);
            }
            for (index, link) in author.links.iter().enumerate() {
                check.required(&format!("subject.author.links[{index}].label"), &link.label);
                check.href(&format!("subject.author.links[{index}].url"), &link.url);
            }
        }
        Subject::Tag { tag } => {
            check.slug("subject.tag.slug", &tag.slug);
            check.required("subject.tag.name", &tag.name);
        }
        Subject::Archive {
            section,
            trail,
            months,
            ..
        } => {
            if let Some(section) = section {
                check.section("subject.section", section);
            }
            for (index, section) in trail.iter().enumerate() {
                check.section(&format!("subject.trail[{index}]"), section);
            }
            check.months("subject.months", months);
        }
        Subject::Unknown => {}
    }
    check.teasers("teasers", &page.teasers);
    check.errors
}

/// Checks the tag list: every tag's slug and name.
pub fn validate_tag_index(index: &TagIndex) -> Vec<ValidationError> {
    let mut check = checker();
    check.version(index.schema_version);
    for (i, tag) in index.tags.iter().enumerate() {
        check.slug(&format!("tags[{i}].slug"), &tag.slug);
        check.required(&format!("tags[{i}].name"), &tag.name);
    }
    check.ordered("tags", &index.tags, "by slug, each once", |a, b| {
        a.slug < b.slug
    });
    check.errors
}

/// Checks the archive's months.
pub fn validate_archive_index(index: &ArchiveIndex) -> Vec<ValidationError> {
    let mut check = checker();
    check.version(index.schema_version);
    check.months("months", &index.months);
    check.ordered(
        "months",
        &index.months,
        "newest first, each month once",
        |a, b| (a.year, a.month) > (b.year, b.month),
    );
    check.errors
}

/// Checks the front page: every teaser's link, headline and thumbnail.
pub fn validate_front(front: &FrontPage) -> Vec<ValidationError> {
    let mut check = checker();
    check.version(front.schema_version);
    if let Some(lead) = &front.lead {
        check.teaser("lead", lead);
    }
    check.teasers("top", &front.top);
    check.teasers("latest", &front.latest);
    for (index, rail) in front.rails.iter().enumerate() {
        check.teasers(&format!("rails[{index}].teasers"), &rail.teasers);
    }
    check.errors
}

/// Checks one page of a section.
pub fn validate_section(page: &SectionPage) -> Vec<ValidationError> {
    let mut check = checker();
    check.version(page.schema_version);
    check.section("section", &page.section);
    for (index, section) in page.trail.iter().enumerate() {
        check.section(&format!("trail[{index}]"), section);
    }
    for (index, section) in page.subsections.iter().enumerate() {
        check.section(&format!("subsections[{index}]"), section);
    }
    check.teasers("teasers", &page.teasers);
    check.errors
}

/// Checks `site.json`: the name, tagline and description every page shows,
/// the language (a BCP 47 tag: letters, digits and hyphens), the base URL
/// (absolute http(s)) and every section's path and name.
pub fn validate_site(site: &Site) -> Vec<ValidationError> {
    let mut check = checker();
    check.version(site.schema_version);
    check.required("name", &site.name);
    check.text("tagline", &site.tagline);
    check.text("description", &site.description);
    let language_ok = !site.language.is_empty()
        && site.language.len() <= 35
        && site
            .language
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !language_ok {
        check
            .errors
            .push(ValidationError::Language(site.language.clone()));
    }
    let lower = site.base_url.to_ascii_lowercase();
    if !(is_safe_href(&site.base_url)
        && (lower.starts_with("https://") || lower.starts_with("http://")))
    {
        check.unsafe_link("base_url", &site.base_url);
    }
    fn sections(check: &mut Checker, nodes: &[SectionNode], field: &str, depth: usize) {
        for (index, node) in nodes.iter().enumerate() {
            let field = format!("{field}[{index}]");
            if crate::paths::SectionPath::parse(&node.path).is_none() || depth > 16 {
                check.unsafe_link(&format!("{field}.path"), &node.path);
            }
            check.required(&format!("{field}.name"), &node.name);
            if depth <= 16 {
                sections(
                    check,
                    &node.children,
                    &format!("{field}.children"),
                    depth + 1,
                );
            }
        }
    }
    sections(&mut check, &site.sections, "sections", 0);
    // Every word of the interface: a site.json without one would show a
    // hole where the text goes.
    for key in site.required_string_keys() {
        match site.strings.get(&key) {
            Some(text) => check.required(&format!("strings.{key}"), text),
            None => check.errors.push(ValidationError::Empty {
                field: format!("strings.{key}"),
            }),
        }
    }
    check.errors
}

/// Checks `redirects.json`: every old and new URL is an article URL.
pub fn validate_redirects(redirects: &crate::types::Redirects) -> Vec<ValidationError> {
    let mut check = checker();
    check.version(redirects.schema_version);
    for (old, new) in &redirects.redirects {
        for url in [old, new] {
            if crate::paths::ArticlePath::parse(url).is_none() {
                check.unsafe_link("redirects", url);
            }
        }
    }
    check.errors
}

/// Checks the breaking stories: each one's teaser and the end of its banner.
pub fn validate_breaking(breaking: &crate::types::Breaking) -> Vec<ValidationError> {
    let mut check = checker();
    check.version(breaking.schema_version);
    if breaking.stories.len() > crate::limits::MAX_BREAKING_STORIES {
        check.errors.push(ValidationError::OutOfRange {
            field: "stories".into(),
            value: breaking.stories.len() as u64,
            min: 0,
            max: crate::limits::MAX_BREAKING_STORIES as u64,
        });
    }
    for (index, story) in breaking.stories.iter().enumerate() {
        check.required(&format!("stories[{index}].until"), &story.until);
        check.teaser(&format!("stories[{index}].teaser"), &story.teaser);
    }
    check.errors
}

/// Checks "Most popular": every entry's teaser.
pub fn validate_popular(popular: &Popular) -> Vec<ValidationError> {
    let mut check = checker();
    check.version(popular.schema_version);
    for (index, entry) in popular.overall.iter().enumerate() {
        check.teaser(&format!("overall[{index}].teaser"), &entry.teaser);
    }
    for (section, list) in popular.sections.iter().enumerate() {
        for (index, entry) in list.entries.iter().enumerate() {
            check.teaser(
                &format!("sections[{section}].entries[{index}].teaser"),
                &entry.teaser,
            );
        }
    }
    check.errors
}

impl Checker {
    /// An optional field: may be empty, but if set must be publishable.
    fn field_if_set(&mut self, field: &str, text: &str) {
        if !text.is_empty() {
            self.field(field, text);
        }
    }
}

/// Checks the search index's table of contents: the sections a filter
/// offers (their paths become part of the page's URL).
pub fn validate_search_index(index: &crate::search::SearchIndex) -> Vec<ValidationError> {
    let mut check = checker();
    check.version(index.schema_version);
    let per_file = u64::from(index.docs_per_file);
    if !(1..=crate::search::MAX_DOCS_PER_FILE as u64).contains(&per_file) {
        check.errors.push(ValidationError::OutOfRange {
            field: "docs_per_file".into(),
            value: per_file,
            min: 1,
            max: crate::search::MAX_DOCS_PER_FILE as u64,
        });
    }
    for (i, section) in index.sections.iter().enumerate() {
        check.slug(&format!("sections[{i}].path"), &section.path);
        check.section(&format!("sections[{i}]"), section);
    }
    check.errors
}

/// Checks a file of search results: every story's link (an article URL),
/// headline, standfirst, byline and thumbnail, as a teaser's.
pub fn validate_doc_shard(shard: &crate::search::DocShard) -> Vec<ValidationError> {
    let mut check = checker();
    check.version(shard.schema_version);
    for (i, doc) in shard.docs.iter().enumerate() {
        let field = format!("docs[{i}]");
        if crate::ArticlePath::parse(&doc.url).is_none() {
            check.unsafe_link(&format!("{field}.url"), &doc.url);
        }
        check.section(&format!("{field}.section"), &doc.section);
        check.required(&format!("{field}.headline"), &doc.headline);
        check.text(&format!("{field}.standfirst"), &doc.standfirst);
        for (j, name) in doc.byline.iter().enumerate() {
            check.required(&format!("{field}.byline[{j}]"), name);
        }
        if let Some(image) = &doc.thumbnail {
            check.image(&format!("{field}.thumbnail"), image);
        }
    }
    check.errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::MAX_FIELD_CHARS;

    #[test]
    fn lists_the_reader_shows_as_written_must_be_in_order() {
        let tags = |slugs: &[&str]| TagIndex {
            schema_version: SCHEMA_VERSION,
            tags: slugs
                .iter()
                .map(|slug| crate::TagCount {
                    slug: (*slug).to_owned(),
                    name: (*slug).to_owned(),
                    count: 1,
                })
                .collect(),
        };
        let out_of_order = |field: &str| {
            let order = if field.starts_with("tags") {
                "by slug, each once"
            } else {
                "newest first, each month once"
            };
            vec![ValidationError::OutOfOrder {
                field: field.to_owned(),
                order,
            }]
        };
        assert_eq!(validate_tag_index(&tags(&[])), vec![]);
        assert_eq!(validate_tag_index(&tags(&["2026", "rail", "rain"])), vec![]);
        assert_eq!(
            validate_tag_index(&tags(&["rail", "rain", "air"])),
            out_of_order("tags[2]")
        );
        assert_eq!(
            validate_tag_index(&tags(&["rail", "rail"])),
            out_of_order("tags[1]")
        );
        let months = |list: &[(u16, u8)]| ArchiveIndex {
            schema_version: SCHEMA_VERSION,
            months: list
                .iter()
                .map(|&(year, month)| ArchiveMonth {
                    year,
                    month,
                    count: 1,
                })
                .collect(),
        };
        assert_eq!(
            validate_archive_index(&months(&[(2026, 11), (2026, 1), (2025, 12)])),
            vec![]
        );
        assert_eq!(
            validate_archive_index(&months(&[(2026, 1), (2026, 11)])),
            out_of_order("months[1]")
        );
        assert_eq!(
            validate_archive_index(&months(&[(2026, 1), (2025, 3), (2025, 3)])),
            out_of_order("months[2]")
        );
    }

    #[test]
    fn slugs() {
        for good in ["a", "kim-jong-un-heads-home", "2024", "g7-summit"] {
            assert!(is_valid_slug(good), "{good}");
        }
        for bad in [
            "",
            "-a",
            "a-",
            "a--b",
            "A",
            "a_b",
            "a b",
            "..",
            "a/b",
            "é",
            &"a".repeat(121),
        ] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }

    #[test]
    fn hrefs() {
        for good in [
            "https://example.org/x",
            "HTTP://example.org",
            "mailto:desk@example.org",
            "/world/asia",
            "/",
            "#notes",
        ] {
            assert!(is_safe_href(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "//evil.example",
            "/\\evil.example",
            "https:evil",
            "https:///x",
            "ftp://example.org",
            "vbscript:x",
            "java\nscript:x",
            "relative/path",
            "",
            "mailto:",
        ] {
            assert!(!is_safe_href(bad), "{bad:?}");
        }
    }

    #[test]
    fn text_that_breaks_a_format_or_spoofs_a_reader() {
        let cases: &[(&str, Option<TextProblem>)] = &[
            ("Harbour strike ends", None),
            ("Tabs\tand\nnewlines are text", None),
            (
                "\u{202B}balanced embedding\u{202C} and \u{2067}isolate\u{2069}",
                None,
            ),
            ("A bell \u{7}", Some(TextProblem::Control(7))),
            ("C1 \u{85} control", Some(TextProblem::Control(0x85))),
            ("escape \u{1b}[31m", Some(TextProblem::Control(0x1b))),
            ("nonchar \u{FFFE}", Some(TextProblem::Noncharacter(0xFFFE))),
            ("nonchar \u{FDD0}", Some(TextProblem::Noncharacter(0xFDD0))),
            (
                "plane two \u{2FFFF}",
                Some(TextProblem::Noncharacter(0x2FFFF)),
            ),
            ("\u{202E}gnp.exe", Some(TextProblem::UnbalancedBidi(0x202E))),
            (
                "close \u{202C} first",
                Some(TextProblem::UnbalancedBidi(0x202C)),
            ),
            (
                "\u{2066}isolate closed by PDF\u{202C}",
                Some(TextProblem::UnbalancedBidi(0x202C)),
            ),
            ("\u{2069}", Some(TextProblem::UnbalancedBidi(0x2069))),
        ];
        for (text, expected) in cases {
            assert_eq!(text_problem(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn a_field_must_show_something() {
        for invisible in [
            "",
            " ",
            "\u{200B}\u{200D}",
            "\u{2800}",
            "\u{FEFF}\u{AD}",
            "\u{3164}",
            "\u{E0041}",
        ] {
            assert_eq!(
                field_problem(invisible),
                Some(TextProblem::Invisible),
                "{invisible:?}"
            );
        }
        assert_eq!(field_problem("Strike \u{200B}ends"), None);
        assert_eq!(
            field_problem(&"a".repeat(MAX_FIELD_CHARS + 1)),
            Some(TextProblem::TooLong)
        );
    }

    #[test]
    fn every_href_and_src_of_a_page_is_checked() {
        let teaser = |url: &str, src: &str| Teaser {
            url: url.into(),
            headline: "Headline".into(),
            standfirst: String::new(),
            section: crate::SectionRef {
                path: "world".into(),
                name: "World".into(),
            },
            published: "2026-01-01T00:00:00Z".into(),
            updated: None,
            thumbnail: Some(Image {
                src: src.into(),
                alt: "A picture".into(),
                width: None,
                height: None,
                caption: None,
                credit: None,
                placeholder: None,
                ladder: None,
                share: None,
            }),
        };
        let front = |lead: Teaser| FrontPage {
            schema_version: SCHEMA_VERSION,
            lead: Some(lead),
            top: vec![],
            rails: vec![],
            latest: vec![],
        };
        assert_eq!(
            validate_front(&front(teaser("/world/2026/01/01/a", "/images/a.svg"))),
            vec![]
        );
        let bad = validate_front(&front(teaser(
            "javascript:alert(1)",
            "data:image/svg+xml,x",
        )));
        assert_eq!(
            bad,
            vec![
                ValidationError::UnsafeLink {
                    field: "lead.url".into(),
                    href: "javascript:alert(1)".into()
                },
                ValidationError::UnsafeLink {
                    field: "lead.thumbnail.src".into(),
                    href: "data:image/svg+xml,x".into()
                },
            ]
        );
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused() {
        let mut inline = Inline::text("deep");
        for _ in 0..MAX_INLINE_DEPTH {
            inline = Inline::Emphasis {
                content: vec![inline],
            };
        }
        let mut check = checker();
        check.inlines("body[0]", std::slice::from_ref(&inline), 0);
        assert_eq!(
            check.errors,
            vec![],
            "{MAX_INLINE_DEPTH} levels are allowed"
        );
        let deeper = Inline::Strong {
            content: vec![inline],
        };
        let mut check = checker();
        check.inlines("body[0]", &[deeper], 0);
        assert_eq!(
            check.errors,
            vec![ValidationError::TooDeep {
                field: "body[0]".into()
            }]
        );
    }

    #[test]
    fn hostile_characters_are_shown_escaped() {
        assert_eq!(escape_hostile("plain: “quoted” é\n"), "plain: “quoted” é\n");
        assert_eq!(
            escape_hostile("\u{1b}[2J\u{202E}txt.exe\u{200B}\u{FFFF}"),
            "\\u{001B}[2J\\u{202E}txt.exe\\u{200B}\\u{FFFF}"
        );
    }

    #[test]
    fn an_old_search_index_passes_and_a_bad_docs_per_file_is_refused() {
        let old = r#"{"schema_version":1,"documents":3,"shards":["co"],"sections":[],"years":[]}"#;
        let index: crate::search::SearchIndex = serde_json::from_str(old).unwrap();
        assert_eq!(index.docs_per_file, 16);
        assert!(validate_search_index(&index).is_empty());
        for bad in [0, crate::search::MAX_DOCS_PER_FILE + 1] {
            let index = crate::search::SearchIndex {
                docs_per_file: bad,
                ..index.clone()
            };
            let errors = validate_search_index(&index);
            assert_eq!(errors.len(), 1, "{bad}");
            assert!(errors[0].to_string().contains("docs_per_file"), "{bad}");
        }
    }
}
