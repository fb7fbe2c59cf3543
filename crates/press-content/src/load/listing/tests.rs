use std::fs;
use std::path::{Path, PathBuf};

use super::{find_article_files, KeptListing};

/// A content folder with `articles/`, and a kept listing of it.
struct Folder {
    _dir: tempfile::TempDir,
    content: PathBuf,
    articles: PathBuf,
    kept: KeptListing,
}

impl Folder {
    fn new(files: &[&str]) -> Folder {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let articles = content.join("articles");
        fs::create_dir_all(&articles).unwrap();
        for file in files {
            write(&articles.join(file));
        }
        let mut folder = Folder {
            _dir: dir,
            content,
            articles,
            kept: KeptListing::default(),
        };
        folder.list_and_compare(None);
        folder
    }

    /// The real path of `relative` under `articles/`, as an event names it.
    fn real(&self, relative: &str) -> PathBuf {
        fs::canonicalize(&self.articles).unwrap().join(relative)
    }

    /// Lists with what changed (`None`: unknown) and checks the result is
    /// a full listing's; returns whether the kept listing was used.
    fn list_and_compare(&mut self, changed: Option<Vec<PathBuf>>) -> bool {
        self.kept.changed(changed);
        let (files, problems) = self.kept.list(&self.content, &self.articles).unwrap();
        let (expected, expected_problems) = find_article_files(&self.articles).unwrap();
        assert_eq!(files, expected);
        assert_eq!(problems, expected_problems);
        self.kept.may_differ.is_some()
    }
}

fn write(file: &Path) {
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(file, "+++\n+++\n").unwrap();
}

#[test]
fn the_kept_listing_equals_a_full_one_after_each_change() {
    let mut folder = Folder::new(&["a.md", "m/b.md", "z.md"]);
    // Each step: what it does to the folder, the paths the events name,
    // and whether the kept listing can answer.
    type Step = (&'static str, fn(&Folder), &'static [&'static str], bool);
    let steps: &[Step] = &[
        ("nothing changed", |_| {}, &[], true),
        (
            "a new story",
            |f| write(&f.articles.join("c.md")),
            &["c.md"],
            true,
        ),
        (
            "in a folder",
            |f| write(&f.articles.join("m/a.md")),
            &["m/a.md"],
            true,
        ),
        (
            "an edit",
            |f| write(&f.articles.join("a.md")),
            &["a.md"],
            true,
        ),
        (
            "deleted",
            |f| fs::remove_file(f.articles.join("z.md")).unwrap(),
            &["z.md"],
            true,
        ),
        (
            "a hidden file",
            |f| write(&f.articles.join(".swp.md")),
            &[".swp.md"],
            true,
        ),
        (
            "a backup",
            |f| write(&f.articles.join("c.md~")),
            &["c.md~"],
            true,
        ),
        (
            "a folder moved in, its files without events",
            |f| write(&f.articles.join("n/d.md")),
            &["n"],
            false,
        ),
        (
            "a folder moved away",
            |f| fs::rename(f.articles.join("m"), f.content.join("gone")).unwrap(),
            &["m"],
            true,
        ),
        (
            "not an article",
            |f| write(&f.articles.join("notes.txt")),
            &["notes.txt"],
            false,
        ),
        (
            "the problem fixed",
            |f| fs::remove_file(f.articles.join("notes.txt")).unwrap(),
            &["notes.txt"],
            // The listing before had a problem: it was not kept.
            false,
        ),
        (
            "site.toml",
            |f| fs::write(f.content.join("site.toml"), "").unwrap(),
            &[],
            true,
        ),
    ];
    for (what, step, relative, kept) in steps {
        step(&folder);
        let mut changed: Vec<PathBuf> = relative.iter().map(|r| folder.real(r)).collect();
        if *what == "site.toml" {
            changed.push(fs::canonicalize(&folder.content).unwrap().join("site.toml"));
        }
        assert_eq!(folder.list_and_compare(Some(changed)), *kept, "{what}");
    }
    assert!(!folder.list_and_compare(None), "unknown changes: listed");
}

#[test]
fn only_the_changed_paths_may_differ() {
    let mut folder = Folder::new(&["a.md", "b.md"]);
    write(&folder.articles.join("b.md"));
    assert!(folder.list_and_compare(Some(vec![folder.real("b.md")])));
    assert!(folder.kept.unchanged(&folder.articles.join("a.md")));
    assert!(!folder.kept.unchanged(&folder.articles.join("b.md")));
    // Unknown changes: nothing is known to be unchanged.
    folder.list_and_compare(None);
    assert!(!folder.kept.unchanged(&folder.articles.join("a.md")));
}

#[test]
fn a_path_outside_the_content_folder_makes_a_full_listing() {
    let mut folder = Folder::new(&["a.md"]);
    let elsewhere = folder.content.parent().unwrap().join("elsewhere.md");
    assert!(!folder.list_and_compare(Some(vec![elsewhere])));
}

#[test]
fn another_folder_of_the_content_makes_a_full_listing_its_own_files_do_not() {
    let mut folder = Folder::new(&["a.md"]);
    let real = fs::canonicalize(&folder.content).unwrap();
    for (path, kept) in [
        ("site.toml", true),
        ("images/a.jpg", true),
        ("authors/a.toml", true),
        (".press-cache/x", true),
        // A link to articles/ elsewhere names its files there.
        ("latest/a.md", false),
        ("", false),
    ] {
        let changed = vec![real.join(path)];
        assert_eq!(folder.list_and_compare(Some(changed)), kept, "{path:?}");
    }
}

#[test]
fn changes_add_up_until_a_build_lists() {
    let mut folder = Folder::new(&["a.md", "b.md"]);
    write(&folder.articles.join("a.md"));
    // A build that failed before listing (a broken site.toml) did not use
    // the first change: the next build has both.
    folder.kept.changed(Some(vec![folder.real("a.md")]));
    let site = fs::canonicalize(&folder.content).unwrap().join("site.toml");
    assert!(folder.list_and_compare(Some(vec![site])));
    assert!(!folder.kept.unchanged(&folder.articles.join("a.md")));
    assert!(folder.kept.unchanged(&folder.articles.join("b.md")));
    // Unknown once is unknown until listed.
    folder.kept.changed(None);
    assert!(!folder.list_and_compare(Some(vec![])));
    assert!(folder.list_and_compare(Some(vec![])));
}

#[cfg(unix)]
#[test]
fn links_and_files_with_other_names_are_never_listed_from_memory() {
    // An edit through another name names only that one.
    let mut folder = Folder::new(&["a.md"]);
    std::os::unix::fs::symlink(folder.articles.join("a.md"), folder.articles.join("l.md")).unwrap();
    assert!(!folder.list_and_compare(Some(vec![folder.real("l.md")])));
    assert!(
        !folder.list_and_compare(Some(vec![])),
        "a link in the folder"
    );

    let mut folder = Folder::new(&["a.md"]);
    fs::hard_link(
        folder.articles.join("a.md"),
        folder.content.join("elsewhere.md"),
    )
    .unwrap();
    assert!(!folder.list_and_compare(Some(vec![folder.real("a.md")])));
    assert!(
        !folder.list_and_compare(Some(vec![])),
        "a file with two names"
    );
    fs::remove_file(folder.content.join("elsewhere.md")).unwrap();
    assert!(!folder.list_and_compare(None));
    assert!(folder.list_and_compare(Some(vec![])), "one name again");
}
