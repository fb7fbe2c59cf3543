use std::fs;
use std::time::{Duration, SystemTime};

use super::*;

fn age(path: &Path, by: Duration) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now() - by)
        .unwrap();
}

#[test]
#[cfg(unix)]
fn a_settled_file_is_known_by_identity_and_a_fresh_one_is_not_memoised() {
    let dir = tempfile::tempdir().unwrap();
    let (settled, fresh, saved) = (
        dir.path().join("settled.json"),
        dir.path().join("fresh.json"),
        dir.path().join("memo"),
    );
    fs::write(&settled, "harbour").unwrap();
    age(&settled, Duration::from_secs(3600));
    fs::write(&fresh, "ferries").unwrap();

    let memo = Memo::load(&saved);
    let metadata = |path: &Path| fs::metadata(path).unwrap();
    assert_eq!(memo.get(&metadata(&settled), 0), None);
    memo.remember(&metadata(&settled), 0, 7);
    memo.remember(&metadata(&fresh), 0, 8);
    memo.save(&saved).unwrap();

    let memo = Memo::load(&saved);
    assert_eq!(memo.get(&metadata(&settled), 0), Some(7));
    assert_eq!(memo.get(&metadata(&settled), 1), None, "another variant");
    assert_eq!(memo.get(&metadata(&fresh), 0), None, "modified just now");
    // A hard link is the same file; a copy is not.
    let link = dir.path().join("link.json");
    fs::hard_link(&settled, &link).unwrap();
    assert_eq!(memo.get(&metadata(&link), 0), Some(7));
    let copy = dir.path().join("copy.json");
    fs::copy(&settled, &copy).unwrap();
    assert_eq!(memo.get(&metadata(&copy), 0), None);
    // Rewritten: another length or time, another file.
    fs::write(&settled, "harbours").unwrap();
    assert_eq!(memo.get(&metadata(&settled), 0), None);
}

#[test]
fn a_damaged_memo_is_an_empty_one() {
    for line in [
        "1 2 3 4 5",
        "1 2 3 4 5 zz",
        "1 2 3 4 5 0000000000000000000000000000000g",
        "1 2 3 4 5 00000000000000000000000000000001 extra",
        "x 2 3 4 5 00000000000000000000000000000001",
    ] {
        assert_eq!(parse_line(line), None, "{line}");
    }
    assert_eq!(
        parse_line("1 2 3 -4 5 0000000000000000000000000000000a"),
        Some(((1, 2, 3, -4, 5), 10))
    );
}
