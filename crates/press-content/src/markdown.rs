//! Article bodies: Markdown in, typed blocks out.
//!
//! Raw HTML is never passed through: it is reported as an error. Links and
//! image sources are checked against the model's rules; figure images need
//! alt text. See `docs/authoring.md` for the conventions.

use std::ops::Range;
use std::path::Path;

use broadsheet_model::limits::{MAX_BLOCK_DEPTH, MAX_DIAGNOSTICS_PER_FILE, MAX_INLINE_DEPTH};
use broadsheet_model::validate::{is_invisible, is_safe_image_src, text_problem};
use broadsheet_model::{block_text, is_safe_href, plain_text, Block, Image, Inline};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, LineIndex};

/// What marks a quote as a pull quote.
pub const PULL_QUOTE_MARK: &str = "[!pullquote]";

/// Parses a body. `first_line` is the file line the body starts on (1-based).
pub fn parse_body(file: &Path, body: &str, first_line: usize) -> (Vec<Block>, Vec<Diagnostic>) {
    parse_body_in(file, body, first_line, None)
}

/// [`parse_body`], with every site-relative picture checked in `images`,
/// the content folder's `images/` (see `crate::images`).
pub fn parse_body_in(
    file: &Path,
    body: &str,
    first_line: usize,
    images: Option<&Path>,
) -> (Vec<Block>, Vec<Diagnostic>) {
    // Tables are parsed only to be reported: they have no block type yet.
    let options = Options::ENABLE_SMART_PUNCTUATION | Options::ENABLE_TABLES;
    // Old Mac line endings (a lone CR) lose text in pulldown-cmark: make every
    // line end a LF first. Line numbers count the same.
    let body = normalize_line_endings(body);
    let events = Parser::new_ext(&body, options).into_offset_iter().collect();
    let mut converter = Converter {
        file,
        lines: LineIndex::new(&body),
        first_line,
        events,
        position: 0,
        block_depth: 0,
        inline_depth: 0,
        diagnostics: Vec::new(),
        unlisted: 0,
        images,
    };
    let blocks = converter.blocks(None);
    let mut diagnostics = converter.diagnostics;
    if converter.unlisted > 0 {
        let line = diagnostics.last().map_or(first_line, |d| d.line);
        diagnostics.push(Diagnostic::new(
            file,
            line,
            "body",
            format!(
                "and {} more problems in this body, not listed (press lists the first {MAX_DIAGNOSTICS_PER_FILE} of a file)",
                converter.unlisted
            ),
        ));
    }
    (blocks, diagnostics)
}

fn normalize_line_endings(body: &str) -> std::borrow::Cow<'_, str> {
    if body.contains('\r') {
        std::borrow::Cow::Owned(body.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(body)
    }
}

/// Words in a body, for word counts and reading time.
pub fn word_count(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| block_text(b).split_whitespace().count())
        .sum()
}

struct Converter<'a> {
    file: &'a Path,
    lines: LineIndex,
    first_line: usize,
    events: Vec<(Event<'a>, Range<usize>)>,
    position: usize,
    /// Containers (quotes, lists) open around the current event.
    block_depth: usize,
    /// Inline markup (emphasis, strong, links) open around the current event.
    inline_depth: usize,
    /// The first [`MAX_DIAGNOSTICS_PER_FILE`] problems; the rest are counted.
    diagnostics: Vec<Diagnostic>,
    unlisted: usize,
    /// Where site-relative pictures are checked, if anywhere.
    images: Option<&'a Path>,
}

/// Inline content plus any images met inside it.
#[derive(Default)]
struct Inlines {
    content: Vec<Inline>,
    images: Vec<Image>,
}

impl<'a> Converter<'a> {
    fn next(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        let event = self.events.get(self.position).cloned();
        self.position += 1;
        event
    }

    fn line(&self, offset: usize) -> usize {
        self.first_line + self.lines.line_of(offset) - 1
    }

    fn report(&mut self, offset: usize, message: impl Into<String>) {
        if self.diagnostics.len() >= MAX_DIAGNOSTICS_PER_FILE {
            self.unlisted += 1;
            return;
        }
        let line = self.line(offset);
        self.diagnostics
            .push(Diagnostic::new(self.file, line, "body", message));
    }

    fn blocks(&mut self, until: Option<TagEnd>) -> Vec<Block> {
        let mut blocks = Vec::new();
        while let Some((event, range)) = self.next() {
            match event {
                Event::End(end) if Some(end) == until => break,
                Event::Start(Tag::Paragraph) => {
                    let inlines = self.inlines(TagEnd::Paragraph);
                    blocks.extend(self.paragraph_or_figure(inlines, range.start));
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    let inlines = self.inlines(TagEnd::Heading(level));
                    self.plain_only(&inlines, range.start, "a subheading");
                    let text = plain_text(&inlines.content).trim().to_owned();
                    if text.chars().all(is_invisible) {
                        self.report(
                            range.start,
                            "an empty subheading (a heading with no visible text): write its text or remove the line",
                        );
                    } else {
                        blocks.push(Block::Subheading { text });
                    }
                }
                Event::Start(Tag::BlockQuote(kind)) => {
                    if self.too_deep(range.start) {
                        continue;
                    }
                    self.block_depth += 1;
                    let inner = self.blocks(Some(TagEnd::BlockQuote(kind)));
                    self.block_depth -= 1;
                    blocks.extend(self.quote_from_blocks(inner, range.start));
                }
                Event::Start(Tag::List(start)) => {
                    if start.is_some_and(|n| n != 1) {
                        self.report(
                            range.start,
                            "a numbered list must start at 1 (the reader numbers lists from 1)",
                        );
                    }
                    if self.too_deep(range.start) {
                        continue;
                    }
                    let items = self.list_items();
                    if !items.is_empty() {
                        blocks.push(Block::List {
                            ordered: start.is_some(),
                            items,
                        });
                    }
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    let text = self.plain_until(TagEnd::CodeBlock);
                    self.check_text(range.start, &text);
                    if !text.trim().is_empty() {
                        blocks.push(Block::Paragraph {
                            content: vec![Inline::text(text.trim())],
                        });
                    }
                }
                Event::Rule => blocks.push(Block::Divider),
                Event::Html(_) | Event::InlineHtml(_) => self.report(
                    range.start,
                    "raw HTML is not allowed in articles; write Markdown instead",
                ),
                Event::Start(Tag::HtmlBlock) => {
                    self.report(
                        range.start,
                        "raw HTML is not allowed in articles; write Markdown instead",
                    );
                    self.skip_balanced();
                }
                Event::Start(Tag::Table(_)) => {
                    self.report(
                        range.start,
                        "tables are not supported in article bodies; write the figures as a list, or use an image with alt text",
                    );
                    self.skip_balanced();
                }
                Event::Start(tag) => {
                    self.report(
                        range.start,
                        format!(
                            "this Markdown ({}) is not supported in article bodies",
                            tag_name(&tag)
                        ),
                    );
                    self.skip_balanced();
                }
                other => self.report(
                    range.start,
                    format!("unexpected Markdown ({other:?}); see docs/authoring.md"),
                ),
            }
        }
        blocks
    }

    /// Reports and skips a container opened beyond [`MAX_BLOCK_DEPTH`],
    /// without recursing into it. The opening event has been read.
    fn too_deep(&mut self, offset: usize) -> bool {
        if self.block_depth < MAX_BLOCK_DEPTH {
            return false;
        }
        self.report(
            offset,
            format!("lists and quotes are nested more than {MAX_BLOCK_DEPTH} levels deep"),
        );
        self.skip_balanced();
        true
    }

    /// Skips to the end of the element whose start was just read, however
    /// deep it goes, without recursion.
    fn skip_balanced(&mut self) {
        let mut open = 1usize;
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(_) => open += 1,
                Event::End(_) => open -= 1,
                _ => {}
            }
            if open == 0 {
                break;
            }
        }
    }

    /// Text that breaks a format or can spoof a reader is an error.
    fn check_text(&mut self, offset: usize, text: &str) {
        if let Some(problem) = text_problem(text) {
            self.report(offset, problem.to_string());
        }
    }

    /// Subheadings, pull quotes and attributions are plain text: a link or
    /// an image in them would be lost, so it is an error.
    fn plain_only(&mut self, inlines: &Inlines, offset: usize, what: &str) {
        if !inlines.images.is_empty() || has_link(&inlines.content) {
            self.report(
                offset,
                format!("{what} is plain text: links and images in it are not allowed"),
            );
        }
    }

    fn paragraph_or_figure(&mut self, inlines: Inlines, offset: usize) -> Option<Block> {
        let Inlines {
            content,
            mut images,
        } = inlines;
        let text = plain_text(&content);
        let has_text = !text.chars().all(is_invisible);
        match (images.len(), has_text) {
            (0, false) if !text.trim().is_empty() => {
                self.report(
                    offset,
                    "a paragraph of invisible characters only (zero-width spaces, format characters): write its text or remove it",
                );
                None
            }
            (0, false) => None,
            (0, true) => Some(Block::Paragraph { content }),
            (1, false) => Some(Block::Figure {
                image: images.remove(0),
            }),
            _ => {
                self.report(offset, "an image must stand alone in its own paragraph");
                has_text.then_some(Block::Paragraph { content })
            }
        }
    }

    fn list_items(&mut self) -> Vec<Vec<Inline>> {
        let mut items = Vec::new();
        self.block_depth += 1;
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(Tag::Item) => {
                    let item = self.item_content();
                    items.extend(item);
                }
                Event::End(TagEnd::List(_)) => break,
                other => {
                    let offset = self.events[self.position - 1].1.start;
                    self.report(offset, format!("unexpected Markdown in a list ({other:?})"));
                }
            }
        }
        self.block_depth -= 1;
        items
    }

    /// One list item; a nested list becomes further items after it.
    fn item_content(&mut self) -> Vec<Vec<Inline>> {
        let mut content: Vec<Inline> = Vec::new();
        let mut nested = Vec::new();
        while let Some((event, range)) = self.next() {
            match event {
                Event::End(TagEnd::Item) => break,
                Event::Start(Tag::Paragraph) => {
                    let inlines = self.inlines(TagEnd::Paragraph);
                    self.reject_images(&inlines, range.start);
                    if !content.is_empty() {
                        content.push(Inline::LineBreak);
                    }
                    content.extend(inlines.content);
                }
                Event::Start(Tag::List(start)) => {
                    if start.is_some_and(|n| n != 1) {
                        self.report(
                            range.start,
                            "a numbered list must start at 1 (the reader numbers lists from 1)",
                        );
                    }
                    if !self.too_deep(range.start) {
                        nested.extend(self.list_items());
                    }
                }
                Event::Start(tag) if is_block_tag(&tag) => {
                    self.report(
                        range.start,
                        format!(
                            "a list item holds text and nested lists only, not {}",
                            tag_name(&tag)
                        ),
                    );
                    self.skip_balanced();
                }
                Event::Rule => self.report(
                    range.start,
                    "a list item holds text and nested lists only, not a divider",
                ),
                _ => {
                    // Tight lists put inline events straight into the item.
                    self.position -= 1;
                    let before = self.position;
                    let inlines = self.inline_run();
                    if self.position == before {
                        self.position += 1;
                        self.report(
                            range.start,
                            format!("unexpected Markdown in a list item ({event:?})"),
                        );
                        continue;
                    }
                    self.reject_images(&inlines, range.start);
                    content.extend(inlines.content);
                }
            }
        }
        let mut items = vec![merge_text(content)];
        items.extend(nested);
        items.retain(|item| !plain_text(item).trim().is_empty());
        items
    }

    fn reject_images(&mut self, inlines: &Inlines, offset: usize) {
        if !inlines.images.is_empty() {
            self.report(
                offset,
                "images are not allowed inside lists; put the image in its own paragraph",
            );
        }
    }

    /// Inline events up to (not including) the next block-level event.
    fn inline_run(&mut self) -> Inlines {
        let mut out = Inlines::default();
        while let Some((event, _)) = self.events.get(self.position).cloned() {
            if is_block_boundary(&event) {
                break;
            }
            self.position += 1;
            self.inline_event(event, &mut out);
        }
        out.content = merge_text(out.content);
        out
    }

    fn inlines(&mut self, until: TagEnd) -> Inlines {
        let mut out = Inlines::default();
        while let Some((event, _)) = self.next() {
            if event == Event::End(until) {
                break;
            }
            self.inline_event(event, &mut out);
        }
        out.content = merge_text(out.content);
        out
    }

    fn inline_event(&mut self, event: Event<'a>, out: &mut Inlines) {
        let offset = self.events[self.position - 1].1.start;
        if matches!(
            event,
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. } | Tag::Image { .. })
        ) && self.inline_depth >= MAX_INLINE_DEPTH
        {
            self.report(
                offset,
                format!("emphasis, links and images are nested more than {MAX_INLINE_DEPTH} levels deep"),
            );
            self.skip_balanced();
            return;
        }
        self.inline_depth += 1;
        self.inline_event_within_depth(event, out, offset);
        self.inline_depth -= 1;
    }

    fn inline_event_within_depth(&mut self, event: Event<'a>, out: &mut Inlines, offset: usize) {
        match event {
            Event::Text(text) | Event::Code(text) => {
                self.check_text(offset, &text);
                out.content.push(Inline::text(text.as_ref()))
            }
            Event::SoftBreak => out.content.push(Inline::text(" ")),
            Event::HardBreak => out.content.push(Inline::LineBreak),
            Event::Start(Tag::Emphasis) => {
                let inner = self.inlines(TagEnd::Emphasis);
                out.images.extend(inner.images);
                out.content.push(Inline::Emphasis {
                    content: inner.content,
                });
            }
            Event::Start(Tag::Strong) => {
                let inner = self.inlines(TagEnd::Strong);
                out.images.extend(inner.images);
                out.content.push(Inline::Strong {
                    content: inner.content,
                });
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let inner = self.inlines(TagEnd::Link);
                if !title.is_empty() {
                    self.report(
                        offset,
                        format!("link titles are not shown to readers: remove \"{title}\" from the link, or put it in the text"),
                    );
                }
                if !inner.images.is_empty() {
                    self.report(
                        offset,
                        "an image cannot be a link: put the image in its own paragraph and the link in the text",
                    );
                } else if plain_text(&inner.content).trim().is_empty() {
                    self.report(
                        offset,
                        "a link without text: readers would see nothing to click",
                    );
                }
                let href = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                if is_safe_href(&href) {
                    out.content.push(Inline::Link {
                        href,
                        content: inner.content,
                    });
                } else {
                    self.report(
                        offset,
                        format!("link `{href}` is not allowed: use http(s)://, mailto: or a site-relative path such as /world"),
                    );
                    out.content.extend(inner.content);
                }
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let inner = self.inlines(TagEnd::Image);
                if !inner.images.is_empty() || has_link(&inner.content) {
                    self.report(
                        offset,
                        "alt text is plain text: an image or link inside it is not allowed",
                    );
                }
                let alt = plain_text(&inner.content).trim().to_owned();
                let src = dest_url.to_string();
                if alt.is_empty() {
                    self.report(
                        offset,
                        format!(
                            "image `{src}` has no alt text: write ![what the image shows]({src})"
                        ),
                    );
                }
                if !is_safe_image_src(&src) {
                    self.report(
                        offset,
                        format!(
                            "image source `{src}` must be site-relative (/images/…) or http(s)"
                        ),
                    );
                } else if let Some(why) = crate::images::problem(&src, self.images) {
                    self.report(offset, why);
                }
                self.check_text(offset, &title);
                let (caption, credit) = split_caption(&title);
                out.images.push(Image {
                    src,
                    alt,
                    width: None,
                    height: None,
                    caption,
                    credit,
                    placeholder: None,
                    ladder: None,
                    share: None,
                });
            }
            Event::Html(_) | Event::InlineHtml(_) => self.report(
                offset,
                "raw HTML is not allowed in articles; write Markdown instead",
            ),
            other => self.report(
                offset,
                format!(
                    "this Markdown is not supported inside text ({other:?}); see docs/authoring.md"
                ),
            ),
        }
    }

    /// A blockquote's paragraphs become a quote or a pull quote; a last paragraph
    /// that starts with a dash is the attribution. Anything but paragraphs is an
    /// error: a quote is text.
    fn quote_from_blocks(&mut self, mut inner: Vec<Block>, offset: usize) -> Option<Block> {
        // A quote's only paragraph is its text, even when it starts with a dash.
        let attribution = match inner.last() {
            Some(Block::Paragraph { content }) if inner.len() > 1 => {
                let text = plain_text(content);
                let trimmed = text.trim();
                ["—", "–", "--", "-"]
                    .iter()
                    .find_map(|dash| trimmed.strip_prefix(dash))
                    .map(|name| name.trim().to_owned())
                    .filter(|name| !name.is_empty())
            }
            _ => None,
        };
        if attribution.is_some() {
            if let Some(Block::Paragraph { content }) = inner.last() {
                if has_link(content) {
                    self.report(
                        offset,
                        "an attribution is plain text: links in it are not allowed",
                    );
                }
            }
            inner.pop();
        }
        let mut paragraphs: Vec<Vec<Inline>> = Vec::new();
        for block in inner {
            match block {
                Block::Paragraph { content } => paragraphs.push(content),
                other => self.report(
                    offset,
                    format!(
                        "a quote holds paragraphs only, not {}; end the quote first",
                        block_name(&other)
                    ),
                ),
            }
        }
        let is_pull_quote = paragraphs
            .first()
            .is_some_and(|first| plain_text(first).trim_start().starts_with(PULL_QUOTE_MARK));
        if is_pull_quote && paragraphs.iter().any(|p| has_link(p)) {
            self.report(
                offset,
                "a pull quote is plain text: links in it are not allowed",
            );
        }
        if is_pull_quote {
            let text = paragraphs
                .iter()
                .map(|p| plain_text(p))
                .collect::<Vec<_>>()
                .join(" ");
            let text = text
                .trim_start()
                .trim_start_matches(PULL_QUOTE_MARK)
                .trim()
                .to_owned();
            if text.chars().all(is_invisible) {
                self.report(
                    offset,
                    format!(
                        "an empty pull quote: write its text after {PULL_QUOTE_MARK}, or remove it"
                    ),
                );
                return None;
            }
            return Some(Block::PullQuote { text, attribution });
        }
        if paragraphs.is_empty() {
            return None;
        }
        let mut content = paragraphs.remove(0);
        for paragraph in paragraphs {
            content.push(Inline::LineBreak);
            content.extend(paragraph);
        }
        Some(Block::Quote {
            content,
            attribution,
        })
    }

    fn plain_until(&mut self, until: TagEnd) -> String {
        let mut text = String::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::End(end) if end == until => break,
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                other => {
                    let offset = self.events[self.position - 1].1.start;
                    self.report(
                        offset,
                        format!("unexpected Markdown in a code block ({other:?})"),
                    );
                }
            }
        }
        text
    }
}

/// Whether an inline run holds a link anywhere.
fn has_link(inlines: &[Inline]) -> bool {
    inlines.iter().any(|inline| match inline {
        Inline::Link { .. } => true,
        Inline::Emphasis { content } | Inline::Strong { content } => has_link(content),
        Inline::Text { .. } | Inline::LineBreak | Inline::Unknown => false,
    })
}

fn is_block_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_)
    )
}

/// A construct's name, for messages.
fn tag_name(tag: &Tag<'_>) -> &'static str {
    match tag {
        Tag::Paragraph => "a paragraph",
        Tag::Heading { .. } => "a heading",
        Tag::BlockQuote(_) => "a quote",
        Tag::CodeBlock(_) => "a code block",
        Tag::HtmlBlock => "raw HTML",
        Tag::List(_) => "a list",
        Tag::Item => "a list item",
        Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => "a table",
        Tag::FootnoteDefinition(_) => "a footnote",
        Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
            "a definition list"
        }
        Tag::MetadataBlock(_) => "a metadata block",
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {
            "inline markup"
        }
        Tag::Link { .. } => "a link",
        Tag::Image { .. } => "an image",
    }
}

/// A block's name, for messages.
fn block_name(block: &Block) -> &'static str {
    match block {
        Block::Paragraph { .. } => "a paragraph",
        Block::Subheading { .. } => "a heading",
        Block::Quote { .. } | Block::PullQuote { .. } => "a quote",
        Block::Figure { .. } => "an image",
        Block::List { .. } => "a list",
        Block::Divider => "a divider",
        Block::Unknown => "an unknown block",
    }
}

fn is_block_boundary(event: &Event<'_>) -> bool {
    match event {
        Event::End(TagEnd::Item) | Event::Rule => true,
        Event::Start(tag) => is_block_tag(tag),
        _ => false,
    }
}

/// `"Caption | Credit"` → (caption, credit).
fn split_caption(title: &str) -> (Option<String>, Option<String>) {
    let non_empty = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_owned())
    };
    match title.split_once('|') {
        Some((caption, credit)) => (non_empty(caption), non_empty(credit)),
        None => (non_empty(title), None),
    }
}

/// Joins neighbouring text runs (smart punctuation splits them).
fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match (out.last_mut(), inline) {
            (Some(Inline::Text { text }), Inline::Text { text: more }) => text.push_str(&more),
            (_, inline) => out.push(inline),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> (Vec<Block>, Vec<Diagnostic>) {
        parse_body(Path::new("a.md"), body, 10)
    }

    fn text(t: &str) -> Inline {
        Inline::text(t)
    }

    #[test]
    fn paragraphs_with_inline_markup() {
        let (blocks, diagnostics) =
            parse("Plain *soft* and **bold** with [a link](https://example.org).\n");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            blocks,
            [Block::Paragraph {
                content: vec![
                    text("Plain "),
                    Inline::Emphasis {
                        content: vec![text("soft")]
                    },
                    text(" and "),
                    Inline::Strong {
                        content: vec![text("bold")]
                    },
                    text(" with "),
                    Inline::Link {
                        href: "https://example.org".into(),
                        content: vec![text("a link")]
                    },
                    text("."),
                ]
            }]
        );
    }

    #[test]
    fn quotes_pull_quotes_lists_dividers_and_headings() {
        let body = "## Later\n\n> \"We stay,\" she said.\n>\n> — Ana Ruiz, mayor\n\n> [!pullquote]\n> The river gives.\n\n- one\n- two\n\n1. first\n\n---\n";
        let (blocks, diagnostics) = parse(body);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            blocks[0],
            Block::Subheading {
                text: "Later".into()
            }
        );
        assert_eq!(
            blocks[1],
            Block::Quote {
                content: vec![text("“We stay,” she said.")],
                attribution: Some("Ana Ruiz, mayor".into())
            }
        );
        assert_eq!(
            blocks[2],
            Block::PullQuote {
                text: "The river gives.".into(),
                attribution: None
            }
        );
        assert_eq!(
            blocks[3],
            Block::List {
                ordered: false,
                items: vec![vec![text("one")], vec![text("two")]]
            }
        );
        assert_eq!(
            blocks[4],
            Block::List {
                ordered: true,
                items: vec![vec![text("first")]]
            }
        );
        assert_eq!(blocks[5], Block::Divider);
        assert_eq!(blocks.len(), 6);
    }

    #[test]
    fn figures_take_caption_and_credit_from_the_title() {
        let (blocks, diagnostics) = parse(
            "![Cranes at dusk](/images/harbour.svg \"Idle cranes | Illustration: Broadsheet\")\n",
        );
        assert!(diagnostics.is_empty());
        let Block::Figure { image } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(image.alt, "Cranes at dusk");
        assert_eq!(image.caption.as_deref(), Some("Idle cranes"));
        assert_eq!(image.credit.as_deref(), Some("Illustration: Broadsheet"));
    }

    #[test]
    fn rejected_input_is_reported_with_its_line() {
        let body = "Fine.\n\n<script>alert(1)</script>\n\nSee [this](javascript:alert(1)).\n\n![](/images/x.svg)\n";
        let (blocks, diagnostics) = parse(body);
        let lines: Vec<usize> = diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, [12, 14, 16], "{diagnostics:#?}");
        assert!(diagnostics[0].message.contains("raw HTML"));
        assert!(diagnostics[1].message.contains("javascript:alert(1)"));
        assert!(diagnostics[2].message.contains("alt text"));
        // Nothing of the HTML survives, and the unsafe link is reduced to its text.
        let all_text: String = blocks.iter().map(block_text).collect();
        assert!(!all_text.contains("script"));
        assert!(all_text.contains("See this."));
    }

    #[test]
    fn inline_html_is_rejected_too() {
        let (_, diagnostics) = parse("Hello <b onclick=x>there</b>.\n");
        assert_eq!(diagnostics.len(), 2);
    }

    #[test]
    fn counts_words() {
        let (blocks, _) = parse("One two three.\n\n## Four\n\n- five six\n");
        assert_eq!(word_count(&blocks), 6);
    }

    /// `tests/fixtures/markdown/<construct>.md` must become exactly the
    /// blocks in `<construct>.json`, with no diagnostics: the table in
    /// docs/authoring.md, as data. `BLESS=1` rewrites the expected files
    /// (then read the diff).
    #[test]
    fn every_construct_becomes_its_documented_blocks() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/markdown");
        let mut cases: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        cases.sort();
        assert!(cases.len() >= 15, "the construct fixtures are there");
        for case in cases {
            let body = std::fs::read_to_string(&case).unwrap();
            let (blocks, diagnostics) = parse_body(&case, &body, 1);
            assert!(
                diagnostics.is_empty(),
                "{}: {diagnostics:#?}",
                case.display()
            );
            let actual = serde_json::to_string_pretty(&blocks).unwrap() + "\n";
            let expected_file = case.with_extension("json");
            if std::env::var_os("BLESS").is_some() {
                std::fs::write(&expected_file, &actual).unwrap();
            }
            let expected = std::fs::read_to_string(&expected_file)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_file.display()));
            assert_eq!(actual, expected, "{}", case.display());
        }
    }
}
