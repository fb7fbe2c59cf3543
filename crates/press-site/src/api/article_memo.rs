//! What a long-running press (`press watch`) remembers of each article file
//! it wrote: a hash of everything the file is made from, and the file's
//! length and hash. An article whose inputs did not change since is kept
//! from the previous output (`Staging::keep_known`) without being made,
//! written as JSON and hashed again: at 100,000 stories that was about
//! 3 s of every build after an edit.
//!
//! An article is made from its draft ([`Draft::source`]: the file's bytes,
//! `site.toml` and the pictures' names), what the pictures step set in it
//! (the hero and the body's figures), its related and "more from" stories'
//! teasers, and its writers' and tags' references. All of them are hashed
//! here; the `incremental` oracle checks that `press watch` then writes the
//! same bytes as a full build.

use std::sync::Mutex;

use broadsheet_model::{AuthorRef, Block, TagRef, Teaser};
use fnv::FnvHashMap;
use press_content::load::Draft;

/// One article file as written: the hash of its inputs, its length and
/// its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Remembered {
    pub inputs: u128,
    pub len: u64,
    pub hash: u128,
}

/// The last build's article files, and this build's.
#[derive(Default)]
pub struct ArticleMemo {
    enabled: bool,
    previous: FnvHashMap<String, Remembered>,
    next: Mutex<Vec<(String, Remembered)>>,
}

impl ArticleMemo {
    /// A memo that remembers (a plain `press build` has a disabled one).
    pub fn enabled() -> ArticleMemo {
        ArticleMemo {
            enabled: true,
            ..ArticleMemo::default()
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// What the last build wrote at `path`.
    pub fn previous(&self, path: &str) -> Option<Remembered> {
        self.previous.get(path).copied()
    }

    /// What this build wrote at `path`.
    pub fn remember(&self, path: String, remembered: Remembered) {
        self.next
            .lock()
            .expect("not poisoned")
            .push((path, remembered));
    }

    /// This build's files become the next build's previous ones. Each is
    /// a fact (these inputs make these bytes) whatever became of the build:
    /// `Staging::keep_known` keeps a file only where the previous output
    /// holds exactly those bytes.
    pub fn finish(self) -> ArticleMemo {
        let next = self.next.into_inner().expect("not poisoned");
        ArticleMemo {
            enabled: self.enabled,
            previous: next.into_iter().collect(),
            next: Mutex::new(Vec::new()),
        }
    }
}

/// The hash of one teaser, as every article that lists it reads it.
pub fn teaser_hash(teaser: &Teaser) -> Option<u64> {
    Some(xxhash_rust::xxh3::xxh3_64(
        &serde_json::to_vec(teaser).ok()?,
    ))
}

/// The hash of everything the article of `draft` is made from; `None` if
/// a part could not be read as JSON (then the article is made).
pub fn inputs(
    draft: &Draft,
    related: &[usize],
    more_from_section: &[usize],
    teasers: &[u64],
    authors: &[AuthorRef],
    tags: &[TagRef],
) -> Option<u128> {
    fn json<T: serde::Serialize + ?Sized>(value: &T, text: &mut Vec<u8>) -> Option<()> {
        serde_json::to_writer(&mut *text, value).ok()?;
        text.push(0xff);
        Some(())
    }
    let mut text: Vec<u8> = Vec::with_capacity(512);
    text.extend_from_slice(&draft.source.to_le_bytes());
    text.push(u8::from(draft.draft));
    json(&draft.hero, &mut text)?;
    for block in draft.body.iter() {
        if let Block::Figure { image } = block {
            json(image, &mut text)?;
        }
    }
    for list in [related, more_from_section] {
        for &j in list {
            text.extend_from_slice(&teasers[j].to_le_bytes());
        }
        text.push(0xfe);
    }
    json(authors, &mut text)?;
    json(tags, &mut text)?;
    Some(xxhash_rust::xxh3::xxh3_128(&text))
}
