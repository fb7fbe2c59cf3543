//! The archive's words in its language, for related stories and the search
//! index alike: the model's [`Analyzer`] (stemming, stop words, CJK
//! bigrams) and, in a language that writes compounds as one word (German,
//! Dutch, the Nordic languages), the archive's own vocabulary, by which a
//! compound is cut into words it also uses alone ("Hafenarbeiter" →
//! "hafen", "arbeiter"; `analysis::split_compound`).
//!
//! English keeps what it had: related stories' tokens ([`crate::tokens`])
//! and search's terms (`broadsheet_model::search::for_each_term`), so an
//! English archive's output is unchanged.

use broadsheet_model::block_text;
use broadsheet_model::search::analysis::{split_compound, Kind, Stemming, MIN_COMPOUND_PART};
use broadsheet_model::search::{self, Analyzer};
use fnv::FnvHashSet;
use rayon::prelude::*;

use crate::doc::Doc;

/// A compound's parts are split again once at most: "Straßenbahnlinie" →
/// "straßenbahn", "linie" → "straßen", "bahn".
const MAX_SPLITS: usize = 2;

/// The words of one archive.
#[derive(Debug, Default)]
pub struct Words {
    analyzer: Analyzer,
    /// Words the archive uses (folded, four letters or more), where
    /// compounds are split; `None` elsewhere.
    known: Option<FnvHashSet<String>>,
}

impl Words {
    /// English: the analysis every English archive has had.
    pub fn english() -> Words {
        Words::default()
    }

    /// `analyzer`'s words for the archive `docs`.
    pub fn new(analyzer: Analyzer, docs: &[Doc<'_>]) -> Words {
        let known = splits_compounds(&analyzer).then(|| {
            docs.par_iter()
                .fold(FnvHashSet::default, |mut known, doc| {
                    let mut add = |text: &str| {
                        analyzer.for_each_word(text, |_, _, word| {
                            if word.chars().count() >= MIN_COMPOUND_PART
                                && !analyzer.is_stop_word(word)
                                && !known.contains(word)
                            {
                                known.insert(word.to_owned());
                            }
                        })
                    };
                    add(doc.headline);
                    add(doc.standfirst);
                    for block in doc.body {
                        add(&block_text(block));
                    }
                    known
                })
                .reduce(FnvHashSet::default, |mut a, b| {
                    a.extend(b);
                    a
                })
        });
        Words { analyzer, known }
    }

    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// Whether a story's words depend on that story alone (not on the
    /// archive's vocabulary, as compounds' parts do).
    pub fn is_self_contained(&self) -> bool {
        self.known.is_none()
    }

    /// Whether this is Broadsheet's English analysis.
    pub fn is_english(&self) -> bool {
        self.analyzer.kind == Kind::English
    }

    /// Calls `emit(term, whole)` for every term search indexes in `text`:
    /// each word's, then (`whole` false) its compound parts'.
    pub fn for_each_search_term(&self, text: &str, mut emit: impl FnMut(&str, bool)) {
        if self.is_english() {
            return search::for_each_term(text, |term| emit(term, true));
        }
        let mut parts = Vec::new();
        self.analyzer.for_each_word(text, |_, _, word| {
            if self.analyzer.is_stop_word(word) {
                return;
            }
            emit(&self.analyzer.term_of(word), true);
            if let Some(known) = &self.known {
                parts.clear();
                self.parts(word, known, MAX_SPLITS, &mut parts);
                for part in &parts {
                    emit(&self.analyzer.term_of(part), false);
                }
            }
        });
    }

    /// Calls `emit(token)` for every token related stories count in `text`.
    pub fn for_each_related_token(&self, text: &str, mut emit: impl FnMut(&str)) {
        if self.is_english() {
            return crate::tokens::for_each_token(text, emit);
        }
        self.for_each_search_term(text, |term, _| {
            // One letter of a script with spaces says nothing.
            if term.chars().count() >= 2 {
                emit(term)
            }
        });
    }

    fn parts(&self, word: &str, known: &FnvHashSet<String>, depth: usize, out: &mut Vec<String>) {
        if depth == 0 {
            return;
        }
        let is_known = |w: &str| known.contains(w) && !self.analyzer.is_stop_word(w);
        if let Some((left, right)) = split_compound(word, is_known) {
            self.parts(&left, known, depth - 1, out);
            self.parts(&right, known, depth - 1, out);
            out.push(left);
            out.push(right);
        }
    }
}

/// Languages that write compounds as one word.
fn splits_compounds(analyzer: &Analyzer) -> bool {
    matches!(
        analyzer.kind,
        Kind::Stemmed(
            Stemming::German
                | Stemming::Dutch
                | Stemming::Swedish
                | Stemming::Danish
                | Stemming::Norwegian
                | Stemming::Finnish
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(headline: &'a str, body: &'a [broadsheet_model::Block]) -> Doc<'a> {
        Doc {
            headline,
            standfirst: "",
            body,
            tags: &[],
            section: "a",
            top_level: "a",
            published: 0,
            source: 0,
        }
    }

    #[test]
    fn compounds_are_cut_into_words_the_archive_uses() {
        let german = Analyzer::new("de", &["der".into(), "im".into(), "die".into()]);
        let docs = [
            doc("Streik im Hafen", &[]),
            doc("Die Arbeiter der Straßenbahn", &[]),
            doc("Neue Linie", &[]),
        ];
        let words = Words::new(german, &docs);
        let mut terms = Vec::new();
        words.for_each_search_term("Hafenarbeiter fordern Straßenbahnlinie", |t, whole| {
            terms.push((t.to_owned(), whole))
        });
        let parts: Vec<&str> = terms
            .iter()
            .filter(|(_, w)| !w)
            .map(|(t, _)| t.as_str())
            .collect();
        for wanted in ["haf", "arbeit", "strassenbahn", "lini"] {
            assert!(parts.contains(&wanted), "{wanted} in {parts:?}");
        }
        // A word the archive does not use alone is not a part.
        assert!(!parts.iter().any(|p| p.starts_with("ford")), "{parts:?}");
    }

    #[test]
    fn english_is_unchanged() {
        let words = Words::english();
        let mut tokens = Vec::new();
        words.for_each_related_token("The farmers' wells", |t| tokens.push(t.to_owned()));
        assert_eq!(tokens, ["farmer", "well"]);
    }
}
