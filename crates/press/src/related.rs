//! Related stories, computed once at build time.
//!
//! 1. Each article becomes a TF-IDF vector over its headline (weight 3),
//!    standfirst (2) and body (1), pruned to its [`TERMS_PER_ARTICLE`]
//!    strongest terms and normalised.
//! 2. An inverted index keeps, per term, only the [`POSTINGS_PER_TERM`]
//!    articles where that term weighs most. Scoring an article walks only its
//!    own terms' postings: cost is bounded per article, never all pairs.
//! 3. Candidates are re-ranked with shared tags, same section and recency.
//! 4. The article itself and duplicates (same headline) are never chosen;
//!    ties break on index (file order), so output is deterministic.
//! 5. Fewer than [`MAX_RELATED`] candidates are topped up with the nearest
//!    stories in time from the same section, then from anywhere.

use std::collections::HashMap;

use broadsheet_model::Block;
use rayon::prelude::*;

use crate::markdown::block_text;
use crate::text::{fnv1a, FNV_OFFSET};

pub const MAX_RELATED: usize = 6;
pub const TERMS_PER_ARTICLE: usize = 24;
pub const POSTINGS_PER_TERM: usize = 400;
/// Candidates kept per article before duplicates are filtered out.
const CANDIDATES: usize = 100;

/// What similarity needs to know about one article.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    pub headline: &'a str,
    pub standfirst: &'a str,
    /// Borrowed, not joined: at 100k articles a joined copy costs hundreds of MB.
    pub body: &'a [Block],
    pub tags: &'a [String],
    pub section: &'a str,
    pub top_level: &'a str,
    /// Seconds since the epoch.
    pub published: i64,
}

/// For every doc, the indices of its related docs, best first.
pub fn related(docs: &[Doc<'_>]) -> Vec<Vec<usize>> {
    let n = docs.len();
    if n < 2 {
        return vec![Vec::new(); n];
    }
    let term_frequencies: Vec<Vec<(u64, f32)>> = docs.par_iter().map(term_frequencies).collect();
    let mut document_frequency: HashMap<u64, u32> = HashMap::new();
    for terms in &term_frequencies {
        for (term, _) in terms {
            *document_frequency.entry(*term).or_default() += 1;
        }
    }
    let vectors: Vec<Vec<(u64, f32)>> = term_frequencies
        .into_par_iter()
        .map(|terms| weigh_and_prune(terms, &document_frequency, n))
        .collect();
    drop(document_frequency);
    let index = build_index(&vectors);
    let headline_keys: Vec<String> = docs
        .iter()
        .map(|d| normalise_headline(d.headline))
        .collect();
    let fallback = Fallback::new(docs);

    (0..n)
        .into_par_iter()
        .map_init(
            || vec![0f32; n],
            |scores, i| {
                let mut touched = Vec::new();
                for (term, weight) in &vectors[i] {
                    if let Some(postings) = index.get(term) {
                        for &(j, other_weight) in postings {
                            let j = j as usize;
                            if scores[j] == 0.0 {
                                touched.push(j);
                            }
                            scores[j] += weight * other_weight;
                        }
                    }
                }
                let mut candidates: Vec<(f32, usize)> = touched
                    .iter()
                    .map(|&j| {
                        let similarity = scores[j];
                        scores[j] = 0.0;
                        (similarity, j)
                    })
                    .collect();
                let best_first =
                    |a: &(f32, usize), b: &(f32, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
                // Two stages, so the cost per article stays bounded: keep the
                // most similar few (linear-time selection), then add the
                // context bonus to those only and rank them.
                if candidates.len() > CANDIDATES {
                    candidates.select_nth_unstable_by(CANDIDATES, best_first);
                    candidates.truncate(CANDIDATES);
                }
                for (score, j) in &mut candidates {
                    *score += context_bonus(&docs[i], &docs[*j]);
                }
                candidates.sort_by(best_first);
                let mut chosen: Vec<usize> = Vec::with_capacity(MAX_RELATED);
                let ranked = candidates.into_iter().map(|(_, j)| j);
                let fill = fallback.nearest(docs, i);
                for j in ranked.chain(fill) {
                    if chosen.len() >= MAX_RELATED {
                        break;
                    }
                    let duplicate = j == i
                        || headline_keys[j] == headline_keys[i]
                        || chosen
                            .iter()
                            .any(|&c| c == j || headline_keys[c] == headline_keys[j]);
                    if !duplicate {
                        chosen.push(j);
                    }
                }
                chosen
            },
        )
        .collect()
}

/// Shared tags, same section and closeness in time, added to text similarity.
fn context_bonus(a: &Doc<'_>, b: &Doc<'_>) -> f32 {
    let shared_tags = a.tags.iter().filter(|t| b.tags.contains(t)).count().min(3) as f32;
    let section = if a.section == b.section {
        0.06
    } else if a.top_level == b.top_level {
        0.03
    } else {
        0.0
    };
    let days_apart = (a.published - b.published).abs() as f32 / 86_400.0;
    let recency = 0.04 * (-days_apart / 30.0).exp();
    0.08 * shared_tags + section + recency
}

fn term_frequencies(doc: &Doc<'_>) -> Vec<(u64, f32)> {
    let mut counts: HashMap<u64, f32> = HashMap::new();
    for (text, weight) in [(doc.headline, 3.0), (doc.standfirst, 2.0)] {
        for_each_token(text, |token| {
            *counts.entry(hash_term(token)).or_default() += weight
        });
    }
    for block in doc.body {
        for_each_token(&block_text(block), |token| {
            *counts.entry(hash_term(token)).or_default() += 1.0
        });
    }
    let mut terms: Vec<(u64, f32)> = counts.into_iter().collect();
    terms.sort_unstable_by_key(|(term, _)| *term);
    terms
}

fn weigh_and_prune(
    terms: Vec<(u64, f32)>,
    document_frequency: &HashMap<u64, u32>,
    n: usize,
) -> Vec<(u64, f32)> {
    let mut weighted: Vec<(u64, f32)> = terms
        .into_iter()
        .filter_map(|(term, tf)| {
            let df = document_frequency[&term] as f32;
            // A term in a single article links it to nothing.
            if df < 2.0 {
                return None;
            }
            let idf = ((n as f32 + 1.0) / df).ln();
            Some((term, (1.0 + tf.ln()) * idf))
        })
        .filter(|(_, w)| *w > 0.0)
        .collect();
    weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    weighted.truncate(TERMS_PER_ARTICLE);
    let norm = weighted.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut weighted {
            *w /= norm;
        }
    }
    weighted
}

fn build_index(vectors: &[Vec<(u64, f32)>]) -> HashMap<u64, Vec<(u32, f32)>> {
    let mut index: HashMap<u64, Vec<(u32, f32)>> = HashMap::new();
    for (doc, terms) in vectors.iter().enumerate() {
        for &(term, weight) in terms {
            index.entry(term).or_default().push((doc as u32, weight));
        }
    }
    index.par_iter_mut().for_each(|(_, postings)| {
        if postings.len() > POSTINGS_PER_TERM {
            postings.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            postings.truncate(POSTINGS_PER_TERM);
        }
    });
    index
}

/// Nearest stories in time: same section first, then any.
struct Fallback {
    by_time: Vec<usize>,
    position: Vec<usize>,
}

impl Fallback {
    fn new(docs: &[Doc<'_>]) -> Fallback {
        let mut by_time: Vec<usize> = (0..docs.len()).collect();
        by_time.sort_by_key(|&i| (docs[i].published, i));
        let mut position = vec![0; docs.len()];
        for (rank, &i) in by_time.iter().enumerate() {
            position[i] = rank;
        }
        Fallback { by_time, position }
    }

    fn nearest<'a>(&'a self, docs: &'a [Doc<'_>], i: usize) -> impl Iterator<Item = usize> + 'a {
        let around = move |limit: usize| {
            let centre = self.position[i];
            (1..=limit).flat_map(move |distance| {
                let before = centre.checked_sub(distance).map(|r| self.by_time[r]);
                let after = self.by_time.get(centre + distance).copied();
                before.into_iter().chain(after)
            })
        };
        let same_section = around(200).filter(move |&j| docs[j].section == docs[i].section);
        same_section.chain(around(MAX_RELATED * 4))
    }
}

const STOPWORDS: &[&str] = &[
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
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        if word.len() >= 3 && !STOPWORDS.contains(&word.as_str()) {
            let token = match word.strip_suffix('s') {
                Some(stem) if word.len() > 4 && !stem.ends_with('s') => stem,
                _ => word.as_str(),
            };
            emit(token);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            flush(&mut word);
        }
    }
    flush(&mut word);
}

fn hash_term(term: &str) -> u64 {
    fnv1a(term.as_bytes(), FNV_OFFSET)
}

fn normalise_headline(headline: &str) -> String {
    headline
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use broadsheet_model::Inline;

    fn body(text: &str) -> &'static [Block] {
        Box::leak(
            vec![Block::Paragraph {
                content: vec![Inline::text(text)],
            }]
            .into_boxed_slice(),
        )
    }

    fn doc<'a>(
        headline: &'a str,
        text: &str,
        tags: &'a [String],
        section: &'a str,
        day: i64,
    ) -> Doc<'a> {
        Doc {
            headline,
            standfirst: "",
            body: body(text),
            tags,
            section,
            top_level: broadsheet_model::paths::top_level_of(section),
            published: day * 86_400,
        }
    }

    #[test]
    fn finds_the_story_on_the_same_topic() {
        let none: Vec<String> = vec![];
        let docs = vec![
            doc(
                "Drought empties reservoirs",
                "farmers reservoirs drought rainfall irrigation wells",
                &none,
                "world",
                1,
            ),
            doc(
                "Cup final ends in penalties",
                "goalkeeper penalties final stadium supporters",
                &none,
                "sport",
                2,
            ),
            doc(
                "Reservoirs at record low as drought deepens",
                "drought reservoirs irrigation farmers rationing",
                &none,
                "world",
                3,
            ),
            doc(
                "Chip factory opens",
                "semiconductors factory wafers engineers",
                &none,
                "technology",
                4,
            ),
            doc(
                "Penalties decide semi-final",
                "penalties goalkeeper semi final supporters",
                &none,
                "sport",
                5,
            ),
            doc(
                "Wafer plant hires engineers",
                "wafers semiconductors engineers plant",
                &none,
                "technology",
                6,
            ),
        ];
        let related = related(&docs);
        assert_eq!(related[0][0], 2, "{related:?}");
        assert_eq!(related[2][0], 0);
        assert_eq!(related[1][0], 4);
        assert_eq!(related[3][0], 5);
        for (i, list) in related.iter().enumerate() {
            assert!(!list.contains(&i), "an article is never related to itself");
            assert!(
                list.len() == MAX_RELATED.min(docs.len() - 1),
                "{i}: {list:?}"
            );
        }
    }

    #[test]
    fn shared_tags_break_a_tie_and_duplicates_are_skipped() {
        let tagged = vec!["rail".to_owned()];
        let none: Vec<String> = vec![];
        let docs = vec![
            doc(
                "Rail line approved",
                "rail tunnel budget approved",
                &tagged,
                "world",
                10,
            ),
            doc(
                "Tunnel budget doubles",
                "rail tunnel budget overrun",
                &none,
                "world",
                10,
            ),
            doc(
                "Tunnel budget doubles",
                "rail tunnel budget overrun",
                &none,
                "world",
                10,
            ),
            doc(
                "Tunnel budget rises",
                "rail tunnel budget overrun",
                &tagged,
                "world",
                10,
            ),
            doc("Other", "unrelated words entirely", &none, "sport", 1),
            doc("More", "different unrelated words", &none, "sport", 2),
        ];
        let related = related(&docs);
        assert_eq!(related[0][0], 3, "the tagged story wins: {related:?}");
        let headlines: Vec<&str> = related[3].iter().map(|&j| docs[j].headline).collect();
        let unique: std::collections::BTreeSet<&str> = headlines.iter().copied().collect();
        assert_eq!(
            headlines.len(),
            unique.len(),
            "no duplicate headlines: {headlines:?}"
        );
    }

    #[test]
    fn deterministic() {
        let none: Vec<String> = vec![];
        let docs: Vec<Doc> = (0..50)
            .map(|i| {
                doc(
                    &*Box::leak(format!("Story {i}").into_boxed_str()),
                    if i % 2 == 0 {
                        "alpha beta gamma"
                    } else {
                        "delta epsilon zeta"
                    },
                    &none,
                    "world",
                    i,
                )
            })
            .collect();
        let first = related(&docs);
        assert!(first.iter().all(|list| list.len() == MAX_RELATED));
        assert_eq!(first, related(&docs));
    }

    #[test]
    fn tokens() {
        let mut tokens = Vec::new();
        for_each_token("The farmers' wells, and Kim's 2024 reservoirs!", |t| {
            tokens.push(t.to_owned())
        });
        assert_eq!(tokens, ["farmer", "well", "kims", "2024", "reservoir"]);
    }
}
