//! `content/site.toml`: site name, base URL and the section tree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use broadsheet_model::limits::MAX_SITE_TOML_BYTES;
use broadsheet_model::paths::{is_reserved_segment, RESERVED_SEGMENTS};
use broadsheet_model::validate::{field_problem, text_problem};
use broadsheet_model::{SectionNode, SectionPath, SectionRef};
use chrono::Offset;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, LineIndex};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    name: Spanned<String>,
    #[serde(default = "empty_text")]
    tagline: Spanned<String>,
    #[serde(default)]
    description: Option<Spanned<String>>,
    base_url: Spanned<String>,
    #[serde(default = "default_language")]
    language: Spanned<String>,
    /// The newsroom's UTC offset, `"+01:00"`: `press new` writes times in it.
    #[serde(default)]
    time_zone: Option<Spanned<String>>,
    #[serde(default = "default_page_size")]
    section_page_size: Spanned<usize>,
    sections: Spanned<Vec<RawSection>>,
    /// `[popular]`: how `press popular` reads this site's logs.
    #[serde(default)]
    popular: Option<RawPopular>,
    /// `numerals = "arab"`: the digits of dates and counts.
    #[serde(default)]
    numerals: Option<Spanned<String>>,
    /// `[strings]`: the site's own words for any text of the interface.
    #[serde(default)]
    strings: BTreeMap<String, Spanned<toml::Value>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPopular {
    /// One of `log_format::FORMAT_NAMES`.
    #[serde(default)]
    log_format: Option<Spanned<String>>,
    /// The named-field pattern for `log_format = "pattern"`.
    #[serde(default)]
    log_pattern: Option<Spanned<String>>,
}

/// `"+01:00"`, `"-05:30"` or `"Z"` → the offset.
fn parse_offset(text: &str) -> Option<chrono::FixedOffset> {
    if text == "Z" || text == "+00:00" {
        return chrono::FixedOffset::east_opt(0);
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (hours, minutes) = rest.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let seconds = hours.parse::<i32>().ok()? * 3600 + minutes.parse::<i32>().ok()? * 60;
    chrono::FixedOffset::east_opt(sign * seconds)
}

fn empty_text() -> Spanned<String> {
    Spanned::new(0..0, String::new())
}

fn default_language() -> Spanned<String> {
    Spanned::new(0..0, "en".to_owned())
}

/// `base_url` goes into every feed, sitemap, canonical link and redirect,
/// so it must be a plain absolute URL that needs no escaping anywhere:
/// http(s), a host, an optional port and path, and nothing else (no query,
/// fragment, user name, space, quote or control character). Returns it
/// without its trailing `/`.
fn check_base_url(text: &str) -> std::result::Result<String, String> {
    let shown = broadsheet_model::validate::escape_hostile(text);
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return Err(format!(
            "must start with https:// or http://, found {shown:?}"
        ));
    }
    if let Some(c) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-._~/:%[]".contains(*c)))
    {
        return Err(format!(
            "{shown:?} holds {c:?}: a base URL is a scheme, a host, an optional port and a path, with no query, fragment, space or quote (write other characters percent-encoded)"
        ));
    }
    let url = url::Url::parse(text).map_err(|e| format!("{shown:?} is not a URL: {e}"))?;
    let authority = text.split_once("://").map_or("", |(_, rest)| rest);
    if url.host_str().is_none_or(str::is_empty) || authority.starts_with('/') {
        return Err(format!("{shown:?} has no host"));
    }
    let path = authority.find('/').map_or("", |at| &authority[at..]);
    if path
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        return Err(format!(
            "{shown:?}: its path must not hold `.` or `..` segments"
        ));
    }
    let base = text.trim_end_matches('/');
    if base.len() <= "https://".len() {
        return Err(format!("{shown:?} has no host"));
    }
    Ok(base.to_owned())
}

/// `language`: a BCP 47 tag (`en`, `de-CH`, `zh-Hant-TW`), as pages'
/// `lang` and feeds' `xml:lang` need.
fn check_language(text: &str) -> std::result::Result<(), String> {
    match language_tags::LanguageTag::parse(text) {
        // Primary subtags of five to eight letters are well-formed but none
        // is registered: a word such as "english" is a mistake.
        Ok(tag) if tag.validate().is_ok() && (2..=3).contains(&tag.primary_language().len()) => {
            Ok(())
        }
        Ok(_) => Err(format!(
            "{:?} is not a language tag with a two- or three-letter language (BCP 47, such as \"en\", \"de-CH\" or \"ar\")",
            broadsheet_model::validate::escape_hostile(text)
        )),
        Err(e) => Err(format!(
            "{:?} is not a language tag (BCP 47, such as \"en\", \"de-CH\" or \"ar\"): {e}",
            broadsheet_model::validate::escape_hostile(text)
        )),
    }
}

fn default_page_size() -> Spanned<usize> {
    Spanned::new(0..0, 20)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    path: Spanned<String>,
    name: Spanned<String>,
}

/// A problem in `site.toml`: its line and field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}: field `{}`: {}",
            self.line, self.field, self.message
        )
    }
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub name: String,
    pub tagline: String,
    /// The front page's meta description (`description`, or a sentence made
    /// from the tagline or the name).
    pub description: String,
    /// Without a trailing slash.
    pub base_url: String,
    pub language: String,
    /// The content folder's `images/`, when the config was read from a
    /// folder (`None` for text parsed alone): pictures are checked there.
    pub images_dir: Option<PathBuf>,
    /// The newsroom's UTC offset (`time_zone`, default: this machine's).
    pub time_zone: chrono::FixedOffset,
    pub section_page_size: usize,
    /// `[popular] log_format` (and `log_pattern`): the site's log format, if set.
    pub log_format: Option<press_logs::LogFormat>,
    /// Sections in navigation order (parents before their children).
    pub sections: Vec<Section>,
    /// The interface's words (`crate::catalogue`), `site.json`'s `strings`.
    pub strings: BTreeMap<String, String>,
    pub numerals: broadsheet_model::Numerals,
    by_path: BTreeMap<String, usize>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub path: SectionPath,
    pub name: String,
}

impl Section {
    pub fn reference(&self) -> SectionRef {
        SectionRef {
            path: self.path.as_path(),
            name: self.name.clone(),
        }
    }
}

impl SiteConfig {
    /// Reads and checks `site.toml`; a problem names the file, the line and the field.
    pub fn load(path: &Path) -> Result<SiteConfig> {
        SiteConfig::load_hashed(path).map(|(config, _)| config)
    }

    /// [`SiteConfig::load`], and a hash of the bytes it read (what else an
    /// article's parse read, for `press watch`: `file_cache::context`).
    pub fn load_hashed(path: &Path) -> Result<(SiteConfig, u64)> {
        let metadata = std::fs::metadata(path)
            .with_context(|| format!("{}: cannot read the site configuration", path.display()))?;
        if !metadata.is_file() {
            anyhow::bail!("{}: not a plain file; not read", path.display());
        }
        // A link is followed only to a file inside the content folder.
        if let (Ok(target), Some(folder)) = (std::fs::canonicalize(path), path.parent()) {
            let folder = std::fs::canonicalize(folder).unwrap_or_default();
            if !target.starts_with(&folder) {
                anyhow::bail!(
                    "{}: a symbolic link that leads outside the content folder; not followed",
                    path.display()
                );
            }
        }
        let bytes = crate::read::read_limited(path, MAX_SITE_TOML_BYTES)
            .map_err(|problem| anyhow::anyhow!("{problem}"))?;
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        let text = String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!(
                "{}:1: not valid UTF-8; save the file as UTF-8",
                path.display()
            )
        })?;
        let mut config = SiteConfig::parse(&text).map_err(|problem| {
            let diagnostic = Diagnostic::new(path, problem.line, &problem.field, problem.message);
            anyhow::anyhow!("{diagnostic}")
        })?;
        config.images_dir = Some(path.parent().unwrap_or(Path::new(".")).join("images"));
        Ok((config, hash))
    }

    pub fn parse(text: &str) -> std::result::Result<SiteConfig, ConfigProblem> {
        let lines = LineIndex::new(text);
        let problem =
            |span: std::ops::Range<usize>, field: String, message: String| ConfigProblem {
                line: lines.line_of(span.start),
                field,
                message,
            };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            problem(span, "site.toml".to_owned(), e.message().to_owned())
        })?;
        // Text readers see, in every page, feed and title: publishable, and
        // the name and section names visible.
        let mut texts: Vec<(&Spanned<String>, String, bool)> = vec![
            (&raw.name, "name".to_owned(), true),
            (&raw.tagline, "tagline".to_owned(), false),
        ];
        if let Some(description) = &raw.description {
            texts.push((description, "description".to_owned(), false));
        }
        for (index, section) in raw.sections.get_ref().iter().enumerate() {
            texts.push((&section.name, format!("sections[{index}].name"), true));
        }
        for (value, field, visible) in texts {
            let found = if visible {
                field_problem(value.get_ref())
            } else {
                text_problem(value.get_ref())
            };
            if let Some(found) = found {
                return Err(problem(value.span(), field, found.to_string()));
            }
        }
        let base_url = check_base_url(raw.base_url.get_ref())
            .map_err(|why| problem(raw.base_url.span(), "base_url".to_owned(), why))?;
        if let Err(why) = check_language(raw.language.get_ref()) {
            return Err(problem(raw.language.span(), "language".to_owned(), why));
        }
        if *raw.section_page_size.get_ref() == 0 {
            return Err(problem(
                raw.section_page_size.span(),
                "section_page_size".to_owned(),
                "must be at least 1".to_owned(),
            ));
        }
        let mut sections = Vec::new();
        let mut by_path = BTreeMap::new();
        for (index, raw_section) in raw.sections.get_ref().iter().enumerate() {
            let field = format!("sections[{index}].path");
            let at = raw_section.path.span();
            let text_path = raw_section.path.get_ref();
            let first = broadsheet_model::paths::top_level_of(text_path);
            if is_reserved_segment(first) {
                return Err(problem(
                    at,
                    field,
                    format!(
                        "`{first}` is kept for the site's own pages and files ({}); choose another path",
                        RESERVED_SEGMENTS.join(", ")
                    ),
                ));
            }
            let Some(path) = SectionPath::parse(text_path) else {
                return Err(problem(at, field, format!("{text_path:?} is not a valid section path (lowercase letters, digits and hyphens, separated by /)")));
            };
            let ancestors = path.ancestors_and_self();
            if let Some(parent) = ancestors.iter().rev().nth(1) {
                if !by_path.contains_key(&parent.as_path()) {
                    return Err(problem(
                        at,
                        field,
                        format!("parent section `{parent}` of `{path}` must be listed before it"),
                    ));
                }
            }
            if by_path.insert(path.as_path(), sections.len()).is_some() {
                return Err(problem(
                    at,
                    field,
                    format!("section `{path}` is listed twice"),
                ));
            }
            sections.push(Section {
                path,
                name: raw_section.name.get_ref().clone(),
            });
        }
        if sections.is_empty() {
            return Err(problem(
                raw.sections.span(),
                "sections".to_owned(),
                "at least one section is needed".to_owned(),
            ));
        }
        let time_zone = match &raw.time_zone {
            None => chrono::Local::now().offset().fix(),
            Some(zone) => parse_offset(zone.get_ref()).ok_or_else(|| {
                problem(
                    zone.span(),
                    "time_zone".to_owned(),
                    format!(
                        "{:?} is not a UTC offset such as \"+01:00\", \"-05:00\" or \"Z\"",
                        zone.get_ref()
                    ),
                )
            })?,
        };
        let log_format = match &raw.popular {
            None => None,
            Some(popular) => {
                let pattern = popular.log_pattern.as_ref().map(|p| p.get_ref().as_str());
                let (name, span, field) = match (&popular.log_format, &popular.log_pattern) {
                    (Some(name), _) => (name.get_ref().as_str(), name.span(), "popular.log_format"),
                    (None, Some(pattern)) => ("pattern", pattern.span(), "popular.log_pattern"),
                    (None, None) => ("combined", 0..0, "popular"),
                };
                let format = press_logs::LogFormat::from_name(name, pattern)
                    .map_err(|why| problem(span, field.to_owned(), why))?;
                Some(format)
            }
        };
        let numerals = match &raw.numerals {
            None => broadsheet_model::Numerals::Latn,
            Some(name) => broadsheet_model::Numerals::ALL
                .into_iter()
                .find(|n| n.name() == name.get_ref())
                .ok_or_else(|| {
                    problem(
                        name.span(),
                        "numerals".to_owned(),
                        format!(
                            "{:?} is not one of \"latn\" (0–9), \"arab\" (٠–٩) or \"arabext\" (۰–۹)",
                            broadsheet_model::validate::escape_hostile(name.get_ref())
                        ),
                    )
                })?,
        };
        let strings = crate::catalogue::strings_for(raw.language.get_ref(), &raw.strings).map_err(
            |found| ConfigProblem {
                line: found.at.map_or_else(
                    || {
                        // The `[strings]` table, or `language`, for a text missing.
                        text.find("[strings]")
                            .map_or(lines.line_of(raw.language.span().start), |at| {
                                lines.line_of(at)
                            })
                    },
                    |at| lines.line_of(at),
                ),
                field: found.field,
                message: found.message,
            },
        )?;
        let name = raw.name.into_inner();
        let tagline = raw.tagline.into_inner();
        let description = match raw.description.map(Spanned::into_inner) {
            Some(description) if !description.trim().is_empty() => description,
            _ if !tagline.is_empty() => tagline.clone(),
            // In the site's language: "The latest news from {name}."
            _ => broadsheet_model::strings::fill(
                strings
                    .get("site_description")
                    .map_or("{name}", String::as_str),
                &[("name", &name)],
            ),
        };
        Ok(SiteConfig {
            name,
            tagline,
            description,
            base_url,
            language: raw.language.into_inner(),
            images_dir: None,
            time_zone,
            section_page_size: raw.section_page_size.into_inner(),
            log_format,
            sections,
            strings,
            numerals,
            by_path,
        })
    }

    /// Where the site is served: `""` at a domain's root, `/news` under a sub-path.
    pub fn base_path(&self) -> String {
        broadsheet_model::paths::base_path(&self.base_url)
    }

    /// Every section's path, in navigation order.
    pub fn section_paths(&self) -> Vec<String> {
        self.sections.iter().map(|s| s.path.as_path()).collect()
    }

    pub fn section(&self, path: &str) -> Option<&Section> {
        self.by_path.get(path).map(|&index| &self.sections[index])
    }

    /// Ancestors of a section, outermost first, the section itself last.
    pub fn trail(&self, path: &SectionPath) -> Vec<SectionRef> {
        path.ancestors_and_self()
            .iter()
            .filter_map(|p| self.section(&p.as_path()))
            .map(Section::reference)
            .collect()
    }

    /// Direct children of a section, in configuration order.
    pub fn children(&self, path: &SectionPath) -> Vec<&Section> {
        let depth = path.segments().len();
        self.sections
            .iter()
            .filter(|s| {
                s.path.segments().len() == depth + 1
                    && s.path.segments().starts_with(path.segments())
            })
            .collect()
    }

    pub fn top_level(&self) -> impl Iterator<Item = &Section> {
        self.sections
            .iter()
            .filter(|s| s.path.segments().len() == 1)
    }

    /// The section tree as written into `site.json`.
    pub fn tree(&self) -> Vec<SectionNode> {
        fn node(config: &SiteConfig, section: &Section) -> SectionNode {
            SectionNode {
                path: section.path.as_path(),
                name: section.name.clone(),
                children: config
                    .children(&section.path)
                    .into_iter()
                    .map(|c| node(config, c))
                    .collect(),
            }
        }
        self.top_level().map(|s| node(self, s)).collect()
    }
}

/// The site.toml of a new content folder: generated archives (`press
/// generate`) and imports (`press import`) start from it.
pub const SITE_TOML: &str = r#"name = "Broadsheet (synthetic)"
tagline = "Generated content for scale tests"
base_url = "https://synthetic.broadsheet.example"

[[sections]]
path = "world"
name = "World"
[[sections]]
path = "world/asia"
name = "Asia"
[[sections]]
path = "world/europe"
name = "Europe"
[[sections]]
path = "world/americas"
name = "Americas"
[[sections]]
path = "world/africa"
name = "Africa"
[[sections]]
path = "business"
name = "Business"
[[sections]]
path = "business/economy"
name = "Economy"
[[sections]]
path = "business/markets"
name = "Markets"
[[sections]]
path = "technology"
name = "Technology"
[[sections]]
path = "science"
name = "Science"
[[sections]]
path = "science/climate"
name = "Climate"
[[sections]]
path = "sport"
name = "Sport"
[[sections]]
path = "culture"
name = "Culture"
[[sections]]
path = "opinion"
name = "Opinion"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
name = "Test"
base_url = "https://example.org/"
[[sections]]
path = "world"
name = "World"
[[sections]]
path = "world/asia"
name = "Asia"
[[sections]]
path = "sport"
name = "Sport"
"#;

    #[test]
    fn tree_and_trail() {
        let config = SiteConfig::parse(GOOD).unwrap();
        assert_eq!(config.base_url, "https://example.org");
        let tree = config.tree();
        assert_eq!(tree.len(), 2);
        assert_eq!(tree[0].children[0].path, "world/asia");
        let trail = config.trail(&SectionPath::parse("world/asia").unwrap());
        assert_eq!(
            trail.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["World", "Asia"]
        );
    }

    #[test]
    fn orphan_and_duplicate_sections_are_rejected() {
        let orphan = GOOD.replace("path = \"world/asia\"", "path = \"europe/asia\"");
        assert!(SiteConfig::parse(&orphan)
            .unwrap_err()
            .to_string()
            .contains("parent section"));
        let twice = format!("{GOOD}\n[[sections]]\npath = \"sport\"\nname = \"Again\"\n");
        assert!(SiteConfig::parse(&twice)
            .unwrap_err()
            .to_string()
            .contains("twice"));
        let bad_url = GOOD.replace("https://example.org/", "example.org");
        assert!(SiteConfig::parse(&bad_url)
            .unwrap_err()
            .to_string()
            .contains("base_url"));
    }

    #[test]
    fn base_url_needs_no_escaping_anywhere() {
        for good in [
            "https://example.org/",
            "http://127.0.0.1:8080",
            "https://example.org/news/",
            "https://xn--bcher-kva.example/a%20b/",
            "http://[::1]:8081/",
        ] {
            let text = GOOD.replace("https://example.org/", good);
            assert!(SiteConfig::parse(&text).is_ok(), "{good}");
        }
        for bad in [
            "https://example.org/\\\"x",
            "https://example.org/<b>",
            "https://example.org/\\u001b[31m",
            "https://example.org/?q=1",
            "https://example.org/#top",
            "https://user@example.org/",
            "https://exa mple.org/",
            "https:///news",
            "https://",
            "https://example.org/a/../b",
            "javascript:alert(1)",
        ] {
            let text = GOOD.replace("https://example.org/", bad);
            let problem = SiteConfig::parse(&text).unwrap_err();
            assert_eq!(
                (problem.field.as_str(), problem.line),
                ("base_url", 3),
                "{bad}: {problem}"
            );
        }
    }

    #[test]
    fn language_is_a_bcp47_tag() {
        for good in ["en", "de-CH", "ar", "ja", "fr-CA", "es-419"] {
            let text = format!("language = \"{good}\"\n{GOOD}");
            assert!(SiteConfig::parse(&text).is_ok(), "{good}");
        }
        // Good tags without a catalogue: the language is right, the words
        // are missing (catalogue::tests gives them all under [strings]).
        for uncatalogued in ["zh-Hant-TW", "sr-Latn", "pt-BR"] {
            let text = format!("language = \"{uncatalogued}\"\n{GOOD}");
            let problem = SiteConfig::parse(&text).unwrap_err();
            assert_eq!(problem.field, "strings", "{uncatalogued}: {problem}");
            assert!(problem.message.contains("no catalogue"), "{problem}");
        }
        for bad in [
            "",
            "english",
            "en_US",
            "en-",
            "\\\"><script>",
            "e\\u001bn",
            "123",
        ] {
            let text = format!("language = \"{bad}\"\n{GOOD}");
            let problem = SiteConfig::parse(&text).unwrap_err();
            assert_eq!(
                (problem.field.as_str(), problem.line),
                ("language", 1),
                "{bad}: {problem}"
            );
        }
    }

    #[test]
    fn reserved_paths_are_refused_with_their_line() {
        for reserved in ["tags", "authors", "search", "data", "feeds", "images"] {
            let text = GOOD.replace("path = \"sport\"", &format!("path = \"{reserved}\""));
            let problem = SiteConfig::parse(&text).unwrap_err();
            assert_eq!(problem.field, "sections[2].path", "{reserved}");
            assert_eq!(problem.line, 11, "{reserved}");
            assert!(problem.message.contains("kept for the site"), "{problem}");
        }
    }

    #[test]
    fn text_readers_see_is_checked_with_its_line() {
        let invisible = GOOD.replacen("name = \"World\"", "name = \"\\u200B\"", 1);
        let problem = SiteConfig::parse(&invisible).unwrap_err();
        assert_eq!(problem.field, "sections[0].name");
        assert!(problem.message.contains("invisible"), "{}", problem.message);
        assert_eq!(
            problem.line,
            invisible.lines().position(|l| l.contains("u200B")).unwrap() + 1
        );
        let spoofed = format!("tagline = \"News \\u202E\"\n{GOOD}");
        let problem = SiteConfig::parse(&spoofed).unwrap_err();
        assert_eq!((problem.line, problem.field.as_str()), (1, "tagline"));
    }

    #[test]
    fn description_defaults_to_the_tagline_or_the_name() {
        let config = SiteConfig::parse(GOOD).unwrap();
        assert_eq!(config.description, "The latest news from Test.");
        let tagged = format!("tagline = \"River news\"\n{GOOD}");
        assert_eq!(
            SiteConfig::parse(&tagged).unwrap().description,
            "River news"
        );
        assert_eq!(config.base_path(), "");
    }
}
