//! The site's language as search and related stories read it: the model's
//! [`Analyzer`] for `language`, with NLTK's stop words for it (the
//! `stop-words` crate). press writes the stop words into the search index,
//! so the reader's query drops exactly these words.

use broadsheet_model::search::Analyzer;

/// The languages NLTK has stop words for (`stop_words::get` knows them).
const STOP_WORD_LANGUAGES: [&str; 23] = [
    "ar", "az", "da", "nl", "en", "fi", "fr", "de", "el", "hu", "id", "it", "kk", "ne", "no", "pt",
    "ro", "ru", "sl", "es", "sv", "tg", "tr",
];

/// The analysis of a site in `language` (a BCP 47 tag).
pub fn analyzer_for(language: &str) -> Analyzer {
    let primary = broadsheet_model::strings::primary(language);
    let stop: Vec<String> = match STOP_WORD_LANGUAGES.iter().find(|code| **code == primary) {
        Some(code) => stop_words::get(code)
            .iter()
            .map(|w| (*w).to_owned())
            .collect(),
        None => Vec::new(),
    };
    Analyzer::new(language, &stop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use broadsheet_model::search::analysis::Kind;

    #[test]
    fn each_language_gets_its_analysis() {
        assert_eq!(analyzer_for("en").kind, Kind::English);
        assert_eq!(analyzer_for("ja").kind, Kind::Bigrams);
        let german = analyzer_for("de-CH");
        assert!(
            german.is_stop_word("und") && german.is_stop_word("uber"),
            "folded: über"
        );
        assert!(!german.is_stop_word("hafen"));
        let arabic = analyzer_for("ar");
        assert!(arabic.is_stop_word("في"));
        // A language without a list: no stop words, still analysed.
        assert!(analyzer_for("ko").stop_words().is_empty());
    }
}
