//! Blocks back into the Markdown press reads (docs/authoring.md), for
//! stories converted from HTML. Every piece of text is escaped, so it can
//! never become markup; links are written in angle brackets.

use std::fmt::Write as _;

use broadsheet_model::{Block, Image, Inline};

pub fn blocks(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Paragraph { content } => {
                let _ = writeln!(out, "{}\n", inlines(content, "\\\n"));
            }
            Block::Subheading { text } => {
                let _ = writeln!(out, "## {}\n", escape_markdown(text));
            }
            Block::Quote {
                content,
                attribution,
            } => {
                let _ = writeln!(out, "> {}", inlines(content, "\\\n> "));
                if let Some(name) = attribution {
                    let _ = writeln!(out, ">\n> — {}", escape_markdown(name));
                }
                out.push('\n');
            }
            Block::PullQuote { text, attribution } => {
                let _ = writeln!(
                    out,
                    "> {}\n>\n> {}",
                    press_content::markdown::PULL_QUOTE_MARK,
                    escape_markdown(text)
                );
                if let Some(name) = attribution {
                    let _ = writeln!(out, ">\n> — {}", escape_markdown(name));
                }
                out.push('\n');
            }
            Block::Figure { image } => {
                let _ = writeln!(out, "{}\n", figure(image));
            }
            Block::List { ordered, items } => {
                for item in items {
                    let marker = if *ordered { "1." } else { "-" };
                    let _ = writeln!(out, "{marker} {}", inlines(item, " "));
                }
                out.push('\n');
            }
            Block::Divider => out.push_str("---\n\n"),
            Block::Unknown => {}
        }
    }
    out
}

fn figure(image: &Image) -> String {
    let mut title = image.caption.clone().unwrap_or_default();
    if let Some(credit) = &image.credit {
        title = format!("{title} | {credit}");
    }
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" \"{title}\"")
    };
    format!("![{}](<{}>{title})", escape_markdown(&image.alt), image.src)
}

/// `line_break` is what a hard line break becomes where it is written.
fn inlines(content: &[Inline], line_break: &str) -> String {
    let mut out = String::new();
    for inline in content {
        match inline {
            Inline::Text { text } => out.push_str(&escape_markdown(text)),
            Inline::Emphasis { content } => out.push_str(&delimited(content, "*", line_break)),
            Inline::Strong { content } => out.push_str(&delimited(content, "**", line_break)),
            Inline::Link { href, content } => {
                let _ = write!(out, "[{}](<{href}>)", inlines(content, " "));
            }
            Inline::LineBreak => out.push_str(line_break),
            Inline::Unknown => {}
        }
    }
    out
}

/// Emphasis must not start or end with a space in Markdown: the spaces go outside.
fn delimited(content: &[Inline], mark: &str, line_break: &str) -> String {
    let inner = inlines(content, line_break);
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        return inner;
    }
    let lead = if inner.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let tail = if inner.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    format!("{lead}{mark}{trimmed}{mark}{tail}")
}
/// Escapes every character Markdown could read as markup, so imported text stays text.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '!'
                | '|'
                | '~'
                | '&'
                | '-'
                | '+'
                | '.'
                | '('
                | ')'
                | '{'
                | '}'
                | '='
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
