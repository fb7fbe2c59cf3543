use std::fs::{self, File};
use std::time::{Duration, SystemTime};

use std::path::{Path, PathBuf};

use super::{load_all_with, LoadCache};
use crate::config::SiteConfig;

const SITE: &str = r#"
name = "Test"
base_url = "https://example.org/"
[[sections]]
path = "world"
name = "World"
"#;

fn story(headline: &str) -> String {
    format!(
        "+++\nheadline = \"{headline}\"\nstandfirst = \"A standfirst.\"\nsection = \"world\"\n\
         byline = [\"A Writer\"]\npublished = \"2026-10-01T13:05:00+01:00\"\n+++\n\nA body.\n"
    )
}

/// Writes `text` to `file` and dates it `age` ago.
fn write_aged(file: &Path, text: &str, age: Duration) {
    fs::write(file, text).unwrap();
    File::options()
        .write(true)
        .open(file)
        .unwrap()
        .set_modified(SystemTime::now() - age)
        .unwrap();
}

/// Rewrites `file` in place and puts its modification time back.
fn rewrite_keeping_mtime(file: &Path, text: &str) {
    let mtime = fs::metadata(file).unwrap().modified().unwrap();
    fs::write(file, text).unwrap();
    File::options()
        .write(true)
        .open(file)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
}

fn headlines(files: &[PathBuf], cache: &mut LoadCache, context: u64) -> Vec<String> {
    let config = SiteConfig::parse(SITE).unwrap();
    let (drafts, problems) = load_all_with(files, &config, context, Some(cache));
    assert!(problems.is_empty(), "{problems:?}");
    drafts.into_iter().map(|d| d.headline).collect()
}

#[test]
fn a_file_is_parsed_again_only_when_its_identity_or_the_context_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
    let old = Duration::from_secs(60);
    write_aged(&a, &story("Ferry returns"), old);
    write_aged(&b, &story("Bridge opens"), old);
    let files = vec![a.clone(), b.clone()];
    let mut cache = LoadCache::default();
    assert_eq!(
        headlines(&files, &mut cache, 7),
        ["Ferry returns", "Bridge opens"]
    );
    assert_eq!(cache.parses.len(), 2);

    // Nothing changed: both parses are the kept ones.
    assert_eq!(
        headlines(&files, &mut cache, 7),
        ["Ferry returns", "Bridge opens"]
    );
    assert_eq!(cache.parses.reused, 2);

    // Rewritten in place with the same length and its old modification
    // time put back (`cp -p`, `rsync -t`, `touch -r`): the change time
    // still tells.
    rewrite_keeping_mtime(&a, &story("Ferry RETURNS"));
    assert_eq!(
        headlines(&files, &mut cache, 7),
        ["Ferry RETURNS", "Bridge opens"]
    );
    assert_eq!(cache.parses.reused, 1);

    // Another context (site.toml or the pictures changed): all parsed again.
    assert_eq!(
        headlines(&files, &mut cache, 8),
        ["Ferry RETURNS", "Bridge opens"]
    );
    assert_eq!(cache.parses.reused, 0);

    // A changed time is a changed file.
    write_aged(&b, &story("Bridge closes"), Duration::from_secs(30));
    assert_eq!(
        headlines(&files, &mut cache, 8),
        ["Ferry RETURNS", "Bridge closes"]
    );

    // A file gone leaves the cache.
    assert_eq!(headlines(&files[..1], &mut cache, 8), ["Ferry RETURNS"]);
    assert_eq!(cache.parses.len(), 1);
}

#[test]
fn a_file_written_just_now_is_parsed_and_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.md");
    fs::write(&a, story("Storm warning")).unwrap();
    let mut cache = LoadCache::default();
    let files = vec![a.clone()];
    assert_eq!(headlines(&files, &mut cache, 1), ["Storm warning"]);
    assert!(cache.parses.is_empty(), "a racy file must not be kept");
    // Rewritten in the same tick with the same length: still read again.
    rewrite_keeping_mtime(&a, &story("Storm WARNING"));
    assert_eq!(headlines(&files, &mut cache, 1), ["Storm WARNING"]);
}

#[test]
fn sources_differ_with_the_bytes_and_the_context() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.md");
    write_aged(&a, &story("Wheat harvest"), Duration::from_secs(60));
    let config = SiteConfig::parse(SITE).unwrap();
    let source =
        |context| load_all_with(std::slice::from_ref(&a), &config, context, None).0[0].source;
    assert_eq!(source(1), source(1));
    assert_ne!(source(1), source(2));
    let before = source(1);
    write_aged(&a, &story("Wheat harvests"), Duration::from_secs(60));
    assert_ne!(source(1), before);
}
