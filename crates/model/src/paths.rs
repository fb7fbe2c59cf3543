//! Site URLs and the JSON paths that follow from them, without any lookup.
//!
//! | URL                                   | JSON file                                              |
//! |---------------------------------------|--------------------------------------------------------|
//! | `/`                                   | `data/front.json`                                      |
//! | `/world/asia`                         | `data/sections/world/asia/page-1.json`                 |
//! | `/world/asia/page/2`                  | `data/sections/world/asia/page-2.json`                 |
//! | `/world/asia/2024/05/30/some-slug`    | `data/articles/world/asia/2024/05/30/some-slug.json`   |
//!
//! Every segment is checked by [`is_valid_slug`] before it can become part of
//! a fetch URL, so no `..`, `%2F`, query or scheme can sneak into a request.
//!
//! [`Route`] is the one list of page kinds. Its URL ([`Route::url`]), its JSON
//! file ([`Route::json_path`]) and the way back from a file to its route
//! ([`Route::from_json_path`]) are all here; the app and render match on it
//! exhaustively, so a new page kind does not compile until both handle it.

use std::fmt;

use crate::rules::is_valid_slug;

/// The JSON file that describes the site.
pub const SITE_JSON: &str = "data/site.json";
/// The JSON file of the front page.
pub const FRONT_JSON: &str = "data/front.json";
/// The JSON file of the "Most popular" lists.
pub const POPULAR_JSON: &str = "data/popular.json";
/// Old article URLs and where they moved (the app follows them without a page load).
pub const REDIRECTS_JSON: &str = "data/redirects.json";
/// The stories marked breaking whose banner is up (the app shows it on every page).
pub const BREAKING_JSON: &str = "data/breaking.json";

/// The files under `data/` that are not a page's data: every other JSON file
/// there belongs to a [`Route`] (see [`Route::from_json_path`]).
pub const NON_PAGE_DATA: &[&str] = &[SITE_JSON, POPULAR_JSON, REDIRECTS_JSON, BREAKING_JSON];
/// Path segment that introduces a page number in section URLs.
pub const PAGE_SEGMENT: &str = "page";

/// First path segments that belong to the site itself, now or in coming page
/// kinds and outputs, so no section may be called by them: a section `tags`
/// would take the URL of the tag pages, a section `data` the JSON API's folder.
pub const RESERVED_SEGMENTS: &[&str] = &[
    "archive", "authors", "data", "feeds", "images", "search", "sitemaps", "tags",
];

/// Whether `segment` is kept for the site's own URLs (see [`RESERVED_SEGMENTS`]).
pub fn is_reserved_segment(segment: &str) -> bool {
    RESERVED_SEGMENTS.contains(&segment)
}

/// `world` for `world/asia`: the top-level section of a section path string.
pub fn top_level_of(section_path: &str) -> &str {
    let trimmed = section_path.trim_start_matches('/');
    trimmed.split('/').next().unwrap_or(trimmed)
}

/// The path part of the site's `base_url`, as a prefix without a trailing
/// slash: `""` for `https://example.org`, `/news` for `https://example.org/news/`.
/// The one setting for hosting under a sub-path.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let path = path.trim_matches('/');
    if path.is_empty() {
        String::new()
    } else {
        format!("/{path}")
    }
}

/// A validated section path such as `world/asia`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SectionPath {
    segments: Vec<String>,
}

impl SectionPath {
    /// Parses `world/asia` (slashes at either end are ignored).
    pub fn parse(path: &str) -> Option<SectionPath> {
        let segments: Vec<String> = path
            .trim_matches('/')
            .split('/')
            .map(str::to_owned)
            .collect();
        SectionPath::from_segments(segments)
    }

    pub fn from_segments(segments: Vec<String>) -> Option<SectionPath> {
        let all_valid = !segments.is_empty()
            && !is_reserved_segment(&segments[0])
            && segments.iter().all(|s| {
                // All digits is a year or a month of the section's archive.
                is_valid_slug(s) && s != PAGE_SEGMENT && !s.bytes().all(|b| b.is_ascii_digit())
            });
        all_valid.then_some(SectionPath { segments })
    }

    pub fn segments(&self) -> &[String] {
        &self.segments
    }

    /// `world/asia`.
    pub fn as_path(&self) -> String {
        self.segments.join("/")
    }

    /// The top-level section: `world` for `world/asia`.
    pub fn top_level(&self) -> &str {
        &self.segments[0]
    }

    /// `world/asia` → `[world, world/asia]`.
    pub fn ancestors_and_self(&self) -> Vec<SectionPath> {
        (1..=self.segments.len())
            .map(|n| SectionPath {
                segments: self.segments[..n].to_vec(),
            })
            .collect()
    }

    /// Site-relative URL of page `page` (1-based) of this section.
    pub fn url(&self, page: u32) -> String {
        if page <= 1 {
            format!("/{}", self.as_path())
        } else {
            format!("/{}/{PAGE_SEGMENT}/{page}", self.as_path())
        }
    }

    /// JSON file of page `page` (1-based) of this section, relative to the site root.
    pub fn json_path(&self, page: u32) -> String {
        format!("data/sections/{}/page-{}.json", self.as_path(), page.max(1))
    }
}

impl fmt::Display for SectionPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments.iter().enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            f.write_str(segment)?;
        }
        Ok(())
    }
}

/// A validated article location: section, publication date and slug.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticlePath {
    pub section: SectionPath,
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub slug: String,
}

impl ArticlePath {
    pub fn new(
        section: SectionPath,
        year: u16,
        month: u8,
        day: u8,
        slug: &str,
    ) -> Option<ArticlePath> {
        let date_ok =
            (1..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
        (date_ok && is_valid_slug(slug)).then(|| ArticlePath {
            section,
            year,
            month,
            day,
            slug: slug.to_owned(),
        })
    }

    /// Parses a site-relative article URL such as `/world/asia/2024/05/30/slug`.
    pub fn parse(url: &str) -> Option<ArticlePath> {
        match Route::parse(url) {
            Route::Article(path) => Some(path),
            _ => None,
        }
    }

    /// `/world/asia/2024/05/30/slug`.
    pub fn url(&self) -> String {
        self.joined("/", "")
    }

    /// `data/articles/world/asia/2024/05/30/slug.json`, relative to the site root.
    pub fn json_path(&self) -> String {
        self.joined("data/articles/", ".json")
    }

    /// Whether `url` is this story's [`ArticlePath::url`], read without
    /// making it (a build compares every story's with the last build's).
    pub fn has_url(&self, url: &str) -> bool {
        let mut rest = url.as_bytes();
        let mut take = |part: &[u8]| match rest.strip_prefix(part) {
            Some(after) => {
                rest = after;
                true
            }
            None => false,
        };
        let digits = |number: u32, width: usize| Padded::of(number, width);
        take(b"/")
            && self
                .section
                .segments
                .iter()
                .all(|segment| take(segment.as_bytes()) && take(b"/"))
            && take(digits(u32::from(self.year), 4).bytes())
            && take(b"/")
            && take(digits(u32::from(self.month), 2).bytes())
            && take(b"/")
            && take(digits(u32::from(self.day), 2).bytes())
            && take(b"/")
            && take(self.slug.as_bytes())
            && rest.is_empty()
    }

    /// `{before}world/asia/2024/05/30/slug{after}`, made without the
    /// formatting machinery: a build makes these for every story several
    /// times over (the same text as `format!` with `{:04}` and `{:02}`).
    fn joined(&self, before: &str, after: &str) -> String {
        let segments: usize = self.section.segments.iter().map(|s| s.len() + 1).sum();
        let mut text =
            String::with_capacity(before.len() + segments + 11 + self.slug.len() + after.len());
        text.push_str(before);
        for segment in &self.section.segments {
            text.push_str(segment);
            text.push('/');
        }
        push_padded(&mut text, u32::from(self.year), 4);
        text.push('/');
        push_padded(&mut text, u32::from(self.month), 2);
        text.push('/');
        push_padded(&mut text, u32::from(self.day), 2);
        text.push('/');
        text.push_str(&self.slug);
        text.push_str(after);
        text
    }
}

/// `number` in decimal, with leading zeros to at least `width` digits.
fn push_padded(text: &mut String, number: u32, width: usize) {
    for &digit in Padded::of(number, width).bytes() {
        text.push(char::from(digit));
    }
}

/// A number's decimal digits, with leading zeros to a width, on the stack.
struct Padded {
    digits: [u8; 10],
    start: usize,
}

impl Padded {
    fn of(number: u32, width: usize) -> Padded {
        let mut digits = [b'0'; 10];
        let mut rest = number;
        let mut used = 0;
        while rest > 0 || used == 0 {
            digits[digits.len() - 1 - used] = b'0' + (rest % 10) as u8;
            rest /= 10;
            used += 1;
        }
        let start = digits.len() - used.max(width).min(digits.len());
        Padded { digits, start }
    }

    fn bytes(&self) -> &[u8] {
        &self.digits[self.start..]
    }
}

/// What a site-relative URL path points at: every kind of page the site has.
///
/// Adding a variant is how a page kind is added (see ARCHITECTURE.md, "Recipes"):
/// the compiler then names every place that must handle it, in the model, the
/// app (`routes::path_page`, `routes::route_content`) and render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Front,
    Section {
        path: SectionPath,
        page: u32,
    },
    Article(ArticlePath),
    /// `/authors/{slug}[/page/{n}]`: a writer's profile and stories.
    Author {
        slug: String,
        page: u32,
    },
    /// `/tags/{slug}[/page/{n}]`: the stories with a tag.
    Tag {
        slug: String,
        page: u32,
    },
    /// `/tags`: every tag.
    Tags,
    /// `/archive/{yyyy}[/{mm}]` for the whole site, `/{section}/{yyyy}[/{mm}]`
    /// for a section (each `[/page/{n}]`): the natural parents of an article's URL.
    Archive {
        section: Option<SectionPath>,
        year: u16,
        month: Option<u8>,
        page: u32,
    },
    /// `/archive`: browse by month.
    ArchiveIndex,
    /// `/search?q=…`: the archive's search (the query is not part of the
    /// route; the search module reads it). Its index is under
    /// `search::SEARCH_DIR`, not a page's data.
    Search,
    NotFound,
    /// Only with the `exhaustiveness-probe` feature: a page kind nobody
    /// handles, which `cargo xtask test` uses to prove that the app and render
    /// fail to compile until they handle every page kind.
    #[cfg(feature = "exhaustiveness-probe")]
    Probe,
}

impl Route {
    /// Parses the path part of a URL (no query, no fragment, base path already removed).
    pub fn parse(pathname: &str) -> Route {
        let trimmed = pathname.trim_matches('/');
        if trimmed.is_empty() || trimmed == "index.html" {
            return Route::Front;
        }
        let segments: Vec<&str> = trimmed.split('/').collect();
        if let Some(article) = parse_article(&segments) {
            return Route::Article(article);
        }
        if looks_like_article(&segments) {
            // An impossible date or a bad slug: not a section either.
            return Route::NotFound;
        }
        let (segments, page) = match segments.as_slice() {
            [rest @ .., PAGE_SEGMENT, number] => match parse_page_number(number) {
                Some(page) => (rest, page),
                None => return Route::NotFound,
            },
            all => (all, 1),
        };
        match segments {
            [] => Route::NotFound,
            ["authors", slug] if is_valid_slug(slug) => Route::Author {
                slug: (*slug).to_owned(),
                page,
            },
            ["tags"] if page == 1 => Route::Tags,
            ["tags", slug] if is_valid_slug(slug) => Route::Tag {
                slug: (*slug).to_owned(),
                page,
            },
            ["archive"] if page == 1 => Route::ArchiveIndex,
            ["search"] if page == 1 => Route::Search,
            ["archive", period @ ..] => archive(None, period, page),
            ["authors" | "tags", ..] => Route::NotFound,
            [section @ .., year] if is_year(year) => archive(Some(section), &[year], page),
            [section @ .., year, month] if is_year(year) => {
                archive(Some(section), &[year, month], page)
            }
            section => {
                let owned = section.iter().map(|s| (*s).to_owned()).collect();
                match SectionPath::from_segments(owned) {
                    Some(path) => Route::Section { path, page },
                    None => Route::NotFound,
                }
            }
        }
    }

    /// The JSON file this route's view is built from, if any.
    pub fn json_path(&self) -> Option<String> {
        match self {
            Route::Front => Some(FRONT_JSON.to_owned()),
            Route::Section { path, page } => Some(path.json_path(*page)),
            Route::Article(article) => Some(article.json_path()),
            Route::Author { slug, page } => Some(format!("data/authors/{slug}/page-{page}.json")),
            Route::Tag { slug, page } => Some(format!("data/tags/{slug}/page-{page}.json")),
            Route::Tags => Some(TAGS_JSON.to_owned()),
            Route::Archive {
                section,
                year,
                month,
                page,
            } => Some(format!(
                "data/archive/{}{}/page-{page}.json",
                section
                    .as_ref()
                    .map(|s| format!("{}/", s.as_path()))
                    .unwrap_or_default(),
                period(*year, *month)
            )),
            Route::ArchiveIndex => Some(ARCHIVE_JSON.to_owned()),
            Route::Search => None,
            Route::NotFound => None,
            #[cfg(feature = "exhaustiveness-probe")]
            Route::Probe => None,
        }
    }

    /// The site-relative URL of this route; `None` for not-found, which has
    /// no address of its own.
    pub fn url(&self) -> Option<String> {
        match self {
            Route::Front => Some("/".to_owned()),
            Route::Section { path, page } => Some(path.url(*page)),
            Route::Article(article) => Some(article.url()),
            Route::Author { slug, page } => Some(paged(format!("/authors/{slug}"), *page)),
            Route::Tag { slug, page } => Some(paged(format!("/tags/{slug}"), *page)),
            Route::Tags => Some("/tags".to_owned()),
            Route::Archive {
                section,
                year,
                month,
                page,
            } => Some(paged(
                format!(
                    "/{}/{}",
                    section
                        .as_ref()
                        .map_or("archive".to_owned(), SectionPath::as_path),
                    period(*year, *month)
                ),
                *page,
            )),
            Route::ArchiveIndex => Some("/archive".to_owned()),
            Route::Search => Some("/search".to_owned()),
            Route::NotFound => None,
            #[cfg(feature = "exhaustiveness-probe")]
            Route::Probe => None,
        }
    }

    /// The route whose view a JSON file of the site is made for: the inverse of
    /// [`Route::json_path`]. `None` for files that are not a page's data
    /// (`site.json`, `popular.json`) and for anything that does not validate.
    pub fn from_json_path(relative: &str) -> Option<Route> {
        if relative == FRONT_JSON {
            return Some(Route::Front);
        }
        let stem = relative.strip_suffix(".json")?;
        if let Some(rest) = stem.strip_prefix("data/sections/") {
            let (section, page) = rest.rsplit_once('/')?;
            let page = parse_page_number(page.strip_prefix("page-")?)?;
            let path = SectionPath::parse(section)?;
            let route = Route::Section { path, page };
            return (route.json_path().as_deref() == Some(relative)).then_some(route);
        }
        // The listings: the file's path names the route's URL.
        let listing = ["data/authors/", "data/tags/", "data/archive/"]
            .iter()
            .find_map(|prefix| stem.strip_prefix(prefix).map(|rest| (*prefix, rest)));
        if let Some((prefix, rest)) = listing {
            let kind = &prefix["data/".len()..prefix.len() - 1];
            let url = match rest.rsplit_once('/') {
                None if rest == "index" => format!("/{kind}"),
                Some((subject, page)) => {
                    let page = parse_page_number(page.strip_prefix("page-")?)?;
                    let subject = if kind == "archive"
                        && !subject.starts_with(|c: char| c.is_ascii_digit())
                    {
                        subject.to_owned()
                    } else {
                        format!("{kind}/{subject}")
                    };
                    paged(format!("/{subject}"), page)
                }
                None => return None,
            };
            let route = Route::parse(&url);
            return (route.json_path().as_deref() == Some(relative)).then_some(route);
        }
        if let Some(rest) = stem.strip_prefix("data/articles/") {
            let route = Route::parse(rest);
            return (matches!(route, Route::Article(_))
                && route.json_path().as_deref() == Some(relative))
            .then_some(route);
        }
        None
    }
}

/// `data/tags/index.json`: every tag.
/// The longest old URL kept as an alias.
pub const MAX_OLD_URL: usize = 512;

/// An old URL a story may redirect from (its `aliases`): a Broadsheet article
/// URL, or a path from the system the site moved from, such as WordPress's
/// `/2019/01/04/dam-opens` or `/news/dam.html`. Normalised: no trailing
/// slash. A path is refused when it is (or could become) one of this site's
/// own pages, so an alias can never hide a page: it must not parse as a
/// route, nor start with a reserved segment. Segments are plain ASCII
/// (letters, digits, `-`, `_`, `.`, `~`), so the old path is the same string
/// on every host and file system.
pub fn old_url(url: &str) -> Option<String> {
    let url = url.trim();
    if let Some(path) = ArticlePath::parse(url) {
        return Some(path.url());
    }
    let trimmed = url.strip_suffix('/').unwrap_or(url);
    let rest = trimmed.strip_prefix('/')?;
    let segments: Vec<&str> = rest.split('/').collect();
    let plain = |s: &&str| {
        !s.is_empty()
            && *s != "."
            && *s != ".."
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
    };
    // Hidden names (`.git`, `.well-known`) are the host's, never a story's.
    let hidden = |s: &&str| s.starts_with('.');
    let fine = trimmed.len() <= MAX_OLD_URL
        && segments.len() <= 16
        && segments.iter().all(plain)
        && !segments.iter().any(hidden)
        && !is_reserved_segment(segments[0])
        && !is_site_file(segments[0], segments.len())
        && Route::parse(trimmed) == Route::NotFound;
    fine.then(|| trimmed.to_owned())
}

/// Whether the first segment of a path names one of the files a site keeps
/// at its root: press's (`robots.txt`, `sitemap.xml`, `_redirects`), the
/// host's (`_headers`), the app's (`index.html`, `404.html`, its scripts,
/// styles and WebAssembly) or a browser's (`favicon.ico`). An old URL there
/// would overwrite it, or be hidden by it.
fn is_site_file(first: &str, segments: usize) -> bool {
    const ROOT_FILE_TYPES: &[&str] = &[
        "txt",
        "xml",
        "json",
        "js",
        "mjs",
        "css",
        "wasm",
        "map",
        "ico",
        "svg",
        "png",
        "webmanifest",
        "br",
        "gz",
    ];
    if first.starts_with('_') || first == "index.html" || first == "404.html" {
        return true;
    }
    segments == 1
        && first
            .rsplit_once('.')
            .is_some_and(|(_, kind)| ROOT_FILE_TYPES.contains(&kind.to_ascii_lowercase().as_str()))
}

pub const TAGS_JSON: &str = "data/tags/index.json";
/// `data/archive/index.json`: every month with stories.
pub const ARCHIVE_JSON: &str = "data/archive/index.json";

/// `/x` for page 1, `/x/page/{n}` after.
fn paged(url: String, page: u32) -> String {
    if page <= 1 {
        url
    } else {
        format!("{url}/{PAGE_SEGMENT}/{page}")
    }
}

/// `2026` or `2026/11`.
fn period(year: u16, month: Option<u8>) -> String {
    match month {
        Some(month) => format!("{year:04}/{month:02}"),
        None => format!("{year:04}"),
    }
}

fn is_year(text: &str) -> bool {
    text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) && text != "0000"
}

/// An archive route: `section` (none for the whole site), then `[yyyy]` or `[yyyy, mm]`.
fn archive(section: Option<&[&str]>, period: &[&str], page: u32) -> Route {
    let section = match section {
        None => None,
        Some(segments) => {
            match SectionPath::from_segments(segments.iter().map(|s| (*s).to_owned()).collect()) {
                Some(path) => Some(path),
                None => return Route::NotFound,
            }
        }
    };
    let (year, month) = match period {
        [year] if is_year(year) => (*year, None),
        [year, month] if is_year(year) && month.len() == 2 => match parse_digits::<u8>(month) {
            Some(m @ 1..=12) => (*year, Some(m)),
            _ => return Route::NotFound,
        },
        _ => return Route::NotFound,
    };
    match parse_digits(year) {
        Some(year) => Route::Archive {
            section,
            year,
            month,
            page,
        },
        None => Route::NotFound,
    }
}

fn parse_article(segments: &[&str]) -> Option<ArticlePath> {
    let [section @ .., year, month, day, slug] = segments else {
        return None;
    };
    if section.is_empty() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let section = SectionPath::from_segments(section.iter().map(|s| (*s).to_owned()).collect())?;
    ArticlePath::new(
        section,
        parse_digits(year)?,
        parse_digits(month)?,
        parse_digits(day)?,
        slug,
    )
}

fn looks_like_article(segments: &[&str]) -> bool {
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    matches!(segments, [_, .., year, month, day, _] if digits(year, 4) && digits(month, 2) && digits(day, 2))
}

fn parse_digits<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

fn parse_page_number(text: &str) -> Option<u32> {
    // No leading zeros and no page 0: one page has exactly one URL.
    if text.starts_with('0') || text.len() > 6 {
        return None;
    }
    parse_digits(text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn article_urls_are_what_format_makes() {
        use super::{ArticlePath, SectionPath};
        for (section, year, month, day) in [
            ("world", 2024, 5, 30),
            ("world/asia", 1, 1, 1),
            ("a/b/c", 9999, 12, 31),
            ("sport", 207, 10, 9),
            ("x", 10, 11, 10),
        ] {
            let section = SectionPath::parse(section).unwrap();
            let path = ArticlePath::new(section.clone(), year, month, day, "a-slug").unwrap();
            let dated = format!("{}/{year:04}/{month:02}/{day:02}/a-slug", section.as_path());
            assert_eq!(path.url(), format!("/{dated}"));
            assert_eq!(path.json_path(), format!("data/articles/{dated}.json"));
            assert_eq!(format!("{section}"), section.as_path());
            let url = path.url();
            assert!(path.has_url(&url));
            for other in [
                format!("{url}/"),
                url[..url.len() - 1].to_owned(),
                url[1..].to_owned(),
                url.replacen("/a-slug", "/b-slug", 1),
                url.replacen(&format!("/{year:04}/"), &format!("/{}/", year + 1), 1),
                format!("/x{url}"),
                String::new(),
            ] {
                assert!(!path.has_url(&other), "{other}");
            }
        }
    }

    #[test]
    fn old_urls() {
        use super::old_url;
        assert_eq!(
            old_url("/world/2026/10/14/harbour-strike-ends").as_deref(),
            Some("/world/2026/10/14/harbour-strike-ends")
        );
        assert_eq!(
            old_url("/2019/01/04/dam-opens/").as_deref(),
            Some("/2019/01/04/dam-opens")
        );
        assert_eq!(old_url("/news/dam.html").as_deref(), Some("/news/dam.html"));
        assert_eq!(
            old_url("/dam-opens.html").as_deref(),
            Some("/dam-opens.html")
        );
        assert_eq!(old_url("/news/feed.xml").as_deref(), Some("/news/feed.xml"));
        for refused in [
            "",
            "/",
            "relative/path",
            "/world",
            "/world/asia",
            "/tags/x",
            "/data/x.json",
            "/archive/2019",
            "/world/2019/01",
            "/a/../b",
            "/a//b",
            "/caf%C3%A9",
            "/a b",
            "/?p=12",
            "/index.html",
            "//evil.example/x",
            "/robots.txt",
            "/sitemap.xml",
            "/news-sitemap.xml",
            "/_redirects",
            "/_headers",
            "/404.html",
            "/favicon.ico",
            "/.git/config",
            "/.well-known/security.txt",
            "/old/.hidden/story",
        ] {
            assert_eq!(old_url(refused), None, "{refused}");
        }
    }

    use super::*;

    fn check(url: &str, expected_json: Option<&str>) {
        let route = Route::parse(url);
        assert_eq!(
            route.json_path().as_deref(),
            expected_json,
            "url {url:?} → {route:?}"
        );
        // Every route that has a URL of its own must print back to the same URL.
        match &route {
            Route::Article(article) => assert_eq!(article.url(), url.trim_end_matches('/')),
            Route::Section { path, page } => assert_eq!(path.url(*page), url.trim_end_matches('/')),
            _ => {}
        }
    }

    #[test]
    fn routes_map_to_json_files() {
        let cases = [
            ("/", Some("data/front.json")),
            ("", Some("data/front.json")),
            ("/world", Some("data/sections/world/page-1.json")),
            ("/world/", Some("data/sections/world/page-1.json")),
            ("/world/asia", Some("data/sections/world/asia/page-1.json")),
            (
                "/world/asia/page/3",
                Some("data/sections/world/asia/page-3.json"),
            ),
            (
                "/world/asia/2024/05/30/kim-jong-un-heads-home",
                Some("data/articles/world/asia/2024/05/30/kim-jong-un-heads-home.json"),
            ),
            (
                "/business/2026/01/02/a1",
                Some("data/articles/business/2026/01/02/a1.json"),
            ),
            // Rejected: traversal, encoded slashes, odd characters, bad pages, bad dates.
            ("/../etc/passwd", None),
            ("/world/%2e%2e", None),
            ("/World", None),
            ("/world/asia/page/0", None),
            ("/world/asia/page/01", None),
            ("/world/asia/page/x", None),
            ("/world//asia", None),
            ("/world/asia/2024/13/30/slug", None),
            ("/world/asia/2024/05/32/slug", None),
            ("/world/page", None),
            ("/world/asia/2024/05/30/Bad_Slug", None),
            ("/http:/evil.example", None),
        ];
        for (url, json) in cases {
            check(url, json);
        }
    }

    #[test]
    fn json_paths_lead_back_to_their_routes() {
        for url in [
            "/",
            "/world",
            "/world/asia/page/12",
            "/world/asia/2024/05/30/kim-jong-un-heads-home",
        ] {
            let route = Route::parse(url);
            let json = route.json_path().unwrap();
            assert_eq!(Route::from_json_path(&json), Some(route.clone()), "{json}");
            assert_eq!(route.url().as_deref(), Some(url));
        }
        for not_a_page in [
            "data/site.json",
            "data/popular.json",
            "data/sections/world/page-0.json",
            "data/sections/world/page-01.json",
            "data/sections/world/index.json",
            "data/sections/tags/page-1.json",
            "data/articles/world/2024/05/30/x.txt",
            "data/articles/world/asia.json",
            "data/articles/../2024/05/30/x.json",
            "other/front.json",
        ] {
            assert_eq!(Route::from_json_path(not_a_page), None, "{not_a_page}");
        }
        assert_eq!(Route::NotFound.url(), None);
    }

    #[test]
    fn reserved_segments_are_not_sections() {
        for reserved in RESERVED_SEGMENTS {
            assert!(
                !matches!(Route::parse(&format!("/{reserved}")), Route::Section { .. }),
                "{reserved}"
            );
            assert_eq!(SectionPath::parse(reserved), None);
        }
        // Only the first segment is the site's: `world/images` is a fine section.
        assert!(SectionPath::parse("world/images").is_some());
    }

    #[test]
    fn base_paths() {
        assert_eq!(base_path("https://broadsheet.example"), "");
        assert_eq!(base_path("https://broadsheet.example/"), "");
        assert_eq!(base_path("https://example.org/news"), "/news");
        assert_eq!(base_path("https://example.org/a/b/"), "/a/b");
        assert_eq!(top_level_of("world/asia"), "world");
        assert_eq!(top_level_of("/world"), "world");
    }

    #[test]
    fn a_date_without_section_is_nothing() {
        // Four segments only: there is no section in front of the date, and
        // an all-digit segment is never a section (it is a year or a month).
        assert_eq!(Route::parse("/2024/05/30/slug"), Route::NotFound);
        assert_eq!(SectionPath::parse("world/2024"), None);
    }

    #[test]
    fn listings_map_to_json_files_and_back() {
        let cases = [
            (
                "/authors/elena-varga",
                "data/authors/elena-varga/page-1.json",
            ),
            (
                "/authors/elena-varga/page/2",
                "data/authors/elena-varga/page-2.json",
            ),
            ("/tags", "data/tags/index.json"),
            ("/tags/rail", "data/tags/rail/page-1.json"),
            ("/tags/index", "data/tags/index/page-1.json"),
            ("/tags/rail/page/3", "data/tags/rail/page-3.json"),
            ("/archive", "data/archive/index.json"),
            ("/archive/2026", "data/archive/2026/page-1.json"),
            ("/archive/2026/11", "data/archive/2026/11/page-1.json"),
            (
                "/archive/2026/11/page/2",
                "data/archive/2026/11/page-2.json",
            ),
            ("/world/2026", "data/archive/world/2026/page-1.json"),
            (
                "/world/asia/2026/11",
                "data/archive/world/asia/2026/11/page-1.json",
            ),
            (
                "/world/asia/2026/11/page/4",
                "data/archive/world/asia/2026/11/page-4.json",
            ),
        ];
        for (url, json) in cases {
            let route = Route::parse(url);
            assert_eq!(route.json_path().as_deref(), Some(json), "{url}");
            assert_eq!(route.url().as_deref(), Some(url), "{url}");
            assert_eq!(Route::from_json_path(json), Some(route), "{json}");
        }
        for not_found in [
            "/authors",
            "/authors/Elena",
            "/authors/a/b",
            "/tags/page/2",
            "/tags/a/b",
            "/archive/page/2",
            "/archive/26",
            "/archive/0000",
            "/archive/2026/13",
            "/archive/2026/00",
            "/archive/2026/1",
            "/archive/2026/11/30",
            "/world/2026/13",
            "/tags/2026/11",
            "/archive/world/2026",
        ] {
            assert_eq!(Route::parse(not_found), Route::NotFound, "{not_found}");
        }
        for not_a_page in [
            "data/tags/rail.json",
            "data/tags/rail/page-0.json",
            "data/archive/2026/13/page-1.json",
            "data/archive/archive/2026/page-1.json",
            "data/authors/index.json",
            "data/authors/Bad/page-1.json",
        ] {
            assert_eq!(Route::from_json_path(not_a_page), None, "{not_a_page}");
        }
    }

    #[test]
    fn section_ancestors() {
        let path = SectionPath::parse("world/asia").unwrap();
        let names: Vec<String> = path
            .ancestors_and_self()
            .iter()
            .map(|p| p.as_path())
            .collect();
        assert_eq!(names, ["world", "world/asia"]);
        assert_eq!(path.top_level(), "world");
    }
}
