//! The interface's own words: every text the reader's app and the
//! pre-rendered pages show that is not the newsroom's content.
//!
//! `Text` is the one list of keys. press fills `site.json`'s `strings` from
//! its catalogue for the site's language (crates/press-content/catalogues/),
//! with the site's `[strings]` overrides; the app and render read them
//! through [`Site::text`] and friends. A text that depends on a number is
//! stored once per CLDR plural category (`story_count.one`,
//! `story_count.other`, …), chosen by [`plural_category`].
//!
//! Plural rules and digits are written here rather than taken from ICU4X or
//! `intl_pluralrules`: the six languages Broadsheet ships need a few lines
//! each, and the CLDR data those crates carry would cost the first load more
//! than the whole catalogue does (docs/performance.md).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::json::FromJson;
use crate::types::Site;

macro_rules! texts {
    ($($variant:ident = $key:literal $(: $counted:ident)?,)*) => {
        /// One text of the interface, by its key in the catalogues.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Text {
            $($variant,)*
        }

        impl Text {
            /// Every key, in the catalogues' order.
            pub const ALL: &'static [Text] = &[$(Text::$variant,)*];

            /// The key in the catalogues and in `site.json`'s `strings`.
            pub fn key(self) -> &'static str {
                match self {
                    $(Text::$variant => $key,)*
                }
            }

            /// Whether the text depends on a number (one entry per plural category).
            pub fn is_counted(self) -> bool {
                match self {
                    $(Text::$variant => texts!(@counted $($counted)?),)*
                }
            }
        }
    };
    (@counted counted) => { true };
    (@counted) => { false };
}

texts! {
    SkipToContent = "skip_to_content",
    Home = "home",
    Sections = "sections",
    Search = "search",
    SearchTheArchive = "search_the_archive",
    Breadcrumb = "breadcrumb",
    BrowseTheArchive = "browse_the_archive",
    Archive = "archive",
    Tags = "tags",
    RssFeed = "rss_feed",
    Loading = "loading",
    ErrorTitle = "error_title",
    TryAgain = "try_again",
    NotFoundTitle = "not_found_title",
    NotFoundText = "not_found_text",
    GoToFront = "go_to_front",
    ErrorNotFound = "error_not_found",
    ErrorServer = "error_server",
    ErrorRefused = "error_refused",
    ErrorNetwork = "error_network",
    ErrorDamaged = "error_damaged",
    FrontPage = "front_page",
    TopStories = "top_stories",
    Latest = "latest",
    Stories = "stories",
    Subsections = "subsections",
    Pages = "pages",
    NewerStories = "newer_stories",
    OlderStories = "older_stories",
    PageOf = "page_of",
    TitlePage = "title_page",
    StoryCount = "story_count": counted,
    TagKicker = "tag_kicker",
    ArchiveKicker = "archive_kicker",
    MonthsOf = "months_of",
    Initials = "initials",
    StoriesBy = "stories_by",
    StoriesByRole = "stories_by_role",
    StoriesAbout = "stories_about",
    StoriesFrom = "stories_from",
    SectionStoriesFrom = "section_stories_from",
    SectionPeriod = "section_period",
    TagsDescription = "tags_description",
    ArchiveDescription = "archive_description",
    SearchDescription = "search_description",
    SectionDescription = "section_description",
    SiteDescription = "site_description",
    Draft = "draft",
    DraftNote = "draft_note",
    Published = "published",
    Updated = "updated",
    MoreFromMonth = "more_from_month",
    By = "by",
    ListAnd = "list_and",
    ListComma = "list_comma",
    Correction = "correction": counted,
    NewStories = "new_stories": counted,
    Breaking = "breaking",
    BreakingNews = "breaking_news",
    Dismiss = "dismiss",
    MostPopular = "most_popular",
    LatestStories = "latest_stories",
    RelatedStories = "related_stories",
    MoreFrom = "more_from",
    LoadingSearch = "loading_search",
    SearchNeedsJs = "search_needs_js",
    ArchiveLink = "archive_link",
    TagsPageLink = "tags_page_link",
    Section = "section",
    AllSections = "all_sections",
    Year = "year",
    AnyYear = "any_year",
    Order = "order",
    BestMatch = "best_match",
    NewestFirst = "newest_first",
    ResultsFor = "results_for": counted,
    ResultsForFiltered = "results_for_filtered": counted,
    NoResults = "no_results",
    NoResultsFiltered = "no_results_filtered",
    OnlyCommonWords = "only_common_words",
    TypeAWord = "type_a_word",
    NearestWord = "nearest_word",
    SomeWords = "some_words",
    SearchTips = "search_tips",
    OnlyStories = "only_stories",
    FilterBy = "filter_by",
    FilterTagged = "filter_tagged",
    SearchAll = "search_all",
    MoreResults = "more_results",
    Searching = "searching",
    SearchUnavailable = "search_unavailable",
    Date = "date",
    DateTime = "date_time",
    MonthYear = "month_year",
    Month1 = "month_1",
    Month2 = "month_2",
    Month3 = "month_3",
    Month4 = "month_4",
    Month5 = "month_5",
    Month6 = "month_6",
    Month7 = "month_7",
    Month8 = "month_8",
    Month9 = "month_9",
    Month10 = "month_10",
    Month11 = "month_11",
    Month12 = "month_12",
}

impl Text {
    /// The month's name (1 is January); `None` outside 1–12.
    pub fn month(month: u32) -> Option<Text> {
        let index = usize::try_from(month).ok()?.checked_sub(1)?;
        const MONTHS: [Text; 12] = [
            Text::Month1,
            Text::Month2,
            Text::Month3,
            Text::Month4,
            Text::Month5,
            Text::Month6,
            Text::Month7,
            Text::Month8,
            Text::Month9,
            Text::Month10,
            Text::Month11,
            Text::Month12,
        ];
        MONTHS.get(index).copied()
    }
}

/// The digits a site writes numbers in (a CLDR numbering system): `latn`
/// 0–9, `arab` Arabic-Indic ٠–٩, `arabext` Extended Arabic-Indic (Persian,
/// Urdu) ۰–۹.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "snake_case")]
pub enum Numerals {
    #[default]
    Latn,
    Arab,
    Arabext,
}

impl Numerals {
    pub const ALL: [Numerals; 3] = [Numerals::Latn, Numerals::Arab, Numerals::Arabext];

    pub fn name(self) -> &'static str {
        match self {
            Numerals::Latn => "latn",
            Numerals::Arab => "arab",
            Numerals::Arabext => "arabext",
        }
    }

    fn zero(self) -> Option<char> {
        match self {
            Numerals::Latn => None,
            Numerals::Arab => Some('\u{660}'),
            Numerals::Arabext => Some('\u{6F0}'),
        }
    }

    /// `text` with its ASCII digits in these numerals.
    pub fn apply(self, text: &str) -> Cow<'_, str> {
        match self.zero() {
            Some(zero) if text.bytes().any(|b| b.is_ascii_digit()) => Cow::Owned(
                text.chars()
                    .map(|c| match c.to_digit(10) {
                        Some(d) if c.is_ascii_digit() => {
                            char::from_u32(zero as u32 + d).unwrap_or(c)
                        }
                        _ => c,
                    })
                    .collect(),
            ),
            _ => Cow::Borrowed(text),
        }
    }
}

/// A language's primary subtag, lowercased: `de` for `de-CH`.
pub fn primary(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Whether `language` is written right to left (its primary subtag).
pub fn is_rtl(language: &str) -> bool {
    matches!(
        primary(language).as_str(),
        "ar" | "fa" | "he" | "ur" | "ps" | "sd" | "yi" | "dv" | "ckb" | "ug"
    )
}

/// The CLDR plural category of `n` in `language`, for the languages
/// Broadsheet ships catalogues for (others: English's rule).
pub fn plural_category(language: &str, n: u64) -> &'static str {
    match primary(language).as_str() {
        "ja" | "zh" | "ko" | "th" | "vi" | "id" | "ms" => "other",
        "fr" => match n {
            0 | 1 => "one",
            n if n != 0 && n % 1_000_000 == 0 => "many",
            _ => "other",
        },
        "es" | "it" | "pt" => match n {
            1 => "one",
            n if n != 0 && n % 1_000_000 == 0 => "many",
            _ => "other",
        },
        "ar" => match (n, n % 100) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        },
        "he" => match n {
            1 => "one",
            2 => "two",
            _ => "other",
        },
        _ => match n {
            1 => "one",
            _ => "other",
        },
    }
}

/// The plural categories a counted text needs in `language`.
pub fn plural_categories(language: &str) -> &'static [&'static str] {
    match primary(language).as_str() {
        "ja" | "zh" | "ko" | "th" | "vi" | "id" | "ms" => &["other"],
        "fr" | "es" | "it" | "pt" => &["one", "many", "other"],
        "ar" => &["zero", "one", "two", "few", "many", "other"],
        "he" => &["one", "two", "other"],
        _ => &["one", "other"],
    }
}

/// A part of a text: words as they are, or a `{slot}` to fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Words(&'a str),
    Slot(&'a str),
}

/// `text` cut at its `{slots}`. A `{` without its `}` is words.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let name = &rest[open + 1..close];
        if !is_slot_name(name) {
            out.push(Piece::Words(&rest[..=open]));
            rest = &rest[open + 1..];
            continue;
        }
        if open > 0 {
            out.push(Piece::Words(&rest[..open]));
        }
        out.push(Piece::Slot(name));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Words(rest));
    }
    // Adjacent words (from a lone `{`) joined back.
    let mut joined: Vec<Piece<'_>> = Vec::with_capacity(out.len());
    for piece in out {
        match (joined.last_mut(), piece) {
            (Some(Piece::Words(before)), Piece::Words(words)) => {
                let start = before.as_ptr() as usize - text.as_ptr() as usize;
                let end = words.as_ptr() as usize - text.as_ptr() as usize + words.len();
                *before = &text[start..end];
            }
            (_, piece) => joined.push(piece),
        }
    }
    joined
}

fn is_slot_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// The slot names of `text`, in order.
pub fn slots(text: &str) -> Vec<&str> {
    pieces(text)
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Slot(name) => Some(name),
            Piece::Words(_) => None,
        })
        .collect()
}

/// `text` with each `{slot}` replaced by its value; a slot without one is kept.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for piece in pieces(text) {
        match piece {
            Piece::Words(words) => out.push_str(words),
            Piece::Slot(name) => match values.iter().find(|(slot, _)| *slot == name) {
                Some((_, value)) => out.push_str(value),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// The key under which a counted text's form for `category` is stored.
pub fn counted_key(text: Text, category: &str) -> String {
    format!("{}.{category}", text.key())
}

impl Site {
    /// The interface's text for `key` ("" if `site.json` lacks it, which
    /// validation refuses).
    pub fn text(&self, key: Text) -> &str {
        self.strings.get(key.key()).map_or("", String::as_str)
    }

    /// `key`'s text with its slots filled.
    pub fn fill(&self, key: Text, values: &[(&str, &str)]) -> String {
        fill(self.text(key), values)
    }

    /// A counted text's form for `n`, with `{n}` in the site's numerals and
    /// the other slots filled.
    pub fn count(&self, key: Text, n: u64, values: &[(&str, &str)]) -> String {
        let category = plural_category(&self.language, n);
        let form = self
            .strings
            .get(&counted_key(key, category))
            .or_else(|| self.strings.get(&counted_key(key, "other")))
            .map_or("", String::as_str);
        let number = self.digits(&n.to_string()).into_owned();
        let mut all = Vec::with_capacity(values.len() + 1);
        all.push(("n", number.as_str()));
        all.extend_from_slice(values);
        fill(form, &all)
    }

    /// `text`'s digits in the site's numerals.
    pub fn digits<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.numerals.apply(text)
    }

    /// `rtl` for a right-to-left language, else `ltr`.
    pub fn direction(&self) -> &'static str {
        if is_rtl(&self.language) {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The keys `strings` must hold for this site's language.
    pub fn required_string_keys(&self) -> Vec<String> {
        let categories = plural_categories(&self.language);
        let mut keys = Vec::with_capacity(Text::ALL.len() + 8);
        for &text in Text::ALL {
            if text.is_counted() {
                keys.extend(categories.iter().map(|c| counted_key(text, c)));
            } else {
                keys.push(text.key().to_owned());
            }
        }
        keys
    }
}

#[cfg(test)]
mod tests;
