//! The ledger: what a build wrote, file by file (length, hash and the file's
//! inode), kept in the output as [`LEDGER`]. The next build starts from the
//! output's files (hard links) and rewrites only those whose bytes change;
//! what it no longer writes is deleted. The inode says the file is still the
//! one the build wrote: a file replaced since (`press popular` replaces
//! `data/popular.json`) is written again.

use std::fmt::Write as _;

/// The ledger's maps, by path: Fx rather than SipHash, which was a third
/// of keeping a file as it was (a build after an edit keeps 188,000 at
/// 100,000 stories, looking each up twice). The paths are press's own.
pub type Files = rustc_hash::FxHashMap<String, Entry>;

/// The ledger's file, at the output's root (not itself in the ledger).
pub const LEDGER: &str = ".broadsheet-files";

const HEADER: &str = "broadsheet-files 1";

/// One file as the build wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub len: u64,
    pub hash: u128,
    pub inode: u64,
}

/// Every file of an output, by its path relative to the output's root.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Ledger {
    pub files: Files,
}

/// The hash a ledger keeps of a file's bytes.
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

impl Ledger {
    /// Reads a ledger; `None` when the text is not one (an older output, a
    /// damaged file): the build is then a full one.
    pub fn parse(text: &str) -> Option<Ledger> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let mut files = Files::default();
        for line in lines {
            let mut parts = line.splitn(4, ' ');
            let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
            let len = parts.next()?.parse().ok()?;
            let inode = parts.next()?.parse().ok()?;
            let path = parts.next()?;
            // Only plain paths below the output: a ledger that names
            // anything else is not one press wrote (the build is then full).
            if !is_plain(path) {
                return None;
            }
            files.insert(path.to_owned(), Entry { len, hash, inode });
        }
        Some(Ledger { files })
    }

    /// The ledger's text, sorted by path.
    pub fn to_text(&self) -> String {
        use rayon::prelude::*;
        let mut paths: Vec<&String> = self.files.keys().collect();
        paths.par_sort_unstable();
        // Formatted in parallel, a run of lines each: 188,000 at 100,000 stories.
        let runs: Vec<String> = paths
            .par_chunks(4096)
            .map(|run| {
                let mut text = String::with_capacity(96 * run.len());
                let mut numbers = itoa::Buffer::new();
                for path in run {
                    // `{:032x} {} {} {path}`, without the formatting
                    // machinery (a build writes 188,000 of these lines).
                    let entry = &self.files[*path];
                    push_hex(&mut text, entry.hash);
                    text.push(' ');
                    text.push_str(numbers.format(entry.len));
                    text.push(' ');
                    text.push_str(numbers.format(entry.inode));
                    text.push(' ');
                    text.push_str(path);
                    text.push('\n');
                }
                text
            })
            .collect();
        let mut text = String::with_capacity(runs.iter().map(String::len).sum::<usize>() + 32);
        text.push_str(HEADER);
        text.push('\n');
        for run in runs {
            text.push_str(&run);
        }
        text
    }
}

/// `value` as 32 lowercase hexadecimal digits.
fn push_hex(text: &mut String, value: u128) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for shift in (0..32).rev() {
        text.push(char::from(DIGITS[(value >> (shift * 4)) as usize & 0xf]));
    }
}

/// What a build changed in its output: the paths written (new or with new
/// bytes) and the paths deleted, each sorted. Press's own bookkeeping files
/// (`.broadsheet-*` at the root) are left out: they are not the site's.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    pub written: Vec<String>,
    pub deleted: Vec<String>,
    /// Files kept as they were.
    pub unchanged: u64,
}

impl Changes {
    /// One line per path: `+ path` written, `- path` deleted (docs/deploy.md).
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        for path in &self.written {
            let _ = writeln!(text, "+ {path}");
        }
        for path in &self.deleted {
            let _ = writeln!(text, "- {path}");
        }
        text
    }
}

/// Whether `relative` is a plain path below an output's root: `/`
/// separated names, none empty, `.` or `..`, none with a backslash. Only
/// such paths are ever written, deleted or read from a ledger.
pub(crate) fn is_plain(relative: &str) -> bool {
    !relative.is_empty()
        && relative
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'))
}

/// Whether a path is press's bookkeeping rather than the site's.
pub fn is_bookkeeping(relative: &str) -> bool {
    relative.starts_with(".broadsheet-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ledger_reads_back_what_it_wrote() {
        let mut ledger = Ledger::default();
        ledger.files.insert(
            "data/a b.json".into(),
            Entry {
                len: 3,
                hash: hash(b"abc"),
                inode: 42,
            },
        );
        ledger.files.insert(
            "feeds/all.xml".into(),
            Entry {
                len: 0,
                hash: hash(b""),
                inode: 7,
            },
        );
        ledger.files.insert(
            "z/max.json".into(),
            Entry {
                len: u64::MAX,
                hash: u128::MAX - 0xf0,
                inode: 1,
            },
        );
        // The text as `format!` makes it, line for line.
        let mut expected = format!("{HEADER}\n");
        let mut paths: Vec<&String> = ledger.files.keys().collect();
        paths.sort();
        for path in paths {
            let entry = &ledger.files[path];
            let _ = writeln!(
                expected,
                "{:032x} {} {} {path}",
                entry.hash, entry.len, entry.inode
            );
        }
        assert_eq!(ledger.to_text(), expected);
        assert_eq!(Ledger::parse(&ledger.to_text()), Some(ledger));
    }

    #[test]
    fn a_damaged_ledger_is_no_ledger() {
        for text in [
            "",
            "broadsheet-files 2\n",
            "broadsheet-files 1\nzz 1 1 a\n",
            "broadsheet-files 1\n0 1 1\n",
            "broadsheet-files 1\n0 x 1 a\n",
            "broadsheet-files 1\n0 1 1 ../outside\n",
            "broadsheet-files 1\n0 1 1 /etc/passwd\n",
            "broadsheet-files 1\n0 1 1 data//x.json\n",
        ] {
            assert_eq!(Ledger::parse(text), None, "{text:?}");
        }
        assert_eq!(
            Ledger::parse("broadsheet-files 1\n"),
            Some(Ledger::default())
        );
    }
}
