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
        (postings, lengths)
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
