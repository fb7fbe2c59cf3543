//! Search of the whole archive on a static host: the words of a text as the
//! index and the reader's queries both see them, the shapes of the index
//! files, and how a query is matched and ranked.
//!
//! press writes the index (`crates/press-site/src/search_index.rs`) and the
//! search module of the app reads it (`src/search.rs`); both go through
//! [`for_each_term`], so a word is found exactly when it was indexed.
//! docs/search.md describes the design, docs/json-api.md the files.
//!
//! The index is made of small files, so a query fetches a few kilobytes of
//! even a 100,000-story archive:
//! - `data/search/index.json` ([`SearchIndex`]): the shard keys, the sections
//!   and the years;
//! - `data/search/terms/{hex of key}.json` ([`TermShard`]): the terms that
//!   begin with a key, each with its postings (story, impact, section);
//! - `data/search/docs/{n}.json` ([`DocShard`]): what a result shows, for
//!   [`SearchIndex::docs_per_file`] stories each. Stories are numbered by
//!   date ([`Numbering`]): oldest first since issue 31, so a new story takes
//!   the next number and the files of the other stories stay as they are;
//!   newest first in index files written before. A year is a range of
//!   numbers either way.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::json::FromJson;

use crate::types::{Image, SectionRef};

pub mod analysis;
pub use analysis::Analyzer;

/// Where the index lives: not page data (render makes no page of it).
pub const SEARCH_DIR: &str = "data/search/";
/// The index's table of contents.
pub const INDEX_JSON: &str = "data/search/index.json";
/// Stories per file under `data/search/docs/` that press writes (the index
/// says how many in [`SearchIndex::docs_per_file`]): few, as a page of
/// results is scattered over as many files as it has results.
pub const DOCS_PER_FILE: u32 = 8;
/// The most stories a docs file may say it holds (a reader's limit).
pub const MAX_DOCS_PER_FILE: u32 = 256;
/// What [`SearchIndex::docs_per_file`] was before the index said it.
pub const DOCS_PER_FILE_BEFORE_V2: u32 = 16;
/// Postings kept per term, the most relevant first: a word in more stories
/// than this is matched in its best ones (see docs/search.md).
pub const MAX_POSTINGS: usize = 2_000;
/// Longer words are cut to this many characters, in the index and in queries.
pub const MAX_TERM_CHARS: usize = 24;
/// Words of a query beyond this many are ignored.
pub const MAX_QUERY_TERMS: usize = 8;
/// A query's last word, still being typed, also matches longer words from
/// this many characters on.
pub const MIN_PREFIX_CHARS: usize = 3;
/// press makes shard keys of at most this many characters (readers take
/// keys of any length).
pub const MAX_KEY_CHARS: usize = 8;
/// Shard files a prefix may need before it is matched exactly instead.
pub const MAX_PREFIX_SHARDS: usize = 4;

/// `data/search/index.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct SearchIndex {
    pub schema_version: u32,
    /// Stories in the index, numbered 0 to `documents - 1` in the order
    /// [`SearchIndex::numbering`] says.
    pub documents: u32,
    /// Every shard key, sorted: a term is in the shard of the longest key
    /// that begins it ([`shard_for`]).
    pub shards: Vec<String>,
    /// The top-level sections; a posting's section is an index into this.
    pub sections: Vec<SectionRef>,
    /// Publication years, newest first, each a range of story numbers.
    pub years: Vec<YearRange>,
    /// Stories per docs file ([`docs_path`]); 16 when absent (index files
    /// written before it was said).
    #[serde(default = "docs_per_file_before_v2")]
    pub docs_per_file: u32,
    /// The site's language (BCP 47): how its words were made terms
    /// ([`Analyzer`]); English when absent.
    #[serde(default)]
    pub language: String,
    /// The words press left out, folded: the query leaves them out too.
    /// Empty for English, whose stop words are [`is_stop_word`]'s.
    #[serde(default)]
    pub stop_words: Vec<String>,
    /// Stories numbered oldest first (0 is the oldest); absent or false in
    /// index files written before, which number them newest first.
    #[serde(default)]
    pub oldest_first: bool,
}

/// How an index numbers its stories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbering {
    /// 0 is the newest story (index files before issue 31).
    #[default]
    NewestFirst,
    /// 0 is the oldest: a new story takes the next number.
    OldestFirst,
}

impl Numbering {
    /// A key that sorts newer stories first.
    fn newer_first(self, doc: u32) -> u32 {
        match self {
            Numbering::NewestFirst => doc,
            Numbering::OldestFirst => u32::MAX - doc,
        }
    }
}

impl SearchIndex {
    pub fn numbering(&self) -> Numbering {
        if self.oldest_first {
            Numbering::OldestFirst
        } else {
            Numbering::NewestFirst
        }
    }

    /// The analysis the index was made with: the query must use it.
    pub fn analyzer(&self) -> Analyzer {
        Analyzer::new(&self.language, &self.stop_words)
    }
}

fn docs_per_file_before_v2() -> u32 {
    DOCS_PER_FILE_BEFORE_V2
}

/// The stories of one year: numbers `first .. first + count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct YearRange {
    pub year: u16,
    pub first: u32,
    pub count: u32,
}

/// `data/search/terms/{hex}.json`: terms → postings, flattened as
/// `[story, impact, section, story, impact, section, …]`, story numbers
/// ascending and each given as the difference from the one before.
#[derive(Debug, Clone, PartialEq, Hash, Serialize, Deserialize, FromJson)]
pub struct TermShard {
    pub schema_version: u32,
    pub terms: BTreeMap<String, Vec<u32>>,
}

/// `data/search/docs/{n}.json`: stories `first ..`, as a result shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct DocShard {
    pub schema_version: u32,
    pub first: u32,
    pub docs: Vec<SearchDoc>,
}

/// One story in the results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
pub struct SearchDoc {
    pub url: String,
    pub headline: String,
    #[serde(default)]
    pub standfirst: String,
    #[serde(default)]
    pub byline: Vec<String>,
    pub section: SectionRef,
    pub published: String,
    #[serde(default)]
    pub thumbnail: Option<Image>,
}

/// What a story may be filtered by besides its section and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    /// A writer (the slug of `/authors/{slug}`).
    Author,
    /// A tag (the slug of `/tags/{slug}`).
    Tag,
}

/// `data/search/facets/{author|tag}/{slug}.json`: the stories of one writer or
/// tag, for filtering. `None` for a slug that is not valid.
pub fn facet_path(facet: Facet, slug: &str) -> Option<String> {
    let kind = match facet {
        Facet::Author => "author",
        Facet::Tag => "tag",
    };
    crate::rules::is_valid_slug(slug).then(|| format!("{SEARCH_DIR}facets/{kind}/{slug}.json"))
}

/// `data/search/facets/…/{slug}.json`: the writer's or tag's name, and its
/// story numbers, ascending, each after the first as the difference from
/// the one before.
#[derive(Debug, Clone, PartialEq, Hash, Serialize, Deserialize, FromJson)]
pub struct FacetDocs {
    pub schema_version: u32,
    pub name: String,
    pub docs: Vec<u32>,
}

impl FacetDocs {
    pub fn new(name: &str, docs: &[u32]) -> FacetDocs {
        let mut last = 0;
        let deltas = docs
            .iter()
            .enumerate()
            .map(|(i, &d)| {
                let delta = if i == 0 { d } else { d - last };
                last = d;
                delta
            })
            .collect();
        FacetDocs {
            schema_version: crate::SCHEMA_VERSION,
            name: name.to_owned(),
            docs: deltas,
        }
    }

    /// The story numbers, ascending.
    pub fn decode(&self) -> Vec<u32> {
        let mut doc: u32 = 0;
        self.docs
            .iter()
            .enumerate()
            .map(|(i, &d)| {
                doc = if i == 0 { d } else { doc.saturating_add(d) };
                doc
            })
            .collect()
    }
}

/// The stories in every one of `lists` (each ascending).
pub fn intersect(lists: &[Vec<u32>]) -> Vec<u32> {
    let Some((first, rest)) = lists.split_first() else {
        return Vec::new();
    };
    first
        .iter()
        .copied()
        .filter(|d| rest.iter().all(|l| l.binary_search(d).is_ok()))
        .collect()
}

/// `data/search/terms/636f.json` for the key `co`: hex of the UTF-8 bytes,
/// so any script makes a safe file name and URL.
pub fn terms_path(key: &str) -> String {
    let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
    format!("{SEARCH_DIR}terms/{hex}.json")
}

/// The docs file holding story `doc`, in files of `per_file` stories.
pub fn docs_path(doc: u32, per_file: u32) -> String {
    format!("{SEARCH_DIR}docs/{}.json", doc / per_file.max(1))
}

/// Function words: not indexed, and a query of nothing else asks for more.
/// (A `match`, not a lookup table: it is on every word's path.)
pub fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "been"
            | "but"
            | "by"
            | "for"
            | "from"
            | "had"
            | "has"
            | "have"
            | "he"
            | "her"
            | "his"
            | "i"
            | "if"
            | "in"
            | "into"
            | "is"
            | "it"
            | "its"
            | "me"
            | "my"
            | "no"
            | "not"
            | "of"
            | "on"
            | "or"
            | "our"
            | "she"
            | "so"
            | "than"
            | "that"
            | "the"
            | "their"
            | "them"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "those"
            | "to"
            | "us"
            | "was"
            | "we"
            | "were"
            | "what"
            | "when"
            | "where"
            | "which"
            | "who"
            | "will"
            | "with"
            | "you"
            | "your"
    )
}

/// Calls `emit(start, end, word)` for every word of `text`: `start..end` is
/// its byte range, `word` its lower-case form without accents (not stemmed,
/// stop words included). A word is a run of letters and digits, apostrophes
/// inside it dropped ("children's" is `children`); each Chinese, Japanese
/// or Korean character is a word of its own.
pub fn for_each_word(text: &str, mut emit: impl FnMut(usize, usize, &str)) {
    fn flush(
        word: &mut String,
        start: usize,
        end: usize,
        emit: &mut impl FnMut(usize, usize, &str),
    ) {
        if word.contains('\'') {
            let trimmed = word.strip_suffix("'s").unwrap_or(word).replace('\'', "");
            if !trimmed.is_empty() {
                emit(start, end, &trimmed);
            }
        } else if !word.is_empty() {
            emit(start, end, word);
        }
        word.clear();
    }
    let mut word = String::new();
    let (mut start, mut chars, mut last_end) = (0, 0, 0);
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if is_ideograph(c) {
            flush(&mut word, start, last_end, &mut emit);
            chars = 0;
            let mut one = String::new();
            one.extend(c.to_lowercase());
            emit(i, end, &one);
            last_end = end;
            continue;
        }
        let apostrophe = (c == '\'' || c == '’') && !word.is_empty();
        if is_dropped_mark(c) {
            // Inside a word, and not written: "مُدُن" is "مدن".
            if !word.is_empty() {
                last_end = end;
            }
            continue;
        }
        if c.is_alphanumeric() || apostrophe {
            if word.is_empty() {
                start = i;
            }
            if chars < MAX_TERM_CHARS {
                if apostrophe {
                    word.push('\'');
                } else {
                    fold(c, &mut word);
                }
                chars += 1;
            }
            last_end = end;
        } else {
            flush(&mut word, start, last_end, &mut emit);
            chars = 0;
        }
    }
    flush(&mut word, start, last_end, &mut emit);
}

/// Calls `emit(term)` for every indexed term of `text`: its words without
/// stop words, as [`term_of`] writes them.
pub fn for_each_term(text: &str, mut emit: impl FnMut(&str)) {
    for_each_word(text, |_, _, word| {
        if !is_stop_word(word) {
            emit(&term_of(word));
        }
    });
}

/// Marks that belong to the word they are in but are not part of its term:
/// combining accents (a decomposed "é"), Arabic vowel marks and tatweel.
fn is_dropped_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x064B..=0x065F | 0x0670 | 0x0640)
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // Hiragana, Katakana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF // Han
        | 0xAC00..=0xD7AF) // Hangul
}

/// Lower case, and Latin letters without their accents (é → e, ß → ss), so
/// "Zürich" is found by "zurich" and "Zurich" by "zürich".
fn fold(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        let plain = match lower {
            'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' => "c",
            'ď' | 'đ' => "d",
            'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ğ' => "g",
            'ì'..='ï' | 'ī' | 'į' | 'ı' => "i",
            'ł' => "l",
            'ñ' | 'ń' | 'ň' => "n",
            'ò'..='ö' | 'ø' | 'ō' | 'ő' => "o",
            'œ' => "oe",
            'ř' => "r",
            'ś' | 'ş' | 'š' => "s",
            'ß' => "ss",
            'ţ' | 'ť' => "t",
            'ù'..='ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
            'ý' | 'ÿ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            other => {
                out.push(other);
                continue;
            }
        };
        out.push_str(plain);
    }
}

/// The term a word is indexed under: English plurals made singular
/// (Harman's S-stemmer) and a final "y" written "i", so that "reservoirs"
/// meets "reservoir" and "cities" meets "city" (both `citi`). Words in other
/// scripts and words of three letters or fewer are left as they are.
pub fn term_of(word: &str) -> Cow<'_, str> {
    if word.len() <= 3 || !word.is_ascii() {
        return Cow::Borrowed(word);
    }
    let cut = |n: usize| &word[..word.len() - n];
    let stem = if word.ends_with("ies") && !word.ends_with("eies") && !word.ends_with("aies") {
        return Cow::Owned(format!("{}i", cut(3)));
    } else if word.ends_with('s') && !word.ends_with("us") && !word.ends_with("ss") {
        // "houses" → "house", "trees" → "tree", "reservoirs" → "reservoir".
        cut(1)
    } else {
        word
    };
    match stem.strip_suffix('y') {
        Some(base) if stem.len() > 3 => Cow::Owned(format!("{base}i")),
        _ => Cow::Borrowed(stem),
    }
}

/// Indexed terms of a text (see [`term_of`]), in order, repeats included.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |_, _, word| {
        if !is_stop_word(word) {
            out.push(term_of(word).into_owned());
        }
    });
    out
}

/// A reader's query, as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Terms to match exactly, at most [`MAX_QUERY_TERMS`], no repeats.
    pub terms: Vec<String>,
    /// The last word while it is being typed (no space after it yet), which
    /// also matches the words it begins. Its exact term is in `terms` too.
    pub prefix: Option<String>,
    /// The query had words, all of them stop words.
    pub only_stop_words: bool,
    /// The index's analysis, which made the terms.
    pub analyzer: Analyzer,
}

impl Query {
    /// A query of an English index.
    pub fn parse(text: &str) -> Query {
        Query::parse_in(&Analyzer::english(), text)
    }

    /// A query of an index made with `analyzer` ([`SearchIndex::analyzer`]).
    pub fn parse_in(analyzer: &Analyzer, text: &str) -> Query {
        let mut words = Vec::new();
        let mut stop = 0;
        let mut last_end = 0;
        analyzer.for_each_word(text, |_, end, word| {
            last_end = end;
            if analyzer.is_stop_word(word) {
                stop += 1;
            } else {
                words.push(word.to_owned());
            }
        });
        let mut terms: Vec<String> = Vec::new();
        for word in &words {
            let term = analyzer.term_of(word).into_owned();
            if !terms.contains(&term) && terms.len() < MAX_QUERY_TERMS {
                terms.push(term);
            }
        }
        let typing = last_end == text.len();
        let prefix = words
            .last()
            .filter(|w| typing && w.chars().count() >= MIN_PREFIX_CHARS)
            .cloned();
        Query {
            only_stop_words: terms.is_empty() && stop > 0,
            terms,
            prefix,
            analyzer: analyzer.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether a word of a result (as [`for_each_word`] gives it) matches.
    pub fn matches_word(&self, word: &str) -> bool {
        if self.analyzer.is_stop_word(word) {
            return false;
        }
        let term = self.analyzer.term_of(word);
        self.terms.iter().any(|t| *t == term)
            || self
                .prefix
                .as_ref()
                .is_some_and(|p| word.starts_with(p.as_str()))
    }
}

/// `text` cut into runs, each marked when it is a word the query matches:
/// for highlighting, without any HTML.
pub fn highlight<'a>(text: &'a str, query: &Query) -> Vec<(&'a str, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    query.analyzer.for_each_word(text, |start, end, word| {
        // CJK bigrams overlap: mark only what is not marked yet.
        let start = start.max(at);
        if start < end && query.matches_word(word) {
            if start > at {
                out.push((&text[at..start], false));
            }
            out.push((&text[start..end], true));
            at = end;
        }
    });
    if at < text.len() {
        out.push((&text[at..], false));
    }
    out
}

/// The shard of a term: the longest key in `shards` (sorted) that begins it.
pub fn shard_for<'a>(term: &str, shards: &'a [String]) -> Option<&'a str> {
    // Any depth of key: the reader does not assume press's MAX_KEY_CHARS.
    let ends: Vec<usize> = term
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take(MAX_TERM_CHARS)
        .collect();
    ends.iter().rev().find_map(|&end| {
        let key = &term[..end];
        shards
            .binary_search_by(|k| k.as_str().cmp(key))
            .ok()
            .map(|i| shards[i].as_str())
    })
}

/// The shards that hold every term beginning with `prefix`: its own, and
/// any longer keys it begins. `None` when that is more than
/// [`MAX_PREFIX_SHARDS`] files (the prefix is then matched exactly).
pub fn prefix_shards<'a>(prefix: &str, shards: &'a [String]) -> Option<Vec<&'a str>> {
    let mut out: Vec<&str> = shard_for(prefix, shards).into_iter().collect();
    let from = shards.partition_point(|k| k.as_str() < prefix);
    for key in shards[from..].iter().take_while(|k| k.starts_with(prefix)) {
        if key.len() > prefix.len() && !out.contains(&key.as_str()) {
            out.push(key);
        }
    }
    (out.len() <= MAX_PREFIX_SHARDS).then_some(out)
}

/// One posting: a story, how strongly the term speaks for it (1–255), and
/// its top-level section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub impact: u32,
    pub section: u32,
}

/// Postings as [`TermShard`] stores them, flattened and delta-coded.
pub fn encode_postings(postings: &[Posting]) -> Vec<u32> {
    let mut out = Vec::with_capacity(postings.len() * 3);
    let mut last = 0;
    for (i, p) in postings.iter().enumerate() {
        out.push(if i == 0 { p.doc } else { p.doc - last });
        out.push(p.impact);
        out.push(p.section);
        last = p.doc;
    }
    out
}

/// The inverse of [`encode_postings`]; a malformed list stops early.
pub fn decode_postings(flat: &[u32]) -> Vec<Posting> {
    let mut doc: u32 = 0;
    flat.chunks_exact(3)
        .enumerate()
        .map(|(i, p)| {
            doc = if i == 0 {
                p[0]
            } else {
                doc.saturating_add(p[0])
            };
            Posting {
                doc,
                impact: p[1],
                section: p[2],
            }
        })
        .collect()
}

/// Results in order of relevance, or newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    #[default]
    Relevance,
    Newest,
}

/// What to keep: a section (index into [`SearchIndex::sections`]), a range
/// of story numbers (a year), and the stories of a writer or tag (ascending,
/// from their [`FacetDocs`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    pub section: Option<u32>,
    pub docs: Option<(u32, u32)>,
    pub within: Option<Vec<u32>>,
}

impl Filter {
    fn keeps(&self, p: &Posting) -> bool {
        self.section.is_none_or(|s| s == p.section)
            && self
                .docs
                .is_none_or(|(first, count)| p.doc >= first && p.doc - first < count)
            && self
                .within
                .as_ref()
                .is_none_or(|docs| docs.binary_search(&p.doc).is_ok())
    }
}

/// One result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    /// How many of the query's terms the story has.
    pub matched: u32,
    pub score: u32,
}

/// A prefix's matches weigh this much (in 1/4) of an exact word's.
const PREFIX_WEIGHT_QUARTERS: u32 = 3;

/// Ranks stories for a query. `exact[i]` are the postings of the query's
/// term `i`; `prefixed` those of the longer words the last word begins.
/// Stories with more of the terms come first; then by summed impact
/// (relevance) or by date (newest first), ties newest first.
pub fn rank(
    exact: &[Vec<Posting>],
    prefixed: &[Posting],
    filter: &Filter,
    order: Order,
    numbering: Numbering,
) -> Vec<Hit> {
    let mut hits: BTreeMap<u32, (u32, u32, u32)> = BTreeMap::new(); // doc → (term mask, score, prefix score)
    for (i, postings) in exact.iter().enumerate() {
        for p in postings.iter().filter(|p| filter.keeps(p)) {
            let e = hits.entry(p.doc).or_default();
            e.0 |= 1 << i;
            e.1 += p.impact;
        }
    }
    let last = exact.len().saturating_sub(1);
    for p in prefixed.iter().filter(|p| filter.keeps(p)) {
        let e = hits.entry(p.doc).or_default();
        if e.0 & (1 << last) == 0 {
            e.0 |= 1 << last;
            e.2 = e.2.max(p.impact * PREFIX_WEIGHT_QUARTERS / 4);
        }
    }
    let mut out: Vec<Hit> = hits
        .into_iter()
        .map(|(doc, (mask, score, prefix))| Hit {
            doc,
            matched: mask.count_ones(),
            score: score + prefix,
        })
        .collect();
    let newer = |hit: &Hit| numbering.newer_first(hit.doc);
    match order {
        Order::Relevance => {
            out.sort_by(|a, b| (b.matched, b.score, newer(a)).cmp(&(a.matched, a.score, newer(b))))
        }
        Order::Newest => out.sort_by(|a, b| (b.matched, newer(a)).cmp(&(a.matched, newer(b)))),
    }
    out
}

/// The shard files a query needs: its terms' and its prefix's.
pub fn shards_needed<'a>(query: &Query, shards: &'a [String]) -> Vec<&'a str> {
    let mut keys: Vec<&str> = query
        .terms
        .iter()
        .filter_map(|t| shard_for(t, shards))
        .collect();
    if let Some(more) = query
        .prefix
        .as_deref()
        .and_then(|p| prefix_shards(p, shards))
    {
        keys.extend(more);
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// What a query found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// Best first; only the stories with the most of the query's words.
    pub hits: Vec<Hit>,
    /// Whether those stories have every word (else: some of them).
    pub all_terms: bool,
    /// The query as it was run when a word was not in the index and a near
    /// one was ("resevoir" → "reservoir").
    pub corrected: Option<Query>,
}

/// Runs a query over the shards [`shards_needed`] named (`shard(key)`
/// gives one, `None` if it could not be had): the postings of its terms and
/// of the words its last word begins, words the index lacks replaced by
/// their nearest term, then [`rank`], keeping the stories with the most of
/// the words. The browser and the relevance tests both run exactly this.
pub fn run<'a>(
    query: &Query,
    shards: &[String],
    shard: impl Fn(&str) -> Option<&'a TermShard>,
    filter: &Filter,
    order: Order,
    numbering: Numbering,
) -> Outcome {
    let shard_of = |term: &str| shard_for(term, shards).and_then(&shard);
    let prefixed: Vec<Posting> = match &query.prefix {
        Some(prefix) => prefix_shards(prefix, shards)
            .unwrap_or_default()
            .into_iter()
            .filter_map(&shard)
            .flat_map(|s| {
                s.terms
                    .range(prefix.clone()..)
                    .take_while(|(term, _)| term.starts_with(prefix.as_str()))
                    .filter(|(term, _)| term.as_str() != prefix)
                    .flat_map(|(_, flat)| decode_postings(flat))
            })
            .collect(),
        None => Vec::new(),
    };
    let mut corrected = query.clone();
    let mut changed = false;
    for (i, term) in query.terms.iter().enumerate() {
        let known = shard_of(term).is_some_and(|s| s.terms.contains_key(term));
        let completed = i + 1 == query.terms.len() && !prefixed.is_empty();
        if known || completed {
            continue;
        }
        if let Some(near) = shard_of(term).and_then(|s| nearest_term(term, s)) {
            corrected.terms[i] = near.to_owned();
            changed = true;
        }
    }
    let exact: Vec<Vec<Posting>> = corrected
        .terms
        .iter()
        .map(|term| {
            shard_of(term)
                .and_then(|s| s.terms.get(term))
                .map(|flat| decode_postings(flat))
                .unwrap_or_default()
        })
        .collect();
    let prefixed = if changed { Vec::new() } else { prefixed };
    let mut hits = rank(&exact, &prefixed, filter, order, numbering);
    let most = hits.iter().map(|h| h.matched).max().unwrap_or(0);
    hits.retain(|h| h.matched == most);
    if changed {
        corrected.prefix = None;
    }
    Outcome {
        all_terms: !hits.is_empty() && most as usize == query.terms.len(),
        hits,
        corrected: changed.then_some(corrected),
    }
}

/// The term nearest a word that is not in the index, among a shard's
/// terms: at most one edit for words of 5–7 letters, two from 8 on, none
/// below. Ties go to the term in more stories. For "did you mean".
pub fn nearest_term<'a>(word: &str, shard: &'a TermShard) -> Option<&'a str> {
    let len = word.chars().count();
    let most = match len {
        0..=4 => return None,
        5..=7 => 1,
        _ => 2,
    };
    let target: Vec<char> = word.chars().collect();
    shard
        .terms
        .iter()
        .filter_map(|(term, postings)| {
            let chars: Vec<char> = term.chars().collect();
            if chars.len().abs_diff(len) > most {
                return None;
            }
            let d = edit_distance(&target, &chars);
            (d <= most).then_some((d, usize::MAX - postings.len(), term.as_str()))
        })
        .min()
        .map(|(_, _, term)| term)
}

/// Optimal string alignment distance: insertions, deletions, substitutions
/// and transpositions of neighbours each cost one.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests;
