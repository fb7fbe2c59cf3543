//! Related stories, computed once at build time.
//!
//! 1. Each article becomes a TF-IDF vector over its headline (weight 3),
//!    standfirst (2) and body (1): every term, normalised (the cosine of two
//!    vectors is then their dot product).
//! 2. Candidates: an inverted index keeps each article's [`Params::index_terms`]
//!    strongest terms, and per term only the [`Params::postings`] articles
//!    where it weighs most. An article's [`Params::query_terms`] strongest
//!    terms walk it, so the cost per article is bounded, never all pairs.
//! 3. The [`Params::candidates`] best are scored again exactly, over the
//!    full vectors, and those under [`FLOOR`] are dropped: a weak match is not
//!    a related story.
//! 4. Shared tags, the same section and closeness in time break ties: they
//!    add at most [`TIE_BREAK`] to a cosine, so they reorder near-equal
//!    matches and never pull in a weaker one.
//! 5. The article itself, stories with the same headline and near-duplicate
//!    bodies ([`near_duplicate`]) are never chosen; ties break on index
//!    (file order), so output is deterministic.
//! 6. An article left with no related story gets "More from" its section
//!    instead: the nearest stories in time from the same section, labelled
//!    as such in the app.
//!
//! docs/related.md has the measurements behind the numbers.

use rayon::prelude::*;

use broadsheet_model::block_text;

mod doc;
mod incremental;
pub mod near_duplicate;
mod tokens;
mod words;

pub use doc::Doc;
pub use incremental::Memory;
pub use tokens::for_each_token;
use tokens::hash_token;
pub use words::Words;

pub use near_duplicate::Duplicate;

pub const MAX_RELATED: usize = 6;

/// An article's candidates.
#[derive(Debug, Clone, Default)]
struct Candidates {
    /// Each candidate with its exact cosine, in article order.
    scored: Vec<(u32, f32)>,
    /// The weakest candidate's partial score and article, when the
    /// selection left articles out: one that changed enters only if it
    /// now scores above it (`incremental.rs`). `None`: every article the
    /// query reached is a candidate.
    weakest: Option<(f32, u32)>,
    /// How many articles the query reached (a partial score above 0).
    reached: u32,
}
/// Cosine similarity under which a story is not related (docs/related.md).
pub const FLOOR: f32 = 0.10;
/// The most that tags, section and recency add to a cosine.
pub const TIE_BREAK: f32 = 0.02;

/// How hard candidate generation works: more is closer to exact, and slower.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub query_terms: usize,
    pub index_terms: usize,
    pub postings: usize,
    pub candidates: usize,
    /// Terms kept per article for exact scoring (the rest weigh little).
    pub kept_terms: usize,
}

pub const PARAMS: Params = Params {
    query_terms: 16,
    index_terms: 64,
    postings: 400,
    candidates: 160,
    kept_terms: usize::MAX,
};

/// Related stories of every article, indexes into the docs.
#[derive(Debug, Default)]
pub struct Relations {
    /// At most [`MAX_RELATED`], at or above [`FLOOR`], best first.
    pub related: Vec<Vec<usize>>,
    /// For an article with no related story: its section's stories nearest
    /// in time (else empty).
    pub more_from_section: Vec<Vec<usize>>,
    /// Pairs of near-duplicate bodies, never recommended for each other.
    pub duplicates: Vec<Duplicate>,
}

/// Every article's TF-IDF vector: (term id, weight) sorted by term id,
/// normalised, without terms no other article has.
pub struct Vectors {
    rows: Vec<Vec<(u32, f32)>>,
}

/// One article read once: its term counts (by 32-bit term hash) and its
/// body's near-duplicate sketch.
fn read(doc: &Doc<'_>, words: &Words) -> (Vec<(u32, f32)>, Option<near_duplicate::Sketch>) {
    let mut counts: fnv::FnvHashMap<u32, f32> = fnv::FnvHashMap::default();
    for (text, weight) in [(doc.headline, 3.0), (doc.standfirst, 2.0)] {
        words.for_each_related_token(text, |token| {
            *counts.entry(hash_token(token) as u32).or_default() += weight
        });
    }
    let mut shingles = near_duplicate::Shingles::default();
    for block in doc.body {
        words.for_each_related_token(&block_text(block), |token| {
            let hash = hash_token(token);
            shingles.push(hash);
            *counts.entry(hash as u32).or_default() += 1.0
        });
    }
    (counts.into_iter().collect(), shingles.sketch())
}

/// Each story's reading, by the story's [`Doc::source`]: its term counts
/// and sketch, so that a build after an edit reads the words of the stories
/// that changed. Not kept in a language whose compounds are cut by the
/// archive's own vocabulary ([`Words`]): there a story's reading depends on
/// every other story.
#[derive(Default)]
pub(crate) struct ReadCache {
    kept: fnv::FnvHashMap<u64, Reading>,
}

type Reading = (Vec<(u32, f32)>, Option<near_duplicate::Sketch>);

impl ReadCache {
    /// Reads the docs whose source it does not hold (none with source 0);
    /// then it holds this archive's readings only.
    fn update(&mut self, docs: &[Doc<'_>], words: &Words) {
        let kept = &self.kept;
        let new: Vec<(u64, Reading)> = docs
            .par_iter()
            .filter(|doc| doc.source != 0 && !kept.contains_key(&doc.source))
            .map(|doc| (doc.source, read(doc, words)))
            .collect();
        let present: fnv::FnvHashSet<u64> = docs.iter().map(|doc| doc.source).collect();
        self.kept.retain(|source, _| present.contains(source));
        self.kept.extend(new);
    }
}

/// Every doc's reading, from `cache` where it holds the doc's source; the
/// cache then holds this archive's readings only.
fn read_all(docs: &[Doc<'_>], words: &Words, cache: Option<&mut ReadCache>) -> Vec<Reading> {
    let cache = cache.filter(|_| words.is_self_contained());
    let Some(cache) = cache else {
        return docs.par_iter().map(|doc| read(doc, words)).collect();
    };
    cache.update(docs, words);
    let kept = &cache.kept;
    docs.par_iter()
        .map(|doc| match kept.get(&doc.source) {
            Some(reading) if doc.source != 0 => reading.clone(),
            _ => read(doc, words),
        })
        .collect()
}

/// [`Vectors`] with what they were made of.
struct Weighed {
    vectors: Vectors,
    sketches: Vec<Option<near_duplicate::Sketch>>,
    /// The sketches' bands, when they are kept for the next build.
    bands: near_duplicate::Bands,
    /// The shared terms' hashes by id (ids run in hash order).
    shared: Vec<u32>,
    document_frequency: fnv::FnvHashMap<u32, u32>,
}

/// How many of a count's most significant bits its weight reads.
const COUNT_BITS: u32 = 4;

/// `count` with its [`COUNT_BITS`] most significant bits only: counts
/// within about 6–12 % of each other weigh the same, so that one story
/// more or less changes the weight of a word rarely, and an edit's related
/// stories can be worked out again for the stories it touches
/// (`incremental.rs`). Counts up to 16 are exact. Six bits (3 %) kept
/// the lists closer to exact ones, but then a new story changed the weight
/// of one of its words in thousands of stories at almost every edit
/// (docs/related.md).
fn coarse(count: usize) -> usize {
    let bits = usize::BITS - count.leading_zeros();
    if bits > COUNT_BITS {
        count & !((1usize << (bits - COUNT_BITS)) - 1)
    } else {
        count
    }
}

/// Inverse document frequency of a term in `df` of `n` articles, both
/// counted [`coarse`]ly: 0 for a term in (almost) every article.
fn idf(n: usize, df: u32) -> f32 {
    (coarse(n + 1) as f32 / coarse(df as usize) as f32).ln()
}

/// Turns a reading's counts into its TF-IDF vector: weighed, normalised,
/// without the terms `relabel` has no label for (those in one article), the
/// rest labelled, at most `kept_terms` kept, sorted by label.
fn weigh(
    row: &mut Vec<(u32, f32)>,
    n: usize,
    df: impl Fn(u32) -> u32,
    relabel: impl Fn(u32) -> Option<u32>,
    kept_terms: usize,
) {
    let mut norm = 0f32;
    for (term, tf) in row.iter_mut() {
        let weight = (1.0 + tf.ln()) * idf(n, df(*term));
        norm += weight * weight;
        *tf = weight;
    }
    // A term in one article adds to its length, and links it to nothing.
    let norm = norm.sqrt();
    row.retain_mut(|(term, weight)| match relabel(*term) {
        Some(label) if *weight > 0.0 => {
            *term = label;
            *weight /= norm;
            true
        }
        _ => false,
    });
    if row.len() > kept_terms {
        row.select_nth_unstable_by(kept_terms, by_weight);
        row.truncate(kept_terms);
    }
    row.sort_unstable_by_key(|(label, _)| *label);
    row.shrink_to_fit();
}

/// An index list (article, weight) as candidates read it: in article
/// order, or when it has more than `postings` entries, its `postings`
/// heaviest, heaviest first.
fn cut(list: &mut Vec<(u32, f32)>, postings: usize) {
    if list.len() > postings {
        list.sort_by(by_weight);
        list.truncate(postings);
    }
}

/// The dot product of two rows sorted by term: their cosine. The same
/// sum, bit for bit, as [`Vectors::dot_dense`] (the same products in the
/// same order; the zeros it adds change no sum of positive weights).
#[inline(never)]
fn cosine_of(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut x, mut y, mut sum) = (0, 0, 0f32);
    while x < a.len() && y < b.len() {
        match a[x].0.cmp(&b[y].0) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                sum += a[x].1 * b[y].1;
                x += 1;
                y += 1;
            }
        }
    }
    sum
}

/// Heaviest first, then by term (or article).
fn by_weight(a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// The `k` strongest (term, weight) of `row`, in the order the selection
/// leaves them (which the candidates' sums follow).
fn strongest_of(row: &[(u32, f32)], k: usize) -> Vec<(u32, f32)> {
    let mut row = row.to_vec();
    if row.len() > k {
        row.select_nth_unstable_by(k, by_weight);
        row.truncate(k);
    }
    row
}

/// The [`Params::candidates`] articles whose index entries under `query`'s
/// terms sum highest, in article order; the weakest of them (partial
/// score, article) when others were left out; and how many articles the
/// query reached. `scores` (one slot per article, all zero) is left as it
/// was found.
fn candidates_for<'a>(
    query: &[(u32, f32)],
    list_of: impl Fn(u32) -> &'a [(u32, f32)],
    scores: &mut [f32],
    limit: usize,
) -> (Vec<usize>, Option<(f32, u32)>, u32) {
    let mut touched = Vec::new();
    for &(term, weight) in query {
        for &(j, other_weight) in list_of(term) {
            let j = j as usize;
            if scores[j] == 0.0 {
                touched.push(j);
            }
            scores[j] += weight * other_weight;
        }
    }
    let reached = touched.len() as u32;
    let mut candidates: Vec<(f32, usize)> = touched
        .iter()
        .map(|&j| {
            let partial = scores[j];
            scores[j] = 0.0;
            (partial, j)
        })
        .collect();
    let mut weakest = None;
    if candidates.len() > limit {
        candidates.select_nth_unstable_by(limit, best_first);
        candidates.truncate(limit);
        weakest = candidates
            .iter()
            .copied()
            .max_by(best_first)
            .map(|(score, j)| (score, j as u32));
    }
    // In article order, not the selection's, which depends on the order
    // of the lists' entries: an article whose candidates are kept after
    // an edit then has them as a build from nothing orders them, and ties
    // between equal scores break on article in both (`choose`).
    let mut chosen: Vec<usize> = candidates.into_iter().map(|(_, j)| j).collect();
    chosen.sort_unstable();
    (chosen, weakest, reached)
}

/// The partial score [`candidates_for`] gives article `j` for `query`, bit
/// for bit: the same products added in the same order.
fn partial_score(query: &[(u32, f32)], weight_in: impl Fn(u32, u32) -> Option<f32>, j: u32) -> f32 {
    let mut score = 0f32;
    for &(term, weight) in query {
        if let Some(other_weight) = weight_in(term, j) {
            score += weight * other_weight;
        }
    }
    score
}

/// Article `i`'s related stories among its candidates, each with its
/// exact cosine, ties broken by context.
fn rank(
    i: usize,
    scored: &[(usize, f32)],
    contexts: &Contexts,
    excluded: &Exclusions,
) -> Vec<usize> {
    let ranked = scored
        .iter()
        .map(|&(j, cosine)| (cosine, j))
        .filter(|(cosine, _)| *cosine >= FLOOR)
        .map(|(cosine, j)| (cosine + TIE_BREAK * contexts.between(i, j), j));
    choose(ranked, i, excluded)
}

/// "More from" its section for each article without a related story.
fn more_from_section(
    docs: &[Doc<'_>],
    related: &[Vec<usize>],
    excluded: &Exclusions,
) -> Vec<Vec<usize>> {
    let fallback = Fallback::new(docs);
    related
        .par_iter()
        .enumerate()
        .map(|(i, list)| {
            if !list.is_empty() {
                return Vec::new();
            }
            let same_section = fallback
                .nearest(i, 200)
                .filter(|&j| docs[j].section == docs[i].section);
            choose(same_section.map(|j| (0.0, j)), i, excluded)
        })
        .collect()
}

impl Vectors {
    pub fn new(docs: &[Doc<'_>], kept_terms: usize, words: &Words) -> Vectors {
        let readings: Vec<Reading> = docs.par_iter().map(|doc| read(doc, words)).collect();
        Vectors::of(readings, kept_terms).vectors
    }

    /// The vectors of `readings`, and what an incremental build keeps of
    /// them (`incremental.rs`).
    fn of(readings: Vec<Reading>, kept_terms: usize) -> Weighed {
        let n = readings.len();
        // 32-bit term hashes: at a million distinct terms a few collide,
        // which shifts no ranking measurably, and halves the memory.
        let (mut rows, sketches): (Vec<Vec<(u32, f32)>>, Vec<_>) = readings.into_iter().unzip();
        let mut document_frequency: fnv::FnvHashMap<u32, u32> = fnv::FnvHashMap::default();
        for row in &rows {
            for (term, _) in row {
                *document_frequency.entry(*term).or_default() += 1;
            }
        }
        // Dense ids for shared terms, in hash order, so they do not depend
        // on threads, and so that ids compare as the hashes do: a kept row
        // (by hash, `incremental.rs`) ranks its terms as this row does.
        let mut shared: Vec<u32> = document_frequency
            .iter()
            .filter(|(_, df)| **df >= 2)
            .map(|(term, _)| *term)
            .collect();
        shared.sort_unstable();
        let ids: fnv::FnvHashMap<u32, u32> = shared
            .iter()
            .enumerate()
            .map(|(id, term)| (*term, id as u32))
            .collect();
        rows.par_iter_mut().for_each(|row| {
            weigh(
                row,
                n,
                |term| document_frequency[&term],
                |term| ids.get(&term).copied(),
                kept_terms,
            )
        });
        Weighed {
            vectors: Vectors { rows },
            sketches,
            bands: near_duplicate::Bands::default(),
            shared,
            document_frequency,
        }
    }

    /// How many articles have a vector.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there is no article at all.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The `k` strongest (term, weight) of article `i`.
    fn strongest(&self, i: usize, k: usize) -> Vec<(u32, f32)> {
        strongest_of(&self.rows[i], k)
    }

    /// The term of article `i`'s strongest weight: `strongest(i, 1)`'s,
    /// without a copy of the row.
    fn strongest_term(&self, i: usize) -> Option<u32> {
        self.rows[i]
            .iter()
            .min_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)))
            .map(|t| t.0)
    }

    /// How many distinct shared terms there are (ids run below this).
    pub fn terms(&self) -> usize {
        self.rows
            .iter()
            .filter_map(|row| row.last())
            .map(|&(t, _)| t as usize + 1)
            .max()
            .unwrap_or(0)
    }

    /// Writes article `i`'s weights into `dense` (all zero before).
    fn scatter(&self, i: usize, dense: &mut [f32]) {
        for &(term, weight) in &self.rows[i] {
            dense[term as usize] = weight;
        }
    }

    /// Zeroes what [`Vectors::scatter`] wrote.
    fn clear(&self, i: usize, dense: &mut [f32]) {
        for &(term, _) in &self.rows[i] {
            dense[term as usize] = 0.0;
        }
    }

    /// Cosine of article `j` with the article scattered into `dense`. Not
    /// inlined: inlined into the ranking's iterators, its sum went through
    /// the stack, and the related step took 1.6 times as long.
    #[inline(never)]
    fn dot_dense(&self, j: usize, dense: &[f32]) -> f32 {
        self.rows[j]
            .iter()
            .map(|&(term, weight)| dense[term as usize] * weight)
            .sum()
    }

    /// Exact cosine similarity of two articles.
    pub fn cosine(&self, i: usize, j: usize) -> f32 {
        cosine_of(&self.rows[i], &self.rows[j])
    }

    /// Term id → (article, weight) of every article's `k` strongest terms,
    /// each list cut to its `postings` heaviest.
    fn index(&self, k: usize, postings: usize) -> Vec<Vec<(u32, f32)>> {
        let mut index: Vec<Vec<(u32, f32)>> = vec![Vec::new(); self.terms()];
        for i in 0..self.len() {
            for (term, weight) in self.strongest(i, k) {
                index[term as usize].push((i as u32, weight));
            }
        }
        index.par_iter_mut().for_each(|list| cut(list, postings));
        index
    }
}

/// Related stories, "more from" lists and duplicates for every doc.
pub fn related(docs: &[Doc<'_>], words: &Words) -> Relations {
    related_with(docs, &PARAMS, words)
}

/// [`related`] for a long-running press (`press watch`): after the first
/// build, works out again only what the changes since the build `memory`
/// remembers can change (`incremental.rs`). The result is the same, bit for
/// bit.
pub fn related_kept(docs: &[Doc<'_>], words: &Words, memory: &mut Memory) -> Relations {
    incremental::related(docs, &PARAMS, words, memory)
}

pub fn related_with(docs: &[Doc<'_>], params: &Params, words: &Words) -> Relations {
    let readings = read_all(docs, words, None);
    full(docs, params, readings, false).0
}

/// Every article's related stories, from every article's reading; with
/// `keep`, also each article's candidates (else none).
fn full(
    docs: &[Doc<'_>],
    params: &Params,
    readings: Vec<Reading>,
    keep: bool,
) -> (Relations, Weighed, Vec<Candidates>) {
    let n = docs.len();
    let mut weighed = Vectors::of(readings, params.kept_terms);
    let bands = near_duplicate::Bands::of(&weighed.sketches);
    let duplicates = bands.duplicates(&weighed.sketches);
    if keep {
        weighed.bands = bands;
    }
    weighed.sketches = Vec::new();
    let vectors = &weighed.vectors;
    let excluded = Exclusions::new(docs, &duplicates);
    let contexts = Contexts::new(docs);
    let index = vectors.index(params.index_terms, params.postings);
    let terms = vectors.terms();
    // Articles in the order of their strongest term: articles taken one
    // after another share candidates, whose rows are then still in the
    // cache. At 100k articles that halves the time (memory-bound otherwise).
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_cached_key(|&i| (vectors.strongest_term(i), i));
    let mut related: Vec<(usize, Vec<usize>, Candidates)> = order
        .into_par_iter()
        // Each piece of work allocates its own scratch (n + terms floats):
        // pieces of at least 512 articles keep that cost small.
        .with_min_len(512)
        .map_init(
            || (vec![0f32; n], vec![0f32; terms]),
            |(scores, dense), i| {
                let query = vectors.strongest(i, params.query_terms);
                let (candidates, weakest, reached) = candidates_for(
                    &query,
                    |term| &index[term as usize],
                    scores,
                    params.candidates,
                );
                // Exact cosines against this article spread out over all
                // terms: one lookup per term of each candidate.
                vectors.scatter(i, dense);
                let scored: Vec<(usize, f32)> = candidates
                    .iter()
                    .map(|&j| (j, vectors.dot_dense(j, dense)))
                    .collect();
                vectors.clear(i, dense);
                let chosen = rank(i, &scored, &contexts, &excluded);
                let kept = match keep {
                    true => Candidates {
                        scored: scored
                            .iter()
                            .map(|&(j, cosine)| (j as u32, cosine))
                            .collect(),
                        weakest,
                        reached,
                    },
                    false => Candidates::default(),
                };
                (i, chosen, kept)
            },
        )
        .collect();
    related.sort_unstable_by_key(|(i, ..)| *i);
    let (related, candidates): (Vec<Vec<usize>>, Vec<Candidates>) = related
        .into_iter()
        .map(|(_, list, kept)| (list, kept))
        .unzip();
    let more_from_section = more_from_section(docs, &related, &excluded);
    let relations = Relations {
        related,
        more_from_section,
        duplicates,
    };
    (relations, weighed, candidates)
}

fn best_first(a: &(f32, usize), b: &(f32, usize)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

/// The best [`MAX_RELATED`] of `ranked` that may be shown with article `i`.
fn choose(
    ranked: impl Iterator<Item = (f32, usize)>,
    i: usize,
    excluded: &Exclusions,
) -> Vec<usize> {
    let mut ranked: Vec<(f32, usize)> = ranked.collect();
    // Stable for equal scores (the "more from" order is by time already).
    ranked.sort_by(best_first_stable);
    let mut chosen: Vec<usize> = Vec::with_capacity(MAX_RELATED);
    for (_, j) in ranked {
        if chosen.len() >= MAX_RELATED {
            break;
        }
        if j != i
            && !excluded.same_story(i, j)
            && chosen.iter().all(|&c| c != j && !excluded.same_story(c, j))
        {
            chosen.push(j);
        }
    }
    chosen
}

fn best_first_stable(a: &(f32, usize), b: &(f32, usize)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0)
}

/// Pairs never shown together: the same headline, or near-duplicate bodies.
struct Exclusions<'a> {
    headline_keys: PerDoc<'a, String>,
    duplicates: std::collections::HashSet<(usize, usize)>,
}

impl<'a> Exclusions<'a> {
    fn new(docs: &'a [Doc<'a>], duplicates: &[Duplicate]) -> Exclusions<'a> {
        let excluded = Exclusions::lazy(docs, duplicates);
        excluded.headline_keys.fill();
        excluded
    }

    /// Each headline's key made when first read: an edit's build ranks a
    /// few hundred articles again, not all of them.
    fn lazy(docs: &'a [Doc<'a>], duplicates: &[Duplicate]) -> Exclusions<'a> {
        Exclusions {
            headline_keys: PerDoc::new(docs, |d| normalise_headline(d.headline)),
            duplicates: duplicates.iter().map(|d| (d.first, d.second)).collect(),
        }
    }

    fn same_story(&self, a: usize, b: usize) -> bool {
        self.headline_keys.get(a) == self.headline_keys.get(b)
            || self.duplicates.contains(&(a.min(b), a.max(b)))
    }
}

/// A value per doc, made from it when first read, or for every doc at
/// once ([`PerDoc::fill`], in parallel).
struct PerDoc<'a, T> {
    docs: &'a [Doc<'a>],
    make: fn(&Doc<'_>) -> T,
    each: Vec<std::sync::OnceLock<T>>,
}

impl<'a, T: Send + Sync> PerDoc<'a, T> {
    fn new(docs: &'a [Doc<'a>], make: fn(&Doc<'_>) -> T) -> PerDoc<'a, T> {
        PerDoc {
            docs,
            make,
            each: (0..docs.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }

    fn fill(&self) {
        self.each.par_iter().enumerate().for_each(|(i, cell)| {
            cell.get_or_init(|| (self.make)(&self.docs[i]));
        });
    }

    fn get(&self, i: usize) -> &T {
        self.each[i].get_or_init(|| (self.make)(&self.docs[i]))
    }
}

/// What the tie-breakers read of a doc, with tags and sections as
/// numbers (their hashes): compared as text, they were a tenth of the
/// related step at 100,000 stories (16 million pairs).
struct Context {
    tags: Vec<u64>,
    section: u64,
    top_level: u64,
}

impl Context {
    fn of(doc: &Doc<'_>) -> Context {
        let hash = |text: &str| tokens::fnv1a(text.as_bytes(), tokens::FNV_OFFSET);
        Context {
            tags: doc.tags.iter().map(|t| hash(t)).collect(),
            section: hash(doc.section),
            top_level: hash(doc.top_level),
        }
    }
}

struct Contexts<'a> {
    each: PerDoc<'a, Context>,
}

impl<'a> Contexts<'a> {
    fn new(docs: &'a [Doc<'a>]) -> Contexts<'a> {
        let contexts = Contexts::lazy(docs);
        contexts.each.fill();
        contexts
    }

    /// Each doc's context made when first read (see [`Exclusions::lazy`]).
    fn lazy(docs: &'a [Doc<'a>]) -> Contexts<'a> {
        Contexts {
            each: PerDoc::new(docs, Context::of),
        }
    }

    /// Shared tags, same section and closeness in time, from 0 to 1.
    fn between(&self, a: usize, b: usize) -> f32 {
        let (x, y) = (self.each.get(a), self.each.get(b));
        let shared_tags = x.tags.iter().filter(|t| y.tags.contains(t)).count().min(2) as f32;
        let section = if x.section == y.section {
            1.0
        } else if x.top_level == y.top_level {
            0.5
        } else {
            0.0
        };
        let published = |i: usize| self.each.docs[i].published;
        let days_apart = (published(a) - published(b)).abs() as f32 / 86_400.0;
        let recency = (-days_apart / 30.0).exp();
        0.5 * shared_tags / 2.0 + 0.3 * section + 0.2 * recency
    }
}

/// How close press's related lists are to the exact ones, for `sample`
/// articles spread evenly over the docs (all when `sample >= n`).
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Recall {
    /// Articles measured.
    pub articles: usize,
    /// Share of the exact top 5 (at or above the floor, duplicates left
    /// out) that press's top 5 contains.
    pub recall_at_5: f64,
    /// Articles with no story at or above the floor.
    pub without_related: usize,
}

/// Exact top 5 by brute force over the full vectors, against `relations`.
pub fn recall(docs: &[Doc<'_>], relations: &Relations, sample: usize, words: &Words) -> Recall {
    recall_with(
        docs,
        relations,
        sample,
        &Vectors::new(docs, usize::MAX, words),
    )
}

/// [`recall`] with the full vectors made already.
fn recall_with(
    docs: &[Doc<'_>],
    relations: &Relations,
    sample: usize,
    vectors: &Vectors,
) -> Recall {
    let n = docs.len();
    let excluded = Exclusions::new(docs, &relations.duplicates);
    let step = (n / sample.max(1)).max(1);
    let measured: Vec<usize> = (0..n).step_by(step).collect();
    let (found, wanted, without) = measured
        .par_iter()
        .map(|&i| {
            let all = (0..n)
                .map(|j| (vectors.cosine(i, j), j))
                .filter(|(c, _)| *c >= FLOOR);
            let mut exact = choose(all, i, &excluded);
            exact.truncate(5);
            let ours = &relations.related[i][..relations.related[i].len().min(5)];
            let found = exact.iter().filter(|j| ours.contains(j)).count();
            (
                found,
                exact.len(),
                usize::from(relations.related[i].is_empty()),
            )
        })
        .reduce(|| (0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
    Recall {
        articles: measured.len(),
        recall_at_5: if wanted == 0 {
            1.0
        } else {
            found as f64 / wanted as f64
        },
        without_related: without,
    }
}

/// `press related`: one run of [`related_with`] and its [`recall`].
#[derive(Debug, serde::Serialize)]
pub struct Measurement {
    pub articles: usize,
    pub seconds: f64,
    pub recall: Recall,
    /// Among the first 1, 3 and 5 related stories, the share in the article's
    /// own top-level section (a rough label: sections are editors' topics).
    pub same_section_at: [f64; 3],
    pub duplicate_pairs: usize,
    /// Cosine of each measured article's best match, at percentiles 10, 25, 50, 75, 90.
    pub best_cosine_percentiles: [f32; 5],
}

pub fn measure(docs: &[Doc<'_>], params: &Params, sample: usize, words: &Words) -> Measurement {
    let started = std::time::Instant::now();
    let relations = related_with(docs, params, words);
    let seconds = started.elapsed().as_secs_f64();
    let vectors = Vectors::new(docs, usize::MAX, words);
    let recall = recall_with(docs, &relations, sample, &vectors);
    let mut same_section_at = [0f64; 3];
    for (slot, k) in [1usize, 3, 5].into_iter().enumerate() {
        let (mut same, mut all) = (0usize, 0usize);
        for (i, list) in relations.related.iter().enumerate() {
            for &j in list.iter().take(k) {
                all += 1;
                same += usize::from(docs[i].top_level == docs[j].top_level);
            }
        }
        same_section_at[slot] = same as f64 / all.max(1) as f64;
    }
    let step = (docs.len() / sample.max(1)).max(1);
    let mut best: Vec<f32> = (0..docs.len())
        .step_by(step)
        .collect::<Vec<_>>()
        .par_iter()
        .map(|&i| {
            (0..docs.len())
                .filter(|&j| j != i)
                .map(|j| vectors.cosine(i, j))
                .fold(0f32, f32::max)
        })
        .collect();
    best.sort_by(f32::total_cmp);
    let at = |p: usize| {
        best.get((best.len().saturating_sub(1)) * p / 100)
            .copied()
            .unwrap_or(0.0)
    };
    Measurement {
        articles: docs.len(),
        seconds,
        recall,
        same_section_at,
        duplicate_pairs: relations.duplicates.len(),
        best_cosine_percentiles: [at(10), at(25), at(50), at(75), at(90)],
    }
}

/// Nearest stories in time.
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

    /// Up to `2 × limit` stories around `i`, nearest first.
    fn nearest(&self, i: usize, limit: usize) -> impl Iterator<Item = usize> + '_ {
        let centre = self.position[i];
        (1..=limit).flat_map(move |distance| {
            let before = centre.checked_sub(distance).map(|r| self.by_time[r]);
            let after = self.by_time.get(centre + distance).copied();
            before.into_iter().chain(after)
        })
    }
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
    use crate::tokens::STOPWORDS;
    use broadsheet_model::Block;

    use broadsheet_model::Inline;

    fn body(text: &str) -> &'static [Block] {
        Box::leak(
            vec![Block::Paragraph {
                content: vec![Inline::text(text)],
            }]
            .into_boxed_slice(),
        )
    }

    pub(super) fn doc<'a>(
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
            source: 0,
        }
    }

    fn topics(none: &[String]) -> Vec<Doc<'_>> {
        vec![
            doc(
                "Drought empties reservoirs",
                "farmers reservoirs drought rainfall irrigation wells",
                none,
                "world",
                1,
            ),
            doc(
                "Cup final ends in penalties",
                "goalkeeper penalties final stadium supporters",
                none,
                "sport",
                2,
            ),
            doc(
                "Reservoirs at record low as drought deepens",
                "drought reservoirs irrigation farmers rationing",
                none,
                "world",
                3,
            ),
            doc(
                "Chip factory opens",
                "semiconductors factory wafers engineers",
                none,
                "technology",
                4,
            ),
            doc(
                "Penalties decide semi-final",
                "penalties goalkeeper semi final supporters",
                none,
                "sport",
                5,
            ),
            doc(
                "Wafer plant hires engineers",
                "wafers semiconductors engineers plant",
                none,
                "technology",
                6,
            ),
            doc(
                "Lighthouse keeper retires",
                "lantern keeper cottage retirement coastline",
                none,
                "sport",
                7,
            ),
        ]
    }

    #[test]
    fn finds_the_story_on_the_same_topic_and_nothing_weaker() {
        let none: Vec<String> = vec![];
        let docs = topics(&none);
        let relations = related(&docs, &Words::english());
        let related = &relations.related;
        assert_eq!(related[0], [2], "{related:?}");
        assert_eq!(related[2], [0]);
        assert_eq!(related[1], [4]);
        assert_eq!(related[3], [5]);
        // Nothing shares a word with the lighthouse story: no related
        // stories, but more from its own section, nearest in time first.
        assert_eq!(related[6], Vec::<usize>::new());
        assert_eq!(relations.more_from_section[6], [4, 1]);
        assert!(relations.more_from_section[..6].iter().all(Vec::is_empty));
    }

    #[test]
    fn shared_tags_break_a_tie_and_duplicates_are_skipped() {
        let tagged = vec!["rail".to_owned()];
        let none: Vec<String> = vec![];
        let docs = vec![
            doc(
                "Rail tunnel approved",
                "rail tunnel budget approved",
                &tagged,
                "world",
                10,
            ),
            // The same words in the same amounts: the same similarity to the first.
            doc(
                "Tunnel costs overrun",
                "rail tunnel budget overrun",
                &none,
                "world",
                10,
            ),
            doc(
                "Tunnel overrun costs",
                "rail tunnel budget overrun",
                &tagged,
                "world",
                10,
            ),
            // The same headline as the second: never beside it.
            doc(
                "Tunnel costs overrun",
                "rail tunnel budget overrun",
                &none,
                "world",
                10,
            ),
            doc("Other", "unrelated words entirely", &none, "sport", 1),
            doc("More", "different unrelated words", &none, "sport", 2),
        ];
        let related = related(&docs, &Words::english()).related;
        assert_eq!(
            related[0][0], 2,
            "the tagged story wins the tie: {related:?}"
        );
        assert!(
            related[0].contains(&1) != related[0].contains(&3),
            "{related:?}"
        );
        for (i, list) in related.iter().enumerate() {
            let headlines: Vec<&str> = list.iter().map(|&j| docs[j].headline).collect();
            assert!(!headlines.contains(&docs[i].headline), "{i}: {headlines:?}");
        }
    }

    /// Bodies that are nearly the same are never related, whatever the headline.
    #[test]
    fn near_duplicate_bodies_are_never_related() {
        let none: Vec<String> = vec![];
        let text = "The council voted on Tuesday to close the swimming baths on the river \
            front for a year of repairs to the roof, the boilers and the changing rooms, \
            after engineers found corroded beams above the main pool last spring.";
        let other = "Swimmers will use the school pool across town while the baths are shut, \
            the council said, and the repairs will cost more than the new roof planned \
            for the library, which has also waited years for the boilers to be replaced.";
        let docs = vec![
            doc("Baths to close for repairs", text, &none, "world", 1),
            doc("Council shuts river baths", text, &none, "world", 1),
            doc(
                "Where to swim while the baths are shut",
                other,
                &none,
                "world",
                2,
            ),
            doc(
                "Chip factory opens",
                "semiconductors factory wafers engineers",
                &none,
                "technology",
                3,
            ),
            doc(
                "Cup final",
                "goalkeeper penalties final stadium supporters",
                &none,
                "sport",
                4,
            ),
            doc(
                "Drought",
                "farmers reservoirs drought rainfall irrigation",
                &none,
                "world",
                5,
            ),
        ];
        let relations = related(&docs, &Words::english());
        assert_eq!(relations.duplicates.len(), 1);
        assert_eq!(relations.related[0], [2]);
        assert_eq!(relations.related[1], [2]);
    }

    /// Tags, section and time only break ties: a tagged story in the same
    /// section, the same day, never beats a clearly closer match.
    #[test]
    fn context_never_overrides_similarity() {
        let tagged = vec!["harbour".to_owned(), "strike".to_owned()];
        let none: Vec<String> = vec![];
        let docs = vec![
            doc(
                "Dockers strike",
                "dockers strike harbour cranes wages union",
                &tagged,
                "world",
                100,
            ),
            doc(
                "Crane drivers walk out",
                "dockers strike harbour cranes wages",
                &none,
                "business",
                1,
            ),
            doc(
                "Harbour festival",
                "harbour festival boats music strike",
                &tagged,
                "world",
                100,
            ),
        ];
        let related = related(&docs, &Words::english()).related;
        assert_eq!(related[0][0], 1, "{related:?}");
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
        let first = related(&docs, &Words::english()).related;
        assert!(first.iter().all(|list| list.len() == MAX_RELATED));
        assert_eq!(first, related(&docs, &Words::english()).related);
    }

    /// Candidate generation against brute force on the toy corpus: exact.
    #[test]
    fn recall_is_exact_on_a_small_corpus() {
        let none: Vec<String> = vec![];
        let docs = topics(&none);
        let relations = related(&docs, &Words::english());
        let recall = recall(&docs, &relations, docs.len(), &Words::english());
        assert_eq!(recall.recall_at_5, 1.0);
        assert_eq!(recall.without_related, 1);
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOPWORDS.iter().all(|w| w.len() <= 8));
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
