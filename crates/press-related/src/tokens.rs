//! Words of a text as similarity counts them, and their hashes.

/// Words too common to tell stories apart.
pub(crate) const STOPWORDS: &[&str] = &[
    "about", "after", "again", "against", "also", "although", "among", "and", "another", "any",
    "are", "around", "because", "been", "before", "being", "between", "both", "but", "can",
    "could", "did", "does", "doing", "down", "during", "each", "even", "every", "few", "for",
    "from", "further", "had", "has", "have", "having", "her", "here", "hers", "him", "his", "how",
    "into", "its", "itself", "just", "last", "like", "made", "make", "many", "more", "most",
    "much", "must", "new", "not", "now", "off", "once", "one", "only", "other", "our", "out",
    "over", "own", "said", "same", "say", "says", "she", "should", "since", "some", "still",
    "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "through", "too", "two", "under", "until", "very", "was", "way", "week", "were",
    "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
    "year", "years", "yet", "you", "your",
];

/// Lower-case words of three or more letters, without stop words, crudely singular.
pub fn for_each_token(text: &str, mut emit: impl FnMut(&str)) {
    /// The longest stop word ("although").
    const LONGEST_STOPWORD: usize = 8;
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        let stop =
            word.len() <= LONGEST_STOPWORD && STOPWORDS.binary_search(&word.as_str()).is_ok();
        if word.len() >= 3 && !stop {
            let token = match word.strip_suffix('s') {
                Some(stem) if word.len() > 4 && !stem.ends_with('s') => stem,
                _ => word.as_str(),
            };
            emit(token);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii() {
            // Most text is ASCII: no case tables.
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else if c != '\'' {
                flush(&mut word);
            }
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if c != '’' {
            flush(&mut word);
        }
    }
    flush(&mut word);
}

pub fn hash_token(term: &str) -> u64 {
    fnv1a(term.as_bytes(), FNV_OFFSET)
}

/// FNV-1a of `bytes` from `seed` (the `fnv` crate).
pub fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    use std::hash::Hasher as _;
    let mut hasher = fnv::FnvHasher::with_key(seed);
    hasher.write(bytes);
    hasher.finish()
}

/// FNV-1a's offset basis: the usual seed for [`fnv1a`].
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
