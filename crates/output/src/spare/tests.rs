use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::*;
use crate::{Staging, LEDGER};

/// Every file below `root` and its bytes; folders as `path/`.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if e.file_type().is_dir() {
                (format!("{relative}/"), Vec::new())
            } else {
                (relative, fs::read(e.path()).unwrap())
            }
        })
        .collect()
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&fs::metadata(path).unwrap())
}

fn write(root: &Path, relative: &str, bytes: &[u8]) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

#[test]
#[cfg(unix)]
fn a_mirror_is_the_source_file_for_file_and_relinks_only_what_differs() {
    let root = tempfile::tempdir().unwrap();
    let (source, copy) = (root.path().join("source"), root.path().join("copy"));
    for (path, bytes) in [
        ("same.json", &b"same"[..]),
        ("data/same.json", b"same too"),
        ("data/changed.json", b"new"),
        ("data/new/deep.json", b"new folder"),
        ("empty/.keep", b""),
    ] {
        write(&source, path, bytes);
    }
    fs::create_dir_all(copy.join("data")).unwrap();
    fs::hard_link(source.join("same.json"), copy.join("same.json")).unwrap();
    fs::hard_link(source.join("data/same.json"), copy.join("data/same.json")).unwrap();
    // The same bytes in another file is not the same file: linked again.
    write(&copy, "data/changed.json", b"new");
    write(&copy, "gone.json", b"old");
    write(&copy, "gone/deep/file.json", b"old");
    write(&copy, SPARE_MARK, b"mark");

    let done = mirror(&source, &copy).unwrap();

    assert_eq!(tree(&copy), tree(&source));
    for path in [
        "same.json",
        "data/same.json",
        "data/changed.json",
        "data/new/deep.json",
    ] {
        assert_eq!(inode(&copy.join(path)), inode(&source.join(path)), "{path}");
    }
    assert_eq!(done.kept, 2);
    assert_eq!(done.linked, 3, "changed, deep and .keep");
    assert!(done.removed >= 3, "{done:?}");
    // The source was only read.
    assert_eq!(fs::read(source.join("data/changed.json")).unwrap(), b"new");
}

#[test]
fn a_file_that_became_a_folder_is_mirrored_too() {
    let root = tempfile::tempdir().unwrap();
    let (source, copy) = (root.path().join("source"), root.path().join("copy"));
    write(&source, "a/b.json", b"1");
    write(&source, "c", b"2");
    write(&copy, "a", b"was a file");
    write(&copy, "c/d.json", b"was a folder");
    mirror(&source, &copy).unwrap();
    assert_eq!(tree(&copy), tree(&source));
}

/// One build through a tracked staging: `files` written, the rest deleted.
fn build(out: &Path, files: &[(&str, &str)]) -> Option<Mirrored> {
    build_with(out, files, None)
}

/// [`build`], starting from what the last build left when `continuity`
/// is given ([`crate::Continuity`]).
fn build_with<P: AsRef<str>>(
    out: &Path,
    files: &[(P, P)],
    continuity: Option<&mut crate::Continuity>,
) -> Option<Mirrored> {
    let mut continuity = continuity;
    let staging = Staging::tracked_with(out, false, continuity.as_deref_mut())
        .unwrap()
        .replacing_only_stamped();
    staging.stamp().unwrap();
    let from_spare = staging.from_spare();
    for (path, text) in files {
        staging
            .write(path.as_ref(), text.as_ref().as_bytes())
            .unwrap();
    }
    let retired = staging.swap().unwrap();
    match continuity {
        Some(continuity) => retired.remove_continuing(continuity).unwrap(),
        None => retired.remove().unwrap(),
    }
    from_spare
}

#[test]
fn each_build_starts_from_the_spare_the_one_before_parked() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("site");
    let spare = spare_of(&out);
    assert_eq!(build(&out, &[("a.json", "1"), ("b.json", "1")]), None);
    assert!(!spare.exists(), "a first build has nothing to park");
    assert_eq!(build(&out, &[("a.json", "2"), ("b.json", "1")]), None);
    assert!(is_spare(&spare), "the swapped-out output is parked");
    let third = build(&out, &[("a.json", "3"), ("c.json", "1")]).unwrap();
    assert_eq!(
        third.linked, 3,
        "a.json, the ledger and the stamp: {third:?}"
    );
    assert_eq!(
        tree(&out)
            .keys()
            .filter(|p| !p.starts_with(".broadsheet"))
            .collect::<Vec<_>>(),
        ["a.json", "c.json"]
    );
    assert_eq!(fs::read_to_string(out.join("a.json")).unwrap(), "3");
    // The spare holds the output before, not the live one's bytes.
    assert_eq!(fs::read_to_string(spare.join("a.json")).unwrap(), "2");
    assert!(spare.join(SPARE_MARK).exists());
    assert!(
        !out.join(SPARE_MARK).exists(),
        "the mark never reaches the output"
    );

    // A file replaced in the live output since (as `press popular` does) is
    // what the next build starts from, as without a spare.
    fs::remove_file(out.join("c.json")).unwrap();
    fs::write(out.join("c.json"), "replaced").unwrap();
    let staging = Staging::tracked(&out, false).unwrap();
    assert!(staging.from_spare().is_some());
    assert_eq!(
        fs::read_to_string(staging.dir().join("c.json")).unwrap(),
        "replaced"
    );
    assert_eq!(
        fs::read(staging.dir().join(LEDGER)).unwrap(),
        fs::read(out.join(LEDGER)).unwrap()
    );
    drop(staging);
    assert!(
        !spare.exists(),
        "a failed build used the spare up; the next one starts without"
    );
}

#[test]
fn a_full_build_removes_the_spare_and_a_stranger_at_its_name_is_left_alone() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("site");
    let spare = spare_of(&out);
    build(&out, &[("a.json", "1")]);
    build(&out, &[("a.json", "2")]);
    assert!(is_spare(&spare));
    let full = Staging::tracked(&out, true)
        .unwrap()
        .replacing_only_stamped();
    full.stamp().unwrap();
    full.write("a.json", b"3").unwrap();
    full.swap().unwrap().remove().unwrap();
    assert!(!spare.exists());

    // Somebody's folder at the spare's name: never replaced, never taken.
    write(&spare, "theirs.txt", b"keep me");
    build(&out, &[("a.json", "4")]);
    build(&out, &[("a.json", "5")]);
    assert_eq!(tree(&spare).len(), 1);
    assert_eq!(fs::read_to_string(out.join("a.json")).unwrap(), "5");
    let names: Vec<String> = fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no old output left over: {names:?}");
}

/// The files of one build: of 40 possible paths in nested folders, a
/// random set with random bytes (so files are added, changed, kept and
/// deleted, and folders made and emptied, from build to build).
fn random_files(seed: &mut u64) -> Vec<(String, String)> {
    let mut next = || {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    };
    let mut files = Vec::new();
    for i in 0..40u64 {
        if next() % 3 == 0 {
            continue;
        }
        let path = match i % 4 {
            0 => format!("top-{i}.json"),
            1 => format!("data/{}/file-{i}.json", i % 3),
            2 => format!("data/deep/{}/{}/file-{i}.json", i % 2, i % 5),
            _ => format!("feeds/file-{i}.xml"),
        };
        files.push((path, format!("bytes {}", next() % 3)));
    }
    files
}

#[test]
#[cfg(unix)]
fn builds_that_start_from_what_the_last_left_equal_builds_that_list_the_folders() {
    let root = tempfile::tempdir().unwrap();
    let (listed, continued) = (root.path().join("listed"), root.path().join("continued"));
    let mut continuity = crate::Continuity::default();
    let mut seed = 31;
    let mut from_changes = 0;
    for step in 0..40 {
        let files = random_files(&mut seed);
        let pairs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        build(&listed, &pairs);
        if step == 25 {
            // Another press builds the same output: what this one knew
            // no longer holds, and the next build lists the folders.
            build(&continued, &pairs);
            assert!(continuity.is_known());
        } else {
            let spare_was_known = continuity.is_known() && is_spare(&spare_of(&continued));
            let mirrored = build_with(&continued, &files, Some(&mut continuity));
            if spare_was_known && step != 26 {
                // Only what the build before wrote was linked again.
                let mirrored = mirrored.expect("started from the spare");
                assert!(mirrored.from_changes, "nothing listed at step {step}");
                from_changes += 1;
            }
            if step == 26 {
                assert!(
                    mirrored.is_some_and(|m| !m.from_changes),
                    "listed at step 26"
                );
            }
        }
        let without_ledger = |root: &Path| {
            if !root.exists() {
                return BTreeMap::new();
            }
            let mut tree = tree(root);
            tree.remove(LEDGER);
            tree
        };
        assert_eq!(
            without_ledger(&continued),
            without_ledger(&listed),
            "step {step}"
        );
        assert_eq!(
            without_ledger(&spare_of(&continued)),
            without_ledger(&spare_of(&listed)),
            "the spares at step {step}"
        );
    }
    assert!(from_changes > 30, "{from_changes}");
}

#[test]
fn a_change_list_that_leads_outside_the_folders_is_refused_and_nothing_is_touched() {
    let root = tempfile::tempdir().unwrap();
    let (source, copy) = (root.path().join("source"), root.path().join("copy"));
    write(&source, "a.json", b"new");
    write(&copy, "a.json", b"old");
    write(root.path(), "outside.json", b"not ours");
    for bad in [
        "../outside.json",
        "/etc/passwd",
        "data/../../outside.json",
        "",
        "a\\b",
    ] {
        let lists = [
            (vec![bad.to_owned()], vec![]),
            (vec!["a.json".to_owned()], vec![bad.to_owned()]),
        ];
        for (written, deleted) in lists {
            let error = mirror_changes(&source, &copy, &written, &deleted).unwrap_err();
            assert!(
                matches!(error, OutputError::Refused { .. }),
                "{bad:?}: {error}"
            );
            assert_eq!(
                fs::read(root.path().join("outside.json")).unwrap(),
                b"not ours"
            );
            assert_eq!(fs::read(copy.join("a.json")).unwrap(), b"old", "{bad:?}");
        }
    }
}
