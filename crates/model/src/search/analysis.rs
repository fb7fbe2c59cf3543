//! The words of a text in its language, as search and related stories both
//! count them (Lucene's and Elasticsearch's language analysers are the
//! model):
//!
//! - **English** keeps Broadsheet's own analysis ([`super::for_each_word`],
//!   [`super::term_of`]: an S-stemmer and a short stop list), which the
//!   relevance tests and every English index were made with.
//! - **German, French, Spanish, Italian, Portuguese, Dutch, Arabic** and the
//!   other languages Snowball has: words folded (lower case, accents off,
//!   Arabic vowel marks and tatweel off), the language's stop words (NLTK's
//!   lists, from the `stop-words` crate, written into the index so that the
//!   reader's query drops exactly the words press dropped), then the
//!   Snowball stemmer (`rust-stemmers`): "Häfen" and "Hafens" are `haf`,
//!   "grèves" and "greve" are `grev`, "بالميناء" and "الميناء" one term.
//! - **Japanese, Chinese, Korean**: no spaces between words, so runs of
//!   Han, Katakana or Hangul are cut into overlapping pairs of characters
//!   (CJK bigrams, as Lucene's `CJKBigramFilter`): 港湾労働者 is 港湾, 湾労,
//!   労働 and 働者, and a query for 労働者 finds it. Hiragana, which in news
//!   text is mostly grammar (の, が, している), is left out. A dictionary
//!   segmenter (lindera, jieba) would be more exact but its dictionary is
//!   megabytes: more than the whole app.
//! - German compounds: [`split_compound`] cuts a long word into two words
//!   the archive also uses on their own ("Hafenarbeiter" → "hafen" +
//!   "arbeiter"), and press indexes the parts too, so "Arbeiter" finds it.

use std::borrow::Cow;
use std::sync::Arc;

/// How a language's words are made terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// Broadsheet's English analysis.
    #[default]
    English,
    /// Folded, stop words dropped, Snowball-stemmed.
    Stemmed(Stemming),
    /// Folded, stop words dropped, not stemmed (a language Snowball lacks).
    Plain,
    /// Han, Katakana and Hangul as bigrams; Hiragana dropped.
    Bigrams,
}

/// The Snowball stemmers used (a subset of `rust_stemmers::Algorithm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stemming {
    Arabic,
    Danish,
    Dutch,
    Finnish,
    French,
    German,
    Greek,
    Hungarian,
    Italian,
    Norwegian,
    Portuguese,
    Romanian,
    Russian,
    Spanish,
    Swedish,
    Turkish,
}

impl Stemming {
    fn algorithm(self) -> rust_stemmers::Algorithm {
        use rust_stemmers::Algorithm as A;
        match self {
            Stemming::Arabic => A::Arabic,
            Stemming::Danish => A::Danish,
            Stemming::Dutch => A::Dutch,
            Stemming::Finnish => A::Finnish,
            Stemming::French => A::French,
            Stemming::German => A::German,
            Stemming::Greek => A::Greek,
            Stemming::Hungarian => A::Hungarian,
            Stemming::Italian => A::Italian,
            Stemming::Norwegian => A::Norwegian,
            Stemming::Portuguese => A::Portuguese,
            Stemming::Romanian => A::Romanian,
            Stemming::Russian => A::Russian,
            Stemming::Spanish => A::Spanish,
            Stemming::Swedish => A::Swedish,
            Stemming::Turkish => A::Turkish,
        }
    }
}

/// A language's analysis: its kind and its stop words (folded, sorted).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Analyzer {
    pub kind: Kind,
    stop: Arc<[String]>,
}

/// The kind of analysis for a BCP 47 language tag (its primary subtag).
pub fn kind_of(language: &str) -> Kind {
    let stemming = match crate::strings::primary(language).as_str() {
        "" | "en" => return Kind::English,
        "ja" | "zh" | "ko" => return Kind::Bigrams,
        "ar" => Stemming::Arabic,
        "da" => Stemming::Danish,
        "nl" => Stemming::Dutch,
        "fi" => Stemming::Finnish,
        "fr" => Stemming::French,
        "de" => Stemming::German,
        "el" => Stemming::Greek,
        "hu" => Stemming::Hungarian,
        "it" => Stemming::Italian,
        "no" | "nb" | "nn" => Stemming::Norwegian,
        "pt" => Stemming::Portuguese,
        "ro" => Stemming::Romanian,
        "ru" => Stemming::Russian,
        "es" => Stemming::Spanish,
        "sv" => Stemming::Swedish,
        "tr" => Stemming::Turkish,
        _ => return Kind::Plain,
    };
    Kind::Stemmed(stemming)
}

impl Analyzer {
    /// Broadsheet's English analysis.
    pub fn english() -> Analyzer {
        Analyzer::default()
    }

    /// The analysis for `language` with these stop words (as press wrote
    /// them into the index; folded here again, so any list will do).
    pub fn new(language: &str, stop_words: &[String]) -> Analyzer {
        let kind = kind_of(language);
        let mut stop: Vec<String> = match kind {
            Kind::English => Vec::new(),
            Kind::Stemmed(_) | Kind::Plain | Kind::Bigrams => {
                stop_words.iter().map(|w| folded(w)).collect()
            }
        };
        stop.sort_unstable();
        stop.dedup();
        Analyzer {
            kind,
            stop: stop.into(),
        }
    }

    /// The stop words, folded and sorted (what press writes into the index).
    pub fn stop_words(&self) -> &[String] {
        &self.stop
    }

    /// Calls `emit(start, end, word)` for every word of `text` (see
    /// [`super::for_each_word`]); for CJK, every bigram.
    pub fn for_each_word(&self, text: &str, mut emit: impl FnMut(usize, usize, &str)) {
        match self.kind {
            Kind::English | Kind::Stemmed(_) | Kind::Plain => super::for_each_word(text, emit),
            Kind::Bigrams => for_each_bigram(text, &mut emit),
        }
    }

    pub fn is_stop_word(&self, word: &str) -> bool {
        match self.kind {
            Kind::English => super::is_stop_word(word),
            Kind::Stemmed(_) | Kind::Plain | Kind::Bigrams => {
                self.stop.binary_search_by(|s| s.as_str().cmp(word)).is_ok()
            }
        }
    }

    /// The term a word (as [`Analyzer::for_each_word`] gives it) is indexed under.
    pub fn term_of<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match self.kind {
            Kind::English => super::term_of(word),
            Kind::Stemmed(stemming) => {
                // Digits and very short words as they are.
                if word.chars().count() <= 2 || word.bytes().all(|b| b.is_ascii_digit()) {
                    return Cow::Borrowed(word);
                }
                let stemmer = rust_stemmers::Stemmer::create(stemming.algorithm());
                match stemmer.stem(word) {
                    Cow::Borrowed(stem) if stem.len() == word.len() => Cow::Borrowed(word),
                    stem => Cow::Owned(stem.into_owned()),
                }
            }
            Kind::Plain | Kind::Bigrams => Cow::Borrowed(word),
        }
    }
}

/// `word` lower case and folded as [`super::for_each_word`] folds.
fn folded(word: &str) -> String {
    let mut out = String::new();
    super::for_each_word(word, |_, _, w| out.push_str(w));
    out
}

/// Whether `c` is one of the scripts written without spaces, and which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cjk {
    Han,
    Katakana,
    Hangul,
    Hiragana,
}

fn cjk(c: char) -> Option<Cjk> {
    match c as u32 {
        0x3040..=0x309F => Some(Cjk::Hiragana),
        0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Some(Cjk::Katakana),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x3005 => Some(Cjk::Han),
        0xAC00..=0xD7AF | 0x1100..=0x11FF => Some(Cjk::Hangul),
        _ => None,
    }
}

/// CJK runs as bigrams (a run of one character: itself), Hiragana left
/// out; everything else as [`super::for_each_word`] cuts it.
fn for_each_bigram(text: &str, emit: &mut impl FnMut(usize, usize, &str)) {
    let mut other_start: Option<usize> = None;
    let mut run: Vec<(usize, char)> = Vec::new();
    let mut run_kind: Option<Cjk> = None;
    let flush_run = |run: &mut Vec<(usize, char)>, emit: &mut dyn FnMut(usize, usize, &str)| {
        match run.len() {
            0 => {}
            1 => {
                let (at, c) = run[0];
                emit(at, at + c.len_utf8(), c.encode_utf8(&mut [0; 4]));
            }
            _ => {
                for pair in run.windows(2) {
                    let (at, a) = pair[0];
                    let (next, b) = pair[1];
                    let mut word = String::with_capacity(8);
                    word.push(a);
                    word.push(b);
                    emit(at, next + b.len_utf8(), &word);
                }
            }
        }
        run.clear();
    };
    let mut i = 0;
    for (at, c) in text.char_indices() {
        i = at + c.len_utf8();
        match cjk(c) {
            Some(kind) => {
                if let Some(start) = other_start.take() {
                    super::for_each_word(&text[start..at], |s, e, w| emit(start + s, start + e, w));
                }
                if run_kind != Some(kind) {
                    flush_run(&mut run, emit);
                    run_kind = Some(kind);
                }
                if kind != Cjk::Hiragana {
                    run.push((at, c));
                }
            }
            None => {
                flush_run(&mut run, emit);
                run_kind = None;
                other_start.get_or_insert(at);
            }
        }
    }
    flush_run(&mut run, emit);
    if let Some(start) = other_start {
        super::for_each_word(&text[start..i], |s, e, w| emit(start + s, start + e, w));
    }
}

/// The shortest part [`split_compound`] cuts off.
pub const MIN_COMPOUND_PART: usize = 4;

/// A long word cut into two words that `known` knows (words the archive
/// uses on their own), trying the longest first part first, with German's
/// linking letters ("Arbeit·s·markt", "Straße·n·bahn") between them.
/// `None` when no cut gives two known words. Works on folded words.
pub fn split_compound(word: &str, known: impl Fn(&str) -> bool) -> Option<(String, String)> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    if chars.len() < 2 * MIN_COMPOUND_PART || !chars.iter().all(|(_, c)| c.is_alphabetic()) {
        return None;
    }
    for cut in (MIN_COMPOUND_PART..=chars.len() - MIN_COMPOUND_PART).rev() {
        let at = chars[cut].0;
        let (left, right) = word.split_at(at);
        if !known(right) {
            continue;
        }
        if known(left) {
            return Some((left.to_owned(), right.to_owned()));
        }
        for link in ["s", "es", "n", "en", "e"] {
            if let Some(stem) = left.strip_suffix(link) {
                if stem.chars().count() >= MIN_COMPOUND_PART && known(stem) {
                    return Some((stem.to_owned(), right.to_owned()));
                }
            }
        }
    }
    None
}
