//! Related stories again after an edit, for a long-running press (`press
//! watch`): what the last build worked out is kept ([`Memory`]), and only
//! what the edit can change is worked out again. The result is the full
//! computation's ([`super::full`]), bit for bit; the tests below check it
//! over random sequences of edits.
//!
//! What an article's related list depends on, and so what is done again:
//! 1. **Its vector**: its reading, and the weight ([`super::idf`]) of each
//!    of its terms. Weights are of coarse counts, so a story more or less
//!    changes the weight of a term only when its count crosses a step; the
//!    vectors of the articles with such a term are made again. When the
//!    number of articles crosses a step, everything is ([`super::full`]).
//! 2. **Its candidates**: its query terms' index lists as candidates read
//!    them ([`super::cut`]). Articles whose vector changed leave and enter
//!    lists; the lists whose cut changed are compared, and the articles
//!    whose query terms have such a list look for candidates again.
//! 3. **Its ranking**: the vectors, contexts (tags, section, time,
//!    headline) and duplicates of its candidates. An article with a
//!    candidate that changed in any of them is ranked again.
//!
//! Articles are kept by position. One that is not in the last build keeps
//! its place among the others, so positions map one to one, in order,
//! from the last build to this one ([`Slots`]); ties, broken on position,
//! break the same way.

use std::hash::{Hash, Hasher};

use fnv::{FnvHashMap, FnvHashSet};
use rayon::prelude::*;

use super::{
    best_first, candidates_for, coarse, cosine_of, cut, full, more_from_section, near_duplicate,
    partial_score, rank, read_all, strongest_of, weigh, Candidates, Contexts, Doc, Exclusions,
    Params, ReadCache, Reading, Relations, Words,
};

/// No position.
const NONE: u32 = u32::MAX;

/// What a long-running press keeps of one build's related stories for the
/// next: each story's reading, and what was worked out from them.
#[derive(Default)]
pub struct Memory {
    reads: ReadCache,
    last: Option<Last>,
    /// How the last build was made, for `press watch`'s report and tests.
    pub last_build: Option<Rebuilt>,
}

/// How much of the last build was worked out again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuilt {
    /// Everything: the first build, or one after which little could be kept.
    All,
    /// The vectors, candidates and rankings of this many articles.
    Some {
        vectors: usize,
        candidates: usize,
        ranked: usize,
    },
}

struct Last {
    params: [usize; 5],
    n: usize,
    df: FnvHashMap<u32, u32>,
    docs: Vec<Kept>,
    lists: FnvHashMap<u32, List>,
    duplicates: Vec<(u32, u32)>,
    /// The bodies' sketches in their bands, by position.
    bands: near_duplicate::Bands,
}

/// One article of the last build.
struct Kept {
    key: u64,
    source: u64,
    /// Its vector by term hash, sorted.
    row: Vec<(u32, f32)>,
    query: Vec<u32>,
    /// Its candidates, each with its cosine: an article ranked again for
    /// a candidate that changed works out only that candidate's.
    candidates: Candidates,
    related: Vec<u32>,
}

/// One term's index list.
#[derive(Default)]
struct List {
    /// (position, weight) of every article with the term among its
    /// index terms, by position.
    all: Vec<(u32, f32)>,
    /// What candidates read of `all` when it is longer than the postings.
    cut: Option<Vec<(u32, f32)>>,
}

impl List {
    fn view(&self) -> &[(u32, f32)] {
        self.cut.as_deref().unwrap_or(&self.all)
    }

    /// Article `p`'s weight in what candidates read, if it is there.
    fn weight_of(&self, p: u32) -> Option<f32> {
        match &self.cut {
            // Heaviest first: at most the postings' number of entries.
            Some(cut) => cut.iter().find(|e| e.0 == p).map(|e| e.1),
            None => self
                .all
                .binary_search_by_key(&p, |e| e.0)
                .ok()
                .map(|at| self.all[at].1),
        }
    }

    fn recut(&mut self, postings: usize) {
        self.cut = (self.all.len() > postings).then(|| {
            let mut list = self.all.clone();
            cut(&mut list, postings);
            list
        });
    }
}

fn params_of(params: &Params) -> [usize; 5] {
    [
        params.query_terms,
        params.index_terms,
        params.postings,
        params.candidates,
        params.kept_terms,
    ]
}

/// What identifies an article to the kept build: its source and everything
/// the ranking reads of it besides its words.
fn key(doc: &Doc<'_>) -> u64 {
    // xxh3: FNV, a byte at a time, was a tenth of an edit's related step.
    let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
    (
        doc.source,
        doc.headline,
        doc.standfirst,
        doc.tags,
        doc.section,
        doc.top_level,
        doc.published,
    )
        .hash(&mut hasher);
    hasher.finish()
}

pub(crate) fn related(
    docs: &[Doc<'_>],
    params: &Params,
    words: &Words,
    memory: &mut Memory,
) -> Relations {
    if !words.is_self_contained() || docs.iter().any(|doc| doc.source == 0) {
        // Readings that cannot be kept: nothing can.
        memory.last = None;
        memory.last_build = Some(Rebuilt::All);
        return super::related_with(docs, params, words);
    }
    let keys: Vec<u64> = docs.iter().map(key).collect();
    if let Some(last) = memory.last.take() {
        if let Some((relations, last, rebuilt)) =
            again(docs, params, &keys, words, &mut memory.reads, last)
        {
            memory.last = Some(last);
            memory.last_build = Some(rebuilt);
            return relations;
        }
    }
    let clock = std::time::Instant::now();
    let readings = read_all(docs, words, Some(&mut memory.reads));
    let (relations, weighed, candidates) = full(docs, params, readings, true);
    if std::env::var_os("BROADSHEET_RELATED_TIMING").is_some() {
        eprintln!("related: full at {:?}", clock.elapsed());
    }
    memory.last = remember(docs, params, &keys, &relations, weighed, candidates);
    if std::env::var_os("BROADSHEET_RELATED_TIMING").is_some() {
        eprintln!("related: remembered at {:?}", clock.elapsed());
    }
    memory.last_build = Some(Rebuilt::All);
    relations
}

/// What the next build keeps of a full one; none when two articles have
/// one key (they could not be told apart).
fn remember(
    docs: &[Doc<'_>],
    params: &Params,
    keys: &[u64],
    relations: &Relations,
    weighed: super::Weighed,
    candidates: Vec<Candidates>,
) -> Option<Last> {
    if keys.iter().collect::<FnvHashSet<_>>().len() != keys.len() {
        return None;
    }
    let shared = &weighed.shared;
    let docs: Vec<Kept> = weighed
        .vectors
        .rows
        .into_par_iter()
        .zip(candidates)
        .enumerate()
        .map(|(i, (mut row, candidates))| {
            for (term, _) in row.iter_mut() {
                *term = shared[*term as usize];
            }
            Kept {
                key: keys[i],
                source: docs[i].source,
                query: strongest_of(&row, params.query_terms)
                    .into_iter()
                    .map(|(term, _)| term)
                    .collect(),
                row,
                candidates,
                related: relations.related[i].iter().map(|&j| j as u32).collect(),
            }
        })
        .collect();
    let mut lists: FnvHashMap<u32, List> = FnvHashMap::default();
    for (i, doc) in docs.iter().enumerate() {
        for (term, weight) in strongest_of(&doc.row, params.index_terms) {
            lists.entry(term).or_default().all.push((i as u32, weight));
        }
    }
    lists
        .par_iter_mut()
        .for_each(|(_, list)| list.recut(params.postings));
    Some(Last {
        params: params_of(params),
        n: keys.len(),
        df: weighed.document_frequency,
        docs,
        lists,
        duplicates: relations
            .duplicates
            .iter()
            .map(|d| (d.first as u32, d.second as u32))
            .collect(),
        bands: weighed.bands,
    })
}

/// What each article of this build was in the last.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// The same article, at `old`.
    Kept(u32),
    /// Another article in the place of the one at `old` (an edit).
    Replaced(u32),
    Added,
}

/// Positions from the last build to this one.
struct Slots {
    slots: Vec<Slot>,
    /// Each old position's new one, or [`NONE`] for an article gone.
    old_to_new: Vec<u32>,
}

impl Slots {
    /// None when the kept articles are not in the same order as before.
    fn new(last: &[Kept], keys: &[u64]) -> Option<Slots> {
        let old: FnvHashMap<u64, u32> = last
            .iter()
            .enumerate()
            .map(|(o, doc)| (doc.key, o as u32))
            .collect();
        if keys.iter().collect::<FnvHashSet<_>>().len() != keys.len() {
            return None;
        }
        let mut old_to_new = vec![NONE; last.len()];
        let mut slots = vec![Slot::Added; keys.len()];
        let mut previous: Option<u32> = None;
        for (p, key) in keys.iter().enumerate() {
            if let Some(&o) = old.get(key) {
                if previous.is_some_and(|before| before >= o) {
                    return None;
                }
                previous = Some(o);
                old_to_new[o as usize] = p as u32;
                slots[p] = Slot::Kept(o);
            }
        }
        // Between two kept articles, as many new ones as old: each takes
        // the place of the old one at its rank.
        let (mut o, mut p) = (0usize, 0usize);
        loop {
            let p_end = (p..keys.len())
                .find(|&q| matches!(slots[q], Slot::Kept(_)))
                .unwrap_or(keys.len());
            let o_end = (o..last.len())
                .find(|&q| old_to_new[q] != NONE)
                .unwrap_or(last.len());
            if p_end - p == o_end - o {
                for k in 0..p_end - p {
                    slots[p + k] = Slot::Replaced((o + k) as u32);
                    old_to_new[o + k] = (p + k) as u32;
                }
            }
            if p_end == keys.len() || o_end == last.len() {
                break;
            }
            (o, p) = (o_end + 1, p_end + 1);
        }
        Some(Slots { slots, old_to_new })
    }

    fn is_identity(&self) -> bool {
        self.slots.len() == self.old_to_new.len()
            && self
                .old_to_new
                .iter()
                .enumerate()
                .all(|(o, &p)| o as u32 == p)
    }

    fn old(&self, p: usize) -> Option<usize> {
        match self.slots[p] {
            Slot::Kept(o) | Slot::Replaced(o) => Some(o as usize),
            Slot::Added => None,
        }
    }
}

/// A build from the kept one; none when too much changed to keep it.
fn again(
    docs: &[Doc<'_>],
    params: &Params,
    keys: &[u64],
    words: &Words,
    reads: &mut ReadCache,
    mut last: Last,
) -> Option<(Relations, Last, Rebuilt)> {
    let n = docs.len();
    let clock = std::time::Instant::now();
    let mark = |what: &str| {
        if std::env::var_os("BROADSHEET_RELATED_TIMING").is_some() {
            eprintln!("related: {what} at {:?}", clock.elapsed());
        }
    };
    if last.params != params_of(params) || coarse(n + 1) != coarse(last.n + 1) {
        return None;
    }
    let slots = Slots::new(&last.docs, keys)?;
    // What leaves the term counts: the readings of articles gone or replaced.
    let mut gone: Vec<Vec<u32>> = Vec::new();
    for (o, doc) in last.docs.iter().enumerate() {
        let p = slots.old_to_new[o];
        if p == NONE || matches!(slots.slots[p as usize], Slot::Replaced(_)) {
            let reading = reads.kept.get(&doc.source)?;
            gone.push(reading.0.iter().map(|(term, _)| *term).collect());
        }
    }
    mark("slots");
    reads.update(docs, words);
    let readings: Vec<&Reading> = docs
        .iter()
        .map(|doc| reads.kept.get(&doc.source))
        .collect::<Option<_>>()?;
    mark("read");

    // 1. Vectors.
    let mut old_df: FnvHashMap<u32, u32> = FnvHashMap::default();
    for terms in &gone {
        for &term in terms {
            let df = last.df.get_mut(&term)?;
            old_df.entry(term).or_insert(*df);
            *df -= 1;
        }
    }
    for (p, (reading, _)) in readings.iter().enumerate() {
        if !matches!(slots.slots[p], Slot::Kept(_)) {
            for &(term, _) in reading {
                let df = last.df.entry(term).or_default();
                old_df.entry(term).or_insert(*df);
                *df += 1;
            }
        }
    }
    let reweighed: FnvHashSet<u32> = old_df
        .iter()
        .filter(|&(term, &before)| {
            // A term in fewer than two articles is in no vector.
            let now = last.df[term];
            (before >= 2 || now >= 2)
                && ((before >= 2) != (now >= 2) || coarse(before as usize) != coarse(now as usize))
        })
        .map(|(term, _)| *term)
        .collect();
    last.df.retain(|_, df| *df > 0);
    let df = &last.df;
    let mut old_docs: Vec<Option<Kept>> = std::mem::take(&mut last.docs)
        .into_iter()
        .map(Some)
        .collect();
    let unchanged: Vec<bool> = readings
        .par_iter()
        .enumerate()
        .map(|(p, (reading, _))| {
            matches!(slots.slots[p], Slot::Kept(_))
                && (reweighed.is_empty()
                    || !reading.iter().any(|(term, _)| reweighed.contains(term)))
        })
        .collect();
    // A new story's words sometimes cross steps of the counts of words
    // many stories share: when that makes many vectors again, the full
    // computation is the quicker way to the same result.
    let to_make = unchanged.iter().filter(|&&same| !same).count();
    mark(&format!("{to_make} vectors to make again"));
    if to_make > n / 50 + 64 {
        return None;
    }
    // (row, whether it changed) of each article, by its new position.
    let mut rows: Vec<(Vec<(u32, f32)>, bool)> = (0..n)
        .map(|p| match slots.old(p).and_then(|o| old_docs[o].as_mut()) {
            Some(old) if unchanged[p] => (std::mem::take(&mut old.row), false),
            _ => (Vec::new(), true),
        })
        .collect();
    rows.par_iter_mut()
        .enumerate()
        .filter(|(p, _)| !unchanged[*p])
        .for_each(|(p, (row, changed))| {
            *row = readings[p].0.clone();
            weigh(
                row,
                n,
                |term| df[&term],
                |term| (df[&term] >= 2).then_some(term),
                params.kept_terms,
            );
            let old = slots.old(p).and_then(|o| old_docs[o].as_ref());
            *changed = old.is_none_or(|old| !same_row(&old.row, row));
        });
    let vectors_made = readings.len()
        - slots
            .slots
            .iter()
            .zip(&rows)
            .filter(|(slot, (_, changed))| matches!(slot, Slot::Kept(_)) && !changed)
            .count();

    mark("vectors");
    // 2. Index lists: out with the old entries of what changed, in with
    // the new; lists whose cut changed are noted.
    let mut out: Vec<(u32, u32)> = Vec::new(); // (term, new position) to remove
    let mut touched: FnvHashSet<u32> = FnvHashSet::default();
    for (o, old) in old_docs.iter().enumerate() {
        let p = slots.old_to_new[o];
        let Some(old) = old else { continue };
        let changed = p == NONE || rows[p as usize].1;
        if changed {
            for (term, _) in strongest_of(&old.row, params.index_terms) {
                touched.insert(term);
                if p != NONE {
                    out.push((term, p));
                }
            }
        }
    }
    let mut entering: Vec<(u32, u32, f32)> = Vec::new();
    for (p, (row, changed)) in rows.iter().enumerate() {
        if *changed {
            for (term, weight) in strongest_of(row, params.index_terms) {
                touched.insert(term);
                entering.push((term, p as u32, weight));
            }
        }
    }
    let map = |o: u32| slots.old_to_new[o as usize];
    let before: FnvHashMap<u32, Vec<(u32, u32)>> = touched
        .iter()
        .map(|term| {
            let view = last.lists.get(term).map(List::view).unwrap_or(&[]);
            (
                *term,
                view.iter().map(|&(o, w)| (map(o), w.to_bits())).collect(),
            )
        })
        .collect();
    // The articles gone from each touched list's view, by old position.
    let gone_from: FnvHashMap<u32, Vec<u32>> = touched
        .iter()
        .filter_map(|term| {
            let view = last.lists.get(term).map(List::view).unwrap_or(&[]);
            let gone: Vec<u32> = view
                .iter()
                .filter(|&&(o, _)| map(o) == NONE)
                .map(|&(o, _)| o)
                .collect();
            (!gone.is_empty()).then_some((*term, gone))
        })
        .collect();
    if !slots.is_identity() {
        last.lists.par_iter_mut().for_each(|(_, list)| {
            for entries in std::iter::once(&mut list.all).chain(list.cut.as_mut()) {
                entries.retain_mut(|(o, _)| {
                    *o = map(*o);
                    *o != NONE
                });
            }
        });
    }
    for (term, p) in out {
        let list = last.lists.get_mut(&term)?;
        let at = list.all.binary_search_by_key(&p, |e| e.0).ok()?;
        list.all.remove(at);
    }
    for (term, p, weight) in entering {
        let list = last.lists.entry(term).or_default();
        let at = list.all.binary_search_by_key(&p, |e| e.0).err()?;
        list.all.insert(at, (p, weight));
    }
    // Each list whose view changed, with the articles of this build whose
    // entry in it came, went or weighs otherwise (those no longer in the
    // archive are in `gone_from`).
    let mut recut: FnvHashMap<u32, Vec<u32>> = FnvHashMap::default();
    for term in &touched {
        let Some(list) = last.lists.get_mut(term) else {
            continue;
        };
        list.recut(params.postings);
        let now = list.view().iter().map(|&(p, w)| (p, w.to_bits()));
        if !now.clone().eq(before[term].iter().copied()) {
            let mut was: FnvHashMap<u32, u32> = before[term].iter().copied().collect();
            let mut moved: Vec<u32> = Vec::new();
            for (p, bits) in now {
                if was.remove(&p) != Some(bits) {
                    moved.push(p);
                }
            }
            moved.extend(was.into_keys().filter(|&p| p != NONE));
            moved.sort_unstable();
            moved.dedup();
            recut.insert(*term, moved);
        }
        if list.all.is_empty() {
            last.lists.remove(term);
        }
    }

    mark("lists");
    // 3. Duplicates, found again over every sketch, compared. The bands
    // are the last build's, each article kept renumbered and the others'
    // sketches put in: nothing is sorted again.
    let sketches: Vec<Option<near_duplicate::Sketch>> =
        readings.iter().map(|(_, sketch)| *sketch).collect();
    let added: Vec<(u32, &near_duplicate::Sketch)> = sketches
        .iter()
        .enumerate()
        .filter(|(p, _)| !matches!(slots.slots[*p], Slot::Kept(_)))
        .filter_map(|(p, sketch)| Some((p as u32, sketch.as_ref()?)))
        .collect();
    let renumber = |o: u32| {
        let p = map(o);
        (p != NONE && matches!(slots.slots[p as usize], Slot::Kept(_))).then_some(p)
    };
    if !last.bands.update(renumber, &added) {
        last.bands = near_duplicate::Bands::of(&sketches);
    }
    let duplicates = last.bands.duplicates(&sketches);
    drop(added);
    drop(sketches);
    let pairs: FnvHashSet<(u32, u32)> = duplicates
        .iter()
        .map(|d| (d.first as u32, d.second as u32))
        .collect();
    let old_pairs: FnvHashSet<(u32, u32)> = last
        .duplicates
        .iter()
        .map(|&(a, b)| (map(a), map(b)))
        .collect();

    mark("duplicates");
    // Which articles others must look at again, and which look again.
    let mut changed = vec![false; n];
    for (p, slot) in slots.slots.iter().enumerate() {
        changed[p] = !matches!(slot, Slot::Kept(_)) || rows[p].1;
    }
    for &(a, b) in pairs.symmetric_difference(&old_pairs) {
        for p in [a, b] {
            if p != NONE {
                changed[p as usize] = true;
            }
        }
    }
    // Each article's query terms; `None`: its row and query are as they
    // were (read from the kept article, not copied for every article).
    let queries: Vec<Option<Vec<u32>>> = rows
        .par_iter()
        .enumerate()
        .map(|(p, (row, row_changed))| {
            let kept = !row_changed
                && matches!(slots.slots[p], Slot::Kept(_))
                && slots.old(p).and_then(|o| old_docs[o].as_ref()).is_some();
            (!kept).then(|| {
                strongest_of(row, params.query_terms)
                    .into_iter()
                    .map(|(term, _)| term)
                    .collect()
            })
        })
        .collect();
    let query_of = |p: usize| -> &[u32] {
        match &queries[p] {
            Some(query) => query,
            None => slots
                .old(p)
                .and_then(|o| old_docs[o].as_ref())
                .map_or(&[], |old| &old.query),
        }
    };
    // Whether each article looks for candidates again, and whether it is
    // ranked again (a candidate of its changed), in one pass over the kept
    // candidates (16 million at 100,000 articles), with `changed` as bits
    // (they stay in the processor's nearest cache).
    let mut changed_bits = vec![0u64; n.div_ceil(64)];
    for (p, _) in changed.iter().enumerate().filter(|(_, &c)| c) {
        changed_bits[p / 64] |= 1 << (p % 64);
    }
    let is_changed = |p: u32| changed_bits[p as usize / 64] >> (p % 64) & 1 == 1;
    let identity = slots.is_identity();
    let lists = &last.lists;
    // Whether article `p`, its row as it was, could have other candidates
    // now ([`same_candidates`]).
    let chooses_again = |p: usize, old: &Kept| -> Option<u32> {
        let row = &rows[p].0;
        let query: Vec<(u32, f32)> = query_of(p)
            .iter()
            .map(|&term| {
                let at = row.binary_search_by_key(&term, |e| e.0);
                (term, at.map_or(0.0, |at| row[at].1))
            })
            .collect();
        let now = |term: u32, j: u32| lists.get(&term).and_then(|list| list.weight_of(j));
        let then = |term: u32, j: u32| match before.get(&term) {
            Some(view) => view.iter().find(|e| e.0 == j).map(|e| f32::from_bits(e.1)),
            None => now(term, j),
        };
        let mut moved: Vec<u32> = Vec::new();
        let mut gone: Vec<u32> = Vec::new();
        for term in query_of(p) {
            for &c in recut.get(term).map_or(&[][..], Vec::as_slice) {
                if !moved.contains(&c) {
                    moved.push(c);
                }
            }
            for &o in gone_from.get(term).map_or(&[][..], Vec::as_slice) {
                if !gone.contains(&o) {
                    gone.push(o);
                }
            }
        }
        let position = |o: u32| if identity { o } else { map(o) };
        let scores = moved.into_iter().map(|c| {
            (
                c,
                partial_score(&query, then, c),
                partial_score(&query, now, c),
            )
        });
        same_candidates(
            &old.candidates,
            position,
            scores,
            gone.len(),
            params.candidates,
        )
    };
    // (looks for candidates again, ranked again, how many articles its
    // query reaches when that changed and it does not look again, else
    // NONE).
    let dirty: Vec<(bool, bool, u32)> = (0..n)
        .into_par_iter()
        .map(|p| {
            let Some(old) = slots.old(p).and_then(|o| old_docs[o].as_ref()) else {
                return (true, true, NONE);
            };
            if changed[p] {
                return (true, true, NONE);
            }
            let mut rank = false;
            for &(c, _) in &old.candidates.scored {
                let c = if identity { c } else { map(c) };
                if c == NONE {
                    // Cannot be (a candidate gone was in a list that
                    // changed), but a position that is no more is never read.
                    return (true, true, NONE);
                }
                if !rank && is_changed(c) {
                    rank = true;
                    if identity {
                        break;
                    }
                }
            }
            if !query_of(p).iter().any(|term| recut.contains_key(term)) {
                return (false, rank, NONE);
            }
            match chooses_again(p, old) {
                None => (true, true, NONE),
                Some(reached) => (false, rank, reached),
            }
        })
        .collect();
    let look_again: Vec<bool> = dirty.iter().map(|d| d.0).collect();
    let rank_again: Vec<bool> = dirty.iter().map(|d| d.1).collect();
    let reached_now = |p: usize, kept: u32| match dirty[p].2 {
        NONE => kept,
        reached => reached,
    };

    mark("dirty");
    // Read for the few hundred articles ranked again and their candidates
    // only: worked out when first read.
    let excluded = Exclusions::lazy(docs, &duplicates);
    let contexts = Contexts::lazy(docs);
    mark("contexts");
    // 4. Rankings.
    let list_of = |term: u32| lists.get(&term).map(List::view).unwrap_or(&[]);
    // Only the articles that look again are worked on, each piece of work
    // with its scratch (a slot per article).
    let todo: Vec<usize> = (0..n).filter(|&p| rank_again[p]).collect();
    let mut worked: Vec<Option<(Candidates, Vec<usize>)>> = (0..n).map(|_| None).collect();
    let done: Vec<(usize, Candidates, Vec<usize>)> = todo
        .par_iter()
        .with_min_len(64)
        .map_init(
            || vec![0f32; n],
            |scores, &p| {
                let old = slots.old(p).and_then(|o| old_docs[o].as_ref());
                let cosine = |j: usize| cosine_of(&rows[p].0, &rows[j].0);
                let (scored, weakest, reached): (Vec<(usize, f32)>, _, _) =
                    match (look_again[p], old) {
                        // Its row and candidates as they were: only a
                        // candidate that changed has another cosine.
                        (false, Some(old)) => (
                            old.candidates
                                .scored
                                .iter()
                                .map(|&(c, kept)| {
                                    let c = map(c) as usize;
                                    (c, if changed[c] { cosine(c) } else { kept })
                                })
                                .collect(),
                            old.candidates.weakest.map(|(score, j)| (score, map(j))),
                            reached_now(p, old.candidates.reached),
                        ),
                        _ => {
                            let query = strongest_of(&rows[p].0, params.query_terms);
                            let (chosen, weakest, reached) =
                                candidates_for(&query, list_of, scores, params.candidates);
                            (
                                chosen.into_iter().map(|j| (j, cosine(j))).collect(),
                                weakest,
                                reached,
                            )
                        }
                    };
                let related = rank(p, &scored, &contexts, &excluded);
                let kept = Candidates {
                    scored: scored
                        .iter()
                        .map(|&(c, cosine)| (c as u32, cosine))
                        .collect(),
                    weakest,
                    reached,
                };
                (p, kept, related)
            },
        )
        .collect();
    for (p, candidates, related) in done {
        worked[p] = Some((candidates, related));
    }
    // The rest keep theirs, moved (a hundred thousand articles' candidates
    // and their cosines are 128 MB), renumbered where positions moved.
    let worked: Vec<(Candidates, Vec<usize>)> = worked
        .into_iter()
        .enumerate()
        .map(|(p, worked)| match worked {
            Some(worked) => Some(worked),
            None => {
                // Not ranked again: an article kept, with every candidate.
                let old = slots.old(p).and_then(|o| old_docs[o].as_mut())?;
                let mut candidates = std::mem::take(&mut old.candidates);
                candidates.reached = reached_now(p, candidates.reached);
                if !identity {
                    candidates.scored.iter_mut().for_each(|c| c.0 = map(c.0));
                    if let Some((_, j)) = &mut candidates.weakest {
                        *j = map(*j);
                    }
                }
                let related = old.related.iter().map(|&j| map(j) as usize).collect();
                Some((candidates, related))
            }
        })
        .collect::<Option<_>>()?;
    let rebuilt = Rebuilt::Some {
        vectors: vectors_made,
        candidates: look_again.iter().filter(|&&again| again).count(),
        ranked: rank_again.iter().filter(|&&again| again).count(),
    };
    let (candidates, related): (Vec<Candidates>, Vec<Vec<usize>>) = worked.into_iter().unzip();
    mark("ranked");
    let more_from_section = more_from_section(docs, &related, &excluded);
    mark("more from");

    let kept: Vec<Kept> = rows
        .into_iter()
        .zip(queries)
        .zip(candidates)
        .enumerate()
        .map(|(p, (((row, _), query), candidates))| Kept {
            key: keys[p],
            source: docs[p].source,
            query: query.unwrap_or_else(|| {
                slots
                    .old(p)
                    .and_then(|o| old_docs[o].as_mut())
                    .map(|old| std::mem::take(&mut old.query))
                    .unwrap_or_default()
            }),
            row,
            candidates,
            related: related[p].iter().map(|&j| j as u32).collect(),
        })
        .collect();
    last.docs = kept;
    last.n = n;
    last.duplicates = duplicates
        .iter()
        .map(|d| (d.first as u32, d.second as u32))
        .collect();
    let relations = Relations {
        related,
        more_from_section,
        duplicates,
    };
    mark(&format!("kept ({rebuilt:?})"));
    Some((relations, last, rebuilt))
}

/// Whether an article whose row is as it was keeps `kept` as its
/// candidates (then, how many articles its query reaches now), given the
/// articles whose entry changed in its query terms' lists, each with its
/// partial score before and now (0: not reached), and how many articles
/// no longer in the archive it reached (none of them a candidate). It
/// keeps them when
/// - each of those that is a candidate, other than the weakest, still
///   scores above the weakest (or is reached at all, when nothing was left
///   out);
/// - none of the others now scores above the weakest (or is reached at
///   all, when nothing was left out);
/// - and the number it reaches does not cross `limit`.
///
/// Then a build from nothing chooses the same candidates in the same order
/// (article order), and the same weakest.
/// `position` maps the kept articles to this build's positions.
fn same_candidates(
    kept: &Candidates,
    position: impl Fn(u32) -> u32,
    changed: impl Iterator<Item = (u32, f32, f32)>,
    gone: usize,
    limit: usize,
) -> Option<u32> {
    let mut reached = i64::from(kept.reached) - gone as i64;
    for (c, then, now) in changed {
        let candidate = kept
            .scored
            .binary_search_by(|&(o, _)| position(o).cmp(&c))
            .is_ok();
        let chosen = match kept.weakest {
            Some((_, j)) if position(j) == c => return None,
            Some((weakest, j)) => {
                best_first(&(now, c as usize), &(weakest, position(j) as usize)).is_lt()
            }
            None => now > 0.0,
        };
        if chosen != candidate {
            return None;
        }
        reached += i64::from(now > 0.0) - i64::from(then > 0.0);
    }
    let cut = reached > limit as i64;
    (cut == kept.weakest.is_some()).then_some(reached as u32)
}

fn same_row(a: &[(u32, f32)], b: &[(u32, f32)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.0 == y.0 && x.1.to_bits() == y.1.to_bits())
}

#[cfg(test)]
mod tests;
