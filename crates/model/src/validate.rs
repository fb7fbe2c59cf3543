//! Validation rules shared by press (at build time) and the app (at fetch time).

use thiserror::Error;

use crate::types::{Article, Block, Inline};
use crate::SCHEMA_VERSION;

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
    if href.is_empty() || href.chars().any(|c| c.is_control() || c.is_whitespace()) {
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
}

/// Checks the version of any file.
pub fn check_schema_version(found: u32) -> Result<(), ValidationError> {
    if found == SCHEMA_VERSION {
        Ok(())
    } else {
        Err(ValidationError::SchemaVersion { found })
    }
}

/// Checks an article as the app receives it: version, headline, links and images.
pub fn validate_article(article: &Article) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    if let Err(e) = check_schema_version(article.schema_version) {
        errors.push(e);
    }
    if article.headline.trim().is_empty() {
        errors.push(ValidationError::Empty {
            field: "headline".into(),
        });
    }
    for (index, block) in article.body.iter().enumerate() {
        let field = format!("body[{index}]");
        match block {
            Block::Paragraph { content } | Block::Quote { content, .. } => {
                check_inlines(content, &field, &mut errors)
            }
            Block::List { items, .. } => {
                for item in items {
                    check_inlines(item, &field, &mut errors);
                }
            }
            Block::Figure { image } => {
                if image.alt.trim().is_empty() {
                    errors.push(ValidationError::MissingAlt {
                        field: field.clone(),
                    });
                }
                if !is_safe_image_src(&image.src) {
                    errors.push(ValidationError::UnsafeLink {
                        field,
                        href: image.src.clone(),
                    });
                }
            }
            Block::Subheading { .. }
            | Block::PullQuote { .. }
            | Block::Divider
            | Block::Unknown => {}
        }
    }
    errors
}

fn check_inlines(inlines: &[Inline], field: &str, errors: &mut Vec<ValidationError>) {
    for inline in inlines {
        match inline {
            Inline::Link { href, content } => {
                if !is_safe_href(href) {
                    errors.push(ValidationError::UnsafeLink {
                        field: field.to_owned(),
                        href: href.clone(),
                    });
                }
                check_inlines(content, field, errors);
            }
            Inline::Emphasis { content } | Inline::Strong { content } => {
                check_inlines(content, field, errors)
            }
            Inline::Text { .. } | Inline::LineBreak | Inline::Unknown => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
