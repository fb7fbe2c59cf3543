//! Near-duplicate stories by body text: wire copy filed twice, a correction
//! republished under a reworded headline.
//!
//! Each body becomes the set of its 4-word shingles (stop words left out, as
//! for similarity). One-permutation MinHash (Li, Owen and Zhang 2012) with
//! rotation densification (Shrivastava and Li 2014) sketches each set in
//! [`BINS`] values at the cost of one hash per shingle; locality-sensitive
//! hashing over [`BANDS`] bands finds candidate pairs without comparing all
//! pairs; a pair is a duplicate when the sketches agree on at least
//! [`THRESHOLD`] of their bins (the estimated Jaccard similarity).
//!
//! Written here rather than taken from a crate: the crates that exist
//! (`gaoya`, `probminhash`) bring their own hashing and threading for what is
//! about 180 lines of code here, and press needs the result to be identical
//! on every platform and run, which FNV-1a over the tokens gives.

use rayon::prelude::*;

use crate::doc::Doc;
use crate::tokens::{fnv1a, for_each_token, hash_token, FNV_OFFSET};
use broadsheet_model::block_text;

/// Values per sketch.
pub const BINS: usize = 64;
/// LSH bands of `BINS / BANDS` values: a pair with Jaccard similarity 0.8 is
/// a candidate with probability 1 − (1 − 0.8⁴)¹⁶ > 0.9999.
pub const BANDS: usize = 16;
/// Estimated Jaccard similarity from which two bodies are the same story.
pub const THRESHOLD: f32 = 0.7;
/// Words per shingle.
const SHINGLE: usize = 4;
/// Bodies with fewer shingles are too short to call duplicates.
const MIN_SHINGLES: usize = 12;
/// A bucket this large is boilerplate shared by many stories, not a duplicate.
const MAX_BUCKET: usize = 64;

/// Two stories whose bodies are nearly the same, `first < second`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Duplicate {
    pub first: usize,
    pub second: usize,
    /// Estimated Jaccard similarity of the two bodies' shingles, 0 to 1.
    pub similarity: f32,
}

pub type Sketch = [u32; BINS];

/// Every pair of near-duplicate bodies, sorted.
pub fn find(docs: &[Doc<'_>]) -> Vec<Duplicate> {
    let sketches: Vec<Option<Sketch>> = docs
        .par_iter()
        .map(|doc| {
            let mut shingles = Shingles::default();
            for block in doc.body {
                for_each_token(&block_text(block), |token| shingles.push(hash_token(token)));
            }
            shingles.sketch()
        })
        .collect();
    find_in(&sketches)
}

/// [`find`] over sketches made already (related stories make them while
/// they read each body for similarity).
pub fn find_in(sketches: &[Option<Sketch>]) -> Vec<Duplicate> {
    Bands::of(sketches).duplicates(sketches)
}

/// Each band's buckets as runs of (key, doc) sorted: no map of a hundred
/// thousand small lists. `press watch` keeps them from one build to the
/// next, so that an edit's build sorts nothing ([`Bands::update`]).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Bands(Vec<Vec<(u64, u32)>>);

impl Bands {
    pub fn of(sketches: &[Option<Sketch>]) -> Bands {
        Bands(
            (0..BANDS)
                .into_par_iter()
                .map(|band| {
                    let mut keyed: Vec<(u64, u32)> = sketches
                        .iter()
                        .enumerate()
                        .filter_map(|(i, sketch)| {
                            Some((band_key(sketch.as_ref()?, band), i as u32))
                        })
                        .collect();
                    keyed.sort_unstable();
                    keyed
                })
                .collect(),
        )
    }

    /// The bands of the docs after an edit, equal to [`Bands::of`] them:
    /// each doc kept takes its new number (`renumber`, which must keep
    /// their order; `None`: gone, or its sketch may have changed), and
    /// the `added` docs' sketches (by new number) go in. False, changing
    /// nothing, when there are no bands (`Bands::default()`).
    pub fn update(
        &mut self,
        renumber: impl Fn(u32) -> Option<u32> + Sync,
        added: &[(u32, &Sketch)],
    ) -> bool {
        if self.0.len() != BANDS {
            return false;
        }
        self.0.par_iter_mut().enumerate().for_each(|(band, keyed)| {
            keyed.retain_mut(|(_, doc)| match renumber(*doc) {
                Some(new) => {
                    *doc = new;
                    true
                }
                None => false,
            });
            for &(doc, sketch) in added {
                let entry = (band_key(sketch, band), doc);
                if let Err(at) = keyed.binary_search(&entry) {
                    keyed.insert(at, entry);
                }
            }
        });
        true
    }

    /// Every pair of near-duplicate bodies among `sketches`, sorted.
    pub fn duplicates(&self, sketches: &[Option<Sketch>]) -> Vec<Duplicate> {
        let mut pairs: Vec<(usize, usize)> = self
            .0
            .par_iter()
            .flat_map_iter(|keyed| {
                keyed
                    .chunk_by(|a, b| a.0 == b.0)
                    .filter(|bucket| bucket.len() > 1 && bucket.len() <= MAX_BUCKET)
                    .flat_map(|bucket| {
                        let mut pairs = Vec::new();
                        for (k, &(_, a)) in bucket.iter().enumerate() {
                            for &(_, b) in &bucket[k + 1..] {
                                pairs.push((a as usize, b as usize));
                            }
                        }
                        pairs
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
            .into_iter()
            .filter_map(|(first, second)| {
                let (Some(a), Some(b)) = (&sketches[first], &sketches[second]) else {
                    return None;
                };
                let similarity = agreement(a, b);
                (similarity >= THRESHOLD).then_some(Duplicate {
                    first,
                    second,
                    similarity,
                })
            })
            .collect()
    }
}

/// A sketch's bucket in `band`.
fn band_key(sketch: &Sketch, band: usize) -> u64 {
    let rows = BINS / BANDS;
    sketch[band * rows..(band + 1) * rows]
        .iter()
        .fold(band as u64, |seed, v| fnv1a(&v.to_le_bytes(), seed))
}

fn agreement(a: &Sketch, b: &Sketch) -> f32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / BINS as f32
}

/// A body's shingles as its words arrive, folded into a one-permutation
/// MinHash sketch.
pub struct Shingles {
    window: [u64; SHINGLE],
    seen: usize,
    bins: Sketch,
    filled: [bool; BINS],
}

impl Default for Shingles {
    fn default() -> Self {
        Shingles {
            window: [0; SHINGLE],
            seen: 0,
            bins: [u32::MAX; BINS],
            filled: [false; BINS],
        }
    }
}

impl Shingles {
    /// The next word of the body (its hash).
    pub fn push(&mut self, word: u64) {
        self.window[self.seen % SHINGLE] = word;
        self.seen += 1;
        if self.seen < SHINGLE {
            return;
        }
        // The shingle's hash, in word order (the oldest word is next to be replaced).
        let mut hash = FNV_OFFSET;
        for k in 0..SHINGLE {
            hash =
                (hash ^ self.window[(self.seen + k) % SHINGLE]).wrapping_mul(0x0000_0100_0000_01B3);
        }
        let hash = mix(hash);
        let bin = (hash % BINS as u64) as usize;
        self.filled[bin] = true;
        self.bins[bin] = self.bins[bin].min((hash >> 32) as u32);
    }

    /// The sketch, or `None` for a body too short to judge.
    pub fn sketch(self) -> Option<Sketch> {
        if self.seen < SHINGLE - 1 + MIN_SHINGLES {
            return None;
        }
        // Densification: an empty bin borrows the next filled one's value
        // (with a per-step offset, so borrowed values differ from real ones).
        let mut dense = self.bins;
        for (bin, value) in dense.iter_mut().enumerate() {
            if !self.filled[bin] {
                let (step, from) = (1..BINS)
                    .map(|step| (step, (bin + step) % BINS))
                    .find(|&(_, from)| self.filled[from])?;
                *value = self.bins[from].wrapping_add((step as u32).wrapping_mul(0x9E37_79B9));
            }
        }
        Some(dense)
    }
}

/// splitmix64's finaliser: spreads FNV's low bits over the whole word.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::super::tests::doc;
    use super::*;

    /// The module's opening says how much code this is: it must stay true.
    #[test]
    fn the_size_this_module_claims_is_its_size() {
        let source = include_str!("near_duplicate.rs");
        let code = source[..source.find("#[cfg(test)]").unwrap()]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .count();
        let claimed: usize = source
            .split("about ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        let off = code.abs_diff(claimed) as f64 / code as f64;
        assert!(
            off <= 0.15,
            "the opening says about {claimed} lines; the module has {code}"
        );
    }

    const STORY: &str = "The harbour authority said on Tuesday that the new breakwater would be finished \
        before the winter storms, after two years of delays caused by contract disputes and a shortage \
        of granite from the quarries in the north. Fishermen who moor their boats inside the old wall \
        welcomed the news but said the fees charged for berths had doubled since the work began.";

    #[test]
    fn a_refiled_story_is_a_duplicate_and_a_different_one_is_not() {
        let none: Vec<String> = vec![];
        let edited = STORY.replace("two years", "three years");
        let docs = vec![
            doc("Breakwater to be finished by winter", STORY, &none, "world", 1),
            doc("Harbour wall work ends soon", STORY, &none, "world", 1),
            doc("Breakwater finished before storms", &edited, &none, "world", 2),
            doc(
                "Quarry reopens",
                "The granite quarry in the north reopened on Monday after the owners settled a long \
                 dispute with the workers over pay, safety and the hours of blasting near the village \
                 school, which parents had opposed for months in letters to the council.",
                &none,
                "world",
                3,
            ),
            doc("Short", "Too short to judge at all.", &none, "world", 4),
            doc("Short again", "Too short to judge at all.", &none, "world", 4),
        ];
        let found = find(&docs);
        let pairs: Vec<(usize, usize)> = found.iter().map(|d| (d.first, d.second)).collect();
        assert_eq!(pairs, [(0, 1), (0, 2), (1, 2)], "{found:?}");
        assert_eq!(found[0].similarity, 1.0);
        assert!(found[1].similarity < 1.0 && found[1].similarity >= THRESHOLD);
    }
}
