//! What a long-running press (`press watch`) remembers of the files it
//! wrote: for each, a hash of everything the file is made from, and the
//! file's length and hash. A file whose inputs did not change since is kept
//! from the previous output (`Staging::keep_known`) without being made,
//! written as JSON and hashed again. At 100,000 stories that saved about
//! 3 s of every build after an edit for the article files, and about 1 s
//! for the listings' 40,000 pages.
//!
//! Each output says what its files are made from ([`Inputs`]): the article
//! files (`api`) and the listings' pages (`listings`). The `incremental`
//! oracle (`crates/press/tests/press.rs`) checks that `press watch` then
//! writes the same bytes as a full build.

use std::hash::{Hash, Hasher as _};
use std::sync::Mutex;

use broadsheet_model::Teaser;
use broadsheet_output::{OutputError, Staging};

/// One file as written: the hash of its inputs, its length and its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Remembered {
    pub inputs: u128,
    pub len: u64,
    pub hash: u128,
}

/// The last build's files, and this build's.
#[derive(Default)]
pub struct FileMemo {
    enabled: bool,
    /// Fx: FNV, a byte at a time, was slow over 188,000 paths.
    previous: rustc_hash::FxHashMap<String, Remembered>,
    next: Mutex<Vec<(String, Remembered)>>,
}

impl FileMemo {
    /// A memo that remembers (a plain `press build` has a disabled one).
    pub fn enabled() -> FileMemo {
        FileMemo {
            enabled: true,
            ..FileMemo::default()
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Keeps the previous output's file at `path` when the last build
    /// made it from the same `inputs` and it still holds those bytes: true
    /// when it was kept (and counted as written), false when the caller
    /// must make and write it, then call [`FileMemo::wrote`].
    pub fn keep(
        &self,
        staging: &Staging,
        path: &str,
        inputs: Option<u128>,
    ) -> Result<bool, OutputError> {
        let Some(inputs) = inputs else {
            return Ok(false);
        };
        let Some(before) = self.previous.get(path).filter(|b| b.inputs == inputs) else {
            return Ok(false);
        };
        if !staging.keep_known(path, before.len, before.hash)? {
            return Ok(false);
        }
        self.remember(path.to_owned(), *before);
        Ok(true)
    }

    /// What this build wrote at `path`, made from `inputs` (nothing is
    /// remembered without them).
    pub fn wrote(&self, path: String, inputs: Option<u128>, bytes: &[u8]) {
        if let Some(inputs) = inputs.filter(|_| self.enabled) {
            let remembered = Remembered {
                inputs,
                len: bytes.len() as u64,
                hash: broadsheet_output::hash(bytes),
            };
            self.remember(path, remembered);
        }
    }

    fn remember(&self, path: String, remembered: Remembered) {
        self.next
            .lock()
            .expect("not poisoned")
            .push((path, remembered));
    }

    /// This build's files become the next build's previous ones. Each is
    /// a fact (these inputs make these bytes) whatever became of the build:
    /// `Staging::keep_known` keeps a file only where the previous output
    /// holds exactly those bytes.
    pub fn finish(self) -> FileMemo {
        let next = self.next.into_inner().expect("not poisoned");
        FileMemo {
            enabled: self.enabled,
            previous: next.into_iter().collect(),
            next: Mutex::new(Vec::new()),
        }
    }
}

/// The hash of one teaser, as every file that lists it reads it: its
/// fields, each string with its length (`Hash`), so two teasers that
/// differ in any field differ here.
pub fn teaser_hash(teaser: &Teaser) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
    teaser.hash(&mut hasher);
    hasher.finish()
}

/// What one file is made from, hashed part by part as it is given (xxh3,
/// 128 bits). Parts are separated, so that moving a byte from one part to
/// the next changes the hash.
#[derive(Clone)]
pub struct Inputs(xxhash_rust::xxh3::Xxh3Default);

impl Inputs {
    pub fn new() -> Inputs {
        Inputs(xxhash_rust::xxh3::Xxh3Default::new())
    }

    pub fn number(&mut self, number: u64) -> &mut Inputs {
        self.0.update(&number.to_le_bytes());
        self
    }

    /// A value by its `Hash`, which writes each string with its end.
    pub fn hashed<T: Hash + ?Sized>(&mut self, value: &T) -> &mut Inputs {
        value.hash(&mut self.0);
        self
    }

    /// A value as its JSON; `None` if it has none (then the file is made).
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Option<&mut Inputs> {
        struct Feed<'a>(&'a mut xxhash_rust::xxh3::Xxh3Default, u64);
        impl std::io::Write for Feed<'_> {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.update(bytes);
                self.1 += bytes.len() as u64;
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut feed = Feed(&mut self.0, 0);
        serde_json::to_writer(&mut feed, value).ok()?;
        let len = feed.1;
        self.number(len);
        Some(self)
    }

    /// The hashes of teasers `list` (indexes into `teasers`), in order.
    pub fn teasers(&mut self, list: &[usize], teasers: &[u64]) -> &mut Inputs {
        self.number(list.len() as u64);
        for &i in list {
            self.number(teasers[i]);
        }
        self
    }

    pub fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

impl Default for Inputs {
    fn default() -> Self {
        Inputs::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teasers_that_differ_in_any_field_hash_apart() {
        let base = Teaser {
            url: "/world/2026/01/02/a".into(),
            headline: "A headline".into(),
            standfirst: "A standfirst".into(),
            section: broadsheet_model::SectionRef {
                path: "world".into(),
                name: "World".into(),
            },
            published: "2026-01-02T03:04:05Z".into(),
            updated: None,
            thumbnail: None,
        };
        let mut variants = vec![base.clone()];
        let mut with = |change: &dyn Fn(&mut Teaser)| {
            let mut teaser = base.clone();
            change(&mut teaser);
            variants.push(teaser);
        };
        with(&|t| t.url.push('b'));
        with(&|t| t.headline.push('!'));
        // The same bytes, split between two fields in another place.
        with(&|t| {
            t.headline = "A headlineA".into();
            t.standfirst = " standfirst".into();
        });
        with(&|t| t.section.name = "Asia".into());
        with(&|t| t.updated = Some("2026-01-02T05:00:00Z".into()));
        with(&|t| t.updated = Some(String::new()));
        let hashes: std::collections::HashSet<u64> = variants.iter().map(teaser_hash).collect();
        assert_eq!(hashes.len(), variants.len());
        assert_eq!(teaser_hash(&base), teaser_hash(&base.clone()));
    }

    #[test]
    fn inputs_keep_their_parts_apart() {
        let hash = |parts: &[&str]| {
            let mut inputs = Inputs::new();
            for part in parts {
                inputs.json(part);
            }
            inputs.finish()
        };
        assert_ne!(hash(&["ab", "c"]), hash(&["a", "bc"]));
        assert_eq!(hash(&["ab", "c"]), hash(&["ab", "c"]));
        let hashed = |parts: &[&str]| {
            let mut inputs = Inputs::new();
            for part in parts {
                inputs.hashed(part);
            }
            inputs.finish()
        };
        assert_ne!(hashed(&["ab", "c"]), hashed(&["a", "bc"]));
        assert_ne!(hashed(&["ab", ""]), hashed(&["ab"]));
        let teasers = [1, 2, 3];
        let list = |list: &[usize]| Inputs::new().teasers(list, &teasers).finish();
        assert_ne!(list(&[0, 1]), list(&[1, 0]));
        assert_ne!(list(&[0]), list(&[0, 0]));
    }
}
