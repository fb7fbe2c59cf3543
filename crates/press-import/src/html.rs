//! Post HTML (WordPress's `content:encoded`) into Broadsheet's blocks.
//!
//! Parsed with html5ever (through `scraper`), the parser browsers follow,
//! so broken markup is read the way a browser would read it. What has a
//! block or inline type becomes one: paragraphs, subheadings, quotes with
//! attribution, lists, figures with alt text and captions, links, emphasis.
//! Everything else is a [`note`](Converted::notes), one line each: scripts,
//! iframes and embeds, forms, tables (their text is kept as paragraphs),
//! unsafe links (their text is kept), images without alt text, shortcodes.
//! Text is never dropped without a note.
//!
//! WordPress stores classic-editor posts without `<p>`: a blank line is a
//! paragraph break (its `wpautop`), and so it is here. Block-editor
//! comments (`<!-- wp:paragraph -->`) are ignored; their HTML is read.

use broadsheet_model::validate::is_safe_image_src;
use broadsheet_model::{is_safe_href, plain_text, Block, Image, Inline};
use scraper::{ElementRef, Html, Node};

/// The blocks of one post, and what could not be converted.
#[derive(Debug, Default)]
pub struct Converted {
    pub blocks: Vec<Block>,
    pub notes: Vec<String>,
}

/// Deepest element nesting read; deeper content is kept as text.
const MAX_DEPTH: usize = 64;

pub fn convert(html: &str) -> Converted {
    let mut notes = Vec::new();
    let html = shortcodes(html, &mut notes);
    let fragment = Html::parse_fragment(&html);
    let mut converter = Converter {
        out: Converted {
            blocks: Vec::new(),
            notes,
        },
        paragraph: Vec::new(),
        figures: Vec::new(),
    };
    converter.blocks(fragment.root_element(), 0);
    converter.flush();
    converter.out
}

struct Converter {
    out: Converted,
    /// The paragraph being filled by inline content at block level.
    paragraph: Vec<Inline>,
    /// Images met inside a paragraph: a figure stands alone, after it.
    figures: Vec<Image>,
}

const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "video", "audio",
    "canvas", "form", "input", "select", "textarea", "button", "svg", "math", "source", "track",
    "map",
];

impl Converter {
    fn note(&mut self, note: String) {
        if !self.out.notes.contains(&note) {
            self.out.notes.push(note);
        }
    }

    /// Ends the paragraph being filled, then the figures found in it.
    fn flush(&mut self) {
        let content = trim_inlines(std::mem::take(&mut self.paragraph));
        if !plain_text(&content).trim().is_empty() {
            self.out.blocks.push(Block::Paragraph { content });
        }
        for image in std::mem::take(&mut self.figures) {
            self.out.blocks.push(Block::Figure { image });
        }
    }

    fn blocks(&mut self, element: ElementRef<'_>, depth: usize) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => {
                    // A blank line at block level is a paragraph break (wpautop).
                    let mut parts = text.split("\n\n").peekable();
                    while let Some(part) = parts.next() {
                        push_text(&mut self.paragraph, part);
                        if parts.peek().is_some() {
                            self.flush();
                        }
                    }
                }
                Node::Element(_) => {
                    let element = ElementRef::wrap(child).expect("an element node");
                    self.block_element(element, depth + 1);
                }
                _ => {}
            }
        }
    }

    fn block_element(&mut self, element: ElementRef<'_>, depth: usize) {
        let name = element.value().name();
        if depth > MAX_DEPTH {
            self.note(format!(
                "markup nested deeper than {MAX_DEPTH} levels: kept as text"
            ));
            push_text(&mut self.paragraph, &element.text().collect::<String>());
            return;
        }
        match name {
            "p" => {
                self.flush();
                let content = self.inlines(element, depth);
                self.paragraph = content;
                self.flush();
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let text = collapse(&element.text().collect::<String>());
                if !text.is_empty() {
                    self.out.blocks.push(Block::Subheading { text });
                }
            }
            "blockquote" => {
                self.flush();
                self.quote(element, depth);
            }
            "ul" | "ol" => {
                self.flush();
                let mut items = Vec::new();
                self.list_items(element, depth, &mut items);
                if !items.is_empty() {
                    self.out.blocks.push(Block::List {
                        ordered: name == "ol",
                        items,
                    });
                }
            }
            "figure" => {
                self.flush();
                self.figure(element, depth);
            }
            "img" => {
                self.flush();
                if let Some(image) = self.image(element, None) {
                    self.out.blocks.push(Block::Figure { image });
                }
            }
            "hr" => {
                self.flush();
                self.out.blocks.push(Block::Divider);
            }
            "table" => {
                self.flush();
                self.note(
                    "a table: there is no table block; its rows are kept as paragraphs".into(),
                );
                for row in element.select(&selector("tr")) {
                    let cells: Vec<String> = row
                        .children()
                        .filter_map(ElementRef::wrap)
                        .map(|cell| collapse(&cell.text().collect::<String>()))
                        .filter(|cell| !cell.is_empty())
                        .collect();
                    if !cells.is_empty() {
                        self.out.blocks.push(Block::Paragraph {
                            content: vec![Inline::text(cells.join(" · "))],
                        });
                    }
                }
            }
            "pre" => {
                self.flush();
                let text = collapse(&element.text().collect::<String>());
                if !text.is_empty() {
                    self.note(
                        "preformatted text (<pre>): kept as a paragraph, without its line layout"
                            .into(),
                    );
                    self.out.blocks.push(Block::Paragraph {
                        content: vec![Inline::text(text)],
                    });
                }
            }
            "div" | "section" | "article" | "main" | "header" | "footer" | "aside" | "nav"
            | "center" | "figcaption" | "details" | "summary" | "dl" | "dt" | "dd" | "address"
            | "li" | "body" | "html" => {
                // Containers: their content, in order; a new block starts after them.
                self.blocks(element, depth);
                if matches!(
                    name,
                    "div" | "section" | "article" | "aside" | "dd" | "dt" | "li"
                ) {
                    self.flush();
                }
            }
            name if DROPPED.contains(&name) => self.dropped(element),
            _ => {
                // Inline content at block level joins the current paragraph.
                let mut content = self.inline_element(element, depth);
                self.paragraph.append(&mut content);
            }
        }
    }

    fn dropped(&mut self, element: ElementRef<'_>) {
        let name = element.value().name();
        let source = element
            .value()
            .attr("src")
            .or_else(|| element.value().attr("data"))
            .or_else(|| element.value().attr("action"))
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        let text = collapse(&element.text().collect::<String>());
        let what = match name {
            "script" | "style" | "noscript" | "template" => "code is never imported".to_owned(),
            _ if text.is_empty() || matches!(name, "svg" | "math") => {
                "it has no Broadsheet block; not converted".to_owned()
            }
            _ => format!("not converted; its text is kept: {text:?}"),
        };
        if !text.is_empty()
            && !matches!(
                name,
                "script" | "style" | "noscript" | "template" | "svg" | "math"
            )
        {
            push_text(&mut self.paragraph, &text);
        }
        self.note(format!("<{name}>{source}: {what}"));
    }

    fn quote(&mut self, element: ElementRef<'_>, depth: usize) {
        let mut attribution = None;
        let mut content: Vec<Inline> = Vec::new();
        for child in element.children() {
            let Some(child_element) = ElementRef::wrap(child) else {
                if let Node::Text(text) = child.value() {
                    push_text(&mut content, text);
                }
                continue;
            };
            let name = child_element.value().name();
            if name == "cite" || name == "footer" {
                attribution = Some(collapse(&child_element.text().collect::<String>()));
                continue;
            }
            let mut inlines = trim_inlines(self.inlines(child_element, depth));
            let text = plain_text(&inlines);
            if let Some(name) = text.trim().strip_prefix(['—', '–']) {
                attribution = Some(collapse(name));
                continue;
            }
            if name == "p" && !content.is_empty() && !inlines.is_empty() {
                content.push(Inline::LineBreak);
            }
            if matches!(
                name,
                "ul" | "ol" | "figure" | "img" | "blockquote" | "h1" | "h2" | "h3"
            ) {
                self.note(format!("<{name}> inside a quote: a quote holds text, so it is kept as the quote's text"));
            }
            content.append(&mut inlines);
        }
        let content = trim_inlines(content);
        let attribution = attribution.filter(|a| !a.is_empty());
        if !plain_text(&content).trim().is_empty() {
            self.out.blocks.push(Block::Quote {
                content,
                attribution,
            });
        }
        self.flush();
    }

    fn list_items(&mut self, list: ElementRef<'_>, depth: usize, items: &mut Vec<Vec<Inline>>) {
        if list.value().attr("start").is_some_and(|s| s.trim() != "1") {
            self.note("a numbered list that does not start at 1: numbered from 1".into());
        }
        for child in list.children().filter_map(ElementRef::wrap) {
            if child.value().name() != "li" {
                let text = collapse(&child.text().collect::<String>());
                if !text.is_empty() {
                    items.push(vec![Inline::text(text)]);
                }
                continue;
            }
            let mut item = Vec::new();
            let mut nested = Vec::new();
            for part in child.children() {
                match ElementRef::wrap(part) {
                    Some(inner) if matches!(inner.value().name(), "ul" | "ol") => {
                        nested.push(inner)
                    }
                    Some(inner) => {
                        let name = inner.value().name();
                        if name == "p" && !item.is_empty() {
                            item.push(Inline::text(" "));
                        }
                        item.append(&mut self.inline_element(inner, depth));
                    }
                    None => {
                        if let Node::Text(text) = part.value() {
                            push_text(&mut item, text);
                        }
                    }
                }
            }
            let item = trim_inlines(item);
            if !plain_text(&item).trim().is_empty() {
                items.push(item);
            }
            // A list inside an item: its items follow (as in Markdown here).
            for inner in nested {
                self.list_items(inner, depth + 1, items);
            }
        }
    }

    fn figure(&mut self, element: ElementRef<'_>, depth: usize) {
        let caption = element
            .select(&selector("figcaption"))
            .next()
            .map(|c| collapse(&c.text().collect::<String>()))
            .filter(|c| !c.is_empty());
        let images: Vec<ElementRef<'_>> = element.select(&selector("img")).collect();
        if images.is_empty() {
            // An embed (video, tweet) or a quote in a figure: read what is in it.
            for child in element.children().filter_map(ElementRef::wrap) {
                if child.value().name() != "figcaption" {
                    self.block_element(child, depth + 1);
                }
            }
            self.flush();
            if let Some(caption) = caption {
                self.out.blocks.push(Block::Paragraph {
                    content: vec![Inline::text(caption)],
                });
            }
            return;
        }
        let count = images.len();
        for (index, img) in images.into_iter().enumerate() {
            let caption = if index + 1 == count {
                caption.clone()
            } else {
                None
            };
            if let Some(image) = self.image(img, caption) {
                self.out.blocks.push(Block::Figure { image });
            }
        }
    }

    /// A figure from `<img>`: it must have a safe source and alt text.
    fn image(&mut self, img: ElementRef<'_>, caption: Option<String>) -> Option<Image> {
        let src = img.value().attr("src").unwrap_or("").trim().to_owned();
        let alt = collapse(img.value().attr("alt").unwrap_or(""));
        if src.is_empty()
            || !is_safe_image_src(&src)
            || src.contains(['<', '>', '"'])
            || src.contains(char::is_whitespace)
        {
            self.note(format!(
                "image {src:?}: not a safe image source (http(s) or site-relative); not imported"
            ));
            if let Some(caption) = caption {
                push_text(&mut self.paragraph, &caption);
            }
            return None;
        }
        let alt = if alt.is_empty() {
            match &caption {
                Some(caption) => {
                    self.note(format!(
                        "image {src}: no alt text; its caption is used as alt text, check it"
                    ));
                    caption.clone()
                }
                None => {
                    self.note(format!(
                        "image {src}: no alt text, so not imported (a figure must be described)"
                    ));
                    return None;
                }
            }
        } else {
            alt
        };
        let dimension = |name| {
            img.value()
                .attr(name)
                .and_then(|v: &str| v.trim().parse().ok())
        };
        Some(Image {
            src,
            alt,
            width: dimension("width"),
            height: dimension("height"),
            caption: caption.map(|c| c.replace('|', "/")),
            credit: None,
            placeholder: None,
            ladder: None,
            share: None,
        })
    }

    fn inlines(&mut self, element: ElementRef<'_>, depth: usize) -> Vec<Inline> {
        let mut out = Vec::new();
        for child in element.children() {
            match child.value() {
                Node::Text(text) => push_text(&mut out, text),
                Node::Element(_) => {
                    let inner = ElementRef::wrap(child).expect("an element node");
                    out.append(&mut self.inline_element(inner, depth + 1));
                }
                _ => {}
            }
        }
        out
    }

    fn inline_element(&mut self, element: ElementRef<'_>, depth: usize) -> Vec<Inline> {
        let name = element.value().name();
        if depth > MAX_DEPTH {
            self.note(format!(
                "markup nested deeper than {MAX_DEPTH} levels: kept as text"
            ));
            return vec![Inline::text(collapse(&element.text().collect::<String>()))];
        }
        match name {
            "strong" | "b" => wrap(self.inlines(element, depth), |content| Inline::Strong {
                content,
            }),
            "em" | "i" => wrap(self.inlines(element, depth), |content| Inline::Emphasis {
                content,
            }),
            "br" => vec![Inline::LineBreak],
            "a" => {
                let content = self.inlines(element, depth);
                let href = element.value().attr("href").unwrap_or("").trim().to_owned();
                if href.is_empty() || plain_text(&content).trim().is_empty() {
                    content
                } else if is_safe_href(&href) && !href.contains(['<', '>', ' ', '\n']) {
                    vec![Inline::Link { href, content }]
                } else {
                    self.note(format!(
                        "link {href:?}: not http(s), mailto or site-relative; its text is kept"
                    ));
                    content
                }
            }
            "q" => {
                let mut out = vec![Inline::text("“")];
                out.append(&mut self.inlines(element, depth));
                out.push(Inline::text("”"));
                out
            }
            "img" => {
                if let Some(image) = self.image(element, None) {
                    self.figures.push(image);
                }
                Vec::new()
            }
            name if DROPPED.contains(&name) => {
                self.dropped(element);
                Vec::new()
            }
            "p" | "div" | "ul" | "ol" | "li" | "blockquote" | "h1" | "h2" | "h3" | "h4" | "h5"
            | "h6" | "table" | "figure" => {
                // A block where only text can go (inside a list item or a quote).
                let mut out = self.inlines(element, depth);
                out.insert(0, Inline::text(" "));
                out.push(Inline::text(" "));
                out
            }
            _ => self.inlines(element, depth),
        }
    }
}

fn selector(css: &str) -> scraper::Selector {
    scraper::Selector::parse(css).expect("a valid selector")
}

fn wrap(content: Vec<Inline>, make: impl FnOnce(Vec<Inline>) -> Inline) -> Vec<Inline> {
    if plain_text(&content).trim().is_empty() {
        content
    } else {
        vec![make(content)]
    }
}

/// Whitespace runs as single spaces (HTML's rule for text).
pub(super) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    let mut collapsed = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                collapsed.push(' ');
            }
            space = false;
            collapsed.push(c);
        }
    }
    if space {
        collapsed.push(' ');
    }
    if let Some(Inline::Text { text }) = out.last_mut() {
        if !(text.ends_with(' ') && collapsed.starts_with(' ')) {
            text.push_str(&collapsed);
        } else {
            text.push_str(&collapsed[1..]);
        }
    } else if !collapsed.is_empty() {
        out.push(Inline::text(collapsed));
    }
}

/// Without spaces or line breaks at either end.
fn trim_inlines(mut content: Vec<Inline>) -> Vec<Inline> {
    while matches!(content.first(), Some(Inline::LineBreak)) {
        content.remove(0);
    }
    while matches!(content.last(), Some(Inline::LineBreak)) {
        content.pop();
    }
    if let Some(Inline::Text { text }) = content.first_mut() {
        *text = text.trim_start().to_owned();
    }
    if let Some(Inline::Text { text }) = content.last_mut() {
        *text = text.trim_end().to_owned();
    }
    content.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
    content
}

/// WordPress shortcodes: `[caption …]<img …> Text[/caption]` becomes a
/// figure; every other shortcode is taken out with a note, its enclosed
/// text kept. A bracket is a shortcode only with attributes or a closing
/// tag (`[gallery ids="1,2"]`, `[embed]…[/embed]`), so "[sic]" stays text.
fn shortcodes(html: &str, notes: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let closing = after.starts_with('/');
        let name_start = usize::from(closing);
        let name_len = after[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(after.len() - name_start);
        let name = &after[name_start..name_start + name_len];
        let Some(end) = after.find(']') else {
            out.push('[');
            rest = after;
            continue;
        };
        let tag = &after[..end];
        let has_attributes = tag[name_start + name_len..].contains('=');
        let closes_later = !closing && !name.is_empty() && after.contains(&format!("[/{name}]"));
        let is_shortcode = !name.is_empty()
            && name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && (closing || has_attributes || closes_later)
            && !tag.contains(['<', '>', '\n']);
        if !is_shortcode {
            out.push('[');
            rest = after;
            continue;
        }
        rest = &after[end + 1..];
        match (name, closing) {
            ("caption" | "wp_caption", false) => out.push_str("<figure>"),
            ("caption" | "wp_caption", true) => {
                // The text after the image is the caption.
                if let Some(image_end) = out
                    .rfind("<figure>")
                    .and_then(|f| out[f..].find('>').map(|_| f))
                {
                    let inside = out[image_end + "<figure>".len()..].to_owned();
                    let (image, caption) = match inside.rfind('>') {
                        Some(i) => inside.split_at(i + 1),
                        None => ("", inside.as_str()),
                    };
                    let rebuilt = format!("{image}<figcaption>{caption}</figcaption></figure>");
                    out.truncate(image_end + "<figure>".len());
                    out.push_str(&rebuilt);
                }
            }
            (_, true) => {}
            _ => {
                let note = format!("shortcode [{name}]: WordPress expands it when it shows the post; not converted (any text inside is kept)");
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_editor_text_is_split_at_blank_lines() {
        let converted = convert("First <em>para</em>.\n\nSecond line\none.\n\n<p>Third.</p>");
        assert_eq!(converted.blocks.len(), 3, "{:?}", converted.blocks);
        assert!(converted.notes.is_empty());
    }

    #[test]
    fn shortcodes_are_taken_out_with_a_note_and_captions_kept() {
        let converted = convert(
            r#"[caption id="a" align="x"]<img src="https://x.example/a.jpg" alt="A dam"> The dam in May.[/caption]

Before [gallery ids="1,2"] after. As written [sic] here."#,
        );
        match &converted.blocks[0] {
            Block::Figure { image } => {
                assert_eq!(image.alt, "A dam");
                assert_eq!(image.caption.as_deref(), Some("The dam in May."));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            plain_text(match &converted.blocks[1] {
                Block::Paragraph { content } => content,
                other => panic!("{other:?}"),
            }),
            "Before after. As written [sic] here."
        );
        assert_eq!(converted.notes.len(), 1, "{:?}", converted.notes);
        assert!(converted.notes[0].starts_with("shortcode [gallery]"));
    }
}
