//! The search index, `data/search/` (docs/search.md): every published story,
//! numbered oldest first, as the model's [`broadsheet_model::search`] files.
//!
//! Each story's terms are weighted by where they stand (headline ×3,
//! standfirst, byline and tags ×2, first paragraph ×1.5, body ×1) and scored with BM25; the
//! score becomes an impact of 1–255, so that the reader's browser only adds
//! numbers. A term keeps its [`MAX_POSTINGS`] best stories. Terms are
//! grouped into shards by their first characters, a shard splitting into
//! longer keys while it is larger than [`SHARD_BYTES`].
//!
//! Each writer and tag also gets the list of its stories
//! (`facets/{author|tag}/{slug}.json`), for filtering.
//!
//! Held-back stories never get here: the schedule removed them from the
//! library before anything was computed, and drafts shown by a local
//! `--drafts` build are left out as well.

use std::collections::BTreeMap;

use fnv::FnvHashMap;

use anyhow::Result;
use broadsheet_model::search::{
    self, DocShard, Facet, FacetDocs, Posting, SearchDoc, SearchIndex, TermShard, YearRange,
    DOCS_PER_FILE, MAX_KEY_CHARS, MAX_POSTINGS,
};
use broadsheet_model::SCHEMA_VERSION;
use broadsheet_output::Staging;
use rayon::prelude::*;

use crate::file_memo::{FileMemo, Inputs};
use crate::library::Library;

pub mod cache;
mod terms;

use crate::write::to_json;
use press_content::load::Draft;
use terms::{story_terms, IN_HEADLINE, IN_LEAD};

/// A shard larger than this (its JSON, before compression) is split by one
/// more character, down to [`MAX_KEY_CHARS`].
pub const SHARD_BYTES: usize = 8 * 1024;

/// BM25's usual constants.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// A word of the headline also scores this much (times its idf) outside
/// BM25's saturation, and a word of the lead [`LEAD_MATCH`]: a long story
/// that repeats a word in its body must not outrank the story whose
/// headline or lead it is (a reader who remembers a story remembers those).
const HEADLINE_MATCH: f32 = 0.5;
const LEAD_MATCH: f32 = 0.25;
/// Writes the index [`build`] computed into staging.
/// With the library's file memo (`press watch`), a file made of the same
/// values as the last build's is kept as it is, without its JSON being
/// made again: at 100,000 stories, 41,000 files.
pub fn write(index: &Built, library: &Library, staging: &Staging) -> Result<()> {
    let memo = &library.memo;
    staging.write(search::INDEX_JSON, &to_json(&index.toc)?)?;
    index
        .shards
        .par_iter()
        .try_for_each(|(key, shard)| write_kept(memo, staging, search::terms_path(key), shard))?;
    index.docs.par_iter().try_for_each(|chunk| -> Result<()> {
        let path = search::docs_path(chunk.first, DOCS_PER_FILE);
        let inputs = chunk.inputs(library).filter(|_| memo.is_enabled());
        if memo.keep(staging, &path, inputs)? {
            return Ok(());
        }
        let bytes = to_json(&chunk.shard(library))?;
        staging.write(&path, &bytes)?;
        memo.wrote(path, inputs, &bytes);
        Ok(())
    })?;
    index
        .facets
        .par_iter()
        .try_for_each(|(path, docs)| write_kept(memo, staging, path.clone(), docs))?;
    Ok(())
}

/// One file of the index, kept when the memo knows its values.
fn write_kept<T: serde::Serialize + std::hash::Hash>(
    memo: &FileMemo,
    staging: &Staging,
    path: String,
    value: &T,
) -> Result<()> {
    let inputs = memo
        .is_enabled()
        .then(|| Inputs::new().hashed(value).finish());
    if memo.keep(staging, &path, inputs)? {
        return Ok(());
    }
    let bytes = to_json(value)?;
    staging.write(&path, &bytes)?;
    memo.wrote(path, inputs, &bytes);
    Ok(())
}

/// The stories of one `docs/` file, by their place in the library: the
/// file is made when it is written, if the memo does not keep it.
pub struct DocChunk {
    pub first: u32,
    pub stories: Vec<usize>,
}

impl DocChunk {
    fn shard(&self, library: &Library) -> DocShard {
        DocShard {
            schema_version: SCHEMA_VERSION,
            first: self.first,
            docs: self
                .stories
                .iter()
                .map(|&index| {
                    let draft = &library.drafts[index];
                    SearchDoc {
                        url: draft.path.url(),
                        headline: draft.headline.clone(),
                        standfirst: draft.standfirst.clone(),
                        byline: draft.byline.clone(),
                        section: draft.section.clone(),
                        published: draft.published.clone(),
                        thumbnail: library.teasers[index].thumbnail.clone(),
                    }
                })
                .collect(),
        }
    }

    /// What the file is made from: each story's teaser (its URL, headline,
    /// standfirst, section, time and thumbnail are the teaser's) and
    /// byline.
    fn inputs(&self, library: &Library) -> Option<u128> {
        let teasers = library.teaser_hashes.as_ref()?;
        let mut inputs = Inputs::new();
        inputs
            .number(u64::from(self.first))
            .teasers(&self.stories, teasers);
        for &index in &self.stories {
            inputs.hashed(&library.drafts[index].byline);
        }
        Some(inputs.finish())
    }
}

/// The index's files, in memory.
pub struct Built {
    pub toc: SearchIndex,
    pub shards: Vec<(String, TermShard)>,
    pub docs: Vec<DocChunk>,
    /// Each writer's and tag's stories: (file, numbers).
    pub facets: Vec<(String, FacetDocs)>,
}

/// A statistic of the whole archive (the number of stories, their average
/// length) rounded to a 32nd of a binary order of
/// magnitude, about 2%. Every impact in the index depends on them: exact,
/// one edited headline moved the average and rounded some impact of nearly
/// every term the other way, and the build rewrote all 24,374 term files of
/// a 100,000-story archive; rounded, an edit or a new story rewrites the
/// files of its own words, and all of them only when the archive grows past
/// a step (issue 31). The ranking does not notice a 2% change of these.
fn coarse(x: f32) -> f32 {
    if x > 0.0 {
        ((x.log2() * 32.0).round() / 32.0).exp2()
    } else {
        x
    }
}

pub fn build(library: &Library) -> Built {
    build_with(library, None)
}

/// [`build`], reading the terms of only the stories whose source `cache`
/// does not hold (`press watch`). The result is the same, byte for byte.
pub fn build_with(library: &Library, cache: Option<&mut cache::SearchCache>) -> Built {
    // Numbered oldest first (the library is sorted newest first): a new
    // story takes the next number, and the files that hold the other
    // stories' numbers (terms, docs, facets) stay as they were. Preview
    // drafts are left out.
    let stories: Vec<(usize, &Draft)> = library
        .drafts
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, d)| !d.draft)
        .collect();
    let sections: Vec<_> = library.config.top_level().map(|s| s.reference()).collect();
    let section_of = |draft: &Draft| {
        let top = broadsheet_model::paths::top_level_of(&draft.section.path);
        sections.iter().position(|s| s.path == top).unwrap_or(0) as u32
    };

    let section_by_doc: Vec<u32> = stories.iter().map(|(_, d)| section_of(d)).collect();
    let cache = cache.filter(|_| library.words.is_self_contained());
    let (terms, documents) = match cache {
        // By term numbers, only what an edit changed worked out again.
        Some(cache) => cache.index(&stories, &library.words, &section_by_doc),
        None => {
            // Inverted, a run of stories at a time in parallel: term →
            // (story, weighted frequency), and each story's weighted
            // length. A term's text is kept once per run ([`Inverted`]),
            // not once per story that has it.
            let Inverted {
                ids,
                mut lists,
                mut lengths,
            } = stories
                .par_iter()
                .enumerate()
                .with_min_len(256)
                .fold(Inverted::default, |mut run, (doc, (_, draft))| {
                    run.add(doc as u32, draft, &library.words);
                    run
                })
                .reduce(Inverted::default, Inverted::merge);
            lengths.sort_unstable_by_key(|(doc, _)| *doc);
            let lengths: Vec<f32> = lengths.into_iter().map(|(_, length)| length).collect();
            let statistics = Statistics::of(&lengths);
            let postings: Vec<(String, Vec<(u32, f32)>)> = ids
                .into_iter()
                .map(|(term, id)| (term, std::mem::take(&mut lists[id as usize])))
                .collect();
            let scored: Vec<(String, Vec<(u32, f32)>)> = postings
                .into_par_iter()
                .map(|(term, list)| (term, statistics.score(list, &lengths)))
                .collect();
            let top = top_of(scored.par_iter().map(|(_, list)| best_of(list)));
            let mut terms: Vec<(String, Vec<Posting>)> = scored
                .into_par_iter()
                .map(|(term, list)| (term, postings_of(list, top, &section_by_doc)))
                .collect();
            terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
            (terms, lengths.len() as u32)
        }
    };
    let shards = shard(terms);
    let docs = stories
        .chunks(DOCS_PER_FILE as usize)
        .enumerate()
        .map(|(i, chunk)| DocChunk {
            first: i as u32 * DOCS_PER_FILE,
            stories: chunk.iter().map(|&(index, _)| index).collect(),
        })
        .collect();
    let facets = facets(library, &stories);
    Built {
        facets,
        toc: SearchIndex {
            schema_version: SCHEMA_VERSION,
            documents,
            shards: shards.iter().map(|(k, _)| k.clone()).collect(),
            sections,
            years: years(&stories),
            docs_per_file: DOCS_PER_FILE,
            language: library.config.language.clone(),
            stop_words: library.words.analyzer().stop_words().to_vec(),
            oldest_first: true,
        },
        shards,
        docs,
    }
}

/// What BM25 reads of the whole archive: the number of stories and their
/// average length, each [`coarse`].
#[derive(Debug, Clone, Copy, PartialEq)]
struct Statistics {
    n: f32,
    average: f32,
}

impl Statistics {
    /// Of the stories' lengths, by story number.
    fn of(lengths: &[f32]) -> Statistics {
        let documents = lengths.len() as f32;
        Statistics {
            n: coarse(documents),
            average: coarse((lengths.iter().sum::<f32>() / documents.max(1.0)).max(1.0)),
        }
    }

    /// A term's postings, (story | marks, weighted frequency), scored
    /// with BM25 and sorted by story.
    fn score(&self, mut list: Vec<(u32, f32)>, lengths: &[f32]) -> Vec<(u32, f32)> {
        let df = list.len() as f32;
        let idf = (1.0 + (self.n - df + 0.5) / (df + 0.5)).ln();
        for (doc, weight) in list.iter_mut() {
            let mut bonus = 0.0;
            if *doc & IN_HEADLINE != 0 {
                bonus += HEADLINE_MATCH;
            }
            if *doc & IN_LEAD != 0 {
                bonus += LEAD_MATCH;
            }
            *doc &= !(IN_HEADLINE | IN_LEAD);
            let norm = K1 * (1.0 - B + B * lengths[*doc as usize] / self.average);
            *weight = idf * (*weight * (K1 + 1.0) / (*weight + norm) + bonus);
        }
        list.sort_unstable_by_key(|(doc, _)| *doc);
        list
    }
}

/// A scored list's highest score.
fn best_of(list: &[(u32, f32)]) -> f32 {
    list.iter().map(|p| p.1).fold(f32::MIN_POSITIVE, f32::max)
}

/// The score impacts are measured against: the index's highest score
/// rounded up to a power of two (so at least 128 steps are used). Rounded
/// to 2% like the other statistics, the top still moved whenever an edit
/// brought a new word into a headline (a word in one story scores
/// highest), and every term file was written again; a power of two is
/// crossed far more rarely.
fn top_of(best: impl ParallelIterator<Item = f32>) -> f32 {
    let top = best.reduce(|| f32::MIN_POSITIVE, f32::max);
    top.log2().ceil().exp2()
}

/// A term's postings as written: impacts 1–255 against `top`, its
/// [`MAX_POSTINGS`] best stories, by story.
fn postings_of(mut list: Vec<(u32, f32)>, top: f32, section_by_doc: &[u32]) -> Vec<Posting> {
    if list.len() > MAX_POSTINGS {
        list.select_nth_unstable_by(MAX_POSTINGS - 1, |a, b| b.1.total_cmp(&a.1));
        list.truncate(MAX_POSTINGS);
        list.sort_unstable_by_key(|(doc, _)| *doc);
    }
    list.into_iter()
        .map(|(doc, score)| Posting {
            doc,
            impact: ((score / top * 255.0).round() as u32).clamp(1, 255),
            section: section_by_doc[doc as usize],
        })
        .collect()
}

/// The inverted lists of a run of stories: each term's text once, with an
/// id; by id, its (story | marks, weighted frequency) postings; and each
/// story's weighted length. At 100,000 stories a term's text per story
/// that has it was 25 million strings made and dropped.
#[derive(Default)]
struct Inverted {
    ids: FnvHashMap<String, u32>,
    lists: Vec<Vec<(u32, f32)>>,
    lengths: Vec<(u32, f32)>,
}

impl Inverted {
    /// Story `doc`'s terms, with their frequencies and marks summed over
    /// the story first ([`story_terms`]).
    fn add(&mut self, doc: u32, draft: &Draft, words: &press_related::Words) {
        let mut story: FnvHashMap<u32, (f32, u32)> = FnvHashMap::default();
        let length = story_terms(draft, words, |term, weight, marks| {
            let id = match self.ids.get(term) {
                Some(&id) => id,
                None => {
                    let id = self.lists.len() as u32;
                    self.ids.insert(term.to_owned(), id);
                    self.lists.push(Vec::new());
                    id
                }
            };
            let (count, m) = story.entry(id).or_insert((0.0, 0));
            *count += weight;
            *m |= marks;
        });
        for (id, (tf, marks)) in story {
            self.lists[id as usize].push((doc | marks, tf));
        }
        self.lengths.push((doc, length));
    }

    /// Both runs' lists in one (the order of a list's postings does not
    /// matter: they are sorted by story afterwards).
    fn merge(mut self, mut other: Inverted) -> Inverted {
        if other.ids.len() > self.ids.len() {
            std::mem::swap(&mut self, &mut other);
        }
        for (term, id) in other.ids {
            let list = std::mem::take(&mut other.lists[id as usize]);
            match self.ids.get(&term) {
                Some(&mine) => self.lists[mine as usize].extend(list),
                None => {
                    self.ids.insert(term, self.lists.len() as u32);
                    self.lists.push(list);
                }
            }
        }
        self.lengths.extend(other.lengths);
        self
    }
}

/// Every writer's and tag's stories, by story number, for the filters.
fn facets(library: &Library, stories: &[(usize, &Draft)]) -> Vec<(String, FacetDocs)> {
    let taxonomy = &library.taxonomy;
    let mut lists: BTreeMap<String, (&str, Vec<u32>)> = BTreeMap::new();
    for (doc, (index, _)) in stories.iter().enumerate() {
        let authors = taxonomy.article_authors.get(*index).into_iter().flatten();
        let tags = taxonomy.article_tags.get(*index).into_iter().flatten();
        let paths = authors
            .filter_map(|&a| {
                let author = taxonomy.authors.get(a)?;
                Some((
                    search::facet_path(Facet::Author, &author.slug)?,
                    author.name.as_str(),
                ))
            })
            .chain(tags.filter_map(|&t| {
                let tag = taxonomy.tags.get(t)?;
                Some((
                    search::facet_path(Facet::Tag, &tag.slug)?,
                    tag.name.as_str(),
                ))
            }));
        for (path, name) in paths {
            let (_, docs) = lists.entry(path).or_insert((name, Vec::new()));
            // A tag written twice in two spellings is one tag.
            if docs.last() != Some(&(doc as u32)) {
                docs.push(doc as u32);
            }
        }
    }
    lists
        .into_iter()
        .map(|(path, (name, docs))| (path, FacetDocs::new(name, &docs)))
        .collect()
}

/// Years, newest first, as ranges of story numbers (stories are numbered
/// oldest first).
fn years(stories: &[(usize, &Draft)]) -> Vec<YearRange> {
    let mut out: Vec<YearRange> = Vec::new();
    for (doc, (_, draft)) in stories.iter().enumerate() {
        let year = draft.path.year;
        match out.last_mut() {
            Some(range) if range.year == year => range.count += 1,
            _ => out.push(YearRange {
                year,
                first: doc as u32,
                count: 1,
            }),
        }
    }
    out.reverse();
    out
}

/// Roughly the JSON size of a term and its postings.
fn size_of(term: &str, postings: &[Posting]) -> usize {
    term.len() + 6 + postings.len() * 9
}

/// Groups terms (sorted) by key: two characters first, one more while a
/// group is larger than [`SHARD_BYTES`] (terms no longer than the key stay
/// in it). Consumes the terms: nothing is held twice.
fn shard(terms: Vec<(String, Vec<Posting>)>) -> Vec<(String, TermShard)> {
    type Terms = Vec<(String, Vec<Posting>)>;
    fn key(term: &str, chars: usize) -> &str {
        term.char_indices()
            .nth(chars)
            .map_or(term, |(end, _)| &term[..end])
    }
    fn split(group: Terms, chars: usize, out: &mut Vec<(String, TermShard)>) {
        // Sorted terms with the same key are neighbours.
        let mut bucket: Terms = Vec::new();
        let mut bucket_key = String::new();
        for item in group {
            let k = key(&item.0, chars);
            if !bucket.is_empty() && k != bucket_key {
                place(std::mem::take(&mut bucket), &bucket_key, chars, out);
            }
            if bucket.is_empty() {
                bucket_key = k.to_owned();
            }
            bucket.push(item);
        }
        if !bucket.is_empty() {
            place(bucket, &bucket_key, chars, out);
        }
    }
    fn place(members: Terms, k: &str, chars: usize, out: &mut Vec<(String, TermShard)>) {
        let size: usize = members.iter().map(|(t, p)| size_of(t, p)).sum();
        let deeper = members.iter().any(|(t, _)| t.chars().count() > chars);
        if size > SHARD_BYTES && chars < MAX_KEY_CHARS && deeper {
            let (stay, go): (Terms, Terms) = members
                .into_iter()
                .partition(|(t, _)| t.chars().count() <= chars);
            if !stay.is_empty() {
                out.push((k.to_owned(), shard_of(stay)));
            }
            split(go, chars + 1, out);
        } else {
            out.push((k.to_owned(), shard_of(members)));
        }
    }
    fn shard_of(members: Terms) -> TermShard {
        TermShard {
            schema_version: SCHEMA_VERSION,
            terms: members
                .into_iter()
                .map(|(t, p)| {
                    let flat = search::encode_postings(&p);
                    (t, flat)
                })
                .collect(),
        }
    }
    let mut out = Vec::new();
    split(terms, 2, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_is_in_the_shard_the_reader_looks_in_and_shards_stay_small() {
        // Many terms on a few prefixes, some long posting lists, other scripts.
        let mut owned: Vec<(String, Vec<Posting>)> = Vec::new();
        for i in 0..3000u32 {
            let stem = ["co", "con", "cont", "har", "мо", "x"][i as usize % 6];
            let postings = (0..(i % 40) + 1)
                .map(|d| Posting {
                    doc: d * 3,
                    impact: 1 + d % 255,
                    section: 0,
                })
                .collect();
            owned.push((format!("{stem}{}", i * 7919 % 100_000), postings));
        }
        owned.push((
            "co".into(),
            vec![Posting {
                doc: 0,
                impact: 9,
                section: 0,
            }],
        ));
        let terms: BTreeMap<String, Vec<Posting>> = owned.into_iter().collect();
        let shards = shard(terms.clone().into_iter().collect());
        let keys: Vec<String> = shards.iter().map(|(k, _)| k.clone()).collect();
        assert!(
            keys.windows(2).all(|w| w[0] < w[1]),
            "keys sorted, no repeats"
        );
        for (term, postings) in &terms {
            let key = search::shard_for(term, &keys).expect("a shard");
            let (_, shard) = shards.iter().find(|(k, _)| k == key).unwrap();
            let stored = search::decode_postings(&shard.terms[term]);
            assert_eq!(&stored, postings, "{term}");
        }
        for (key, shard) in &shards {
            let bytes = serde_json::to_vec(shard).unwrap().len();
            assert!(
                bytes <= SHARD_BYTES * 2 || key.chars().count() == MAX_KEY_CHARS,
                "{key}: {bytes} bytes"
            );
        }
    }
}
