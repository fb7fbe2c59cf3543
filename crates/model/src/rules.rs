//! The leaf rules every file and field is checked by: slugs, links, image
//! sources, and what text may hold. Below paths, types and validation
//! (which build on them), above nothing but the limits.

use thiserror::Error;

use crate::limits::MAX_FIELD_CHARS;

/// Longest slug or section segment accepted.
pub const MAX_SLUG_LEN: usize = 120;

/// A slug is lowercase ASCII letters, digits and single hyphens, not at either end.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= MAX_SLUG_LEN
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Links may only be http(s), mailto, site-relative (`/path`) or in-page (`#id`).
///
/// Protocol-relative URLs (`//host`) and backslash tricks are rejected, as is
/// any control character or whitespace inside the URL.
pub fn is_safe_href(href: &str) -> bool {
    // Controls, spaces and invisible format characters (a U+202E could
    // show the address reversed) have no place in a link: percent-encode them.
    if href.is_empty() || href.chars().any(|c| is_invisible(c) || is_noncharacter(c)) {
        return false;
    }
    if href.contains('\\') {
        return false;
    }
    if let Some(rest) = href.strip_prefix('/') {
        return !rest.starts_with('/');
    }
    if href.starts_with('#') {
        return true;
    }
    let lower = href.to_ascii_lowercase();
    let has_host = |rest: &str| {
        rest.strip_prefix("//")
            .is_some_and(|host| !host.is_empty() && !host.starts_with('/'))
    };
    if let Some(rest) = lower.strip_prefix("https:") {
        return has_host(rest);
    }
    if let Some(rest) = lower.strip_prefix("http:") {
        return has_host(rest);
    }
    if let Some(rest) = lower.strip_prefix("mailto:") {
        return !rest.is_empty();
    }
    false
}

/// Image sources may be site-relative or absolute http(s) only.
pub fn is_safe_image_src(src: &str) -> bool {
    is_safe_href(src) && !src.starts_with('#') && !src.to_ascii_lowercase().starts_with("mailto:")
}

/// A path under `/images/` of letters, digits, `-`, `_`, `.` and `/`, no
/// segment empty or starting with a dot: safe in a URL, a `srcset` (where
/// commas and spaces separate candidates) and a file name.
pub fn is_plain_image_path(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("/images/") else {
        return false;
    };
    rest.split('/').all(|segment| {
        !segment.is_empty()
            && !segment.starts_with('.')
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    })
}

/// Why a piece of text cannot be published as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TextProblem {
    #[error("control character U+{0:04X} (not allowed in text; XML and many readers reject it)")]
    Control(u32),
    #[error("Unicode noncharacter U+{0:04X} (feeds and sitemaps must not contain it)")]
    Noncharacter(u32),
    #[error("unbalanced bidirectional control U+{0:04X} (it can change how the text around it reads; close every override, embedding and isolate in the same field)")]
    UnbalancedBidi(u32),
    #[error("only invisible characters (spaces, zero-width or format characters)")]
    Invisible,
    #[error("longer than {MAX_FIELD_CHARS} characters")]
    TooLong,
}

/// A character that shows nothing: whitespace, controls, and the format
/// characters that render as nothing (zero-width spaces and joiners, word
/// joiner, soft hyphen, bidirectional marks, variation selectors, tags,
/// Hangul fillers, the invisible Braille blank).
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{AD}' | '\u{34F}' | '\u{61C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// A Unicode noncharacter: U+FDD0..U+FDEF and the last two code points of every plane.
pub fn is_noncharacter(c: char) -> bool {
    let code = c as u32;
    (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

/// The first reason `text` cannot be published, if any: a control character
/// other than tab and line feed, a noncharacter, or a bidirectional
/// override, embedding or isolate that is not closed within the text (or a
/// close without an opening). Used for every text field and body text.
pub fn text_problem(text: &str) -> Option<TextProblem> {
    // Open embeddings/overrides (closed by PDF) and isolates (closed by PDI).
    let mut open: Vec<char> = Vec::new();
    for c in text.chars() {
        let code = c as u32;
        if c.is_control() && c != '\t' && c != '\n' {
            return Some(TextProblem::Control(code));
        }
        if is_noncharacter(c) {
            return Some(TextProblem::Noncharacter(code));
        }
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' | '\u{2066}'..='\u{2068}' => {
                open.push(c)
            }
            '\u{202C}' => match open.pop() {
                Some('\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}') => {}
                _ => return Some(TextProblem::UnbalancedBidi(code)),
            },
            '\u{2069}' => match open.pop() {
                Some('\u{2066}'..='\u{2068}') => {}
                _ => return Some(TextProblem::UnbalancedBidi(code)),
            },
            _ => {}
        }
    }
    open.first().map(|&c| TextProblem::UnbalancedBidi(c as u32))
}

/// `text` with every character that could deceive or take over a terminal
/// or a log viewer shown as `\u{…}`: control characters (cursor moves,
/// colours, screen clears), bidirectional controls (reordering), zero-width
/// and other invisible format characters, and noncharacters. Tabs, line
/// feeds and spaces stay. press and render print every message through it.
pub fn escape_hostile(text: &str) -> std::borrow::Cow<'_, str> {
    let hostile =
        |c: char| (is_invisible(c) && !matches!(c, ' ' | '\n' | '\t')) || is_noncharacter(c);
    if !text.chars().any(hostile) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hostile(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// [`text_problem`] for a one-line field that a reader must see (a headline,
/// a standfirst, a name): it must also show something, and not be too long.
pub fn field_problem(text: &str) -> Option<TextProblem> {
    if text.chars().all(is_invisible) {
        return Some(TextProblem::Invisible);
    }
    if text.chars().count() > MAX_FIELD_CHARS {
        return Some(TextProblem::TooLong);
    }
    text_problem(text)
}

/// Escapes text for markup: XML (feeds, sitemaps) and HTML (pre-rendered
/// pages, redirect pages), in element content and in single- or
/// double-quoted attributes alike. Control characters XML cannot hold are
/// dropped. The project's one escape function: press and render both use it.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}
