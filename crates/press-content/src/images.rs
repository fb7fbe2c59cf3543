//! The content folder's pictures (`images/`): what an article, a profile or
//! a hero may point at, checked before anything is built, and copied into
//! the output as they are.
//!
//! A site-relative image source is `/images/<path>`, and `<path>` must be a
//! plain file in the content folder's `images/`, of a picture format, within
//! [`MAX_IMAGE_BYTES`]. An SVG is a document that can carry scripts: one with
//! `<script>`, an event attribute or a `javascript:` link is refused.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use broadsheet_model::limits::{MAX_IMAGE_BYTES, MAX_IMAGE_FILES};

use crate::diagnostics::Diagnostic;

/// The picture formats a site may carry, by extension.
pub const FORMATS: &[&str] = &["jpg", "jpeg", "png", "gif", "webp", "svg"];

/// Why `src` cannot be shown, if it cannot: `images` is the content
/// folder's `images/` (`None` checks the form only).
pub fn problem(src: &str, images: Option<&Path>) -> Option<String> {
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return None;
    }
    let Some(rest) = src.strip_prefix("/images/") else {
        return Some(format!(
            "image `{src}` is not under /images/: put the file in the content folder's images/ and write /images/<name>"
        ));
    };
    if !broadsheet_model::rules::is_plain_image_path(src) {
        return Some(format!(
            "image `{src}`: a path of letters, digits, -, _ and . in names that do not start with a dot"
        ));
    }
    let extension = rest
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !FORMATS.contains(&extension.as_str()) {
        return Some(format!(
            "image `{src}` is not a picture format this site serves ({})",
            FORMATS.join(", ")
        ));
    }
    let folder = images?;
    file_problem(&folder.join(rest)).map(|why| format!("image `{src}`: {why}"))
}

/// Why the file at `path` cannot be served, if it cannot.
fn file_problem(path: &Path) -> Option<String> {
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(_) => return Some("no such file in the content folder's images/".to_owned()),
    };
    if !metadata.is_file() {
        return Some("not a plain file (a link, folder or device); copy the picture in".to_owned());
    }
    if metadata.len() > MAX_IMAGE_BYTES {
        return Some(format!(
            "{} MB, over the {} MB a picture may be",
            metadata.len() / 1_000_000,
            MAX_IMAGE_BYTES / 1_000_000
        ));
    }
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        let text = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(error) => return Some(format!("cannot read ({error})")),
        };
        if let Some(why) = svg_problem(&text) {
            return Some(why);
        }
    }
    None
}

/// Scripts in an SVG, read as the XML it is (quick-xml): a `<script>` or
/// `<foreignObject>` element, an event attribute (`onload`, any `on…`), or
/// an attribute whose value is a `javascript:` URL once entities, case and
/// spaces are undone (`&#106;ava script:` included). A file that is not
/// well-formed XML, or that declares entities, is refused too: it cannot
/// be checked, and a browser may still read it.
fn svg_problem(text: &str) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        let element = match reader.read_event() {
            Err(error) => return Some(format!("not a well-formed SVG ({error})")),
            Ok(Event::Eof) => return None,
            Ok(Event::DocType(doctype)) => {
                if doctype.as_ref().to_ascii_lowercase().contains("<!entity") {
                    return Some("an SVG that declares entities; remove its DOCTYPE".to_owned());
                }
                continue;
            }
            Ok(Event::Start(element) | Event::Empty(element)) => element,
            Ok(_) => continue,
        };
        let name = element.local_name().as_ref().to_ascii_lowercase();
        match name.as_str() {
            "script" => return Some("an SVG with a <script> element; remove it".to_owned()),
            "foreignobject" => {
                return Some(
                    "an SVG with a <foreignObject> (HTML inside a picture); remove it".to_owned(),
                )
            }
            _ => {}
        }
        for attribute in element.attributes() {
            let Ok(attribute) = attribute else {
                return Some(format!("not a well-formed SVG (an attribute of <{name}>)"));
            };
            let key = attribute.key.local_name().as_ref().to_ascii_lowercase();
            if key.starts_with("on") {
                return Some(format!(
                    "an SVG with an event attribute ({key} on <{name}>); remove it"
                ));
            }
            let Ok(value) = attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0) else {
                return Some(format!(
                    "not a well-formed SVG (the value of {key} on <{name}>)"
                ));
            };
            let plain: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if plain.contains("javascript:") {
                return Some(format!(
                    "an SVG with a javascript: link ({key} on <{name}>); remove it"
                ));
            }
        }
    }
}

/// A picture: its path under `images/` (with `/`), and its file.
pub type Picture = (String, PathBuf);

/// Every picture in `images/` (path relative to it, with `/`), sorted; and
/// a diagnostic for everything else there, so that nothing is dropped
/// without a word. Hidden files and editor backups are not content.
pub fn list(images: &Path) -> Result<(Vec<Picture>, Vec<Diagnostic>)> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !images.exists() {
        return Ok((files, problems));
    }
    let walk = walkdir::WalkDir::new(images)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            entry.depth() == 0 || !(name.starts_with('.') || name.ends_with('~'))
        });
    for entry in walk {
        let entry = entry.with_context(|| format!("{}: cannot list", images.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        let relative = path
            .strip_prefix(images)
            .ok()
            .and_then(|r| r.to_str())
            .map(|r| r.replace(std::path::MAIN_SEPARATOR, "/"));
        let why = match &relative {
            None => Some("the file name is not valid UTF-8; rename the file".to_owned()),
            Some(relative) => problem(&format!("/images/{relative}"), Some(images)),
        };
        match (why, relative) {
            (None, Some(relative)) => files.push((relative, path.to_owned())),
            (Some(why), _) => problems.push(Diagnostic::new(path, 1, "file", why)),
            (None, None) => {}
        }
        if files.len() > MAX_IMAGE_FILES {
            anyhow::bail!(
                "{}: more than {MAX_IMAGE_FILES} pictures; press stops here",
                images.display()
            );
        }
    }
    Ok((files, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_under_images_and_plain() {
        for good in [
            "/images/a.svg",
            "/images/authors/b-1_c.JPG",
            "https://cdn.example/x.jpg",
        ] {
            assert_eq!(problem(good, None), None, "{good}");
        }
        for bad in [
            "/images/../data/site.json",
            "/data/site.json",
            "/images/.hidden.png",
            "/images/a b.png",
            "/images/a.html",
            "/images/",
            "/images//a.png",
            "/favicon.svg",
            "images/a.png",
        ] {
            assert!(problem(bad, None).is_some(), "{bad}");
        }
    }

    #[test]
    fn svg_scripts_are_found() {
        for bad in [
            "<svg><script>alert(1)</script></svg>",
            "<svg><SCRIPT>alert(1)</SCRIPT></svg>",
            "<svg onload=\"x()\"></svg>",
            "<svg>\n<rect\n  onclick = 'x()'/></svg>",
            "<svg><a href=\"javascript:x()\"><text>t</text></a></svg>",
            "<svg><a xlink:href=\"&#106;ava&#x09;script:x()\"><text>t</text></a></svg>",
            "<svg><a href=\" JaVaScRiPt:x()\"/></svg>",
            "<svg><set attributeName=\"href\" to=\"javascript:x()\"/></svg>",
            "<svg><foreignObject><div/></foreignObject></svg>",
            "<!DOCTYPE svg [<!ENTITY a \"b\">]><svg>&a;</svg>",
            "<svg><rect",
            "<svg><rect width=1/></svg>",
        ] {
            assert!(svg_problem(bad).is_some(), "{bad}");
        }
        for good in [
            "<svg viewBox=\"0 0 1 1\"><text>carbon monoxide</text><rect id=\"one\"/></svg>",
            "<svg><g font-family=\"x\"><text>on = off; javascript is a language</text></g></svg>",
            "<?xml version=\"1.0\"?><!-- onload=x --><svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"https://example.org/\"><text>t</text></a></svg>",
        ] {
            assert_eq!(svg_problem(good), None, "{good}");
        }
    }
}
