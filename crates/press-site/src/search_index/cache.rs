//! What a long-running press (`press watch`) keeps of each story's search
//! terms between builds, by the story's source (`Draft::source`): a build
//! after an edit reads the words of the stories that changed, and inverts
//! the rest from memory. Terms are kept once, as numbers ([`SearchCache`]
//! interns them), so 100,000 stories of some 300 terms each are not 30
//! million strings.
//!
//! Not used in a language whose compounds are cut by the archive's own
//! vocabulary (`press_related::Words::is_self_contained`): there a story's
//! terms depend on every other story.

use fnv::{FnvHashMap, FnvHashSet};
use press_content::load::Draft;
use rayon::prelude::*;

use broadsheet_model::search::Posting;

use super::terms::{story_terms, IN_HEADLINE, IN_LEAD};
use super::{best_of, postings_of, top_of, Statistics};

/// One story's terms (interned), weighted frequencies and marks, and its
/// weighted length.
#[derive(Clone)]
struct StoryTerms {
    terms: Vec<(u32, f32, u32)>,
    length: f32,
}

/// The terms of the last build's stories, and the index made of them.
#[derive(Default)]
pub struct SearchCache {
    ids: FnvHashMap<String, u32>,
    names: Vec<String>,
    kept: FnvHashMap<u64, StoryTerms>,
    index: Option<Index>,
}

/// The last build's index, by story number and term number: what an edit
/// needs to work out again only the terms of the stories it changed.
struct Index {
    /// By story: its source, length and section.
    sources: Vec<u64>,
    lengths: Vec<f32>,
    sections: Vec<u32>,
    statistics: Statistics,
    top: f32,
    /// By term: its (story | marks, weighted frequency) postings in any
    /// order, its highest score, and its postings as written.
    lists: Vec<Vec<(u32, f32)>>,
    best: Vec<f32>,
    written: Vec<Vec<Posting>>,
}

/// One story's terms as text, before they are interned, and its length.
type Read = (Vec<(String, f32, u32)>, f32);

/// At most this many stories changed are worked in; more, and the whole
/// index is made again.
const MOST_CHANGED: usize = 256;

impl SearchCache {
    /// How many stories' terms are kept.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// The index of `stories` (numbered in order): each term with its
    /// postings as written, sorted by term, and the number of stories.
    /// Terms are read only for the stories whose source is not kept, and
    /// when the stories kept their numbers, only the terms of the stories
    /// that changed are scored again. The same as without the cache, byte
    /// for byte.
    pub(super) fn index(
        &mut self,
        stories: &[(usize, &Draft)],
        words: &press_related::Words,
        section_by_doc: &[u32],
    ) -> (Vec<(String, Vec<Posting>)>, u32) {
        let previous = self.index.take();
        let sources: Vec<u64> = stories.iter().map(|(_, draft)| draft.source).collect();
        // The terms a story that changed had, before its terms are replaced.
        let before: Option<FnvHashMap<usize, Vec<u32>>> = previous.as_ref().and_then(|index| {
            changed_stories(index, &sources, section_by_doc)?
                .into_iter()
                .filter(|&doc| doc < index.sources.len())
                .map(|doc| {
                    let story = self.kept.get(&index.sources[doc])?;
                    Some((doc, story.terms.iter().map(|t| t.0).collect()))
                })
                .collect()
        });
        let each = self.story_terms(stories, words);
        let index = match (previous, before) {
            (Some(previous), Some(before)) => {
                previous.again(&each, &sources, section_by_doc, &before, self.names.len())
            }
            _ => None,
        }
        .unwrap_or_else(|| Index::new(&each, &sources, section_by_doc, self.names.len()));
        let mut live: Vec<u32> = (0..index.written.len() as u32)
            .filter(|&id| !index.written[id as usize].is_empty())
            .collect();
        live.par_sort_unstable_by(|&a, &b| self.names[a as usize].cmp(&self.names[b as usize]));
        let terms = live
            .par_iter()
            .map(|&id| {
                (
                    self.names[id as usize].clone(),
                    index.written[id as usize].clone(),
                )
            })
            .collect();
        let documents = index.sources.len() as u32;
        let used: Vec<bool> = index.lists.iter().map(|list| !list.is_empty()).collect();
        let mut next: FnvHashMap<u64, StoryTerms> = FnvHashMap::default();
        for ((_, draft), story) in stories.iter().zip(each) {
            if draft.source != 0 {
                next.insert(draft.source, story);
            }
        }
        self.kept = next;
        // Renumbered terms would not be the index's: it is made anew then.
        if !self.compact(&used) {
            self.index = Some(index);
        }
        (terms, documents)
    }

    /// Each story's terms, from the kept ones where its source is known.
    fn story_terms(
        &mut self,
        stories: &[(usize, &Draft)],
        words: &press_related::Words,
    ) -> Vec<StoryTerms> {
        let kept = &self.kept;
        let read: Vec<Option<Read>> = stories
            .par_iter()
            .map(|(_, draft)| {
                let known = draft.source != 0 && kept.contains_key(&draft.source);
                (!known).then(|| read(draft, words))
            })
            .collect();
        let mut first_at: FnvHashMap<u64, usize> = FnvHashMap::default();
        let mut each: Vec<StoryTerms> = Vec::with_capacity(stories.len());
        for ((_, draft), read) in stories.iter().zip(read) {
            let story = match read {
                Some((terms, length)) => StoryTerms {
                    terms: terms
                        .into_iter()
                        .map(|(term, tf, marks)| (self.intern(term), tf, marks))
                        .collect(),
                    length,
                },
                None => match self.kept.remove(&draft.source) {
                    Some(story) => story,
                    // Two files with the same bytes: the kept entry went
                    // to the first.
                    None => each[first_at[&draft.source]].clone(),
                },
            };
            first_at.entry(draft.source).or_insert(each.len());
            each.push(story);
        }
        each
    }

    /// Drops the terms no story of this build has, once they are most of
    /// the table: in a long session the table follows the archive, not
    /// every word ever saved. The kept terms keep their order, so the next
    /// build's lists come out in the same order.
    fn compact(&mut self, used: &[bool]) -> bool {
        let live = used.iter().filter(|&&used| used).count();
        if live * 2 >= self.names.len() {
            return false;
        }
        let mut renumbered = vec![u32::MAX; self.names.len()];
        let mut names = Vec::with_capacity(live);
        for (id, name) in std::mem::take(&mut self.names).into_iter().enumerate() {
            if used[id] {
                renumbered[id] = names.len() as u32;
                names.push(name);
            }
        }
        self.ids = names
            .iter()
            .enumerate()
            .map(|(id, name)| (name.clone(), id as u32))
            .collect();
        self.names = names;
        // Every kept story was in this build, so each of its terms is used.
        for story in self.kept.values_mut() {
            for term in &mut story.terms {
                term.0 = renumbered[term.0 as usize];
            }
        }
        true
    }

    fn intern(&mut self, term: String) -> u32 {
        if let Some(&id) = self.ids.get(&term) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(term.clone());
        self.ids.insert(term, id);
        id
    }
}

/// The stories whose terms changed since `index` (numbered as now), if the
/// index can be brought up to date: every story kept its number (stories
/// only changed or came at the end), no kept story moved to another
/// section, and not too many changed.
fn changed_stories(index: &Index, sources: &[u64], section_by_doc: &[u32]) -> Option<Vec<usize>> {
    if sources.len() < index.sources.len() {
        return None;
    }
    let mut changed = Vec::new();
    for (doc, &source) in sources.iter().enumerate() {
        match index.sources.get(doc) {
            Some(&before) if before == source && source != 0 => {
                if index.sections[doc] != section_by_doc[doc] {
                    return None;
                }
            }
            _ => changed.push(doc),
        }
        if changed.len() > MOST_CHANGED {
            return None;
        }
    }
    Some(changed)
}

impl Index {
    /// The index of stories whose terms are `each`, with `terms` term numbers.
    fn new(each: &[StoryTerms], sources: &[u64], section_by_doc: &[u32], terms: usize) -> Index {
        let mut lists: Vec<Vec<(u32, f32)>> = vec![Vec::new(); terms];
        for (doc, story) in each.iter().enumerate() {
            for &(id, tf, marks) in &story.terms {
                lists[id as usize].push((doc as u32 | marks, tf));
            }
        }
        let lengths: Vec<f32> = each.iter().map(|story| story.length).collect();
        let statistics = Statistics::of(&lengths);
        let scored: Vec<Vec<(u32, f32)>> = lists
            .par_iter()
            .map(|list| statistics.score(list.clone(), &lengths))
            .collect();
        let best: Vec<f32> = scored.par_iter().map(|list| best_of(list)).collect();
        let top = top_of(best.par_iter().copied());
        let written = scored
            .into_par_iter()
            .map(|list| postings_of(list, top, section_by_doc))
            .collect();
        Index {
            sources: sources.to_vec(),
            lengths,
            sections: section_by_doc.to_vec(),
            statistics,
            top,
            lists,
            best,
            written,
        }
    }

    /// This index brought up to stories whose terms are `each`, the
    /// stories `before` names having had those terms; `None` when the
    /// archive's statistics or the top score moved (then every term's
    /// postings may have).
    fn again(
        mut self,
        each: &[StoryTerms],
        sources: &[u64],
        section_by_doc: &[u32],
        before: &FnvHashMap<usize, Vec<u32>>,
        terms: usize,
    ) -> Option<Index> {
        let changed = changed_stories(&self, sources, section_by_doc)?;
        self.lists.resize_with(terms, Vec::new);
        self.best.resize(terms, f32::MIN_POSITIVE);
        self.written.resize_with(terms, Vec::new);
        self.lengths.resize(sources.len(), 0.0);
        // Out with the old postings of the stories that changed (each term's
        // list once), in with their new ones.
        let mut touched: FnvHashSet<u32> = FnvHashSet::default();
        let mut gone: FnvHashSet<u32> = FnvHashSet::default();
        for &doc in changed.iter().filter(|&&doc| doc < self.sources.len()) {
            touched.extend(before.get(&doc)?);
            gone.insert(doc as u32);
        }
        for &id in &touched {
            self.lists[id as usize]
                .retain(|&(entry, _)| !gone.contains(&(entry & !(IN_HEADLINE | IN_LEAD))));
        }
        for &doc in &changed {
            for &(id, tf, marks) in &each[doc].terms {
                self.lists[id as usize].push((doc as u32 | marks, tf));
                touched.insert(id);
            }
            self.lengths[doc] = each[doc].length;
        }
        if Statistics::of(&self.lengths) != self.statistics {
            return None;
        }
        let touched: Vec<u32> = touched.into_iter().collect();
        let scored: Vec<Vec<(u32, f32)>> = touched
            .par_iter()
            .map(|&id| {
                self.statistics
                    .score(self.lists[id as usize].clone(), &self.lengths)
            })
            .collect();
        for (&id, list) in touched.iter().zip(&scored) {
            self.best[id as usize] = best_of(list);
        }
        if top_of(self.best.par_iter().copied()) != self.top {
            return None;
        }
        for (id, list) in touched.into_iter().zip(scored) {
            self.written[id as usize] = postings_of(list, self.top, section_by_doc);
        }
        self.sources = sources.to_vec();
        self.sections = section_by_doc.to_vec();
        Some(self)
    }
}

/// One story's terms as `Inverted::add` sums them: in the order they come,
/// so that every sum is the same, bit for bit.
fn read(draft: &Draft, words: &press_related::Words) -> Read {
    let mut order: FnvHashMap<String, usize> = FnvHashMap::default();
    let mut terms: Vec<(String, f32, u32)> = Vec::new();
    let length = story_terms(draft, words, |term, weight, marks| {
        let at = match order.get(term) {
            Some(&at) => at,
            None => {
                order.insert(term.to_owned(), terms.len());
                terms.push((term.to_owned(), 0.0, 0));
                terms.len() - 1
            }
        };
        terms[at].1 += weight;
        terms[at].2 |= marks;
    });
    (terms, length)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use press_content::config::SiteConfig;
    use press_content::load::{parse_article, Draft};

    use super::SearchCache;

    const SITE: &str = "name = \"Test\"\nbase_url = \"https://example.org/\"\n\
                        [[sections]]\npath = \"world\"\nname = \"World\"\n";

    /// A story whose body is `words`, with `source` as its source.
    fn story(slug: &str, words: &str, source: u64) -> Draft {
        let text = format!(
            "+++\nheadline = \"Story {slug}\"\nstandfirst = \"A standfirst.\"\n\
             section = \"world\"\nbyline = [\"A Writer\"]\n\
             published = \"2026-10-01T13:05:00+01:00\"\n+++\n\n{words}\n"
        );
        let config = SiteConfig::parse(SITE).unwrap();
        let mut draft = parse_article(Path::new(&format!("{slug}.md")), text.as_bytes(), &config)
            .unwrap_or_else(|problems| panic!("{problems:?}"));
        draft.source = source;
        draft
    }

    /// Words no other batch has: `prefix` and a number, spelled out in letters.
    fn words(prefix: &str, count: usize) -> String {
        (0..count)
            .map(|n| {
                let letters: String = format!("{n:03}")
                    .bytes()
                    .map(|b| char::from(b'a' + (b - b'0')))
                    .collect();
                format!("{prefix}{letters}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn stories(drafts: &[Draft]) -> Vec<(usize, &Draft)> {
        drafts.iter().enumerate().collect()
    }

    #[test]
    fn terms_no_story_has_any_more_leave_the_table_and_the_lists_stay_the_same() {
        let words_of = press_related::Words::english();
        let old: Vec<Draft> = (0..4)
            .map(|i| story(&format!("old{i}"), &words(&format!("zorb{i}x"), 60), 10 + i))
            .collect();
        let new: Vec<Draft> = (0..2)
            .map(|i| story(&format!("new{i}"), &words(&format!("quil{i}x"), 20), 20 + i))
            .collect();
        let index = |cache: &mut SearchCache, drafts: &[Draft]| {
            let sections = vec![0; drafts.len()];
            cache.index(&stories(drafts), &words_of, &sections)
        };

        let mut cache = SearchCache::default();
        index(&mut cache, &old);
        let before = cache.names.len();
        assert!(
            before > 240,
            "the old stories' terms are interned: {before}"
        );

        // The archive is now other stories: most of the table is dead.
        let (terms, documents) = index(&mut cache, &new);
        let mut fresh = SearchCache::default();
        let fresh_terms = index(&mut fresh, &new);
        assert_eq!((terms.clone(), documents), fresh_terms);
        assert_eq!(
            cache.names.len(),
            terms.len(),
            "only the terms in use are left"
        );
        let mut names = cache.names.clone();
        names.sort();
        let mut fresh_names = fresh.names.clone();
        fresh_names.sort();
        assert_eq!(names, fresh_names);
        for (name, id) in &cache.ids {
            assert_eq!(&cache.names[*id as usize], name);
        }

        // The kept stories' terms were renumbered with the table: the next
        // build, from memory alone, makes the same index.
        assert_eq!(index(&mut cache, &new), fresh_terms);
    }

    #[test]
    fn an_index_brought_up_to_date_equals_one_made_anew() {
        let words_of = press_related::Words::english();
        let mut drafts: Vec<Draft> = (0..40)
            .map(|i| {
                let body = format!("{} {}", words("common", 8), words(&format!("own{i}x"), 5));
                story(&format!("s{i}"), &body, 100 + i)
            })
            .collect();
        let sections =
            |drafts: &[Draft]| -> Vec<u32> { (0..drafts.len() as u32).map(|d| d % 3).collect() };
        let mut cache = SearchCache::default();
        cache.index(&stories(&drafts), &words_of, &sections(&drafts));
        let mut updated = 0;
        // Each step: an edit in place, a story at the end, a deletion (which
        // renumbers: made anew).
        for step in 0..12u64 {
            match step % 3 {
                0 => {
                    let at = (step as usize * 7) % drafts.len();
                    let body = format!(
                        "{} {}",
                        words("common", 3),
                        words(&format!("edit{step}x"), 4)
                    );
                    drafts[at] = story(&format!("s{at}"), &body, 1_000 + step);
                }
                1 => drafts.push(story(
                    &format!("n{step}"),
                    &words(&format!("new{step}x"), 6),
                    2_000 + step,
                )),
                _ => {
                    drafts.remove(step as usize % drafts.len());
                }
            }
            let kept = cache.index.is_some();
            let got = cache.index(&stories(&drafts), &words_of, &sections(&drafts));
            let expected =
                SearchCache::default().index(&stories(&drafts), &words_of, &sections(&drafts));
            assert_eq!(got, expected, "step {step}");
            if kept && step % 3 != 2 && cache.index.is_some() {
                updated += 1;
            }
        }
        assert!(updated >= 4, "brought up to date {updated} times");
    }
}
