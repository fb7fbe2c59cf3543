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

use fnv::FnvHashMap;
use press_content::load::Draft;
use rayon::prelude::*;

use super::terms::story_terms;

/// One story's terms (interned), weighted frequencies and marks, and its
/// weighted length.
#[derive(Clone)]
struct StoryTerms {
    terms: Vec<(u32, f32, u32)>,
    length: f32,
}

/// The terms of the last build's stories.
#[derive(Default)]
pub struct SearchCache {
    ids: FnvHashMap<String, u32>,
    names: Vec<String>,
    kept: FnvHashMap<u64, StoryTerms>,
}

/// One story's terms as text, before they are interned, and its length.
type Read = (Vec<(String, f32, u32)>, f32);

/// Term → (story | marks, weighted frequency), and (story, length).
type Inverted = (Vec<(String, Vec<(u32, f32)>)>, Vec<(u32, f32)>);

impl SearchCache {
    /// How many stories' terms are kept.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// The inverted lists of `stories` (numbered in order), from the kept
    /// terms where a story's source is known; then keeps these stories'.
    pub(super) fn invert(
        &mut self,
        stories: &[(usize, &Draft)],
        words: &press_related::Words,
    ) -> Inverted {
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
        let mut next: FnvHashMap<u64, StoryTerms> = FnvHashMap::default();
        let mut lists: Vec<Vec<(u32, f32)>> = vec![Vec::new(); self.names.len()];
        let mut lengths = Vec::with_capacity(each.len());
        for (doc, story) in each.iter().enumerate() {
            for &(id, tf, marks) in &story.terms {
                lists[id as usize].push((doc as u32 | marks, tf));
            }
            lengths.push((doc as u32, story.length));
        }
        let used: Vec<bool> = lists.iter().map(|list| !list.is_empty()).collect();
        let postings = lists
            .into_iter()
            .enumerate()
            .filter(|(_, list)| !list.is_empty())
            .map(|(id, list)| (self.names[id].clone(), list))
            .collect();
        for ((_, draft), story) in stories.iter().zip(each) {
            if draft.source != 0 {
                next.insert(draft.source, story);
            }
        }
        self.kept = next;
        self.compact(&used);
        (postings, lengths)
    }

    /// Drops the terms no story of this build has, once they are most of
    /// the table: in a long session the table follows the archive, not
    /// every word ever saved. The kept terms keep their order, so the next
    /// build's lists come out in the same order.
    fn compact(&mut self, used: &[bool]) {
        let live = used.iter().filter(|&&used| used).count();
        if live * 2 >= self.names.len() {
            return;
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
        // The lists' order follows the table's, which the search index sorts.
        let sorted = |mut lists: Vec<(String, Vec<(u32, f32)>)>| {
            lists.sort_by(|a, b| a.0.cmp(&b.0));
            lists
        };

        let mut cache = SearchCache::default();
        cache.invert(&stories(&old), &words_of);
        let before = cache.names.len();
        assert!(
            before > 240,
            "the old stories' terms are interned: {before}"
        );

        // The archive is now other stories: most of the table is dead.
        let (lists, lengths) = cache.invert(&stories(&new), &words_of);
        let mut fresh = SearchCache::default();
        let (fresh_lists, fresh_lengths) = fresh.invert(&stories(&new), &words_of);
        let fresh_lists = sorted(fresh_lists);
        assert_eq!(sorted(lists.clone()), fresh_lists);
        assert_eq!(lengths, fresh_lengths);
        assert_eq!(
            cache.names.len(),
            lists.len(),
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
        // build, from memory alone, inverts them the same.
        let (again, again_lengths) = cache.invert(&stories(&new), &words_of);
        assert_eq!(sorted(again), fresh_lists);
        assert_eq!(again_lengths, fresh_lengths);
    }
}
