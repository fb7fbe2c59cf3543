//! Where the site lives. Hosted at a domain's root, links are `/world`;
//! hosted under a sub-path (`base_url = "https://example.org/news"` in
//! `content/site.toml`), they are `/news/world`. Data and components keep
//! site-relative URLs (`/world`); [`href`] adds the base when a link or image
//! is rendered, and [`strip_base`] removes it from the browser's path.
//!
//! The base is set once at start-up: by the app from the page's
//! `<meta name="broadsheet-base">`, by crates/render from trunk's public URL.

use std::sync::OnceLock;

use broadsheet_model::rules::is_plain_image_path;
use broadsheet_model::validate::{is_safe_href, is_safe_image_src};
use broadsheet_model::{ImageFormat, Ladder};

static BASE: OnceLock<String> = OnceLock::new();

/// Sets the site's base path (`/` or `/news/`). Only the first call counts.
pub fn set_base(base: &str) {
    let _ = BASE.set(normalize(base));
}

/// `""` at a domain's root, `/news` under a sub-path.
pub fn base() -> &'static str {
    BASE.get().map(String::as_str).unwrap_or("")
}

/// The `href` to render for a link from the data: `None` (no `href` at
/// all, so nothing to click) unless it passes the model's one safety check,
/// [`is_safe_href`]. The app and the pre-rendered pages both render links
/// through here.
pub fn href(url: &str) -> Option<String> {
    is_safe_href(url).then(|| href_with(base(), url))
}

/// The `src` to render for an image from the data: `None` unless it passes
/// [`is_safe_image_src`]; callers then render no image.
pub fn src(url: &str) -> Option<String> {
    is_safe_image_src(url).then(|| href_with(base(), url))
}

/// The `srcset` of one format of a photo's ladder, each file under the
/// site's base: `None` unless the ladder's base is a plain path under
/// `/images/` (nothing in it can split or add a candidate).
pub fn srcset(ladder: &Ladder, format: ImageFormat) -> Option<String> {
    srcset_with(base(), ladder, format)
}

fn srcset_with(base: &str, ladder: &Ladder, format: ImageFormat) -> Option<String> {
    if !is_plain_image_path(&ladder.base) {
        return None;
    }
    let candidates: Vec<String> = ladder
        .widths
        .iter()
        .map(|width| format!("{} {width}w", href_with(base, &ladder.url(*width, format))))
        .collect();
    Some(candidates.join(", "))
}

/// The site-relative path for a browser path.
pub fn strip_base(pathname: &str) -> &str {
    strip_with(base(), pathname)
}

/// Whether a browser path is this site's (under its base path): only those
/// links navigate inside the app.
pub fn is_under_base(pathname: &str) -> bool {
    is_under(base(), pathname)
}

fn is_under(base: &str, pathname: &str) -> bool {
    strip_with(base, pathname) != OUTSIDE
}

/// What [`strip_base`] gives for a path outside the site: nothing matches it.
const OUTSIDE: &str = "/\u{0}";

/// `/news/` → `/news`, `/` → ``.
fn normalize(base: &str) -> String {
    let trimmed = base.trim_end_matches('/');
    if trimmed.is_empty() || !trimmed.starts_with('/') {
        String::new()
    } else {
        trimmed.to_owned()
    }
}

fn href_with(base: &str, url: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        format!("{base}{url}")
    } else {
        url.to_owned()
    }
}

fn strip_with<'a>(base: &str, pathname: &'a str) -> &'a str {
    match pathname.strip_prefix(base) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ if base.is_empty() => pathname,
        _ => OUTSIDE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ladder_is_a_srcset_under_the_base() {
        let ladder = Ladder {
            base: "/images/a.0123456789abcdef".into(),
            widths: vec![160, 320],
            formats: vec![ImageFormat::Avif, ImageFormat::Jpeg],
        };
        assert_eq!(
            srcset_with("/news", &ladder, ImageFormat::Avif).as_deref(),
            Some("/news/images/a.0123456789abcdef-160.avif 160w, /news/images/a.0123456789abcdef-320.avif 320w")
        );
        for base in [
            "/images/a b",
            "/images/a,1",
            "/data/x",
            "https://e.org/images/a",
            "/images/../x",
        ] {
            let hostile = Ladder {
                base: base.into(),
                ..ladder.clone()
            };
            assert_eq!(srcset_with("", &hostile, ImageFormat::Jpeg), None, "{base}");
        }
    }

    #[test]
    fn links_under_a_sub_path() {
        assert_eq!(normalize("/news/"), "/news");
        assert_eq!(normalize("/"), "");
        assert_eq!(href_with("/news", "/world/asia"), "/news/world/asia");
        assert_eq!(href_with("/news", "/"), "/news/");
        assert_eq!(
            href_with("/news", "https://example.org/x"),
            "https://example.org/x"
        );
        assert_eq!(
            href_with("/news", "mailto:desk@example.org"),
            "mailto:desk@example.org"
        );
        assert_eq!(href_with("", "/world"), "/world");
        assert_eq!(strip_with("/news", "/news/world"), "/world");
        assert_eq!(strip_with("/news", "/news"), "/");
        assert_eq!(strip_with("/news", "/news/"), "/");
        assert_eq!(strip_with("/news", "/newsroom"), "/\u{0}");
        assert_eq!(strip_with("", "/world"), "/world");
        for (base, path, under) in [
            ("/news", "/news", true),
            ("/news", "/news/", true),
            ("/news", "/news/world", true),
            ("/news", "/newsroom", false),
            ("/news", "/", false),
            ("/news", "/world", false),
            ("", "/", true),
            ("", "/world/asia", true),
        ] {
            assert_eq!(is_under(base, path), under, "{base:?} {path:?}");
        }
    }

    #[test]
    fn unsafe_links_and_sources_render_nothing() {
        for bad in [
            "javascript:alert(1)",
            "//evil.example",
            "data:text/html,x",
            " /world",
        ] {
            assert_eq!(href(bad), None, "{bad}");
            assert_eq!(src(bad), None, "{bad}");
        }
        assert_eq!(src("mailto:desk@example.org"), None);
        assert_eq!(href("/world").as_deref(), Some("/world"));
        assert_eq!(src("/images/a.svg").as_deref(), Some("/images/a.svg"));
    }
}
