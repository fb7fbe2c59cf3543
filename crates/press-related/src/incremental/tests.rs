//! The incremental build against the full one, over random sequences of
//! the edits a newsroom makes.

use std::hash::{Hash, Hasher};

use broadsheet_model::{Block, Inline};

use super::{related, Memory, Rebuilt};
use crate::{related_with, Doc, Params, Words};

const WORDS: &[&str] = &[
    "harbour",
    "ferry",
    "council",
    "budget",
    "river",
    "league",
    "storm",
    "vaccine",
    "orchestra",
    "election",
    "bridge",
    "satellite",
    "wheat",
    "museum",
    "court",
    "tunnel",
    "drought",
    "factory",
    "wages",
    "strike",
    "glacier",
    "festival",
    "railway",
    "senate",
    "pension",
    "reactor",
    "vineyard",
    "airport",
    "library",
    "harvest",
    "tariff",
    "refinery",
    "stadium",
    "clinic",
    "embassy",
    "lighthouse",
    "quarry",
    "ballot",
    "comet",
    "delta",
];
const SECTIONS: &[&str] = &["world", "world/asia", "business", "sport", "culture"];

struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `count` words, most from the story's topic (a run of the list).
    fn words(&mut self, topic: usize, count: usize) -> String {
        (0..count)
            .map(|_| match self.below(4) {
                0 => WORDS[self.below(WORDS.len())],
                _ => WORDS[(topic * 5 + self.below(8)) % WORDS.len()],
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Clone)]
struct Story {
    name: String,
    headline: String,
    body: Vec<Block>,
    tags: Vec<String>,
    section: String,
    day: i64,
}

impl Story {
    fn new(random: &mut Random, name: String) -> Story {
        let topic = random.below(8);
        let length = 8 + random.below(30);
        let body = random.words(topic, length);
        Story {
            name,
            headline: random.words(topic, 3),
            body: paragraph(&body),
            tags: (0..random.below(3))
                .map(|_| WORDS[random.below(6)].to_owned())
                .collect(),
            section: SECTIONS[random.below(SECTIONS.len())].to_owned(),
            day: random.below(400) as i64,
        }
    }

    fn doc(&self) -> Doc<'_> {
        let mut hasher = fnv::FnvHasher::default();
        (
            &self.name,
            &self.headline,
            &self.tags,
            &self.section,
            self.day,
        )
            .hash(&mut hasher);
        format!("{:?}", self.body).hash(&mut hasher);
        Doc {
            headline: &self.headline,
            standfirst: "",
            body: &self.body,
            tags: &self.tags,
            section: &self.section,
            top_level: broadsheet_model::paths::top_level_of(&self.section),
            published: self.day * 86_400,
            source: hasher.finish() | 1,
        }
    }
}

fn paragraph(text: &str) -> Vec<Block> {
    vec![Block::Paragraph {
        content: vec![Inline::text(text)],
    }]
}

/// One random edit; returns its name.
fn edit(random: &mut Random, stories: &mut Vec<Story>, step: usize) -> &'static str {
    let i = random.below(stories.len());
    let kind = random.below(10);
    match kind {
        0 | 1 => {
            let name = format!("s{:05}", random.below(100_000));
            let story = Story::new(random, name);
            if stories.iter().all(|s| s.name != story.name) {
                stories.push(story);
            }
            "add"
        }
        2 => {
            stories.remove(i);
            "delete"
        }
        3 => {
            let topic = random.below(8);
            stories[i].headline = random.words(topic, 3);
            "headline"
        }
        4 => {
            let topic = random.below(8);
            let more = random.words(topic, 10);
            stories[i].body.extend(paragraph(&more));
            "body"
        }
        5 => {
            stories[i].tags = vec![WORDS[random.below(6)].to_owned()];
            "tag"
        }
        6 => {
            stories[i].section = SECTIONS[random.below(SECTIONS.len())].to_owned();
            "section"
        }
        7 => {
            // Wire copy filed twice: another story's body, reworded headline.
            let j = random.below(stories.len());
            stories[i].body = stories[j].body.clone();
            "duplicate"
        }
        8 => {
            // Several at once, as after a `git pull`.
            for _ in 0..3 {
                let j = random.below(stories.len());
                stories[j].day += 1 + step as i64 % 5;
            }
            stories.push(Story::new(random, format!("t{step:05}")));
            "several"
        }
        _ => "nothing",
    }
}

fn check(seed: u64, params: &Params, start: usize, steps: usize) {
    let words = Words::english();
    let mut random = Random(seed);
    let mut stories: Vec<Story> = (0..start)
        .map(|i| Story::new(&mut random, format!("s{i:05}")))
        .collect();
    let mut memory = Memory::default();
    let mut partial = 0;
    for step in 0..steps {
        let what = match step {
            0 => "first",
            _ => edit(&mut random, &mut stories, step),
        };
        stories.sort_by(|a, b| a.name.cmp(&b.name));
        let docs: Vec<Doc> = stories.iter().map(Story::doc).collect();
        let kept = related(&docs, params, &words, &mut memory);
        let whole = related_with(&docs, params, &words);
        let at = format!("seed {seed}, step {step} ({what}, {} stories)", docs.len());
        assert_eq!(kept.related, whole.related, "{at}: related");
        assert_eq!(
            kept.more_from_section, whole.more_from_section,
            "{at}: more from the section"
        );
        assert_eq!(kept.duplicates, whole.duplicates, "{at}: duplicates");
        // What is kept for the next build too: each article's candidates
        // and their cosines, as a build from nothing keeps them.
        let mut fresh = Memory::default();
        related(&docs, params, &words, &mut fresh);
        type Bits = (Vec<(u32, u32)>, Option<(u32, u32)>, u32);
        let candidates = |memory: &Memory| -> Vec<Bits> {
            let last = memory.last.as_ref().expect("kept");
            let bits = |c: &crate::Candidates| -> Bits {
                (
                    c.scored
                        .iter()
                        .map(|&(j, cosine)| (j, cosine.to_bits()))
                        .collect(),
                    c.weakest.map(|(score, j)| (score.to_bits(), j)),
                    c.reached,
                )
            };
            last.docs.iter().map(|doc| bits(&doc.candidates)).collect()
        };
        let (ours, theirs) = (candidates(&memory), candidates(&fresh));
        if let Some(p) = (0..ours.len()).find(|&p| ours.get(p) != theirs.get(p)) {
            panic!(
                "{at}: candidates and their cosines of article {p}: kept {:?}, from nothing {:?}",
                ours[p],
                theirs.get(p)
            );
        }
        assert_eq!(ours.len(), theirs.len(), "{at}: articles kept");
        let bands = |memory: &Memory| memory.last.as_ref().expect("kept").bands.clone();
        assert!(bands(&memory) == bands(&fresh), "{at}: the bodies' bands");
        if std::env::var_os("BROADSHEET_RELATED_VERBOSE").is_some() {
            eprintln!("{at}: {:?}", memory.last_build);
        }
        if let Some(Rebuilt::Some { ranked, .. }) = memory.last_build {
            assert!(ranked <= docs.len());
            partial += usize::from(ranked < docs.len());
        }
    }
    // The test means something only if some builds kept much of the
    // last: in so small an archive, most words are in many stories, and
    // most edits change the weight of a word many stories share.
    assert!(
        partial * 8 >= steps,
        "seed {seed}: {partial} of {steps} builds were partial"
    );
}

/// Small lists and few candidates, so that cuts and candidates change.
const TIGHT: Params = Params {
    query_terms: 4,
    index_terms: 8,
    postings: 6,
    candidates: 5,
    kept_terms: usize::MAX,
};

#[test]
fn random_edits_give_the_full_build_tight_lists() {
    let steps = std::env::var("BROADSHEET_RELATED_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(80);
    for seed in 1..=4 {
        check(seed, &TIGHT, 150, steps);
    }
}

#[test]
fn random_edits_give_the_full_build_real_params() {
    for seed in 11..=12 {
        check(seed, &crate::PARAMS, 200, 60);
    }
}

/// About as many candidates as a query reaches: edits often take the
/// number it reaches across the limit, and back.
#[test]
fn random_edits_give_the_full_build_candidates_near_reach() {
    let params = Params {
        query_terms: 3,
        candidates: 15,
        ..TIGHT
    };
    for seed in 31..=32 {
        check(seed, &params, 150, 80);
    }
}

#[test]
fn random_edits_give_the_full_build_with_few_terms_kept() {
    let params = Params {
        kept_terms: 6,
        ..TIGHT
    };
    check(21, &params, 120, 60);
}

/// A new story moves the count of stories across a step of
/// [`crate::coarse`]: everything is worked out again, and still the same.
#[test]
fn crossing_a_step_of_the_story_count_builds_all_again() {
    let words = Words::english();
    let mut random = Random(5);
    let mut stories: Vec<Story> = (0..126)
        .map(|i| Story::new(&mut random, format!("s{i:05}")))
        .collect();
    let mut memory = Memory::default();
    let docs: Vec<Doc> = stories.iter().map(Story::doc).collect();
    related(&docs, &TIGHT, &words, &mut memory);
    // 127 stories: 128 counts as 128, 127 as 120 (steps of 8 from 64 to 127).
    stories.push(Story::new(&mut random, "s99999".into()));
    let docs: Vec<Doc> = stories.iter().map(Story::doc).collect();
    let kept = related(&docs, &TIGHT, &words, &mut memory);
    assert_eq!(memory.last_build, Some(Rebuilt::All));
    assert_eq!(kept.related, related_with(&docs, &TIGHT, &words).related);
}

/// A changed tag: its story is ranked again, and those that could have it
/// among their candidates; no vector is made again but its own.
#[test]
fn a_tag_changes_little() {
    let words = Words::english();
    let mut random = Random(7);
    let mut stories: Vec<Story> = (0..300)
        .map(|i| Story::new(&mut random, format!("s{i:05}")))
        .collect();
    let mut memory = Memory::default();
    let docs: Vec<Doc> = stories.iter().map(Story::doc).collect();
    related(&docs, &crate::PARAMS, &words, &mut memory);
    stories[40].tags = vec!["comet".into()];
    let docs: Vec<Doc> = stories.iter().map(Story::doc).collect();
    let kept = related(&docs, &crate::PARAMS, &words, &mut memory);
    assert_eq!(
        kept.related,
        related_with(&docs, &crate::PARAMS, &words).related
    );
    let Some(Rebuilt::Some {
        vectors,
        candidates,
        ranked,
    }) = memory.last_build
    else {
        panic!("{:?}", memory.last_build)
    };
    assert_eq!((vectors, candidates), (1, 1));
    assert!(ranked < 300, "{ranked}");
}

/// [`super::same_candidates`], case by case: 3 candidates of 4 articles
/// reached (article 7 was left out, below the weakest, article 5).
#[test]
fn candidates_are_kept_only_when_no_change_can_reach_them() {
    use super::same_candidates;
    let kept = crate::Candidates {
        scored: vec![(2, 0.5), (5, 0.4), (9, 0.6)],
        weakest: Some((0.3, 5)),
        reached: 4,
    };
    let same =
        |changed: &[(u32, f32, f32)]| same_candidates(&kept, |o| o, changed.iter().copied(), 0, 3);
    assert_eq!(same(&[]), Some(4), "nothing changed");
    assert_eq!(
        same(&[(9, 0.6, 0.7)]),
        Some(4),
        "a candidate's score moved, above the weakest"
    );
    assert_eq!(
        same(&[(9, 0.6, 0.31)]),
        Some(4),
        "a candidate just above the weakest"
    );
    assert_eq!(
        same(&[(9, 0.6, 0.3)]),
        None,
        "a candidate ties the weakest, after it by position"
    );
    assert_eq!(
        same(&[(2, 0.5, 0.3)]),
        Some(4),
        "a candidate ties the weakest, before it by position"
    );
    assert_eq!(
        same(&[(9, 0.6, 0.2)]),
        None,
        "a candidate falls under the weakest"
    );
    assert_eq!(
        same(&[(5, 0.3, 0.5)]),
        None,
        "the weakest's own score moved"
    );
    assert_eq!(
        same(&[(7, 0.2, 0.25)]),
        Some(4),
        "one left out, still under the weakest"
    );
    assert_eq!(
        same(&[(7, 0.2, 0.3)]),
        Some(4),
        "equal to the weakest, after it by position"
    );
    assert_eq!(
        same(&[(4, 0.0, 0.3)]),
        None,
        "equal to the weakest, before it by position"
    );
    assert_eq!(
        same(&[(8, 0.0, 0.1)]),
        Some(5),
        "a new article reached, under the weakest"
    );
    assert_eq!(
        same(&[(7, 0.2, 0.0)]),
        None,
        "the one left out leaves: no cut any more"
    );
    assert_eq!(
        same(&[(7, 0.2, 0.0), (8, 0.0, 0.1)]),
        Some(4),
        "one leaves, another comes: still cut"
    );
    assert_eq!(
        same(&[(7, 0.2, 0.5)]),
        None,
        "one left out now above the weakest"
    );
    // Positions that moved: kept article 9 is now at 8.
    let moved = |o: u32| if o == 9 { 8 } else { o };
    assert_eq!(
        same_candidates(&kept, moved, [(8, 0.6, 0.2)].into_iter(), 0, 3),
        None,
        "a candidate found at its new position"
    );
    assert_eq!(
        same_candidates(&kept, moved, [(9, 0.0, 0.2)].into_iter(), 0, 3),
        Some(5),
        "another article at a candidate's old position"
    );
    assert_eq!(
        same_candidates(&kept, |o| o, std::iter::empty(), 1, 3),
        None,
        "the one left out deleted: no cut any more"
    );
    assert_eq!(
        same_candidates(&kept, |o| o, [(8, 0.0, 0.1)].into_iter(), 1, 3),
        Some(4),
        "one deleted, another reached: still cut"
    );
    // Nothing left out: any article reached is a candidate.
    let all = crate::Candidates {
        weakest: None,
        reached: 3,
        ..kept.clone()
    };
    let same =
        |changed: &[(u32, f32, f32)]| same_candidates(&all, |o| o, changed.iter().copied(), 0, 3);
    assert_eq!(same(&[(7, 0.0, 0.01)]), None, "a new article reached");
    assert_eq!(
        same(&[(9, 0.6, 0.01)]),
        Some(3),
        "a candidate's score moved"
    );
    assert_eq!(
        same(&[(9, 0.6, 0.0)]),
        None,
        "a candidate no longer reached"
    );
    assert_eq!(
        same(&[(7, 0.0, 0.0)]),
        Some(3),
        "an article reached neither before nor now"
    );
}

/// A new story: only the stories whose candidates it can enter, or whose
/// candidates' entries it moves, look for candidates again
/// (`same_candidates`).
#[test]
fn a_new_story_sends_few_stories_to_look_again() {
    let words = Words::english();
    let params = Params {
        postings: 200,
        candidates: 20,
        ..TIGHT
    };
    let mut random = Random(9);
    let mut stories: Vec<Story> = (0..1000)
        .map(|i| Story::new(&mut random, format!("s{i:05}")))
        .collect();
    let mut memory = Memory::default();
    let docs: Vec<Doc> = stories.iter().map(Story::doc).collect();
    related(&docs, &params, &words, &mut memory);
    let mut partial = 0;
    for k in 0..6 {
        stories.push(Story::new(&mut random, format!("t{k:05}")));
        let docs: Vec<Doc> = stories.iter().map(Story::doc).collect();
        let kept = related(&docs, &params, &words, &mut memory);
        assert_eq!(kept.related, related_with(&docs, &params, &words).related);
        // Some new stories cross a step of a word's count that many
        // stories share, and everything is worked out again.
        if let Some(Rebuilt::Some { candidates, .. }) = memory.last_build {
            partial += 1;
            // A story looked again whenever a list it reads changed:
            // 370–584 of these 1,000.
            assert!(
                candidates * 10 < docs.len(),
                "{k}: {candidates} looked again"
            );
        }
    }
    assert!(partial >= 3, "{partial} of 6 builds were partial");
}
