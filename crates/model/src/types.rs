//! Serde types for every file of the static JSON API.
//!
//! Optional fields use `#[serde(default)]` so that older files and hand-made
//! fixtures that leave them out still parse. Unknown block and inline types
//! decode to an explicit `Unknown` variant instead of failing the whole file.

use serde::{Deserialize, Serialize};

use crate::json::FromJson;

/// `data/site.json`: the site's identity, its section tree and the
/// interface's words.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, FromJson)]
pub struct Site {
    pub schema_version: u32,
    pub name: String,
    /// A line under the name, shown in the footer.
    #[serde(default)]
    pub tagline: String,
    /// The front page's meta description.
    #[serde(default)]
    pub description: String,
    /// BCP 47 language tag of the content, e.g. `en` or `en-GB`.
    #[serde(default = "default_language")]
    pub language: String,
    /// Absolute URL of the site root, without a trailing slash, e.g. `https://news.example.org`.
    pub base_url: String,
    pub sections: Vec<SectionNode>,
    /// The interface's words in the site's language, by key
    /// (`crate::strings::Text`; a counted text once per plural category:
    /// `story_count.one`). press writes every key.
    #[serde(default)]
    pub strings: std::collections::BTreeMap<String, String>,
    /// The digits dates and counts are written in.
    #[serde(default)]
    pub numerals: crate::strings::Numerals,
}

fn default_language() -> String {
    "en".to_owned()
}

/// One node of the section tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct SectionNode {
    /// Full path without slashes at either end, e.g. `world/asia`.
    pub path: String,
    pub name: String,
    #[serde(default)]
    pub children: Vec<SectionNode>,
}

/// A section named by its path, as carried in teasers, trails and pages.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson)]
pub struct SectionRef {
    pub path: String,
    pub name: String,
}

impl SectionRef {
    /// `world` for `world/asia`.
    pub fn top_level(&self) -> &str {
        crate::paths::top_level_of(&self.path)
    }
}

/// An image with the facts a reader and a layout need.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson)]
pub struct Image {
    /// Site-relative (`/images/harbour.svg`) or absolute http(s) URL.
    pub src: String,
    pub alt: String,
    #[serde(default)]
    pub width: Option<u32>,
    #[serde(default)]
    pub height: Option<u32>,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub credit: Option<String>,
    /// A colour (`#rrggbb`) that stands in for the picture until it paints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// The widths and formats press made of a photo, for `srcset`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ladder: Option<Ladder>,
    /// A 1.91:1 JPEG crop for link previews (`og:image`), on heroes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<String>,
}

/// The sizes press made of a photo: one file a width and a format, at
/// `{base}-{width}.{extension}`, named by the source's content so that a
/// host may cache them for ever.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson)]
pub struct Ladder {
    /// Site-relative, under `/images/`, without width and extension.
    pub base: String,
    /// Ascending; the last is the widest made (never wider than the source).
    pub widths: Vec<u32>,
    /// Best first; the last is what every browser shows (JPEG, or PNG for
    /// a picture with transparency).
    pub formats: Vec<ImageFormat>,
}

/// A format press writes a photo in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "snake_case")]
pub enum ImageFormat {
    Avif,
    Webp,
    Jpeg,
    Png,
}

impl ImageFormat {
    pub const ALL: [ImageFormat; 4] = [
        ImageFormat::Avif,
        ImageFormat::Webp,
        ImageFormat::Jpeg,
        ImageFormat::Png,
    ];

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Avif => "avif",
            ImageFormat::Webp => "webp",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Avif => "image/avif",
            ImageFormat::Webp => "image/webp",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
        }
    }
}

impl Ladder {
    /// The file of one width in one format.
    pub fn url(&self, width: u32, format: ImageFormat) -> String {
        format!("{}-{width}.{}", self.base, format.extension())
    }

    /// The format every browser shows: the last.
    pub fn fallback(&self) -> Option<ImageFormat> {
        self.formats.last().copied()
    }
}

/// A short card that links to an article.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson)]
pub struct Teaser {
    /// Site-relative article URL, e.g. `/world/asia/2024/05/30/kim-jong-un-heads-home`.
    pub url: String,
    pub headline: String,
    #[serde(default)]
    pub standfirst: String,
    pub section: SectionRef,
    /// RFC 3339 with offset.
    pub published: String,
    /// RFC 3339 with offset: the latest update or correction, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(default)]
    pub thumbnail: Option<Image>,
}

/// `data/front.json`: the front page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct FrontPage {
    pub schema_version: u32,
    pub lead: Option<Teaser>,
    #[serde(default)]
    pub top: Vec<Teaser>,
    #[serde(default)]
    pub rails: Vec<Rail>,
    #[serde(default)]
    pub latest: Vec<Teaser>,
}

/// A row of teasers from one top-level section on the front page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct Rail {
    pub section: SectionRef,
    pub teasers: Vec<Teaser>,
}

/// `data/sections/{path}/page-{n}.json`: one page of a section's teasers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct SectionPage {
    pub schema_version: u32,
    pub section: SectionRef,
    /// Ancestors of the section, outermost first, the section itself last.
    #[serde(default)]
    pub trail: Vec<SectionRef>,
    #[serde(default)]
    pub subsections: Vec<SectionRef>,
    /// 1-based.
    pub page: u32,
    pub total_pages: u32,
    pub total_articles: u32,
    pub teasers: Vec<Teaser>,
}

/// `data/articles/{section}/{yyyy}/{mm}/{dd}/{slug}.json`: one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct Article {
    pub schema_version: u32,
    pub url: String,
    pub headline: String,
    #[serde(default)]
    pub standfirst: String,
    pub section: SectionRef,
    /// Ancestors of the article's section, outermost first, the section itself last.
    #[serde(default)]
    pub trail: Vec<SectionRef>,
    #[serde(default)]
    pub byline: Vec<String>,
    /// RFC 3339 with offset.
    pub published: String,
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub hero: Option<Image>,
    pub body: Vec<Block>,
    /// At most six stories similar enough to count as related; may be empty.
    #[serde(default)]
    pub related: Vec<Teaser>,
    /// Only when `related` is empty: the newest stories around this one in
    /// its own section, shown as "More from <section>".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_from_section: Vec<Teaser>,
    #[serde(default)]
    pub word_count: u32,
    /// Corrections, oldest first; each also moves `updated` (press sets
    /// `updated` to the latest of the two).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    /// Only in local `--drafts` builds: the page says "Draft" and is never indexable.
    #[serde(default, skip_serializing_if = "is_false")]
    pub draft: bool,
    /// The byline names that have a profile page, with its slug: the byline
    /// links each to `/authors/{slug}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<AuthorRef>,
    /// `tags` with their pages' slugs, in the same order (a tag merged with
    /// another spelling carries the merged name): each links to `/tags/{slug}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_refs: Vec<TagRef>,
}

/// A byline name with a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct AuthorRef {
    pub name: String,
    pub slug: String,
}

/// A tag and its page's slug.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, FromJson)]
pub struct TagRef {
    pub slug: String,
    pub name: String,
}

/// A writer's profile (`content/authors/{slug}.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct Author {
    pub slug: String,
    pub name: String,
    /// "Asia correspondent".
    #[serde(default)]
    pub role: String,
    /// A few sentences: text and links.
    #[serde(default)]
    pub bio: Vec<Inline>,
    #[serde(default)]
    pub photo: Option<Image>,
    /// Website, email, social profiles.
    #[serde(default)]
    pub links: Vec<ProfileLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct ProfileLink {
    pub label: String,
    /// http(s), mailto: or site-relative.
    pub url: String,
}

/// A month of the archive and how many stories it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct ArchiveMonth {
    pub year: u16,
    pub month: u8,
    pub count: u32,
}

/// One page of stories about one subject, newest first: a writer's
/// (`data/authors/{slug}/page-{n}.json`), a tag's
/// (`data/tags/{slug}/page-{n}.json`) or a period's
/// (`data/archive/[{section}/]{yyyy}[/{mm}]/page-{n}.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct ListingPage {
    pub schema_version: u32,
    pub subject: Subject,
    /// 1-based.
    pub page: u32,
    pub total_pages: u32,
    pub total_articles: u32,
    pub teasers: Vec<Teaser>,
}

/// What a [`ListingPage`] lists. In JSON a flat object whose `kind` says
/// which fields are there (`{"kind": "tag", "tag": {…}}`); decoded through
/// [`RawSubject`], a plain struct, which costs the app far less code than
/// serde's internally tagged enums.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
#[serde(try_from = "RawSubject", into = "RawSubject")]
// One a page: a box would save no memory worth its code in the app.
#[allow(clippy::large_enum_variant)]
pub enum Subject {
    Author {
        author: Author,
    },
    Tag {
        tag: TagRef,
    },
    /// A year or a month, of the whole site (`section: None`) or of a section.
    Archive {
        section: Option<SectionRef>,
        /// The section's ancestors and itself, outermost first.
        trail: Vec<SectionRef>,
        year: u16,
        month: Option<u8>,
        /// On a year's page: its months that have stories, with their counts.
        months: Vec<ArchiveMonth>,
    },
    /// A `kind` from a newer press.
    Unknown,
}

/// [`Subject`] as it is written.
#[derive(Debug, Clone, Default, Serialize, Deserialize, FromJson)]
pub struct RawSubject {
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Author>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<TagRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<SectionRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trail: Vec<SectionRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u8>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub months: Vec<ArchiveMonth>,
}

impl Subject {
    /// The `kind` this subject has in the JSON (`unknown` for a newer one).
    pub fn kind(&self) -> &'static str {
        match self {
            Subject::Author { .. } => "author",
            Subject::Tag { .. } => "tag",
            Subject::Archive { .. } => "archive",
            Subject::Unknown => "unknown",
        }
    }
}

impl TryFrom<RawSubject> for Subject {
    type Error = String;

    fn try_from(raw: RawSubject) -> Result<Subject, String> {
        let RawSubject {
            kind,
            author,
            tag,
            section,
            trail,
            year,
            month,
            months,
        } = raw;
        let need = |field: &str| missing(&kind, field);
        Ok(match kind.as_str() {
            "author" => Subject::Author {
                author: author.ok_or_else(|| need("author"))?,
            },
            "tag" => Subject::Tag {
                tag: tag.ok_or_else(|| need("tag"))?,
            },
            "archive" => Subject::Archive {
                year: year.ok_or_else(|| need("year"))?,
                section,
                trail,
                month,
                months,
            },
            _ => Subject::Unknown,
        })
    }
}

impl From<Subject> for RawSubject {
    fn from(subject: Subject) -> RawSubject {
        let kind = subject.kind().to_owned();
        match subject {
            Subject::Author { author } => RawSubject {
                kind,
                author: Some(author),
                ..RawSubject::default()
            },
            Subject::Tag { tag } => RawSubject {
                kind,
                tag: Some(tag),
                ..RawSubject::default()
            },
            Subject::Archive {
                section,
                trail,
                year,
                month,
                months,
            } => RawSubject {
                kind,
                section,
                trail,
                year: Some(year),
                month,
                months,
                ..RawSubject::default()
            },
            Subject::Unknown => RawSubject {
                kind,
                ..RawSubject::default()
            },
        }
    }
}

/// `data/tags/index.json`: every tag, with its number of stories, by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct TagIndex {
    pub schema_version: u32,
    pub tags: Vec<TagCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct TagCount {
    pub slug: String,
    pub name: String,
    pub count: u32,
}

/// `data/archive/index.json`: every month with stories, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct ArchiveIndex {
    pub schema_version: u32,
    pub months: Vec<ArchiveMonth>,
}

fn is_false(value: &bool) -> bool {
    !value
}

/// A published correction to an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct Correction {
    /// RFC 3339 with offset.
    pub date: String,
    pub text: String,
}

impl Article {
    /// The teaser that other pages show for this article.
    pub fn teaser(&self) -> Teaser {
        Teaser {
            url: self.url.clone(),
            headline: self.headline.clone(),
            standfirst: self.standfirst.clone(),
            section: self.section.clone(),
            published: self.published.clone(),
            // "Recently updated" is press's decision at build time.
            updated: None,
            thumbnail: self.hero.clone(),
        }
    }
}

/// One block of an article body. Each variant has one component in the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
#[serde(try_from = "RawBlock", into = "RawBlock")]
pub enum Block {
    Paragraph {
        content: Vec<Inline>,
    },
    Subheading {
        text: String,
    },
    Quote {
        content: Vec<Inline>,
        #[serde(default)]
        attribution: Option<String>,
    },
    PullQuote {
        text: String,
        #[serde(default)]
        attribution: Option<String>,
    },
    Figure {
        image: Image,
    },
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    Divider,
    /// A block type this reader does not know (written by a newer press).
    Unknown,
}

/// [`Block`] as it is written: `{"type": "paragraph", "content": […]}`. A
/// plain struct decodes with far less code in the app than serde's
/// internally tagged enums (which buffer every value first).
#[derive(Debug, Clone, Default, Serialize, Deserialize, FromJson)]
pub struct RawBlock {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<Inline>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Written (as `null` too) on quotes and pull quotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordered: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Vec<Inline>>>,
}

fn missing(kind: &str, field: &str) -> String {
    format!("missing field `{field}` (in a `{kind}`)")
}

impl TryFrom<RawBlock> for Block {
    type Error = String;

    fn try_from(raw: RawBlock) -> Result<Block, String> {
        let kind = raw.kind;
        let attribution = raw.attribution.flatten();
        Ok(match kind.as_str() {
            "paragraph" => Block::Paragraph {
                content: raw.content.ok_or_else(|| missing(&kind, "content"))?,
            },
            "subheading" => Block::Subheading {
                text: raw.text.ok_or_else(|| missing(&kind, "text"))?,
            },
            "quote" => Block::Quote {
                content: raw.content.ok_or_else(|| missing(&kind, "content"))?,
                attribution,
            },
            "pull_quote" => Block::PullQuote {
                text: raw.text.ok_or_else(|| missing(&kind, "text"))?,
                attribution,
            },
            "figure" => Block::Figure {
                image: raw.image.ok_or_else(|| missing(&kind, "image"))?,
            },
            "list" => Block::List {
                ordered: raw.ordered.ok_or_else(|| missing(&kind, "ordered"))?,
                items: raw.items.ok_or_else(|| missing(&kind, "items"))?,
            },
            "divider" => Block::Divider,
            _ => Block::Unknown,
        })
    }
}

impl From<Block> for RawBlock {
    fn from(block: Block) -> RawBlock {
        let raw = |kind: &str| RawBlock {
            kind: kind.to_owned(),
            ..RawBlock::default()
        };
        match block {
            Block::Paragraph { content } => RawBlock {
                content: Some(content),
                ..raw("paragraph")
            },
            Block::Subheading { text } => RawBlock {
                text: Some(text),
                ..raw("subheading")
            },
            Block::Quote {
                content,
                attribution,
            } => RawBlock {
                content: Some(content),
                attribution: Some(attribution),
                ..raw("quote")
            },
            Block::PullQuote { text, attribution } => RawBlock {
                text: Some(text),
                attribution: Some(attribution),
                ..raw("pull_quote")
            },
            Block::Figure { image } => RawBlock {
                image: Some(image),
                ..raw("figure")
            },
            Block::List { ordered, items } => RawBlock {
                ordered: Some(ordered),
                items: Some(items),
                ..raw("list")
            },
            Block::Divider => raw("divider"),
            Block::Unknown => raw("unknown"),
        }
    }
}

/// Inline text inside paragraphs, quotes and list items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
#[serde(try_from = "RawInline", into = "RawInline")]
pub enum Inline {
    Text {
        text: String,
    },
    Emphasis {
        content: Vec<Inline>,
    },
    Strong {
        content: Vec<Inline>,
    },
    Link {
        href: String,
        content: Vec<Inline>,
    },
    LineBreak,
    /// An inline type this reader does not know.
    Unknown,
}

/// [`Inline`] as it is written: `{"type": "link", "href": "…", "content": […]}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, FromJson)]
pub struct RawInline {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<Inline>>,
}

impl TryFrom<RawInline> for Inline {
    type Error = String;

    fn try_from(raw: RawInline) -> Result<Inline, String> {
        let RawInline {
            kind,
            text,
            href,
            content,
        } = raw;
        let need = |field: &str| missing(&kind, field);
        Ok(match kind.as_str() {
            "text" => Inline::Text {
                text: text.ok_or_else(|| need("text"))?,
            },
            "emphasis" => Inline::Emphasis {
                content: content.ok_or_else(|| need("content"))?,
            },
            "strong" => Inline::Strong {
                content: content.ok_or_else(|| need("content"))?,
            },
            "link" => Inline::Link {
                href: href.ok_or_else(|| need("href"))?,
                content: content.ok_or_else(|| need("content"))?,
            },
            "line_break" => Inline::LineBreak,
            _ => Inline::Unknown,
        })
    }
}

impl From<Inline> for RawInline {
    fn from(inline: Inline) -> RawInline {
        let raw = |kind: &str| RawInline {
            kind: kind.to_owned(),
            ..RawInline::default()
        };
        match inline {
            Inline::Text { text } => RawInline {
                text: Some(text),
                ..raw("text")
            },
            Inline::Emphasis { content } => RawInline {
                content: Some(content),
                ..raw("emphasis")
            },
            Inline::Strong { content } => RawInline {
                content: Some(content),
                ..raw("strong")
            },
            Inline::Link { href, content } => RawInline {
                href: Some(href),
                content: Some(content),
                ..raw("link")
            },
            Inline::LineBreak => raw("line_break"),
            Inline::Unknown => raw("unknown"),
        }
    }
}

impl Inline {
    pub fn text(text: impl Into<String>) -> Self {
        Inline::Text { text: text.into() }
    }
}

/// Plain text of a run of inlines, for word counts, search and descriptions.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(inlines, &mut out);
    out
}

/// The plain text of a block, for search, similarity and word counts.
pub fn block_text(block: &Block) -> String {
    match block {
        Block::Paragraph { content } => plain_text(content),
        Block::Subheading { text } => text.clone(),
        Block::Quote {
            content,
            attribution,
        } => {
            let mut text = plain_text(content);
            if let Some(name) = attribution {
                text.push(' ');
                text.push_str(name);
            }
            text
        }
        Block::PullQuote { .. } => String::new(), // repeats the body; not counted twice
        Block::Figure { image } => image.caption.clone().unwrap_or_default(),
        Block::List { items, .. } => items
            .iter()
            .map(|i| plain_text(i))
            .collect::<Vec<_>>()
            .join(" "),
        Block::Divider | Block::Unknown => String::new(),
    }
}

fn push_plain_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => out.push_str(text),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. } => push_plain_text(content, out),
            Inline::LineBreak => out.push(' '),
            Inline::Unknown => {}
        }
    }
}

/// `data/popular.json`: what readers read most, counted from access logs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct Popular {
    pub schema_version: u32,
    /// RFC 3339, UTC.
    pub generated_at: String,
    /// Where the ranking comes from. `latest` is the fallback for a site without logs.
    pub source: PopularSource,
    /// The counting window, for `source: logs`.
    #[serde(default)]
    pub window: Option<PopularWindow>,
    #[serde(default)]
    pub half_life_hours: Option<f64>,
    pub overall: Vec<PopularEntry>,
    /// Per top-level section.
    #[serde(default)]
    pub sections: Vec<PopularSection>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "snake_case")]
pub enum PopularSource {
    /// Counted from access logs.
    Logs,
    /// Counted elsewhere (an analytics engine, an analytics export) and
    /// ranked by `press popular --counts`. No window or half-life.
    Counts,
    /// No logs yet: the newest stories stand in, and say so.
    Latest,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct PopularWindow {
    /// RFC 3339, UTC.
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct PopularEntry {
    pub teaser: Teaser,
    /// Distinct readers in the window.
    pub readers: u64,
    /// Readers weighted by recency (equal to `readers` without decay).
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct PopularSection {
    pub section: SectionRef,
    pub entries: Vec<PopularEntry>,
}

/// `data/redirects.json`: every moved story's old URLs (its `aliases`), each
/// with the URL it lives at now. Site-relative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct Redirects {
    pub schema_version: u32,
    pub redirects: std::collections::BTreeMap<String, String>,
}

/// `data/breaking.json`: the stories marked `breaking` in their front matter
/// whose banner has not expired at the build's time, newest first. The app
/// shows the first one whose `until` is still ahead of the reader's clock
/// across the site, and checks the file again while the page is open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct Breaking {
    pub schema_version: u32,
    pub stories: Vec<BreakingStory>,
}

/// One breaking story: its teaser, and when its banner comes down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct BreakingStory {
    /// RFC 3339 with offset.
    pub until: String,
    pub teaser: Teaser,
}
