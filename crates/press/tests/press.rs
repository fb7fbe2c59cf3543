//! press's integration tests: the real binary, driven by fixture folders.
//!
//! - `fixtures/invalid/<case>/articles/*.md` must fail with every line of
//!   `expected.txt` in the output (each line is a prefix of a diagnostic).
//! - The sample content in `content/` must build, and every file it writes must
//!   decode into the model types and pass the model's validation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use broadsheet_model::{validate, Article, FrontPage, Route, SectionPage, Site, SCHEMA_VERSION};

fn press(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_press"))
        .args(args)
        .output()
        .expect("press runs")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` by its relative path; press's ledger without its
/// inodes, which differ from folder to folder by nature.
fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files: BTreeMap<PathBuf, Vec<u8>> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).unwrap().to_owned();
            (relative, std::fs::read(entry.path()).unwrap())
        })
        .collect();
    if let Some(ledger) = files.get_mut(Path::new(broadsheet_output::LEDGER)) {
        let text = String::from_utf8(std::mem::take(ledger)).unwrap();
        *ledger = text
            .lines()
            .map(
                |line| match line.splitn(4, ' ').collect::<Vec<_>>().as_slice() {
                    [hash, len, _inode, path] => format!("{hash} {len} {path}\n"),
                    _ => format!("{line}\n"),
                },
            )
            .collect::<String>()
            .into_bytes();
    }
    files
}

/// Every JSON file of a built site reads the same through the model's own
/// reader (`broadsheet_model::json`, which the app and render use) as
/// through serde_json and serde's derive. Returns how many files it compared.
fn both_readers_agree(site: &Path) -> usize {
    use broadsheet_model::json::FromJson;
    use broadsheet_model::search::{DocShard, FacetDocs, SearchIndex, TermShard};
    use broadsheet_model::{ArchiveIndex, ListingPage, Popular, Redirects, TagIndex};

    fn same<T: FromJson + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
        name: &str,
        text: &str,
    ) {
        let ours: T = broadsheet_model::json::from_str(text)
            .unwrap_or_else(|e| panic!("{name}: the model's reader: {e:?}"));
        let theirs: T =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: serde_json: {e}"));
        assert!(ours == theirs, "{name}: the two readers differ");
    }
    let mut compared = 0;
    for (path, bytes) in files_under(&site.join("data")) {
        let name = path.to_string_lossy().replace('\\', "/");
        let text = std::str::from_utf8(&bytes).unwrap();
        let file = name.rsplit('/').next().unwrap_or_default();
        match name.split('/').next().unwrap_or_default() {
            _ if !name.ends_with(".json") => continue,
            "site.json" => same::<Site>(&name, text),
            "front.json" => same::<FrontPage>(&name, text),
            "popular.json" => same::<Popular>(&name, text),
            "redirects.json" => same::<Redirects>(&name, text),
            "breaking.json" => same::<broadsheet_model::Breaking>(&name, text),
            "articles" => same::<Article>(&name, text),
            "sections" => same::<SectionPage>(&name, text),
            "tags" if file == "index.json" => same::<TagIndex>(&name, text),
            "archive" if file == "index.json" => same::<ArchiveIndex>(&name, text),
            "authors" | "tags" | "archive" => same::<ListingPage>(&name, text),
            "search" => match name.split('/').nth(1).unwrap_or_default() {
                "index.json" => same::<SearchIndex>(&name, text),
                "terms" => same::<TermShard>(&name, text),
                "docs" => same::<DocShard>(&name, text),
                "facets" => same::<FacetDocs>(&name, text),
                other => panic!("{name}: a search file of an unknown kind ({other})"),
            },
            other => panic!("{name}: a file of an unknown kind ({other}): teach this test"),
        }
        compared += 1;
    }
    compared
}

/// `press build` of `content` into `out`.
fn build(content: &Path, out: &Path) -> Output {
    press(&[
        "build",
        "--content",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ])
}

/// `press build` that must succeed; a failure shows press's own output.
fn build_ok(content: &Path, out: &Path) {
    let output = build(content, out);
    assert!(
        output.status.success(),
        "press build {} failed:\n{}",
        content.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `press build` as of `now` (`--now`), with `extra` flags, that must succeed.
fn build_at(content: &Path, out: &Path, now: &str, extra: &[&str]) {
    let mut args = vec![
        "build",
        "--quiet",
        "--content",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--now",
        now,
    ];
    args.extend_from_slice(extra);
    let output = press(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The shared Wikinews sample beside the project, or `None` with a loud
/// note: a clone of the public repository has no `../shared`, and its tests
/// must still pass; CI has it, and there the test runs.
fn shared_corpus(test: &str) -> Option<PathBuf> {
    let csv = project_root().join("../shared/corpus/wikinews-2019/articles.csv");
    if csv.exists() {
        Some(csv)
    } else {
        eprintln!(
            "SKIPPED {test}: {} is missing (the shared corpus lives beside the project; see README)",
            csv.display()
        );
        None
    }
}

/// Imports the shared Wikinews sample as its tests do (one byline, the
/// licence's credit).
fn import_wikinews(csv: &Path, content: &Path) -> Output {
    press(&[
        "import",
        csv.to_str().unwrap(),
        "--out",
        content.to_str().unwrap(),
        "--byline",
        "Wikinews contributors",
        "--credit",
        "First published by Wikinews under the Creative Commons Attribution 2.5 licence",
    ])
}

/// Every file of a build, as `path<TAB>bytes<TAB>FNV-1a 64`: what must not
/// change when press's code moves without meaning to change what it writes.
/// `BROADSHEET_BLESS=1 cargo test -p broadsheet-press --test press digests`
/// writes the fixtures anew after a change that is meant.
mod digests {
    use super::*;

    fn digest(site: &Path) -> String {
        use std::hash::Hasher as _;
        let mut lines = String::new();
        // The ledger holds inodes, which differ from folder to folder
        // (the `incremental` tests compare it without them).
        for (path, bytes) in files_under(site)
            .into_iter()
            .filter(|(path, _)| path != Path::new(broadsheet_output::LEDGER))
        {
            let mut hasher = fnv::FnvHasher::default();
            hasher.write(&bytes);
            let path = path
                .to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "/");
            lines.push_str(&format!(
                "{path}\t{}\t{:016x}\n",
                bytes.len(),
                hasher.finish()
            ));
        }
        lines
    }

    fn check(name: &str, site: &Path) {
        let fixture = fixtures().join(format!("digests/{name}.txt"));
        let actual = digest(site);
        if std::env::var_os("BROADSHEET_BLESS").is_some() {
            std::fs::create_dir_all(fixture.parent().unwrap()).unwrap();
            std::fs::write(&fixture, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(&fixture).unwrap();
        let (expected, actual): (Vec<&str>, Vec<&str>) =
            (expected.lines().collect(), actual.lines().collect());
        let missing: Vec<_> = expected
            .iter()
            .filter(|l| !actual.contains(l))
            .take(5)
            .collect();
        let new: Vec<_> = actual
            .iter()
            .filter(|l| !expected.contains(l))
            .take(5)
            .collect();
        assert!(
            missing.is_empty() && new.is_empty(),
            "{name}: the build's bytes changed ({} files before, {} now); first differences:\nbefore {missing:#?}\nnow {new:#?}",
            expected.len(),
            actual.len()
        );
    }

    #[test]
    fn the_sample_site_builds_the_same_bytes() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("site");
        build_at(
            &project_root().join("content"),
            &out,
            "2026-11-28T00:00:00Z",
            &[],
        );
        check("sample", &out);
    }

    #[test]
    fn the_wikinews_sample_builds_the_same_bytes() {
        let Some(csv) = shared_corpus("the_wikinews_sample_builds_the_same_bytes") else {
            return;
        };
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        let output = import_wikinews(&csv, &content);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let out = temp.path().join("site");
        build_at(&content, &out, "2026-11-28T00:00:00Z", &[]);
        check("wikinews", &out);
    }
}

mod validation {
    use super::*;

    /// One fixture case: build it and compare the diagnostics.
    fn check(case: &Path) {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::copy(fixtures().join("site.toml"), content.join("site.toml")).unwrap();
        copy_dir(&case.join("articles"), &content.join("articles"));
        if case.join("images").is_dir() {
            copy_dir(&case.join("images"), &content.join("images"));
        }
        // A valid article next to the broken ones: the build must still fail as a whole.
        std::fs::write(
            content.join("articles/2025-12-31-fine.md"),
            "+++\nheadline = \"Fine\"\nstandfirst = \"A valid story.\"\nsection = \"world\"\nbyline = [\"Ana Ruiz\"]\npublished = \"2025-12-31T10:00:00Z\"\n+++\n\nAll good.\n",
        )
        .unwrap();
        let out = temp.path().join("out");
        let output = press(&[
            "build",
            "--content",
            content.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let name = case.file_name().unwrap().to_string_lossy();
        assert!(
            !output.status.success(),
            "{name}: press must fail\n{stderr}"
        );
        assert!(
            !out.exists(),
            "{name}: nothing may be written when content has problems"
        );
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let mut error_lines: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .collect();
        for line in expected.lines().filter(|l| !l.trim().is_empty()) {
            let position = error_lines.iter().position(|actual| {
                actual.contains(&format!("/{line}")) || actual.contains(&format!("\\{line}"))
            });
            match position {
                Some(index) => {
                    error_lines.remove(index);
                }
                None => panic!(
                    "{name}: expected a diagnostic starting {line:?}\nactual output:\n{stderr}"
                ),
            }
        }
        assert!(
            error_lines.is_empty(),
            "{name}: unexpected diagnostics: {error_lines:#?}"
        );
        assert!(
            stderr.contains("nothing was written"),
            "{name}: the summary says so\n{stderr}"
        );
    }

    #[test]
    fn every_invalid_fixture_fails_with_its_diagnostics() {
        let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures().join("invalid"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        cases.sort();
        assert!(cases.len() >= 10, "the fixture folder holds the cases");
        for case in cases {
            check(&case);
        }
    }
}

mod build {
    use super::*;

    /// Profiles are checked like articles; bylines without one and tags
    /// that merge are warnings; tag slugs work in any script.
    #[test]
    fn authors_and_tags() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        copy_dir(&project_root().join("content"), &content);
        let authors = content.join("authors");
        std::fs::write(
            authors.join("bad-photo.toml"),
            "name = \"Bad Photo\"\n[photo]\nsrc = \"javascript:alert(1)\"\nalt = \"x\"\n",
        )
        .unwrap();
        std::fs::write(authors.join("Bad_Name.toml"), "name = \"X\"\n").unwrap();
        std::fs::write(
            authors.join("extra.toml"),
            "name = \"Extra\"\ntwitter = \"@x\"\n",
        )
        .unwrap();
        std::fs::write(
            authors.join("bad-link.toml"),
            "name = \"Bad Link\"\nrole = \"Writer\"\n\n[[links]]\nlabel = \"Site\"\nurl = \"javascript:x\"\n",
        )
        .unwrap();
        #[cfg(unix)]
        assert!(Command::new("mkfifo")
            .arg(authors.join("pipe.toml"))
            .status()
            .unwrap()
            .success());
        let output = press(&["check", "--content", content.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        #[cfg(unix)]
        assert!(
            stderr.contains(
                "pipe.toml:1: field `file`: not a plain file (a FIFO, socket or device); not read"
            ),
            "{stderr}"
        );
        for expected in [
            "bad-link.toml:6: field `links`",
            // The field's own line, not the file's first.
            "bad-photo.toml:3: field `photo.src`",
            "Bad_Name.toml:1: field `file`",
            "extra.toml:2: field `profile`",
        ] {
            assert!(stderr.contains(expected), "{expected}: {stderr}");
        }
        for file in [
            "bad-link.toml",
            "pipe.toml",
            "bad-photo.toml",
            "Bad_Name.toml",
            "extra.toml",
            "elena-varga.toml",
        ] {
            std::fs::remove_file(authors.join(file)).unwrap();
        }
        // Two spellings of a tag, and tags in other scripts.
        let articles = content.join("articles");
        std::fs::write(articles.join("2026-11-27-tags.md"), "+++\nheadline = \"Tags in many scripts\"\nstandfirst = \"A test.\"\nsection = \"world\"\nbyline = [\"Elena Varga\"]\npublished = \"2026-11-27T09:00:00Z\"\ntags = [\"Rail\", \"Москва\", \"北京\", \"🚆\"]\n+++\n\nText.\n").unwrap();
        let output = press(&["check", "--content", content.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        assert!(!stderr.contains("has no profile"), "{stderr}");
        assert!(stderr.contains("tag \"Rail\" differs only by case from \"rail\" (/tags/rail); they are merged as \"rail\""), "{stderr}");

        let out = temp.path().join("site");
        build_at(&content, &out, "2026-11-28T00:00:00Z", &[]);
        let index: broadsheet_model::TagIndex =
            serde_json::from_slice(&std::fs::read(out.join("data/tags/index.json")).unwrap())
                .unwrap();
        let slugs: Vec<&str> = index.tags.iter().map(|t| t.slug.as_str()).collect();
        assert!(
            slugs.contains(&"moskva") && slugs.contains(&"bei-jing"),
            "{slugs:?}"
        );
        assert!(
            slugs.iter().any(|s| s.starts_with("tag-")),
            "a tag with no letters still gets a slug: {slugs:?}"
        );
        assert!(slugs.iter().all(|s| broadsheet_model::is_valid_slug(s)));
        let rail = index.tags.iter().find(|t| t.slug == "rail").unwrap();
        // Each tag and each writer has its own feed.
        let feed = std::fs::read_to_string(out.join("feeds/tags/rail.xml")).unwrap();
        assert_eq!(feed.matches("<entry>").count(), rail.count as usize);
        assert!(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://broadsheet.example/feeds/tags/rail.xml\"/>"));
        let writer = std::fs::read_to_string(out.join("feeds/authors/tomasz-wren.xml")).unwrap();
        assert!(
            writer.contains("<title>Broadsheet — Tomasz Wren</title>")
                && writer.contains("<entry>"),
            "{writer}"
        );
        let page: broadsheet_model::ListingPage =
            serde_json::from_slice(&std::fs::read(out.join("data/tags/rail/page-1.json")).unwrap())
                .unwrap();
        assert_eq!(page.total_articles, rail.count);
        assert!(page
            .teasers
            .iter()
            .any(|t| t.url == "/world/2026/11/27/tags"));
        // A byline without a profile is a writer all the same: a page of
        // their stories and a feed, without the profile's photo or bio.
        let article: Article = serde_json::from_slice(
            &std::fs::read(out.join("data/articles/world/2026/11/27/tags.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(article.authors.len(), 1);
        assert_eq!(article.authors[0].slug, "elena-varga");
        let page: broadsheet_model::ListingPage = serde_json::from_slice(
            &std::fs::read(out.join("data/authors/elena-varga/page-1.json")).unwrap(),
        )
        .unwrap();
        assert!(page
            .teasers
            .iter()
            .any(|t| t.url == "/world/2026/11/27/tags"));
        assert!(
            page.total_articles > 1,
            "all of her stories: {}",
            page.total_articles
        );
        assert!(out.join("feeds/authors/elena-varga.xml").is_file());
        assert_eq!(article.tag_refs.len(), article.tags.len());
        assert_eq!(article.tag_refs[0].slug, "rail");
    }

    /// `sitemap.xml` (index), `sitemaps/1.xml` (pages, with `image:`) and
    /// `news-sitemap.xml` (Google News) against the published XSD schemas in
    /// `fixtures/xsd/`, with xmllint (Debian libxml2-utils, installed by
    /// `cargo xtask setup`); and a news entry without its title must fail.
    #[test]
    fn breaking_stories_are_listed_until_their_banner_comes_down() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        std::fs::create_dir_all(content.join("articles")).unwrap();
        std::fs::copy(fixtures().join("site.toml"), content.join("site.toml")).unwrap();
        // (file, published, breaking)
        let stories = [
            ("2026-12-02-quake", "2026-12-02T08:00:00+01:00", "true"),
            (
                "2026-12-02-floods",
                "2026-12-02T09:00:00Z",
                "2026-12-03T12:00:00+01:00",
            ),
            ("2026-12-01-storm", "2026-12-01T09:00:00Z", "true"),
            ("2026-12-02-budget", "2026-12-02T10:00:00Z", "false"),
            ("2026-12-02-strike", "2026-12-02T11:00:00Z", "true"),
        ];
        for (name, published, breaking) in stories {
            let draft = if name.ends_with("strike") {
                "draft = true\n"
            } else {
                ""
            };
            std::fs::write(
                content.join(format!("articles/{name}.md")),
                format!("+++\nheadline = \"{name}\"\nstandfirst = \"A story.\"\nsection = \"world\"\nbyline = [\"Ana Ruiz\"]\npublished = {published}\nbreaking = {breaking}\n{draft}+++\n\nBody.\n"),
            )
            .unwrap();
        }
        let listed = |now: &str| -> Vec<(String, String)> {
            let out = temp.path().join(format!("out-{}", now.replace(':', "")));
            build_at(&content, &out, now, &[]);
            let text = std::fs::read_to_string(out.join("data/breaking.json")).unwrap();
            let breaking: broadsheet_model::Breaking = serde_json::from_str(&text).unwrap();
            assert_eq!(
                broadsheet_model::validate::validate_breaking(&breaking),
                vec![]
            );
            breaking
                .stories
                .into_iter()
                .map(|story| (story.teaser.headline, story.until))
                .collect()
        };
        let pair = |headline: &str, until: &str| (headline.to_owned(), until.to_owned());
        // `true` is six hours from publication; a time is the end as written,
        // in UTC. Newest first; the draft and `false` are never listed.
        assert_eq!(
            listed("2026-12-02T12:00:00Z"),
            vec![
                pair("2026-12-02-floods", "2026-12-03T11:00:00Z"),
                pair("2026-12-02-quake", "2026-12-02T13:00:00Z"),
            ]
        );
        assert_eq!(
            listed("2026-12-02T13:00:00Z"),
            vec![pair("2026-12-02-floods", "2026-12-03T11:00:00Z")]
        );
        // Not yet published: not listed; every banner down: an empty list.
        assert_eq!(
            listed("2026-12-01T10:00:00Z"),
            vec![pair("2026-12-01-storm", "2026-12-01T15:00:00Z")]
        );
        assert_eq!(listed("2026-12-04T00:00:00Z"), vec![]);
    }

    #[test]
    fn sitemaps_validate_against_the_published_schemas() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("site");
        build_at(
            &project_root().join("content"),
            &out,
            "2026-11-27T18:00:00Z",
            &[],
        );
        let xsd = fixtures().join("xsd");
        let lint = |file: &Path, schema: &str| {
            Command::new("xmllint")
                .args(["--noout", "--nonet", "--schema"])
                .arg(xsd.join(schema))
                .arg(file)
                .output()
                .expect("xmllint (Debian libxml2-utils) runs; `cargo xtask setup` installs it")
        };
        for (file, schema) in [
            ("sitemap.xml", "siteindex.xsd"),
            ("sitemaps/1.xml", "all.xsd"),
            ("news-sitemap.xml", "all.xsd"),
        ] {
            let output = lint(&out.join(file), schema);
            assert!(
                output.status.success(),
                "{file}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let news = std::fs::read_to_string(out.join("news-sitemap.xml")).unwrap();
        let entries = news.matches("<news:news>").count();
        assert!(
            (1..=1000).contains(&entries),
            "{entries} stories of the last 48 hours: {news}"
        );
        assert!(news.contains("<news:name>Broadsheet</news:name><news:language>en</news:language>"));
        // Only the last 48 hours: every publication date is on or after the 25th.
        for date in news.split("<news:publication_date>").skip(1) {
            assert!(date[..10] >= *"2026-11-25", "{}", &date[..25]);
        }
        let pages = std::fs::read_to_string(out.join("sitemaps/1.xml")).unwrap();
        assert!(
            pages.contains("<image:image><image:loc>https://broadsheet.example/images/"),
            "heroes are image entries"
        );
        let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
        assert!(robots.contains("Sitemap: https://broadsheet.example/sitemap.xml\nSitemap: https://broadsheet.example/news-sitemap.xml"));

        let broken = temp.path().join("broken.xml");
        std::fs::write(
            &broken,
            news.replacen("<news:title>", "<news:headline>", 1)
                .replacen("</news:title>", "</news:headline>", 1),
        )
        .unwrap();
        assert!(
            !lint(&broken, "all.xsd").status.success(),
            "the schema check can fail"
        );
    }

    fn build_sample(out: &Path) -> Output {
        build(&project_root().join("content"), out)
    }

    #[test]
    fn sample_content_builds_into_files_the_model_accepts() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("site");
        build_ok(&project_root().join("content"), &out);
        assert!(both_readers_agree(&out) > 100);
        let files = files_under(&out);

        let site: Site = serde_json::from_slice(&files[Path::new("data/site.json")]).unwrap();
        assert_eq!(site.schema_version, SCHEMA_VERSION);
        assert!(site_section_count(&site) >= 8, "at least 8 sections");
        assert!(
            site.sections.iter().any(|s| !s.children.is_empty()),
            "nested sections"
        );

        let front: FrontPage =
            serde_json::from_slice(&files[Path::new("data/front.json")]).unwrap();
        assert!(front.lead.is_some() && front.top.len() == 6 && !front.rails.is_empty());

        let mut articles = 0;
        let mut sections = 0;
        let mut article_sections = std::collections::BTreeSet::new();
        for (path, bytes) in &files {
            let name = path.to_string_lossy();
            if name.starts_with("data/articles/") {
                let article: Article =
                    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(validate::validate_article(&article), vec![], "{name}");
                // The JSON path follows from the URL, with no lookup.
                let route = Route::parse(&article.url);
                assert_eq!(route.json_path().as_deref(), Some(name.as_ref()), "{name}");
                // Related stories above the similarity floor, or else "More from" the section.
                assert!(
                    article.related.len() <= 6
                        && (article.related.is_empty() != article.more_from_section.is_empty()),
                    "{name}: {} related, {} more from the section",
                    article.related.len(),
                    article.more_from_section.len()
                );
                assert!(
                    article.related.iter().all(|r| r.url != article.url),
                    "{name}: related to itself"
                );
                assert!(
                    article.word_count >= 300 && article.word_count <= 1200,
                    "{name}: {} words",
                    article.word_count
                );
                article_sections.insert(article.section.path.clone());
                articles += 1;
            } else if name.starts_with("data/sections/") {
                let page: SectionPage =
                    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(page.schema_version, SCHEMA_VERSION);
                sections += 1;
            }
        }
        assert!(articles >= 40, "{articles} articles");
        assert!(
            article_sections.len() >= 8,
            "articles over {article_sections:?}"
        );
        assert!(
            article_sections.iter().any(|s| s.contains('/')),
            "nested sections have articles"
        );
        assert!(sections >= 8, "{sections} section pages");
        let feed = String::from_utf8_lossy(&files[Path::new("feeds/all.xml")]);
        assert!(feed.starts_with("<?xml") && feed.matches("<entry>").count() == 30.min(articles));
        assert!(files.contains_key(Path::new("feeds/world/asia.xml")));
        // The index names the page sitemap and the news sitemap.
        let index = String::from_utf8_lossy(&files[Path::new("sitemap.xml")]);
        assert!(
            index.contains("<sitemapindex")
                && index.contains("/sitemaps/1.xml</loc>")
                && index.contains("/news-sitemap.xml</loc>"),
            "{index}"
        );
        let sitemap = String::from_utf8_lossy(&files[Path::new("sitemaps/1.xml")]);
        let article_urls = sitemap.matches("<url><loc>").count();
        let listings = sitemap.matches("/authors/").count()
            + sitemap.matches("/tags").count()
            + sitemap.matches("/archive").count();
        assert!(
            listings > 0,
            "authors, tags and archives are in the sitemap"
        );
        assert!(
            article_urls >= 1 + site_section_count(&site) + articles,
            "{article_urls} URLs"
        );
        assert_eq!(
            sitemap.matches("<lastmod>").count(),
            1 + articles,
            "the front page and every article carry lastmod"
        );
    }

    #[test]
    fn a_renamed_site_carries_its_identity_into_every_output() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        copy_dir(&project_root().join("content"), &content);
        let file = content.join("site.toml");
        let mut site: toml::Table = std::fs::read_to_string(&file).unwrap().parse().unwrap();
        for (key, value) in [
            ("name", "The Tidewater Gazette"),
            ("tagline", "Local news from the estuary"),
            ("language", "en-GB"),
            ("base_url", "https://gazette.example/news"),
        ] {
            site.insert(key.into(), toml::Value::String(value.into()));
        }
        std::fs::write(&file, site.to_string()).unwrap();
        let out = temp.path().join("site");
        build_ok(&content, &out);
        let files = files_under(&out);

        let site: Site = serde_json::from_slice(&files[Path::new("data/site.json")]).unwrap();
        assert_eq!(site.name, "The Tidewater Gazette");
        assert_eq!(site.tagline, "Local news from the estuary");
        assert_eq!(site.description, "Local news from the estuary");
        assert_eq!(site.language, "en-GB");
        for (path, bytes) in &files {
            let name = path.to_string_lossy();
            let text = String::from_utf8_lossy(bytes);
            if name.starts_with("feeds/") {
                assert!(text.contains(r#"xml:lang="en-GB""#), "{name}");
                assert!(text.contains("<title>The Tidewater Gazette"), "{name}");
                assert!(text.contains("https://gazette.example/news/"), "{name}");
            }
            assert!(
                !text.contains("broadsheet.example"),
                "{name} still names the sample's address"
            );
        }
        let world = String::from_utf8_lossy(&files[Path::new("feeds/world.xml")]);
        assert!(world.contains("<title>The Tidewater Gazette — World</title>"));
        let robots = String::from_utf8_lossy(&files[Path::new("robots.txt")]);
        assert!(robots.contains("Sitemap: https://gazette.example/news/sitemap.xml"));
    }

    fn site_section_count(site: &Site) -> usize {
        fn count(nodes: &[broadsheet_model::SectionNode]) -> usize {
            nodes.iter().map(|n| 1 + count(&n.children)).sum()
        }
        count(&site.sections)
    }

    #[test]
    fn the_same_input_gives_byte_identical_output() {
        let temp = tempfile::tempdir().unwrap();
        let (a, b) = (temp.path().join("a"), temp.path().join("b"));
        assert!(build_sample(&a).status.success());
        assert!(build_sample(&b).status.success());
        let (first, second) = (files_under(&a), files_under(&b));
        assert_eq!(first.len(), second.len());
        for (path, bytes) in &first {
            assert!(
                second.get(path) == Some(bytes),
                "{} differs between builds",
                path.display()
            );
        }
    }

    #[test]
    fn a_failed_build_leaves_the_previous_output_intact() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("site");
        assert!(build_sample(&out).status.success());
        let before = files_under(&out);
        let content = temp.path().join("content");
        copy_dir(&project_root().join("content"), &content);
        std::fs::write(
            content.join("articles/2026-11-27-broken.md"),
            "+++\nheadline = 1\n+++\n",
        )
        .unwrap();
        assert!(!build(&content, &out).status.success());
        assert_eq!(
            files_under(&out),
            before,
            "the previous output is untouched"
        );
        let leftovers: Vec<_> = std::fs::read_dir(temp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| !name.ends_with(".schedule.json"))
            .collect();
        assert_eq!(
            leftovers.len(),
            2,
            "no staging folder is left behind: {leftovers:?}"
        );
    }

    /// The schedule beside the output is written before the swap: when it
    /// cannot be, the build fails and the old output is still the one live.
    #[test]
    fn a_schedule_that_cannot_be_written_fails_before_the_swap() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("site");
        assert!(build_sample(&out).status.success());
        let before = files_under(&out);
        let schedule = temp.path().join("site.schedule.json");
        std::fs::remove_file(&schedule).unwrap();
        std::fs::create_dir(&schedule).unwrap();
        let content = temp.path().join("content");
        copy_dir(&project_root().join("content"), &content);
        std::fs::write(
            content.join("articles/2026-11-27-new.md"),
            "+++\nheadline = \"New\"\nstandfirst = \"New.\"\nsection = \"world\"\nbyline = [\"Ana Ruiz\"]\npublished = \"2026-11-27T09:00:00Z\"\n+++\n\nText.\n",
        )
        .unwrap();
        let output = build(&content, &out);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        assert!(stderr.contains("site.schedule.json"), "{stderr}");
        assert_eq!(files_under(&out), before, "the old output is still live");
        let names: Vec<String> = std::fs::read_dir(temp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    }
}

mod scale {
    use super::*;

    #[test]
    fn generated_archives_build() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        let out = temp.path().join("site");
        assert!(press(&[
            "generate",
            "--articles",
            "600",
            "--out",
            content.to_str().unwrap()
        ])
        .status
        .success());
        build_ok(&content, &out);
        let articles = files_under(&out.join("data/articles"));
        assert_eq!(articles.len(), 600);
        let mut full = 0;
        for (path, bytes) in articles.iter().take(50) {
            let article: Article = serde_json::from_slice(bytes).unwrap();
            assert!(
                article.related.len() <= 6
                    && (article.related.is_empty() != article.more_from_section.is_empty()),
                "{}",
                path.display()
            );
            full += usize::from(!article.related.is_empty());
        }
        // 600 stories over the generator's 400 topics: most have one or two
        // true neighbours, some none.
        assert!(full >= 20, "only {full} of 50 have related stories");
    }
}

mod import {
    use super::*;

    #[test]
    fn the_wikinews_sample_imports_and_builds() {
        let Some(csv) = shared_corpus("the_wikinews_sample_imports_and_builds") else {
            return;
        };
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        let out = temp.path().join("site");
        let output = import_wikinews(&csv, &content);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        assert!(
            stderr.contains("imported 171 of 171 records") && stderr.contains("171 new"),
            "{stderr}"
        );
        build_ok(&content, &out);
        assert!(both_readers_agree(&out) > 171);
        let articles = files_under(&out.join("data/articles"));
        assert_eq!(articles.len(), 171);
        let mut sections = std::collections::BTreeSet::new();
        for bytes in articles.values() {
            let article: Article = serde_json::from_slice(bytes).unwrap();
            assert!(!article.headline.is_empty() && !article.body.is_empty());
            // Datelines are dropped: no body starts with "Friday, January 4, 2019".
            let first = broadsheet_model::plain_text(match &article.body[0] {
                broadsheet_model::Block::Paragraph { content } => content,
                other => panic!("first block is {other:?}"),
            });
            assert!(!first.ends_with(", 2019"), "dateline kept: {first}");
            // The standfirst is taken out of the body: the article never says
            // its first sentence twice (a long one is cut with "…" and stays).
            if !article.standfirst.ends_with('…') && article.body.len() > 1 {
                assert!(
                    !first.starts_with(&article.standfirst),
                    "{}: the body repeats the standfirst {:?}",
                    article.url,
                    article.standfirst
                );
            }
            sections.insert(article.section.path.clone());
        }
        assert!(
            sections.len() >= 5,
            "rules spread the articles over sections: {sections:?}"
        );
    }
}

/// `press import` from CSV, JSON Lines and WordPress: each defect a
/// migrating newsroom met has a case here.
mod migration {
    use super::*;

    fn import(input: &Path, out: &Path, extra: &[&str]) -> (bool, String) {
        let mut args = vec![
            "import",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let output = press(&args);
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    fn article(content: &Path, name: &str) -> String {
        std::fs::read_to_string(content.join("articles").join(name)).unwrap()
    }

    #[test]
    fn csv_columns_are_read_by_name_whatever_their_order() {
        let temp = tempfile::tempdir().unwrap();
        let csv = temp.path().join("in.csv");
        std::fs::write(
            &csv,
            "title,date,url,text\nReservoirs fill after rain,2026-03-02,https://x.example/r,The reservoirs are full. Farmers are relieved.\n",
        )
        .unwrap();
        let content = temp.path().join("content");
        let (ok, stderr) = import(&csv, &content, &[]);
        assert!(ok, "{stderr}");
        let text = article(&content, "2026-03-02-reservoirs-fill-after-rain.md");
        assert!(
            text.contains("headline = \"Reservoirs fill after rain\""),
            "{text}"
        );
        assert!(
            text.contains("standfirst = \"The reservoirs are full.\""),
            "{text}"
        );
        build_ok(&content, &temp.path().join("site"));
    }

    #[test]
    fn other_column_names_need_map_and_a_missing_column_lists_the_columns() {
        let temp = tempfile::tempdir().unwrap();
        let csv = temp.path().join("in.csv");
        std::fs::write(
            &csv,
            "heading,day,copy,desk\nTram line opens,2026-03-02,The tram runs.,world/europe\n",
        )
        .unwrap();
        let content = temp.path().join("content");
        let (ok, stderr) = import(&csv, &content, &[]);
        assert!(!ok);
        assert!(stderr.contains("in.csv:1: no column for headline, body, date; the columns are \"heading\", \"day\", \"copy\", \"desk\""), "{stderr}");
        let (ok, stderr) = import(
            &csv,
            &content,
            &[
                "--map",
                "headline=heading,date=day",
                "--map",
                "body=copy,section=desk",
            ],
        );
        assert!(ok, "{stderr}");
        assert!(article(&content, "2026-03-02-tram-line-opens.md")
            .contains("section = \"world/europe\""));
        let (ok, stderr) = import(&csv, &content, &["--map", "headline=title"]);
        assert!(
            !ok && stderr.contains("there is no column \"title\""),
            "{stderr}"
        );
    }

    #[test]
    fn text_that_is_not_utf8_is_refused_with_its_line_and_byte_unless_decoded() {
        let temp = tempfile::tempdir().unwrap();
        let csv = temp.path().join("latin.csv");
        std::fs::write(
            &csv,
            b"title,date,text\nCaf\xE9 reopens,2026-03-02,The caf\xE9 is open.\n",
        )
        .unwrap();
        let content = temp.path().join("content");
        let (ok, stderr) = import(&csv, &content, &[]);
        assert!(!ok);
        assert!(
            stderr.contains("latin.csv:2: not UTF-8 (byte 19, 0xE9)"),
            "{stderr}"
        );
        assert!(
            !content.join("articles").exists() || files_under(&content.join("articles")).is_empty()
        );
        let (ok, stderr) = import(&csv, &content, &["--encoding", "windows-1252"]);
        assert!(ok, "{stderr}");
        assert!(article(&content, "2026-03-02-cafe-reopens.md").contains("Café reopens"));
    }

    #[test]
    fn broken_rows_are_named_by_file_line_and_record() {
        let temp = tempfile::tempdir().unwrap();
        let csv = temp.path().join("broken.csv");
        std::fs::write(
            &csv,
            "title,date,text\nFirst,2026-03-01,\"Line one.\n\nLine two.\n\nLine three.\"\nShort row,2026-03-02\nLast,2026-03-03,\"Never closed.\n",
        )
        .unwrap();
        let content = temp.path().join("content");
        let (ok, stderr) = import(&csv, &content, &[]);
        assert!(ok, "{stderr}");
        assert!(stderr.contains("imported 1 of 3 records"), "{stderr}");
        assert!(
            stderr.contains("broken.csv:7: record 2: 2 fields where the header has 3"),
            "{stderr}"
        );
        assert!(
            stderr.contains("broken.csv:8: record 3: an unclosed quote"),
            "{stderr}"
        );
    }

    #[test]
    fn json_lines_import_with_lists() {
        let temp = tempfile::tempdir().unwrap();
        let jsonl = temp.path().join("stories.jsonl");
        std::fs::write(
            &jsonl,
            "{\"headline\":\"Ferry returns\",\"date\":\"2026-03-02T08:00:00+01:00\",\"body\":\"The ferry is back. It runs hourly.\",\"byline\":[\"Ana Ruiz\",\"Li Wei\"],\"tags\":[\"ferries\"]}\n{\"headline\":\"No body\",\"date\":\"2026-03-02\"}\n",
        )
        .unwrap();
        let content = temp.path().join("content");
        let (ok, stderr) = import(&jsonl, &content, &[]);
        assert!(ok, "{stderr}");
        assert!(
            stderr.contains("stories.jsonl:2: record 2: no column for body"),
            "{stderr}"
        );
        let text = article(&content, "2026-03-02-ferry-returns.md");
        assert!(
            text.contains("byline = [\"Ana Ruiz\", \"Li Wei\"]")
                && text.contains("tags = [\"ferries\"]"),
            "{text}"
        );
    }

    #[test]
    fn importing_again_updates_what_changed_and_duplicates_nothing() {
        let temp = tempfile::tempdir().unwrap();
        let csv = temp.path().join("in.csv");
        let rows = |second: &str| {
            format!("url,date,title,text\nhttps://x.example/1,2026-03-01,Bridge closes,The bridge shut.\nhttps://x.example/2,2026-03-02,Bridge reopens,{second}\n")
        };
        std::fs::write(&csv, rows("It is open again.")).unwrap();
        let content = temp.path().join("content");
        let (ok, stderr) = import(&csv, &content, &[]);
        assert!(ok && stderr.contains("2 new"), "{stderr}");
        std::fs::write(&csv, rows("\"It is open again, with a speed limit.\"")).unwrap();
        let (ok, stderr) = import(&csv, &content, &[]);
        assert!(
            ok && stderr.contains("0 new, 1 updated, 1 unchanged"),
            "{stderr}"
        );
        assert_eq!(files_under(&content.join("articles")).len(), 2);
        assert!(article(&content, "2026-03-02-bridge-reopens.md").contains("speed limit"));
        // A new headline in the source: the story is updated in place and
        // keeps its URL (its slug), so links to it keep working.
        let renamed = rows("\"It is open again, with a speed limit.\"")
            .replace("Bridge reopens", "Bridge reopens to traffic");
        std::fs::write(&csv, renamed).unwrap();
        let (ok, stderr) = import(&csv, &content, &[]);
        assert!(
            ok && stderr.contains("0 new, 1 updated, 1 unchanged"),
            "{stderr}"
        );
        assert_eq!(files_under(&content.join("articles")).len(), 2);
        let text = article(&content, "2026-03-02-bridge-reopens.md");
        assert!(
            text.contains("headline = \"Bridge reopens to traffic\"")
                && text.contains("slug = \"bridge-reopens\""),
            "{text}"
        );
        build_ok(&content, &temp.path().join("site"));
    }

    /// The kinds of post a theme test export holds (image only, no text,
    /// private, scheduled, invisible text, two spellings of a tag) import
    /// into a content folder that builds as imported, and every byline has
    /// a writer page.
    #[test]
    fn a_theme_test_export_imports_into_a_site_that_builds() {
        let temp = tempfile::tempdir().unwrap();
        let export = fixtures().join("wordpress/theme-test.xml");
        let content = temp.path().join("content");
        let (ok, stderr) = import(&export, &content, &[]);
        assert!(ok, "{stderr}");
        assert!(stderr.contains("imported 6 of 7 records"), "{stderr}");
        assert!(stderr.contains("record 7: no text in the post"), "{stderr}");
        assert!(
            stderr.contains("tag \"Ráil\" is the same tag as \"Rail\" (/tags/rail): kept once"),
            "{stderr}"
        );
        let image_only = article(&content, "2010-08-07-post-format-image.md");
        assert!(
            image_only.contains("standfirst = \"Boats at rest.\""),
            "{image_only}"
        );
        let site = temp.path().join("site");
        build_at(&content, &site, "2025-01-01T00:00:00Z", &[]);
        let articles = files_under(&site.join("data/articles"));
        assert_eq!(articles.len(), 4, "{:?}", articles.keys());
        let everything: String = files_under(&site)
            .values()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect();
        for secret in ["qv9private", "qv9future"] {
            assert!(!everything.contains(secret), "{secret} leaked");
        }
        for writer in ["jo-doe", "vera-linde"] {
            let page: broadsheet_model::ListingPage = serde_json::from_slice(
                &std::fs::read(site.join(format!("data/authors/{writer}/page-1.json"))).unwrap(),
            )
            .unwrap();
            assert!(page.total_articles >= 1, "{writer}");
        }
    }

    /// An export cut short is an error naming where it ends, never a
    /// smaller import; and nothing is written.
    #[test]
    fn a_truncated_export_is_an_error_naming_its_last_line() {
        let temp = tempfile::tempdir().unwrap();
        let text = std::fs::read_to_string(fixtures().join("wordpress/theme-test.xml")).unwrap();
        let content = temp.path().join("content");
        // Cut between elements, and inside a CDATA section.
        let after_title = text.find("<title><![CDATA[A short one]]></title>").unwrap() + 38;
        let in_cdata = text.find("One sentence only.").unwrap();
        for (cut, expected) in [
            (
                after_title,
                "the export ends with <item> still open (inside the <item> that starts on line 44)",
            ),
            (in_cdata, "not well-formed XML"),
        ] {
            let truncated = temp.path().join("cut.xml");
            std::fs::write(&truncated, &text[..cut]).unwrap();
            let lines = text[..cut].lines().count();
            let (ok, stderr) = import(&truncated, &content, &[]);
            assert!(!ok, "{stderr}");
            assert!(
                stderr.contains(&format!("cut.xml:{lines}: {expected}")),
                "{stderr}"
            );
            assert!(!stderr.contains("imported"), "{stderr}");
            assert!(files_under(&content.join("articles")).is_empty());
        }
    }

    /// Stories with one headline on different days, imported at once or
    /// one after the other, get slugs of their own: the folder builds.
    #[test]
    fn stories_with_one_headline_get_slugs_of_their_own() {
        let temp = tempfile::tempdir().unwrap();
        let csv = temp.path().join("in.csv");
        std::fs::write(
            &csv,
            "url,date,title,text,section\nhttps://x.example/1,2026-03-01,Fine,A fine day.,world\nhttps://x.example/2,2026-03-02,Fine,Another fine day.,world\n",
        )
        .unwrap();
        let content = temp.path().join("content");
        let (ok, stderr) = import(&csv, &content, &[]);
        assert!(ok && stderr.contains("2 new"), "{stderr}");
        let csv2 = temp.path().join("in2.csv");
        std::fs::write(
            &csv2,
            "url,date,title,text,section\nhttps://x.example/3,2026-03-05,Fine,Fine again.,world\n",
        )
        .unwrap();
        let (ok, stderr) = import(&csv2, &content, &[]);
        assert!(ok && stderr.contains("1 new"), "{stderr}");
        let names: Vec<String> = files_under(&content.join("articles"))
            .keys()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "2026-03-01-fine.md",
                "2026-03-02-fine-2.md",
                "2026-03-05-fine-3.md"
            ]
        );
        build_ok(&content, &temp.path().join("site"));
    }

    /// `--default-section` is needed only by a story without a section.
    #[test]
    fn default_section_is_required_only_when_a_story_needs_it() {
        let temp = tempfile::tempdir().unwrap();
        let csv = temp.path().join("in.csv");
        std::fs::write(
            &csv,
            "url,date,title,text,section\nhttps://x.example/1,2026-03-01,Bridge closes,The bridge shut for repairs.,world\n",
        )
        .unwrap();
        let content = temp.path().join("content");
        let (ok, stderr) = import(&csv, &content, &["--default-section", "nowhere"]);
        assert!(ok && stderr.contains("1 new"), "{stderr}");
        let csv2 = temp.path().join("in2.csv");
        std::fs::write(
            &csv2,
            "url,date,title,text\nhttps://x.example/2,2026-03-02,Quiet day,Nothing much happened at all.\n",
        )
        .unwrap();
        let (ok, stderr) = import(&csv2, &content, &["--default-section", "nowhere"]);
        assert!(!ok, "{stderr}");
        assert!(
            stderr.contains("in2.csv:2: record 1: 1 stories need --default-section")
                && stderr.contains("\"nowhere\" is not one of"),
            "{stderr}"
        );
    }

    /// A record over the article limits is refused while importing, with a
    /// bounded read, never written into a file press check then refuses.
    #[test]
    fn oversized_records_are_refused_while_importing() {
        let temp = tempfile::tempdir().unwrap();
        let huge = "word ".repeat(900_000); // 4.5 MB: over the record limit
        let large = "word ".repeat(240_000); // 1.2 MB: a record, but not an article
        let csv = temp.path().join("in.csv");
        std::fs::write(
            &csv,
            format!("url,date,title,text\nhttps://x.example/1,2026-03-01,Huge,{huge}\nhttps://x.example/2,2026-03-02,Large,{large}\nhttps://x.example/3,2026-03-03,Fine,A fine story.\n"),
        )
        .unwrap();
        let content = temp.path().join("content");
        let (ok, stderr) = import(&csv, &content, &[]);
        assert!(ok, "{stderr}");
        assert!(stderr.contains("imported 1 of 3 records"), "{stderr}");
        assert!(
            stderr.contains("in.csv:2: record 1: a record of 4394 KiB, over the 2048 KiB"),
            "{stderr}"
        );
        assert!(
            stderr.contains(
                "record 2: it would not build (field `file`: 1172 KiB, over the 1024 KiB"
            ),
            "{stderr}"
        );
        let jsonl = temp.path().join("in.jsonl");
        std::fs::write(
            &jsonl,
            format!("{{\"url\":\"https://x.example/4\",\"date\":\"2026-03-04\",\"title\":\"Huge\",\"text\":\"{huge}\"}}\n"),
        )
        .unwrap();
        let (ok, stderr) = import(&jsonl, &content, &[]);
        assert!(ok && stderr.contains("a record of"), "{stderr}");
        build_ok(&content, &temp.path().join("site"));
    }

    /// A manifest that names a file outside `articles/` (planted, or edited
    /// by hand) is refused before anything is written, whatever its hash.
    #[test]
    fn a_manifest_never_leads_import_outside_articles() {
        let temp = tempfile::tempdir().unwrap();
        let csv = temp.path().join("in.csv");
        std::fs::write(
            &csv,
            "url,date,title,text\nhttps://x.example/1,2026-03-01,Bridge closes,The bridge shut.\n",
        )
        .unwrap();
        let content = temp.path().join("content");
        let (ok, stderr) = import(&csv, &content, &[]);
        assert!(ok, "{stderr}");
        // The hash of an empty file: import would take the target as its own.
        let empty_hash = "cbf29ce484222325";
        let outside = temp.path().join("outside.txt");
        let nested = temp.path().join("elsewhere");
        std::fs::create_dir_all(&nested).unwrap();
        for target in [
            outside.display().to_string(),
            "articles/../../outside.txt".to_owned(),
            "../outside.txt".to_owned(),
            "articles/../site.toml".to_owned(),
        ] {
            std::fs::write(&outside, "").unwrap();
            let manifest = serde_json::json!({
                "schema_version": 1,
                "stories": { "https://x.example/1": [target, empty_hash] },
            });
            std::fs::write(
                content.join(".broadsheet-import.json"),
                serde_json::to_vec(&manifest).unwrap(),
            )
            .unwrap();
            let before = files_under(temp.path());
            let (ok, stderr) = import(&csv, &content, &[]);
            assert!(!ok, "{target}: {stderr}");
            assert!(
                stderr.contains(".broadsheet-import.json")
                    && stderr.contains("nothing was written"),
                "{target}: {stderr}"
            );
            assert_eq!(std::fs::read(&outside).unwrap(), b"", "{target}");
            assert_eq!(files_under(temp.path()), before, "{target}");
        }
    }

    /// `--uploads`: the pictures of the export come from a local copy of
    /// wp-content/uploads into images/uploads/, and the stories point at
    /// them; one that is not there is reported and stays remote.
    #[test]
    fn a_wordpress_import_brings_its_pictures_from_uploads() {
        let temp = tempfile::tempdir().unwrap();
        let uploads = temp.path().join("uploads");
        let photo = project_root().join("crates/press-pictures/tests/fixtures/gps.jpg");
        for name in ["2024/05/aerial.jpg", "2024/06/start.jpg"] {
            std::fs::create_dir_all(uploads.join(name).parent().unwrap()).unwrap();
            std::fs::copy(&photo, uploads.join(name)).unwrap();
        }
        let export = fixtures().join("wordpress/export.xml");
        let content = temp.path().join("content");
        let (ok, stderr) = import(
            &export,
            &content,
            &[
                "--map-category",
                "news=world",
                "--uploads",
                uploads.to_str().unwrap(),
            ],
        );
        assert!(ok, "{stderr}");
        assert!(
            stderr.contains("2 picture(s) brought into images/uploads/"),
            "{stderr}"
        );
        assert!(
            stderr.contains(
                "image https://gazette.example/wp-content/uploads/2024/05/wall.jpg: not in"
            ),
            "{stderr}"
        );
        let breakwater = article(&content, "2024-05-14-breakwater-opens.md");
        assert!(
            breakwater.contains("src = \"/images/uploads/2024/05/aerial.jpg\""),
            "{breakwater}"
        );
        let regatta = article(&content, "2024-06-02-regatta-report.md");
        assert!(
            regatta.contains("](</images/uploads/2024/06/start.jpg>"),
            "{regatta}"
        );
        assert!(content.join("images/uploads/2024/06/start.jpg").is_file());
        // What was brought builds, as photos: made, and without their GPS.
        let out = temp.path().join("site");
        build_ok(&content, &out);
        let built = files_under(&out);
        assert!(built.keys().any(|p| p
            .to_string_lossy()
            .starts_with("images/uploads/2024/05/aerial.")
            && p.to_string_lossy().ends_with("-share-50-50.jpg")));
        assert!(!built
            .values()
            .any(|bytes| bytes.windows(15).any(|w| w == b"BSH-SERIAL-4711")));
    }

    /// The WordPress fixture covers each construct; every one that is not
    /// converted is a line of the report.
    #[test]
    fn a_wordpress_export_imports_builds_and_reports_what_it_did_not_convert() {
        let temp = tempfile::tempdir().unwrap();
        let export = fixtures().join("wordpress/export.xml");
        let content = temp.path().join("content");
        let (ok, stderr) = import(&export, &content, &["--map-category", "news=world"]);
        assert!(ok, "{stderr}");
        assert!(stderr.contains("imported 6 of 7 records"), "{stderr}");
        for expected in [
            // Each post is named by the line its <item> starts on.
            "export.xml:162: record 6: in the trash: not imported",
            "export.xml:29: record 1: post 101",
            "export.xml:136: record 4: post 104",
            "post 101 \"Breakwater opens: blocks, quote, lists, figure, links\": link \"javascript:alert(1)\": not http(s), mailto or site-relative; its text is kept",
            "post 101 \"Breakwater opens: blocks, quote, lists, figure, links\": a numbered list that does not start at 1",
            "post 102 \"Regatta report: classic editor, shortcodes, embeds, a table\": shortcode [gallery]",
            "post 102 \"Regatta report: classic editor, shortcodes, embeds, a table\": <script>: code is never imported",
            "post 102 \"Regatta report: classic editor, shortcodes, embeds, a table\": <iframe> (https://video.example/embed/regatta)",
            "post 102 \"Regatta report: classic editor, shortcodes, embeds, a table\": a table",
            "cup.jpg: no alt text, so not imported",
            "post 103 \"Fish market plans: a draft\": old URL \"https://gazette.example/?p=103\" cannot be redirected",
            "post 104 \"Lighthouse keepers remember: a feature without a section\": no section for its categories [\"features\"]",
            "post 105 \"Staff rota: private\": private: imported as a draft",
            "1 pages (import them with --pages) not imported",
            "1 items of type \"nav_menu_item\" not imported",
        ] {
            assert!(stderr.contains(expected), "expected `{expected}` in\n{stderr}");
        }
        let breakwater = article(&content, "2024-05-14-breakwater-opens.md");
        for expected in [
            "byline = [\"Mara Hale\"]",
            "section = \"world\"",
            "tags = [\"Harbour\"]",
            "updated = \"2024-05-15T07:00:00Z\"",
            "aliases = [\"/2024/05/14/breakwater-opens\"]",
            "alt = \"The breakwater from the air\"",
            "## What changes for the fleet",
            "> — Ana Pereira, skipper",
            "- Fuel: a second pump",
            "1. Apply at the harbour office",
            "![The breakwater seen from the lighthouse](<https://gazette.example/wp-content/uploads/2024/05/wall.jpg> \"The wall on opening day.\")",
            "[delay last winter](<https://gazette.example/2023/11/02/breakwater-delayed/>)",
            "[the desk](<mailto:desk@gazette.example>)",
            "**three years**",
            "---",
        ] {
            assert!(breakwater.contains(expected), "expected `{expected}` in\n{breakwater}");
        }
        assert!(!breakwater.contains("javascript"));
        let regatta = article(&content, "2024-06-02-regatta-report.md");
        assert!(regatta
            .contains("standfirst = \"Forty boats, one light breeze and a race cut short.\""));
        assert!(regatta.contains("(<https://gazette.example/wp-content/uploads/2024/06/start.jpg> \"The start, seen from the committee boat.\")"), "{regatta}");
        assert!(
            regatta.contains("Dinghy · Sea Lark") && regatta.contains("\\[sic\\]"),
            "{regatta}"
        );
        assert!(!regatta.contains("trackReaders"));
        assert!(
            article(&content, "2024-06-10-fish-market-plans-a-draft.md").contains("draft = true")
        );
        // It builds: drafts, the private post and the scheduled one stay out.
        let site = temp.path().join("site");
        let output = press(&[
            "build",
            "--content",
            content.to_str().unwrap(),
            "--out",
            site.to_str().unwrap(),
            "--now",
            "2025-01-01T00:00:00Z",
            "--quiet",
        ]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let articles = files_under(&site.join("data/articles"));
        assert_eq!(articles.len(), 3, "{:?}", articles.keys());
        let everything: String = files_under(&site)
            .values()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect();
        for secret in ["Fish market", "Staff rota", "weekend desk", "Harbour dues"] {
            assert!(!everything.contains(secret), "{secret} leaked");
        }
        // The old WordPress URLs redirect to the new ones, on every host.
        let nginx =
            String::from_utf8_lossy(&std::fs::read(site.join("redirects/nginx.map")).unwrap())
                .into_owned();
        assert!(
            nginx.contains("/2024/05/14/breakwater-opens /world/2024/05/14/breakwater-opens;"),
            "{nginx}"
        );
        let netlify =
            String::from_utf8_lossy(&std::fs::read(site.join("_redirects")).unwrap()).into_owned();
        assert!(
            netlify
                .contains("/2024/05/14/breakwater-opens/  /world/2024/05/14/breakwater-opens  301"),
            "{netlify}"
        );
        assert!(site.join("2024/05/14/breakwater-opens/index.html").exists());
        // redirects.json keeps to old article URLs, as its contract says.
        let redirects =
            String::from_utf8_lossy(&std::fs::read(site.join("data/redirects.json")).unwrap())
                .into_owned();
        assert!(!redirects.contains("/2024/05/14/"), "{redirects}");
        // Pages come with --pages; importing again adds only them.
        let (ok, stderr) = import(
            &export,
            &content,
            &["--map-category", "news=world", "--pages"],
        );
        assert!(
            ok && stderr.contains("1 new, 0 updated, 6 unchanged"),
            "{stderr}"
        );
    }

    #[test]
    fn check_warns_of_stories_filed_twice() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        std::fs::create_dir_all(content.join("articles")).unwrap();
        std::fs::copy(fixtures().join("site.toml"), content.join("site.toml")).unwrap();
        let body = "The harbour authority said on Tuesday that the new breakwater would be finished before the winter storms, after two years of delays caused by contract disputes and a shortage of granite from the quarries in the north.";
        for (name, headline) in [
            ("2026-01-02-wall.md", "Breakwater by winter"),
            ("2026-01-03-wall-again.md", "Wall to be ready soon"),
        ] {
            std::fs::write(
                content.join("articles").join(name),
                format!("+++\nheadline = \"{headline}\"\nstandfirst = \"A wall.\"\nsection = \"world\"\nbyline = [\"Ana Ruiz\"]\npublished = \"2026-01-02T10:00:00Z\"\n+++\n\n{body}\n"),
            )
            .unwrap();
        }
        let output = press(&["check", "--content", content.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        assert!(
            stderr.contains("2026-01-03-wall-again.md:8: field `body`: likely a duplicate of"),
            "{stderr}"
        );
        assert!(
            stderr.contains("2026-01-02-wall.md (about 100% of the text is the same)"),
            "{stderr}"
        );
    }
}

mod popularity {
    use std::io::Write as _;

    use broadsheet_model::{Popular, PopularSource};

    use super::*;

    fn fixture() -> PathBuf {
        fixtures().join("popular")
    }

    fn run_popular(
        content: &Path,
        site: &Path,
        logs: &[&Path],
        extra: &[&str],
    ) -> (Output, Option<Popular>) {
        let mut args = vec![
            "popular",
            "--content",
            content.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
            "--logs",
        ];
        args.extend(logs.iter().map(|l| l.to_str().unwrap()));
        args.extend_from_slice(extra);
        if !site.join(broadsheet_output::STAMP).exists() {
            build_ok(content, site);
        }
        let output = press(&args);
        let popular = std::fs::read(site.join("data/popular.json"))
            .ok()
            .map(|b| serde_json::from_slice(&b).unwrap());
        (output, popular)
    }

    /// `press sample-logs ARGS --out LOG`, which must succeed; its true
    /// ranking (`LOG.truth.json`).
    fn sample_log(args: &[&str], log: &Path) -> Vec<serde_json::Value> {
        let mut all = vec!["sample-logs", "--out", log.to_str().unwrap()];
        all.extend_from_slice(args);
        let generated = press(&all);
        assert!(
            generated.status.success(),
            "{}",
            String::from_utf8_lossy(&generated.stderr)
        );
        let mut truth = log.as_os_str().to_owned();
        truth.push(".truth.json");
        serde_json::from_slice(&std::fs::read(truth).unwrap()).unwrap()
    }

    fn expected() -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(fixture().join("expected.json")).unwrap()).unwrap()
    }

    fn check_counts(output: &Output, popular: &Popular) {
        let expected = expected();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        let readers: BTreeMap<String, u64> = popular
            .overall
            .iter()
            .map(|e| (e.teaser.url.clone(), e.readers))
            .collect();
        let wanted: BTreeMap<String, u64> = expected["readers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(url, n)| (url.clone(), n.as_u64().unwrap()))
            .collect();
        assert_eq!(readers, wanted, "{stderr}");
        for (reason, count) in expected["skipped"].as_object().unwrap() {
            let line = format!("skipped {:>10}  {reason}", count.as_u64().unwrap());
            assert!(stderr.contains(&line), "expected `{line}` in\n{stderr}");
        }
        // Only teasers and counts: no addresses or user agents reach the output.
        let json = serde_json::to_string(popular).unwrap();
        assert!(
            !json.contains("10.0.0.") && !json.contains("Mozilla"),
            "{json}"
        );
        assert_eq!(popular.source, PopularSource::Logs);
        assert_eq!(
            popular.overall[0].teaser.url, "/world/asia/2026/11/26/tide-gauges",
            "ranked by readers"
        );
        assert_eq!(
            popular
                .sections
                .iter()
                .map(|s| s.section.path.as_str())
                .collect::<Vec<_>>(),
            ["world", "sport"]
        );
    }

    #[test]
    fn every_log_case_is_counted_or_skipped_for_its_reason() {
        let temp = tempfile::tempdir().unwrap();
        let now = expected()["now"].as_str().unwrap().to_owned();
        let log = fixture().join("access.log");
        let (output, popular) = run_popular(
            &fixture().join("content"),
            &temp.path().join("site"),
            &[&log],
            &["--now", &now],
        );
        check_counts(&output, &popular.expect("popular.json written"));
    }

    #[test]
    fn a_site_under_a_sub_path_counts_its_logs_without_a_flag() {
        // base_url's path is the one setting: the same reads, logged under
        // /news/, count the same with no --base-path.
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        copy_dir(&fixture().join("content"), &content);
        let file = content.join("site.toml");
        let toml = std::fs::read_to_string(&file).unwrap();
        let moved = toml.replace(
            "base_url = \"https://fixture.example\"",
            "base_url = \"https://fixture.example/news\"",
        );
        assert_ne!(moved, toml);
        std::fs::write(&file, moved).unwrap();
        let log = temp.path().join("access.log");
        let text = std::fs::read_to_string(fixture().join("access.log")).unwrap();
        std::fs::write(
            &log,
            text.replace("\"GET /", "\"GET /news/")
                .replace("\"HEAD /", "\"HEAD /news/")
                .replace("\"POST /", "\"POST /news/"),
        )
        .unwrap();
        let now = expected()["now"].as_str().unwrap().to_owned();
        let (output, popular) = run_popular(
            &content,
            &temp.path().join("site"),
            &[&log],
            &["--now", &now],
        );
        check_counts(&output, &popular.expect("popular.json written"));
    }

    #[test]
    fn rotated_and_gzipped_logs_count_the_same() {
        let temp = tempfile::tempdir().unwrap();
        let now = expected()["now"].as_str().unwrap().to_owned();
        let text = std::fs::read_to_string(fixture().join("access.log")).unwrap();
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let (older, newer) = lines.split_at(lines.len() / 2);
        let rotated = temp.path().join("access.log.1.gz");
        let mut encoder = flate2::write::GzEncoder::new(
            std::fs::File::create(&rotated).unwrap(),
            flate2::Compression::default(),
        );
        encoder.write_all(older.concat().as_bytes()).unwrap();
        encoder.finish().unwrap();
        let current = temp.path().join("access.log");
        std::fs::write(&current, newer.concat()).unwrap();
        let site = temp.path().join("site");
        let (output, popular) = run_popular(
            &fixture().join("content"),
            &site,
            &[&rotated, &current],
            &["--now", &now],
        );
        check_counts(&output, &popular.expect("popular.json written"));
    }

    #[test]
    fn the_window_and_half_life_are_applied() {
        let temp = tempfile::tempdir().unwrap();
        let log = fixture().join("access.log");
        // A two-hour window keeps only the reads from 06:00 on.
        let (output, popular) = run_popular(
            &fixture().join("content"),
            &temp.path().join("site"),
            &[&log],
            &[
                "--now",
                "2026-11-27T08:00:00Z",
                "--window-hours",
                "2",
                "--half-life-hours",
                "1",
            ],
        );
        assert!(output.status.success());
        let popular = popular.unwrap();
        let window = popular.window.unwrap();
        assert_eq!(
            (window.start.as_str(), window.end.as_str()),
            ("2026-11-27T06:00:00Z", "2026-11-27T08:00:00Z")
        );
        let grain = popular
            .overall
            .iter()
            .find(|e| e.teaser.url.ends_with("grain-talks"))
            .unwrap();
        assert_eq!(grain.readers, 2);
        // Read 2 h and 1.5 h before the end, half-life 1 h: 0.25 + 0.354.
        assert!((grain.score - 0.604).abs() < 0.002, "{}", grain.score);
        let tide = popular
            .overall
            .iter()
            .find(|e| e.teaser.url.ends_with("tide-gauges"))
            .unwrap();
        assert_eq!(tide.readers, 3, "the read 23 hours ago falls outside");
    }

    #[test]
    fn a_generated_log_gives_its_known_true_ranking() {
        let temp = tempfile::tempdir().unwrap();
        let site = temp.path().join("site");
        let content = project_root().join("content");
        build_ok(&content, &site);
        let fallback: Popular =
            serde_json::from_slice(&std::fs::read(site.join("data/popular.json")).unwrap())
                .unwrap();
        assert_eq!(
            fallback.source,
            PopularSource::Latest,
            "a site without logs gets the marked fallback"
        );
        // Every format press reads, with the same true ranking; the combined
        // log read again through a named-field pattern that describes it.
        const COMBINED: &str = r#"{address} - {_} [{time:clf}] "{method} {target} {_}" {status} {_} "{_}" "{user_agent}""#;
        for (name, format, pattern) in [
            ("sample.log", "combined", None),
            ("sample.log.gz", "combined", None),
            ("sample-pattern.log", "combined", Some(COMBINED)),
            ("cloudfront.log.gz", "cloudfront", None),
            ("cloudflare.json", "cloudflare", None),
            ("netlify.json", "netlify", None),
        ] {
            let log = temp.path().join(name);
            let end = "2026-11-27T12:00:00Z";
            let truth = sample_log(
                &[
                    "--content",
                    content.to_str().unwrap(),
                    "--format",
                    format,
                    "--lines",
                    "30000",
                    "--end",
                    end,
                ],
                &log,
            );
            let mut options = vec!["--now", end];
            match pattern {
                Some(pattern) => options.extend(["--format", "pattern", "--pattern", pattern]),
                None => options.extend(["--format", format]),
            }
            let (output, popular) = run_popular(&content, &site, &[&log], &options);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "{name}: {stderr}");
            assert!(
                stderr.contains("malformed lines"),
                "{name}: noise is reported: {stderr}"
            );
            let popular = popular.unwrap();
            assert_eq!(popular.overall.len(), 10, "{name}");
            for (entry, truth) in popular.overall.iter().zip(&truth) {
                assert_eq!(entry.teaser.url, truth["url"].as_str().unwrap(), "{name}");
                assert_eq!(entry.readers, truth["readers"].as_u64().unwrap(), "{name}");
            }
        }
    }

    /// `press popular` ranks the stories the built site has, as the site
    /// shows them: a teaser is read from the story's own article file (its
    /// hero as press made it, not the picture's source), the content's
    /// articles are not read at all, and a story the site does not have is
    /// "not on the site" even when the content holds it. `sample-logs
    /// --site` takes its stories from the same place.
    #[test]
    fn the_ranking_is_of_the_built_site_and_reads_no_article_source() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        copy_dir(&project_root().join("content"), &content);
        let site = temp.path().join("site");
        build_ok(&content, &site);
        let end = "2026-11-27T12:00:00Z";
        let log = temp.path().join("access.log");
        let truth = sample_log(
            &[
                "--content",
                content.to_str().unwrap(),
                "--site",
                site.to_str().unwrap(),
                "--lines",
                "30000",
                "--end",
                end,
            ],
            &log,
        );
        // A story written after the build: in the content, not on the site.
        let extra = content.join("articles/written-after-the-build.md");
        std::fs::write(
            &extra,
            "+++\nheadline = \"Written after the build\"\nsection = \"world\"\npublished = \"2026-01-01T00:00:00Z\"\nbyline = \"Staff\"\n+++\n\nA story the site does not have yet.\n",
        )
        .unwrap();
        // The articles' sources are not read: unreadable, popular still runs.
        let articles = content.join("articles");
        let hidden = temp.path().join("articles-away");
        std::fs::rename(&articles, &hidden).unwrap();
        let (output, popular) = run_popular(&content, &site, &[&log], &["--now", end]);
        std::fs::rename(&hidden, &articles).unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        let popular = popular.unwrap();
        assert_eq!(popular.overall.len(), 10);
        for (entry, truth) in popular.overall.iter().zip(&truth) {
            assert_eq!(entry.teaser.url, truth["url"].as_str().unwrap());
            assert_eq!(entry.readers, truth["readers"].as_u64().unwrap());
        }
        // Each teaser is the one the site's own lists carry.
        let mut pictured = 0;
        for entry in popular
            .overall
            .iter()
            .chain(popular.sections.iter().flat_map(|s| &s.entries))
        {
            let route = broadsheet_model::paths::ArticlePath::parse(&entry.teaser.url).unwrap();
            let article: broadsheet_model::Article =
                serde_json::from_slice(&std::fs::read(site.join(route.json_path())).unwrap())
                    .unwrap();
            assert_eq!(entry.teaser.headline, article.headline);
            assert_eq!(entry.teaser.published, article.published);
            let hero = article.hero.map(|hero| broadsheet_model::Image {
                share: None,
                ..hero
            });
            assert_eq!(entry.teaser.thumbnail, hero, "{}", entry.teaser.url);
            if let Some(thumbnail) = &entry.teaser.thumbnail {
                pictured += 1;
                let file = site.join(thumbnail.src.trim_start_matches('/'));
                assert!(
                    file.is_file(),
                    "the thumbnail is a file of the site: {file:?}"
                );
            }
        }
        assert!(pictured > 0, "some ranked story has a picture");
        // A log line for a story the site does not have counts for nothing.
        let line = "10.9.9.9 - - [27/Nov/2026:11:00:00 +0000] \"GET /world/2026/01/01/written-after-the-build HTTP/1.1\" 200 100 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n";
        let one = temp.path().join("one.log");
        std::fs::write(&one, line).unwrap();
        let (output, _) = run_popular(&content, &site, &[&one], &["--now", end]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "nothing counted: {stderr}");
        assert!(stderr.contains("article not on the site"), "{stderr}");
    }

    /// `--counts`: counts made elsewhere are ranked as they are; `--counts-out`
    /// writes press's own in the same shape, so the two round-trip.
    #[test]
    fn counts_made_elsewhere_are_ranked() {
        let temp = tempfile::tempdir().unwrap();
        let site = temp.path().join("site");
        let content = project_root().join("content");
        build_ok(&content, &site);
        let end = "2026-11-27T12:00:00Z";
        let log = temp.path().join("access.log");
        assert!(press(&[
            "sample-logs",
            "--content",
            content.to_str().unwrap(),
            "--out",
            log.to_str().unwrap(),
            "--lines",
            "20000",
            "--end",
            end
        ])
        .status
        .success());
        let counts = temp.path().join("counts.csv");
        let (output, from_logs) = run_popular(
            &content,
            &site,
            &[&log],
            &["--now", end, "--counts-out", counts.to_str().unwrap()],
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let from_logs = from_logs.unwrap();
        let written = std::fs::read_to_string(&counts).unwrap();
        assert!(written.starts_with("path,count\n"), "{written}");

        let counted = |file: &Path| {
            let output = press(&[
                "popular",
                "--content",
                content.to_str().unwrap(),
                "--site",
                site.to_str().unwrap(),
                "--counts",
                file.to_str().unwrap(),
                "--now",
                end,
            ]);
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            assert!(output.status.success(), "{stderr}");
            let popular: Popular =
                serde_json::from_slice(&std::fs::read(site.join("data/popular.json")).unwrap())
                    .unwrap();
            (popular, stderr)
        };
        let (popular, _) = counted(&counts);
        assert_eq!(popular.source, PopularSource::Counts);
        assert_eq!(popular.window, None);
        let readers = |p: &Popular| {
            p.overall
                .iter()
                .map(|e| (e.teaser.url.clone(), e.readers))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            readers(&popular),
            readers(&from_logs),
            "the counts round-trip"
        );

        // An analytics export: a header with other names, comments, a query
        // string and a trailing slash (added up), pages that are not articles.
        let (top, top_count) = (
            &from_logs.overall[0].teaser.url,
            from_logs.overall[0].readers,
        );
        let export = temp.path().join("pages.csv");
        std::fs::write(&export, format!(
            "# Plausible export\nname,visitors,pageviews\n{top}/,5000,9000\n{top}?utm_source=x,7,9\n/world,99999,1\n/images/a.svg,99999,1\n/world/2026/01/01/no-such-story,99999,1\n\"/a,b\",oops,1\n"
        )).unwrap();
        let (popular, stderr) = counted(&export);
        assert_eq!(popular.overall[0].teaser.url, *top);
        assert_eq!(popular.overall[0].readers, 5007);
        for reason in [
            "not an article page",
            "assets and data files",
            "article not on the site",
            "malformed lines",
        ] {
            assert!(stderr.contains(reason), "{reason}: {stderr}");
        }
        // JSON lines.
        let lines = temp.path().join("counts.jsonl");
        std::fs::write(
            &lines,
            format!("{{\"path\":\"{top}\",\"count\":{}}}\n", top_count + 1),
        )
        .unwrap();
        assert_eq!(counted(&lines).0.overall[0].readers, top_count + 1);
        // Sums that would pass u64::MAX stop there; they never wrap to a
        // small number.
        let huge = temp.path().join("huge.csv");
        std::fs::write(&huge, format!("path,count\n{top},{}\n{top},2\n", u64::MAX)).unwrap();
        assert_eq!(counted(&huge).0.overall[0].readers, u64::MAX);
        // Columns that cannot be told apart are an error naming what was found.
        let unknown = temp.path().join("unknown.csv");
        std::fs::write(&unknown, "title,hits\n/a,1\n").unwrap();
        let output = press(&[
            "popular",
            "--content",
            content.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
            "--counts",
            unknown.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success()
                && stderr.contains("unknown.csv:1")
                && stderr.contains("\"title\""),
            "{stderr}"
        );
        // --counts-out never overwrites a file press did not write.
        let precious = temp.path().join("precious.csv");
        std::fs::write(&precious, "keep me").unwrap();
        let (output, _) = run_popular(
            &content,
            &site,
            &[&log],
            &["--now", end, "--counts-out", precious.to_str().unwrap()],
        );
        assert!(!output.status.success());
        assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me");
    }

    /// A log in which nothing counts (a wrong `--format`, an empty log, a
    /// counts file of other pages) is an error, and the last ranking stays.
    #[test]
    fn nothing_counted_is_an_error_that_keeps_the_last_ranking() {
        let temp = tempfile::tempdir().unwrap();
        let site = temp.path().join("site");
        let content = project_root().join("content");
        build_ok(&content, &site);
        let end = "2026-11-27T12:00:00Z";
        let sample = |format: &str| {
            let log = temp.path().join(format!("{format}.log"));
            let output = press(&[
                "sample-logs",
                "--content",
                content.to_str().unwrap(),
                "--out",
                log.to_str().unwrap(),
                "--lines",
                "3000",
                "--end",
                end,
                "--format",
                format,
            ]);
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            log
        };
        let combined = sample("combined");
        let (output, good) = run_popular(&content, &site, &[&combined], &["--now", end]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let before = std::fs::read(site.join("data/popular.json")).unwrap();
        assert!(!good.unwrap().overall.is_empty());
        let empty = temp.path().join("empty.log");
        std::fs::write(&empty, "").unwrap();
        let cloudfront = sample("cloudfront");
        for (log, extra, expected) in [
            (&empty, vec![], "0 lines read"),
            (
                &cloudfront,
                vec!["--format", "combined"],
                "try --format cloudfront",
            ),
        ] {
            let mut args = vec!["--now", end];
            args.extend(extra);
            let (output, _) = run_popular(&content, &site, &[log], &args);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!output.status.success(), "{stderr}");
            assert!(
                stderr.contains(expected) && stderr.contains("was kept"),
                "{stderr}"
            );
            assert_eq!(
                std::fs::read(site.join("data/popular.json")).unwrap(),
                before
            );
        }
        // Without --format, a W3C or JSON log is known by its first line.
        for format in ["cloudfront", "cloudflare", "netlify"] {
            let log = sample(format);
            let (output, popular) = run_popular(&content, &site, &[&log], &["--now", end]);
            assert!(
                output.status.success(),
                "{format}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(!popular.unwrap().overall.is_empty(), "{format}");
        }
    }

    #[test]
    fn a_log_format_set_in_site_toml_or_refused_there() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        copy_dir(&project_root().join("content"), &content);
        let toml = content.join("site.toml");
        let original = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(
            &toml,
            format!("{original}\n[popular]\nlog_format = \"w3c\"\n"),
        )
        .unwrap();
        let output = press(&["check", "--content", content.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success()
                && stderr.contains("popular.log_format")
                && stderr.contains("unknown log format `w3c`"),
            "{stderr}"
        );

        std::fs::write(
            &toml,
            format!("{original}\n[popular]\nlog_format = \"cloudflare\"\n"),
        )
        .unwrap();
        let site = temp.path().join("site");
        build_ok(&content, &site);
        let end = "2026-11-27T12:00:00Z";
        let log = temp.path().join("cloudflare.json");
        assert!(press(&[
            "sample-logs",
            "--content",
            content.to_str().unwrap(),
            "--out",
            log.to_str().unwrap(),
            "--format",
            "cloudflare",
            "--end",
            end
        ])
        .status
        .success());
        let (output, popular) = run_popular(&content, &site, &[&log], &["--now", end]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            popular.unwrap().overall.len(),
            10,
            "read as Cloudflare JSON without --format"
        );
    }
}

/// The output-safety rules (ARCHITECTURE.md, "Never lose or leak"): a wrong
/// `--out` is refused before anything is touched; a killed build leaves the
/// old output byte for byte or the whole new one; concurrent builds never
/// show a reader a missing or partial output.
mod output_safety {
    use super::*;
    use std::process::{Child, Stdio};
    use std::time::Instant;

    fn spawn_build(content: &Path, out: &Path) -> Child {
        Command::new(env!("CARGO_BIN_EXE_press"))
            .args(["build", "--quiet", "--content"])
            .arg(content)
            .arg("--out")
            .arg(out)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// What is in `dir`, besides the schedule files press writes beside its outputs.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| !name.ends_with(".schedule.json"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_wrong_out_is_refused_and_nothing_is_touched() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        copy_dir(&project_root().join("content"), &content);
        let notes = temp.path().join("notes");
        std::fs::create_dir(&notes).unwrap();
        std::fs::write(notes.join("todo.txt"), "keep me").unwrap();
        let file = temp.path().join("file.txt");
        std::fs::write(&file, "keep me too").unwrap();
        let before = files_under(temp.path());
        let cases: &[(PathBuf, &str)] = &[
            (content.clone(), "it is the content folder"),
            (content.join("articles"), "inside the content folder"),
            (content.join("site"), "inside the content folder"),
            (temp.path().to_owned(), "contains the content folder"),
            (notes.clone(), "not a Broadsheet output"),
            (file.clone(), "it is a file"),
        ];
        for (out, reason) in cases {
            let output = build(&content, out);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!output.status.success(), "{}: must fail", out.display());
            assert!(
                stderr.contains("refusing") && stderr.contains(reason),
                "{}: {stderr}",
                out.display()
            );
            assert_eq!(
                files_under(temp.path()),
                before,
                "{}: nothing touched",
                out.display()
            );
        }
        let output = press(&[
            "popular",
            "--content",
            content.to_str().unwrap(),
            "--site",
            notes.to_str().unwrap(),
            "--logs",
            file.to_str().unwrap(),
        ]);
        assert!(
            !output.status.success(),
            "popular refuses a folder press did not build"
        );
        assert_eq!(files_under(temp.path()), before);
        // A stamped folder (an earlier output) and a new one are fine.
        let out = temp.path().join("site");
        build_ok(&content, &out);
        assert!(out.join(broadsheet_output::STAMP).is_file());
        build_ok(&content, &out);
    }

    #[test]
    fn the_other_commands_never_overwrite_what_they_did_not_make() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        copy_dir(&project_root().join("content"), &content);
        let log = temp.path().join("access.log");
        std::fs::write(&log, "a real log line\n").unwrap();
        let before = files_under(temp.path());
        // generate: only into a new or empty folder.
        let output = press(&[
            "generate",
            "--articles",
            "3",
            "--out",
            content.to_str().unwrap(),
        ]);
        assert!(
            !output.status.success(),
            "generate refuses a content folder"
        );
        // sample-logs: never over a real log.
        let output = press(&[
            "sample-logs",
            "--content",
            content.to_str().unwrap(),
            "--out",
            log.to_str().unwrap(),
        ]);
        assert!(!output.status.success(), "sample-logs refuses a real log");
        assert_eq!(files_under(temp.path()), before, "nothing was touched");
        // import: never over an existing article; the row is reported instead.
        let csv = temp.path().join("rows.csv");
        std::fs::write(
            &csv,
            "url,date,title,text\nhttps://x.example/a,2026-01-02,Harbour strike ends,Workers went back.\n",
        )
        .unwrap();
        let into = temp.path().join("imported");
        let args = [
            "import",
            csv.to_str().unwrap(),
            "--out",
            into.to_str().unwrap(),
        ];
        assert!(press(&args).status.success());
        let first = files_under(&into);
        let again = press(&args);
        assert!(String::from_utf8_lossy(&again.stderr).contains("0 new, 0 updated, 1 unchanged"));
        assert_eq!(files_under(&into), first);
        // A file the newsroom edited after the import is never overwritten.
        let article = into.join("articles/2026-01-02-harbour-strike-ends.md");
        let edited = std::fs::read_to_string(&article)
            .unwrap()
            .replace("Workers", "Dockers");
        std::fs::write(&article, &edited).unwrap();
        std::fs::write(
            &csv,
            "url,date,title,text\nhttps://x.example/a,2026-01-02,Harbour strike ends,Workers went back on Monday.\n",
        )
        .unwrap();
        let output = press(&args);
        assert!(String::from_utf8_lossy(&output.stderr)
            .contains("was edited since it was imported; not overwritten"));
        assert_eq!(std::fs::read_to_string(&article).unwrap(), edited);
        // An article that import did not write is never overwritten either.
        let temp2 = tempfile::tempdir().unwrap();
        let own = temp2
            .path()
            .join("articles/2026-01-02-harbour-strike-ends.md");
        std::fs::create_dir_all(own.parent().unwrap()).unwrap();
        std::fs::write(&own, "the newsroom's own").unwrap();
        let output = press(&[
            "import",
            csv.to_str().unwrap(),
            "--out",
            temp2.path().to_str().unwrap(),
        ]);
        assert!(output.status.success());
        assert_eq!(std::fs::read_to_string(&own).unwrap(), "the newsroom's own");
        assert!(temp2
            .path()
            .join("articles/2026-01-02-harbour-strike-ends-2.md")
            .exists());
    }

    #[test]
    fn a_killed_build_leaves_the_old_output_or_the_whole_new_one() {
        let temp = tempfile::tempdir().unwrap();
        let (old_content, new_content) = (temp.path().join("old"), temp.path().join("new"));
        for (content, seed) in [(&old_content, "1"), (&new_content, "2")] {
            let status = press(&[
                "generate",
                "--articles",
                "600",
                "--seed",
                seed,
                "--out",
                content.to_str().unwrap(),
            ]);
            assert!(status.status.success());
        }
        let expected_new = temp.path().join("expected-new");
        build_ok(&new_content, &expected_new);
        let new = files_under(&expected_new);
        let site = temp.path().join("site");
        let started = Instant::now();
        build_ok(&old_content, &site);
        let build_time = started.elapsed();
        let old = files_under(&site);
        assert_ne!(old, new);
        // Kill the build at points spread over its whole run: while loading,
        // writing, swapping and removing the old output.
        let (mut saw_old, mut saw_new) = (0, 0);
        for step in 0..16u32 {
            let delay = build_time.mul_f64(f64::from(step) / 8.0);
            let mut child = spawn_build(&new_content, &site);
            std::thread::sleep(delay);
            let _ = child.kill();
            child.wait().unwrap();
            let now = files_under(&site);
            if now == old {
                saw_old += 1;
            } else if now == new {
                saw_new += 1;
                build_ok(&old_content, &site);
            } else {
                panic!("killed after {delay:?}: the output is neither the old nor the new one");
            }
        }
        assert!(saw_old > 0, "some kills landed before the swap");
        // The next build removes what the killed ones left, and nothing else.
        build_ok(&new_content, &site);
        assert_eq!(files_under(&site), new);
        // No spare beside the output either: the last build pulled every
        // story of the old content, so the old output was deleted.
        assert_eq!(names(temp.path()), ["expected-new", "new", "old", "site"]);
        eprintln!("killed builds: {saw_old} left the old output, {saw_new} the new one");
    }

    /// Each build parks the output it replaced beside the new one, for the
    /// next build to start from (crates/output, `spare`); a build that
    /// pulls a story, or follows a preview with drafts, deletes it instead.
    #[test]
    fn a_pulled_story_or_a_draft_leaves_no_copy_beside_the_output() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        copy_dir(&project_root().join("content"), &content);
        let (site, spare) = (temp.path().join("site"), temp.path().join(".site.spare"));
        build_ok(&content, &site);
        build_ok(&content, &site);
        assert!(broadsheet_output::spare::is_spare(&spare));
        let everything_but_content = || {
            let mut files = files_under(temp.path());
            files.retain(|path, _| !path.starts_with("content"));
            files
        };
        let nowhere = |needle: &str, when: &str| {
            for (path, bytes) in everything_but_content() {
                assert!(
                    !String::from_utf8_lossy(&bytes).contains(needle),
                    "{when}: {} still holds {needle}",
                    path.display()
                );
            }
        };

        let story = content.join("articles/2026-10-01-bank-of-marrovia-holds-rates.md");
        std::fs::remove_file(&story).unwrap();
        build_ok(&content, &site);
        assert!(
            !spare.exists(),
            "the output holding the pulled story is deleted"
        );
        nowhere("bank-of-marrovia-holds-rates", "after pulling the story");

        // A preview with a draft, then the build without it.
        let draft = content.join("articles/2026-10-09-preview-draft-only.md");
        std::fs::write(
            &draft,
            "+++\nheadline = \"Preview draft only\"\nstandfirst = \"Not for readers.\"\n\
             section = \"world\"\nbyline = [\"Sofia Marin\"]\n\
             published = \"2026-10-09T10:00:00Z\"\ndraft = true\n+++\n\nNot yet.\n",
        )
        .unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_press"))
            .args(["build", "--quiet", "--drafts", "--content"])
            .arg(&content)
            .arg("--out")
            .arg(&site)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(files_under(&site)
            .values()
            .any(|bytes| String::from_utf8_lossy(bytes).contains("preview-draft-only")));
        build_ok(&content, &site);
        assert!(!spare.exists(), "the preview with the draft is deleted");
        nowhere("preview-draft-only", "after the preview");
        // And the next build parks again.
        build_ok(&content, &site);
        assert!(broadsheet_output::spare::is_spare(&spare));
    }

    #[test]
    fn concurrent_builds_never_show_a_missing_or_partial_output() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        copy_dir(&project_root().join("content"), &content);
        let site = temp.path().join("site");
        build_ok(&content, &site);
        let expected = files_under(&site);
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let poller = {
            let (site, done) = (site.clone(), done.clone());
            std::thread::spawn(move || {
                let mut polls = 0u32;
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    // A reader opens the front page, then an article it links to.
                    let front = std::fs::read(site.join("data/front.json"))
                        .expect("the output is always there");
                    let front: FrontPage = serde_json::from_slice(&front).unwrap();
                    let lead = front.lead.unwrap();
                    let path = Route::parse(&lead.url).json_path().unwrap();
                    assert!(site.join(path).is_file(), "the output is always whole");
                    assert!(site.join(broadsheet_output::STAMP).is_file());
                    polls += 1;
                }
                polls
            })
        };
        for _ in 0..4 {
            let builds: Vec<Child> = (0..3).map(|_| spawn_build(&content, &site)).collect();
            for build in builds {
                let output = build.wait_with_output().unwrap();
                assert!(
                    output.status.success(),
                    "{}",
                    String::from_utf8_lossy(&output.stderr)
                );
            }
        }
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        let polls = poller
            .join()
            .expect("the reader never saw a missing or partial output");
        assert!(polls > 10, "the reader polled throughout ({polls} reads)");
        assert_eq!(files_under(&site), expected);
        assert_eq!(
            names(temp.path()),
            [".site.spare", "content", "site"],
            "no staging folder is left, only the spare the last build parked"
        );
    }
}

/// Files no fixture folder can hold: too large, special, or links that leave
/// the content folder. Each is reported with its file, never read forever
/// or followed.
mod hostile_files {
    use super::*;

    const FINE: &str = "+++\nheadline = \"Fine\"\nstandfirst = \"A valid story.\"\nsection = \"world\"\nbyline = [\"Ana Ruiz\"]\npublished = \"2025-12-31T10:00:00Z\"\n+++\n\nAll good.\n";

    fn content_with(setup: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf) {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        std::fs::create_dir_all(content.join("articles")).unwrap();
        std::fs::copy(fixtures().join("site.toml"), content.join("site.toml")).unwrap();
        std::fs::write(content.join("articles/2025-12-31-fine.md"), FINE).unwrap();
        setup(&content.join("articles"));
        (temp, content)
    }

    fn fails_with(content: &Path, out: &Path, expected: &str) {
        let output = build(content, out);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "must fail: {stderr}");
        assert!(
            stderr.contains(expected),
            "expected {expected:?} in:\n{stderr}"
        );
        assert!(!out.exists(), "nothing written");
    }

    #[test]
    fn an_oversized_file_is_refused_without_reading_it_whole() {
        let (temp, content) = content_with(|articles| {
            let mut big = FINE.replace("Fine", "Big").into_bytes();
            big.resize(
                broadsheet_model::limits::MAX_ARTICLE_BYTES as usize + 1,
                b'a',
            );
            std::fs::write(articles.join("2025-12-31-big.md"), big).unwrap();
        });
        fails_with(
            &content,
            &temp.path().join("out"),
            "2025-12-31-big.md:1: field `file`: larger than 1024 KiB",
        );
    }

    /// A file of a million broken lines costs a bounded list: the first
    /// problems of each file and a count of the rest.
    #[test]
    fn the_problems_listed_per_file_are_capped_and_the_rest_counted() {
        let (temp, content) = content_with(|articles| {
            let broken = format!("{FINE}\n{}", "<b>\n\n".repeat(20_000));
            for n in 0..3 {
                std::fs::write(articles.join(format!("2025-12-31-tags-{n}.md")), &broken).unwrap();
            }
        });
        let output = build(&content, &temp.path().join("out"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        let cap = broadsheet_model::limits::MAX_DIAGNOSTICS_PER_FILE;
        for n in 0..3 {
            let file = format!("2025-12-31-tags-{n}.md:");
            let listed = stderr.lines().filter(|l| l.contains(&file)).count();
            assert_eq!(listed, cap + 1, "{file}: {listed} lines");
            assert!(
                stderr.contains(&format!("and {} more problems in this body", 20_000 - cap)),
                "{}",
                &stderr[..2000.min(stderr.len())]
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_reported_not_read() {
        let (temp, content) = content_with(|articles| {
            let status = Command::new("mkfifo")
                .arg(articles.join("2025-12-31-pipe.md"))
                .status()
                .unwrap();
            assert!(status.success());
        });
        // Reading a FIFO with no writer would block forever: the test would hang.
        fails_with(
            &content,
            &temp.path().join("out"),
            "2025-12-31-pipe.md:1: field `file`: not a plain file",
        );
    }

    #[cfg(unix)]
    #[test]
    fn popular_never_reads_a_device_or_a_fifo() {
        let temp = tempfile::tempdir().unwrap();
        let site = temp.path().join("site");
        build_ok(&project_root().join("content"), &site);
        let fifo = temp.path().join("pipe.log");
        assert!(Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        for log in [Path::new("/dev/zero"), fifo.as_path()] {
            let output = press(&[
                "popular",
                "--content",
                project_root().join("content").to_str().unwrap(),
                "--site",
                site.to_str().unwrap(),
                "--logs",
                log.to_str().unwrap(),
            ]);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                !output.status.success() && stderr.contains("not a plain file"),
                "{stderr}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_that_leave_the_content_folder_are_not_followed() {
        let (temp, content) = content_with(|articles| {
            let outside = articles
                .parent()
                .unwrap()
                .parent()
                .unwrap()
                .join("secret.md");
            std::fs::write(&outside, FINE.replace("Fine", "Secret")).unwrap();
            std::os::unix::fs::symlink(&outside, articles.join("2025-12-31-secret.md")).unwrap();
            std::os::unix::fs::symlink("/etc", articles.join("etc")).unwrap();
            std::os::unix::fs::symlink("missing.md", articles.join("2025-12-31-gone.md")).unwrap();
        });
        let out = temp.path().join("out");
        fails_with(&content, &out, "2025-12-31-secret.md:1: field `file`: a symbolic link that leads outside the content folder");
        let stderr = String::from_utf8_lossy(&build(&content, &out).stderr).into_owned();
        assert!(
            stderr.contains("etc:1: field `file`: a symbolic link that leads outside"),
            "{stderr}"
        );
        assert!(
            stderr.contains("2025-12-31-gone.md:1: field `file`: a broken symbolic link"),
            "{stderr}"
        );
        // A link that stays inside is followed.
        let (temp, content) = content_with(|articles| {
            std::fs::create_dir(articles.join("desk")).unwrap();
            std::fs::write(
                articles.join("desk/2025-12-30-kept.md"),
                FINE.replace("Fine", "Kept"),
            )
            .unwrap();
            std::os::unix::fs::symlink(
                "desk/2025-12-30-kept.md",
                articles.join("2025-12-30-linked.md"),
            )
            .unwrap();
        });
        build_ok(&content, &temp.path().join("out"));
        // A link to a file of the content folder outside articles/ is named so.
        let (temp, content) = content_with(|articles| {
            let notes = articles.parent().unwrap().join("notes.md");
            std::fs::write(&notes, FINE.replace("Fine", "Notes")).unwrap();
            std::os::unix::fs::symlink(&notes, articles.join("2025-12-31-notes.md")).unwrap();
        });
        fails_with(
            &content,
            &temp.path().join("out"),
            "2025-12-31-notes.md:1: field `file`: a symbolic link that leads outside articles/ (into the content folder's other files)",
        );
    }

    /// A file name that is not UTF-8 cannot give a slug or a key: each such
    /// file is named, never given an empty slug or mistaken for another.
    #[cfg(unix)]
    #[test]
    fn file_names_that_are_not_utf8_are_refused_each() {
        use std::os::unix::ffi::OsStrExt;
        let (temp, content) = content_with(|articles| {
            for name in [&b"2025-12-31-\xff.md"[..], b"2025-12-31-\xfe.md"] {
                let path = articles.join(std::ffi::OsStr::from_bytes(name));
                std::fs::write(path, FINE.replace("Fine", "Odd name")).unwrap();
            }
        });
        let out = temp.path().join("out");
        let output = build(&content, &out);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        assert_eq!(
            stderr
                .matches("field `file`: the file name is not valid UTF-8")
                .count(),
            2,
            "{stderr}"
        );
        assert!(!stderr.contains("slug"), "{stderr}");
    }
}

/// Drafts, scheduled stories, expiry and corrections, through the real binary.
mod publishing {
    use super::*;

    const MARKERS: [&str; 2] = ["zq7embargo", "xk4draft"];

    /// Every output file whose name or bytes mention `marker`.
    fn mentions(out: &Path, marker: &str) -> Vec<String> {
        files_under(out)
            .into_iter()
            .filter(|(path, bytes)| {
                path.to_string_lossy().to_lowercase().contains(marker)
                    || String::from_utf8_lossy(bytes)
                        .to_lowercase()
                        .contains(marker)
            })
            .map(|(path, _)| path.display().to_string())
            .collect()
    }

    fn schedule(out: &Path) -> serde_json::Value {
        let mut name = out.as_os_str().to_owned();
        name.push(".schedule.json");
        serde_json::from_slice(&std::fs::read(PathBuf::from(name)).unwrap()).unwrap()
    }

    #[test]
    fn an_unpublished_story_leaves_no_byte_until_it_is_due() {
        let temp = tempfile::tempdir().unwrap();
        let content = project_root().join("content");
        let out = temp.path().join("site");

        // Before the embargo: nothing of the scheduled story or the draft.
        build_at(&content, &out, "2026-11-28T00:00:00Z", &[]);
        for marker in MARKERS {
            assert_eq!(
                mentions(&out, marker),
                Vec::<String>::new(),
                "{marker} leaked"
            );
        }
        let plan = schedule(&out);
        assert_eq!(
            (plan["drafts"].as_u64(), plan["scheduled"].as_u64()),
            (Some(1), Some(1))
        );
        assert_eq!(plan["next_build"], "2099-01-01T11:00:00Z");
        let schedule_text = serde_json::to_string(&plan).unwrap();
        assert!(
            !MARKERS.iter().any(|m| schedule_text.contains(m)),
            "the schedule names no story"
        );

        // After it: the scheduled story is everywhere a story goes; the draft is still nowhere.
        build_at(&content, &out, "2099-01-01T11:00:00Z", &[]);
        let found = mentions(&out, "zq7embargo");
        let url = "world/europe/2099/01/01/harbour-authority-embargoed-report-zq7embargo";
        for expected in [
            format!("data/articles/{url}.json"),
            "data/front.json".to_owned(),
            "data/sections/world/page-1.json".to_owned(),
            "data/sections/world/europe/page-1.json".to_owned(),
            "data/popular.json".to_owned(),
            "feeds/all.xml".to_owned(),
            "feeds/world/europe.xml".to_owned(),
            "sitemaps/1.xml".to_owned(),
            "news-sitemap.xml".to_owned(),
            "data/archive/2099/01/page-1.json".to_owned(),
        ] {
            assert!(
                found.contains(&expected),
                "{expected} should carry the story: {found:#?}"
            );
        }
        let front: FrontPage =
            serde_json::from_slice(&std::fs::read(out.join("data/front.json")).unwrap()).unwrap();
        assert_eq!(
            front.lead.unwrap().url,
            format!("/{url}"),
            "the newest story leads"
        );
        assert_eq!(mentions(&out, "xk4draft"), Vec::<String>::new());
        assert_eq!(schedule(&out)["next_build"], serde_json::Value::Null);

        // A local preview with drafts: marked, and kept out of feeds and the sitemap.
        build_at(&content, &out, "2026-11-28T00:00:00Z", &["--drafts"]);
        let found = mentions(&out, "xk4draft");
        let draft_json = found
            .iter()
            .find(|f| f.starts_with("data/articles/") && f.contains("xk4draft"))
            .expect("the draft is built");
        let article: Article =
            serde_json::from_slice(&std::fs::read(out.join(draft_json)).unwrap()).unwrap();
        assert!(article.draft);
        assert!(
            !found.iter().any(|f| f.starts_with("feeds/")
                || f.starts_with("sitemaps/")
                || f.ends_with("sitemap.xml")
                || f.starts_with("data/tags/")
                || f.starts_with("data/archive/")
                || f.starts_with("data/authors/")),
            "{found:#?}"
        );
    }

    fn story(extra: &str) -> String {
        format!("+++\nheadline = \"Bridge reopens\"\nstandfirst = \"Traffic returns.\"\nsection = \"world\"\nbyline = [\"Ana Ruiz\"]\npublished = \"2026-11-01T10:00:00Z\"\n{extra}+++\n\nThe bridge reopened.\n")
    }

    fn one_story(extra: &str) -> (tempfile::TempDir, PathBuf) {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        std::fs::create_dir_all(content.join("articles")).unwrap();
        std::fs::copy(fixtures().join("site.toml"), content.join("site.toml")).unwrap();
        std::fs::write(content.join("articles/2026-11-01-bridge.md"), story(extra)).unwrap();
        (temp, content)
    }

    #[test]
    fn an_expired_story_comes_down_and_the_expiry_is_the_next_build() {
        let (temp, content) = one_story("expires = \"2026-11-20T00:00:00Z\"\n");
        let out = temp.path().join("site");
        build_at(&content, &out, "2026-11-10T00:00:00Z", &[]);
        assert!(out
            .join("data/articles/world/2026/11/01/bridge.json")
            .exists());
        assert_eq!(schedule(&out)["next_build"], "2026-11-20T00:00:00Z");
        build_at(&content, &out, "2026-11-20T00:00:00Z", &[]);
        assert_eq!(
            mentions(&out, "bridge"),
            Vec::<String>::new(),
            "gone everywhere"
        );
        assert_eq!(schedule(&out)["expired"], 1);
    }

    #[test]
    fn corrections_move_the_update_time_everywhere() {
        let (temp, content) = one_story(
            "updated = \"2026-11-02T10:00:00Z\"\n\n[[corrections]]\ndate = \"2026-11-05T09:00:00Z\"\ntext = \"An earlier version gave the wrong date.\"\n",
        );
        let out = temp.path().join("site");
        build_at(&content, &out, "2026-11-05T12:00:00Z", &[]);
        let article: Article = serde_json::from_slice(
            &std::fs::read(out.join("data/articles/world/2026/11/01/bridge.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(article.corrections.len(), 1);
        assert_eq!(
            article.corrections[0].text,
            "An earlier version gave the wrong date."
        );
        assert_eq!(
            article.updated.as_deref(),
            Some("2026-11-05T09:00:00+00:00")
        );
        let feed = String::from_utf8(std::fs::read(out.join("feeds/all.xml")).unwrap()).unwrap();
        assert!(
            feed.contains("<updated>2026-11-05T09:00:00+00:00</updated>"),
            "{feed}"
        );
        // Within a day of the correction, teasers say "Updated"; later they do not.
        let front: FrontPage =
            serde_json::from_slice(&std::fs::read(out.join("data/front.json")).unwrap()).unwrap();
        assert_eq!(
            front.lead.unwrap().updated.as_deref(),
            Some("2026-11-05T09:00:00+00:00")
        );
        build_at(&content, &out, "2026-11-07T12:00:00Z", &[]);
        let front: FrontPage =
            serde_json::from_slice(&std::fs::read(out.join("data/front.json")).unwrap()).unwrap();
        assert_eq!(front.lead.unwrap().updated, None);
    }
}

mod new_story {
    use super::*;

    #[test]
    fn press_new_writes_a_draft_that_checks_and_never_overwrites() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        copy_dir(&project_root().join("content"), &content);
        let new = |headline: &str, section: &str| {
            Command::new(env!("CARGO_BIN_EXE_press"))
                .args(["new", headline, "--section", section, "--content"])
                .arg(&content)
                .args(["--now", "2026-11-28T08:30:00Z"])
                .env("BROADSHEET_BYLINE", "Elena Varga")
                .output()
                .unwrap()
        };
        let first = new("Москва: новый мост открыт", "world/europe");
        assert!(
            first.status.success(),
            "{}",
            String::from_utf8_lossy(&first.stderr)
        );
        let path = PathBuf::from(String::from_utf8(first.stdout).unwrap().trim());
        assert_eq!(
            path.file_name().unwrap().to_string_lossy(),
            "2026-11-28-moskva-novyi-most-otkryt.md"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        for line in [
            "headline = \"Москва: новый мост открыт\"",
            "section = \"world/europe\"",
            "byline = [\"Elena Varga\"]",
            "draft = true",
        ] {
            assert!(text.contains(line), "{line} in:\n{text}");
        }
        // The same headline again: a new file, never the old one overwritten.
        let second = new("Москва: новый мост открыт", "world/europe");
        let second_path = PathBuf::from(String::from_utf8(second.stdout).unwrap().trim());
        assert!(second_path
            .to_string_lossy()
            .ends_with("-moskva-novyi-most-otkryt-2.md"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        // The drafts pass `press check`, and a build leaves them out.
        let check = press(&["check", "--content", content.to_str().unwrap()]);
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
        let out = temp.path().join("site");
        build_ok(&content, &out);
        assert!(files_under(&out)
            .keys()
            .all(|p| !p.to_string_lossy().contains("moskva")));
        // An unknown section is refused, and nothing is written.
        let before = files_under(&content);
        let wrong = new("Anything", "nowhere");
        assert!(!wrong.status.success());
        assert!(String::from_utf8_lossy(&wrong.stderr).contains("no such section"));
        assert_eq!(files_under(&content), before);
        // A byline `press check` would refuse is refused here, before any file.
        for byline in ["Elena\u{1b}[2J Varga", "Bell\u{7}", "\u{200b}"] {
            let output = Command::new(env!("CARGO_BIN_EXE_press"))
                .args(["new", "Anything", "--section", "world", "--content"])
                .arg(&content)
                .env("BROADSHEET_BYLINE", byline)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!output.status.success(), "{byline:?}");
            assert!(stderr.contains("BROADSHEET_BYLINE"), "{stderr}");
            assert!(
                !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
                "{stderr:?}"
            );
            assert_eq!(files_under(&content), before);
        }
    }
}

/// Moved stories: the manifest catches a moved URL without its alias, and
/// every host's redirect file carries each alias of a published story.
mod moved_stories {
    use super::*;

    const STORY: &str = "+++\nheadline = \"Bridge reopens\"\nstandfirst = \"Traffic returns.\"\nsection = \"world\"\nbyline = [\"Ana Ruiz\"]\npublished = \"2026-11-01T10:00:00Z\"\nSLUG\n+++\n\nThe bridge reopened.\n";

    fn content(slug_lines: &str) -> (tempfile::TempDir, PathBuf) {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        std::fs::create_dir_all(content.join("articles")).unwrap();
        std::fs::copy(fixtures().join("site.toml"), content.join("site.toml")).unwrap();
        write_story(&content, slug_lines);
        (temp, content)
    }

    fn write_story(content: &Path, slug_lines: &str) {
        std::fs::write(
            content.join("articles/2026-11-01-bridge.md"),
            STORY.replace("SLUG", slug_lines),
        )
        .unwrap();
    }

    #[test]
    fn a_moved_url_needs_its_alias_and_then_redirects_on_every_host() {
        let (temp, content) = content("slug = \"bridge-reopens\"");
        let out = temp.path().join("site");
        build_ok(&content, &out);
        let old = "/world/2026/11/01/bridge-reopens";
        let new = "/world/2026/11/01/bridge-reopens-to-traffic";

        // The slug changes, and nobody adds the old URL: the build says so.
        write_story(&content, "slug = \"bridge-reopens-to-traffic\"");
        let before = files_under(&out);
        let output = build(&content, &out);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        assert!(
            stderr.contains("2026-11-01-bridge.md:")
                && stderr.contains("field `aliases`")
                && stderr.contains(&format!("moved from {old} to {new}"))
                && stderr.contains(&format!("aliases = [\"{old}\"]")),
            "{stderr}"
        );
        assert_eq!(files_under(&out), before, "nothing written");

        // With the alias, every host's file redirects the old URL.
        write_story(
            &content,
            &format!("slug = \"bridge-reopens-to-traffic\"\naliases = [\"{old}\"]"),
        );
        build_ok(&content, &out);
        let text = |path: &str| String::from_utf8(std::fs::read(out.join(path)).unwrap()).unwrap();
        assert!(text("_redirects").contains(&format!("{old}  {new}  301\n")));
        assert!(text("_redirects")
            .trim_end()
            .ends_with("/*  /404.html  404"));
        assert!(text("redirects/nginx.map").contains(&format!("{old} {new};\n")));
        assert!(text("redirects/cloudfront.js").contains(&format!("\"{old}\": \"{new}\"")));
        let page = text(&format!("{}/index.html", old.trim_start_matches('/')));
        assert!(page.contains(&format!(
            "<meta http-equiv=\"refresh\" content=\"0; url={new}\">"
        )));
        assert!(page.contains(&format!(
            "<link rel=\"canonical\" href=\"https://fixture.example{new}\">"
        )));
        let redirects: broadsheet_model::Redirects =
            serde_json::from_str(&text("data/redirects.json")).unwrap();
        assert_eq!(redirects.redirects.get(old).map(String::as_str), Some(new));
        assert!(broadsheet_model::validate::validate_redirects(&redirects).is_empty());
        // The manifest is press's own and never published (trunk's hook removes it).
        assert!(out.join(".broadsheet-manifest.json").is_file());
    }

    #[test]
    fn a_scheduled_storys_aliases_wait_for_it() {
        let (temp, content) = content("aliases = [\"/world/2026/10/01/old-bridge\"]");
        let out = temp.path().join("site");
        build_at(&content, &out, "2026-10-31T00:00:00Z", &[]);
        let all: String = files_under(&out)
            .iter()
            .map(|(p, b)| format!("{} {}", p.display(), String::from_utf8_lossy(b)))
            .collect();
        assert!(
            !all.contains("old-bridge"),
            "a scheduled story's old URL is not written"
        );
        build_at(&content, &out, "2026-11-02T00:00:00Z", &[]);
        assert!(out.join("world/2026/10/01/old-bridge/index.html").is_file());
    }
}

/// Related stories against exact similarity (brute force over the full
/// TF-IDF vectors): the share of the exact top 5 that press's top 5 holds.
mod related_recall {
    use super::*;

    const TARGET: f64 = 0.9;

    fn recall(content: &Path, sample: &str) -> serde_json::Value {
        let output = press(&[
            "related",
            "--content",
            content.to_str().unwrap(),
            "--sample",
            sample,
        ]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }

    fn check(name: &str, report: &serde_json::Value) {
        let recall = report["recall"]["recall_at_5"].as_f64().unwrap();
        eprintln!("recall@5 on {name}: {recall:.3} ({report})");
        assert!(
            recall >= TARGET,
            "recall@5 on {name} is {recall:.3} < {TARGET}: {report}"
        );
    }

    #[test]
    fn the_sample_site_is_close_to_exact() {
        check(
            "the sample site",
            &recall(&project_root().join("content"), "1000"),
        );
    }

    #[test]
    fn a_generated_archive_is_close_to_exact() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        let output = press(&[
            "generate",
            "--articles",
            "1500",
            "--seed",
            "7",
            "--out",
            content.to_str().unwrap(),
        ]);
        assert!(output.status.success());
        check("1,500 generated articles", &recall(&content, "150"));
    }

    #[test]
    fn the_wikinews_sample_is_close_to_exact() {
        let Some(csv) = shared_corpus("the_wikinews_sample_is_close_to_exact") else {
            return;
        };
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        let output = press(&[
            "import",
            csv.to_str().unwrap(),
            "--out",
            content.to_str().unwrap(),
        ]);
        assert!(output.status.success());
        check("the Wikinews sample", &recall(&content, "1000"));
    }
}

/// Search relevance: known-item queries over press's own index files, run
/// with the model's `search::run`, the code the browser runs.
mod search_relevance {
    use super::*;
    use broadsheet_model::search::{self, DocShard, Filter, Order, Query, SearchIndex, TermShard};
    use std::collections::HashMap;
    use std::fs;

    /// Share of known items that must come back in the top 3.
    const TARGET: f64 = 0.9;

    pub(super) struct Index {
        site: PathBuf,
        toc: SearchIndex,
        shards: HashMap<String, TermShard>,
    }

    impl Index {
        pub(super) fn load(site: &Path) -> Index {
            let read = |relative: &str| fs::read_to_string(site.join(relative)).unwrap();
            let toc: SearchIndex = serde_json::from_str(&read(search::INDEX_JSON)).unwrap();
            let shards = toc
                .shards
                .iter()
                .map(|key| {
                    let shard = serde_json::from_str(&read(&search::terms_path(key))).unwrap();
                    (key.clone(), shard)
                })
                .collect();
            Index {
                site: site.to_owned(),
                toc,
                shards,
            }
        }

        fn run(&self, text: &str) -> search::Outcome {
            // The index's own analysis, as the search module parses.
            let query = Query::parse_in(&self.toc.analyzer(), text);
            search::run(
                &query,
                &self.toc.shards,
                |key| self.shards.get(key),
                &Filter::default(),
                Order::Relevance,
                self.toc.numbering(),
            )
        }

        /// The URLs of a query's first `n` results.
        pub(super) fn top(&self, text: &str, n: usize) -> Vec<String> {
            self.run(text)
                .hits
                .iter()
                .take(n)
                .map(|hit| self.doc(hit.doc).0)
                .collect()
        }

        /// (url, headline) of story `doc`.
        fn doc(&self, doc: u32) -> (String, String) {
            let per_file = self.toc.docs_per_file;
            let text =
                fs::read_to_string(self.site.join(search::docs_path(doc, per_file))).unwrap();
            let shard: DocShard = serde_json::from_str(&text).unwrap();
            let d = &shard.docs[(doc % per_file) as usize];
            (d.url.clone(), d.headline.clone())
        }

        /// In how many stories a word's term is.
        fn df(&self, word: &str) -> usize {
            let term = search::term_of(word);
            search::shard_for(&term, &self.toc.shards)
                .and_then(|key| self.shards.get(key))
                .and_then(|shard| shard.terms.get(term.as_ref()))
                .map_or(0, |postings| postings.len() / 3)
        }

        /// The `n` rarest words of `text` (as written), rarest first.
        fn distinctive(&self, text: &str, n: usize) -> Vec<String> {
            let mut words: Vec<(usize, String)> = Vec::new();
            search::for_each_word(text, |start, end, word| {
                let known = words
                    .iter()
                    .any(|(_, w)| search::term_of(w) == search::term_of(word));
                if !search::is_stop_word(word) && word.chars().count() >= 3 && !known {
                    words.push((self.df(word), text[start..end].to_owned()));
                }
            });
            words.sort_by_key(|(df, _)| *df);
            words.into_iter().take(n).map(|(_, w)| w).collect()
        }

        fn first_paragraph(&self, url: &str) -> String {
            let path = broadsheet_model::ArticlePath::parse(url)
                .unwrap()
                .json_path();
            let article: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(self.site.join(path)).unwrap()).unwrap();
            article["body"]
                .as_array()
                .unwrap()
                .iter()
                .find(|b| b["type"] == "paragraph")
                .map(|b| {
                    b["content"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter_map(|i| i["text"].as_str())
                        .collect::<String>()
                })
                .unwrap_or_default()
        }

        /// Known-item search over `sample` stories spread through the
        /// archive: half by 2 words of the headline, half by 3 of the first
        /// paragraph, the rarest each time. Returns the share in the top 3.
        fn known_items(&self, name: &str, sample: u32) -> f64 {
            let step = (self.toc.documents / sample).max(1);
            let (mut found, mut asked, mut misses) = (0, 0, Vec::new());
            for (i, doc) in (0..self.toc.documents).step_by(step as usize).enumerate() {
                let (url, headline) = self.doc(doc);
                let words = if i % 2 == 0 {
                    self.distinctive(&headline, 2)
                } else {
                    self.distinctive(&self.first_paragraph(&url), 3)
                };
                if words.is_empty() {
                    continue;
                }
                let query = words.join(" ");
                asked += 1;
                if self.top(&query, 3).contains(&url) {
                    found += 1;
                } else {
                    misses.push(format!("{query:?} → {url}"));
                }
            }
            let share = found as f64 / asked as f64;
            eprintln!("known items in the top 3 on {name}: {found} of {asked} ({share:.3}); missed: {misses:?}");
            assert!(asked >= 50, "{name}: only {asked} known-item queries");
            share
        }
    }

    fn generated(articles: &str, out: &Path) -> Index {
        let content = out.join("content");
        let output = press(&[
            "generate",
            "--articles",
            articles,
            "--seed",
            "11",
            "--out",
            content.to_str().unwrap(),
        ]);
        assert!(output.status.success());
        let site = out.join("site");
        build_ok(&content, &site);
        Index::load(&site)
    }

    #[test]
    fn known_items_are_found_in_a_generated_archive() {
        let temp = tempfile::tempdir().unwrap();
        let index = generated("1500", temp.path());
        let share = index.known_items("1,500 generated stories", 100);
        assert!(share >= TARGET, "{share:.3} < {TARGET}");
    }

    #[test]
    fn known_items_are_found_in_the_wikinews_sample() {
        let Some(csv) = shared_corpus("known_items_are_found_in_the_wikinews_sample") else {
            return;
        };
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        let output = press(&[
            "import",
            csv.to_str().unwrap(),
            "--out",
            content.to_str().unwrap(),
        ]);
        assert!(output.status.success());
        let site = temp.path().join("site");
        build_ok(&content, &site);
        let index = Index::load(&site);
        let share = index.known_items("the Wikinews sample", 60);
        assert!(share >= TARGET, "{share:.3} < {TARGET}");
    }

    /// The bench's known-item queries (the two longest headline words,
    /// tests/bench/search.mjs) over a site the bench built, natively, with
    /// each miss's rank and the stories above it; held to the same 90 %.
    /// `BENCH_SITE=target/bench/site-10000 cargo test -p broadsheet-press
    /// --test press bench_known_items -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn bench_known_items() {
        let site = PathBuf::from(std::env::var("BENCH_SITE").expect("BENCH_SITE"));
        let site = if site.is_absolute() {
            site
        } else {
            project_root().join(site)
        };
        let index = Index::load(&site);
        let step = (index.toc.documents / 100).max(1);
        let (mut found, mut asked) = (0, 0);
        for doc in (0..index.toc.documents).step_by(step as usize).take(100) {
            let (_, headline) = index.doc(doc);
            let mut words: Vec<&str> = Vec::new();
            for w in headline.split(|c: char| !c.is_alphanumeric()) {
                if w.chars().count() >= 4 && !words.iter().any(|k| k.eq_ignore_ascii_case(w)) {
                    words.push(w);
                }
            }
            words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
            let query = words[..words.len().min(2)].join(" ");
            asked += 1;
            let outcome = index.run(&query);
            let rank = outcome.hits.iter().position(|h| h.doc == doc);
            if rank.is_some_and(|r| r < 3) {
                found += 1;
                continue;
            }
            let above: Vec<String> = outcome
                .hits
                .iter()
                .take(3)
                .map(|h| format!("{} ({})", index.doc(h.doc).1, h.score))
                .collect();
            let dfs: Vec<usize> = words.iter().take(2).map(|w| index.df(w)).collect();
            eprintln!(
                "miss {query:?} (df {dfs:?}) → {headline:?} at {rank:?} of {}; above: {above:?}",
                outcome.hits.len()
            );
        }
        eprintln!("bench known items: {found} of {asked}");
        let share = f64::from(found) / f64::from(asked);
        assert!(share >= TARGET, "{share:.3} < {TARGET}");
    }

    /// The story whose headline is the word comes first, ahead of a longer
    /// story that repeats the word through its body (BM25 saturates a
    /// repeated word; the headline's bonus stands outside that).
    #[test]
    fn a_headline_match_outranks_a_body_that_repeats_the_word() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        copy_dir(&project_root().join("content"), &content);
        let article = |name: &str, headline: &str, body: &str| {
            let text = format!(
                "+++\nheadline = \"{headline}\"\nstandfirst = \"A story for the ranking test.\"\nsection = \"world\"\nbyline = [\"Rosa Delgado\"]\npublished = \"2026-11-20T10:00:00Z\"\n+++\n\n{body}\n"
            );
            fs::write(content.join("articles").join(name), text).unwrap();
        };
        article(
            "2026-11-20-quorvex-dredging-approved.md",
            "Quorvex harbour dredging approved",
            "The port authority voted on Tuesday to deepen the channel.",
        );
        let mut body = String::from("The council met for five hours on Tuesday evening.\n\n");
        for i in 0..12 {
            body.push_str(&format!(
                "Item {i} on the agenda returned to the quorvex question, as every item seemed to, and the members argued about budgets, roads, schools and parking at length.\n\n"
            ));
        }
        article(
            "2026-11-20-council-round-up.md",
            "Council round-up: a long night",
            &body,
        );
        let site = temp.path().join("site");
        build_ok(&content, &site);
        let index = Index::load(&site);
        let top = index.top("quorvex", 2);
        assert_eq!(
            top,
            [
                "/world/2026/11/20/quorvex-dredging-approved",
                "/world/2026/11/20/council-round-up"
            ],
            "{top:?}"
        );
    }

    /// The sample site: a misspelling, another script, stop words, and
    /// stories that are not published.
    #[test]
    fn misspelled_other_script_and_stop_word_queries() {
        let temp = tempfile::tempdir().unwrap();
        let site = temp.path().join("site");
        build_ok(&project_root().join("content"), &site);
        let index = Index::load(&site);
        let presses = "/culture/2026/11/13/small-presses-translated-fiction";
        let reservoirs = "/world/asia/2026/10/08/tanmae-reservoirs-fall-rice-planting";

        // Exact, plural and singular, and while the last word is typed.
        assert_eq!(index.top("Tanmae reservoirs", 1), [reservoirs]);
        assert_eq!(index.top("tanmae reservoir", 1), [reservoirs]);
        assert_eq!(index.top("Tanmae reserv", 1), [reservoirs]);
        // A misspelling is answered with the nearest word, and says so.
        let outcome = index.run("resevoirs tanmae");
        let corrected = outcome.corrected.as_ref().expect("a correction");
        assert!(
            corrected.terms.contains(&"reservoir".to_owned()),
            "{corrected:?}"
        );
        assert!(index
            .top("resevoirs tanmae", 3)
            .contains(&reservoirs.to_owned()));
        // Another script: a Bulgarian title in a story in English.
        assert_eq!(index.top("преброяване", 1), [presses]);
        assert_eq!(index.top("Зимно", 1), [presses]);
        // Only stop words: no terms, no results, and the query says why.
        let stop = Query::parse("the of and");
        assert!(stop.only_stop_words && stop.is_empty());
        assert!(index.run("the of and").hits.is_empty());
        // Nothing matches: no results, no correction out of thin air.
        assert!(index.run("xqzvw").hits.is_empty());
        assert_eq!(index.run("xqzvw").corrected, None);

        // A writer's and a tag's stories, for the filters: every story of
        // theirs, by number, with the name to show.
        let facet = |path: Option<String>| -> search::FacetDocs {
            serde_json::from_str(&fs::read_to_string(site.join(path.unwrap())).unwrap()).unwrap()
        };
        let kwame = facet(search::facet_path(search::Facet::Author, "kwame-mensah"));
        assert_eq!(kwame.name, "Kwame Mensah");
        let kwame: Vec<String> = kwame.decode().into_iter().map(|d| index.doc(d).0).collect();
        assert!(kwame.contains(&"/sport/2026/11/08/port-ellery-marathon-course-record".to_owned()));
        let athletics = facet(search::facet_path(search::Facet::Tag, "athletics")).decode();
        assert_eq!(athletics.len(), 2, "{athletics:?}");
        let by_kwame = search::run(
            &Query::parse("marathon"),
            &index.toc.shards,
            |key| index.shards.get(key),
            &Filter {
                within: Some(
                    facet(search::facet_path(search::Facet::Author, "kwame-mensah")).decode(),
                ),
                ..Filter::default()
            },
            Order::Relevance,
            index.toc.numbering(),
        );
        let urls: Vec<String> = by_kwame.hits.iter().map(|h| index.doc(h.doc).0).collect();
        assert_eq!(
            urls,
            ["/sport/2026/11/08/port-ellery-marathon-course-record"]
        );

        // Held-back stories are not in the index: no document, no term.
        let docs: Vec<String> = (0..index.toc.documents).map(|d| index.doc(d).0).collect();
        let published = files_under(&site.join("data/articles")).len();
        assert_eq!(docs.len(), published, "every published story, once");
        for marker in ["zq7embargo", "xk4draft"] {
            assert_eq!(index.df(marker), 0, "{marker} is in the index");
        }
    }
}

/// Photos as a newsroom has them: a camera's, several MB, turned, with its
/// position and serial number; made into a ladder that a phone can afford,
/// with nothing of its metadata; and nothing of an embargoed story's photo.
mod pictures {
    use super::*;

    fn tool(name: &str, args: &[&str]) {
        let status = Command::new(name)
            .args(args)
            .status()
            .unwrap_or_else(|e| panic!("{name}: {e} (`cargo xtask setup` installs it)"));
        assert!(status.success(), "{name} {args:?}");
    }

    /// Metadata a camera writes that must never be published.
    const PLANTED: &[&str] = &[
        "BSH-CAMERA-SERIAL-0042",
        "BSH-PHOTOGRAPHER-NAME",
        "BroadsheetCam",
    ];

    /// A camera's photo: 4000 × 3000 of fine detail (several MB), taken
    /// with the camera on its side (EXIF orientation 6), with the GPS
    /// position, the camera's serial number and its owner.
    fn camera_photo(path: &Path, seed: &str) {
        let path = path.to_str().unwrap();
        tool(
            "convert",
            &[
                "-size",
                "4000x3000",
                "plasma:fractal",
                "-seed",
                seed,
                "-quality",
                "95",
                path,
            ],
        );
        tool(
            "exiftool",
            &[
                "-q",
                "-overwrite_original",
                "-n",
                "-Orientation=6",
                "-GPSLatitude=52.518611",
                "-GPSLatitudeRef=N",
                "-GPSLongitude=13.408333",
                "-GPSLongitudeRef=E",
                "-SerialNumber=BSH-CAMERA-SERIAL-0042",
                "-OwnerName=BSH-PHOTOGRAPHER-NAME",
                "-Make=BroadsheetCam",
                path,
            ],
        );
    }

    fn set_hero(article: &Path, src: &str, focus: Option<&str>) {
        let text = std::fs::read_to_string(article).unwrap();
        let start = text.find("[hero]\nsrc = \"").unwrap() + "[hero]\nsrc = \"".len();
        let end = start + text[start..].find('"').unwrap();
        let focus = focus.map_or(String::new(), |f| format!("\nfocus = \"{f}\""));
        let edited = format!("{}{src}\"{focus}{}", &text[..start], &text[end + 1..]);
        std::fs::write(article, edited).unwrap();
    }

    fn built(content: &Path, out: &Path) -> String {
        let output = press(&[
            "build",
            "--content",
            content.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--now",
            "2026-12-01T00:00:00Z",
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{stderr}");
        stderr
    }

    #[test]
    fn a_camera_photo_is_made_small_upright_and_without_its_metadata() {
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        copy_dir(&project_root().join("content"), &content);
        let _ = std::fs::remove_dir_all(content.join(".press-cache"));
        let photo = content.join("images/camera.jpg");
        camera_photo(&photo, "42");
        let original = std::fs::metadata(&photo).unwrap().len();
        assert!(original > 3_000_000, "a camera's size: {original} bytes");
        let story = content.join("articles/2026-10-01-bank-of-marrovia-holds-rates.md");
        set_hero(&story, "/images/camera.jpg", Some("50% 30%"));
        // The embargoed story's own photo: no byte of it until it is due.
        std::fs::copy(
            project_root().join("crates/press-pictures/tests/fixtures/progressive.jpg"),
            content.join("images/embargoed-photo.jpg"),
        )
        .unwrap();
        let embargoed =
            content.join("articles/2099-01-01-harbour-authority-embargoed-report-zq7embargo.md");
        set_hero(&embargoed, "/images/embargoed-photo.jpg", None);

        let out = temp.path().join("site");
        let first = built(&content, &out);
        assert!(first.contains("new picture(s)"), "{first}");

        let article: Article = serde_json::from_slice(
            &std::fs::read(out.join(
                "data/articles/business/economy/2026/10/01/bank-of-marrovia-holds-rates.json",
            ))
            .unwrap(),
        )
        .unwrap();
        let hero = article.hero.expect("a hero");
        assert_eq!(
            (hero.width, hero.height),
            (Some(3000), Some(4000)),
            "upright"
        );
        let ladder = hero.ladder.expect("a ladder");
        assert_eq!(
            ladder.widths.last(),
            Some(&2048),
            "never wider than the layout needs"
        );
        assert_eq!(
            ladder.formats,
            [
                broadsheet_model::ImageFormat::Avif,
                broadsheet_model::ImageFormat::Webp,
                broadsheet_model::ImageFormat::Jpeg
            ]
        );
        assert!(hero
            .placeholder
            .is_some_and(|p| p.len() == 7 && p.starts_with('#')));
        let file = |url: &str| out.join(url.trim_start_matches('/'));

        // What a phone of 360 px at two pixels a point fetches: 800 wide.
        let phone = file(&ladder.url(800, broadsheet_model::ImageFormat::Avif));
        let phone_bytes = std::fs::metadata(&phone).unwrap().len();
        eprintln!(
            "camera photo: {original} bytes; the phone's hero {phone_bytes} bytes ({:.2}%)",
            phone_bytes as f64 * 100.0 / original as f64
        );
        assert!(phone_bytes * 10 <= original, "{phone_bytes} of {original}");

        // Turned upright: the widest JPEG is as tall as the photo is.
        let widest = image::image_dimensions(file(&hero.src)).unwrap();
        assert_eq!(widest, (2048, 2731));
        let share = hero.share.expect("a crop for link previews");
        assert!(share.ends_with("-share-50-30.jpg"), "{share}");
        assert_eq!(image::image_dimensions(file(&share)).unwrap(), (1200, 630));

        // No byte of the camera's metadata anywhere in the site.
        for (path, bytes) in files_under(&out) {
            for planted in PLANTED {
                assert!(
                    !bytes
                        .windows(planted.len())
                        .any(|w| w == planted.as_bytes()),
                    "{} holds {planted}",
                    path.display()
                );
            }
            let is_picture =
                path.starts_with("images") && !path.to_string_lossy().ends_with(".svg");
            if is_picture {
                assert!(
                    !bytes.windows(6).any(|w| w == b"Exif\0\0"),
                    "{} holds EXIF",
                    path.display()
                );
            }
        }
        let images: Vec<String> = std::fs::read_dir(out.join("images"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            !images
                .iter()
                .any(|name| name.starts_with("embargoed-photo")),
            "an embargoed story's photo was published: {images:?}"
        );
        assert!(
            !images.iter().any(|name| name == "camera.jpg"),
            "the original is never published"
        );

        // A rebuild does no picture work; a photo no story shows leaves.
        let again = built(&content, &out);
        assert!(!again.contains("new picture"), "{again}");
        set_hero(&story, "/images/skyline.svg", None);
        let third = built(&content, &out);
        assert!(
            third.contains("1 picture(s) in images/ shown by no story"),
            "{third}"
        );
        let images: Vec<String> = std::fs::read_dir(out.join("images"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            !images.iter().any(|name| name.starts_with("camera.")),
            "{images:?}"
        );
    }
}

/// Sites in other languages (`tests/fixtures/languages/<language>/`, short
/// original texts written for these tests): each builds in its own words,
/// finds its known items, and gets related stories as often as English.
mod languages {
    use super::*;
    use std::fs;

    const LANGUAGES: [&str; 4] = ["de", "fr", "ar", "ja"];

    fn fixture(language: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/languages")
            .join(language)
    }

    /// The URL of the story in `file` (`2026-10-14-slug.md`): its section
    /// from the front matter, the date and slug from the name.
    fn url_of(content: &Path, file: &str) -> String {
        let text = fs::read_to_string(content.join("articles").join(file)).unwrap();
        let section = text
            .lines()
            .find_map(|l| l.strip_prefix("section = \""))
            .and_then(|l| l.strip_suffix('"'))
            .unwrap_or_else(|| panic!("{file}: no section"));
        let stem = file.trim_end_matches(".md");
        let (date, slug) = stem.split_at(10);
        format!("/{section}/{}/{}", date.replace('-', "/"), &slug[1..])
    }

    /// Share of stories with related stories (not "more from the section").
    fn related_coverage(site: &Path) -> f64 {
        let (mut with, mut all) = (0, 0);
        for entry in walkdir::WalkDir::new(site.join("data/articles")) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "json") {
                let article: Article =
                    serde_json::from_str(&fs::read_to_string(entry.path()).unwrap()).unwrap();
                all += 1;
                with += usize::from(!article.related.is_empty());
            }
        }
        assert!(all > 0);
        with as f64 / all as f64
    }

    #[test]
    fn each_language_builds_in_its_own_words() {
        for language in LANGUAGES {
            let temp = tempfile::tempdir().unwrap();
            let out = temp.path().join("site");
            build_ok(&fixture(language), &out);
            let site: Site =
                serde_json::from_str(&fs::read_to_string(out.join("data/site.json")).unwrap())
                    .unwrap();
            assert_eq!(site.language, language);
            let catalogue =
                press_content::catalogue::strings_for(language, &Default::default()).unwrap();
            assert_eq!(
                site.strings, catalogue,
                "{language}: site.json has its catalogue"
            );
            assert!(validate::validate_site(&site).is_empty(), "{language}");
            assert_eq!(
                site.direction(),
                if language == "ar" { "rtl" } else { "ltr" }
            );
            // The feed speaks the language too.
            let feed = fs::read_to_string(out.join("feeds/all.xml")).unwrap();
            assert!(
                feed.contains(&format!("xml:lang=\"{language}\"")),
                "{language}"
            );
        }
    }

    #[test]
    fn known_items_are_found_in_every_language() {
        for language in LANGUAGES {
            let temp = tempfile::tempdir().unwrap();
            let content = fixture(language);
            let out = temp.path().join("site");
            build_ok(&content, &out);
            let index = super::search_relevance::Index::load(&out);
            let items = fs::read_to_string(content.join("known-items.tsv")).unwrap();
            let mut asked = 0;
            for line in items
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            {
                let (query, file) = line.split_once('\t').expect("query<TAB>file");
                let url = url_of(&content, file.trim());
                let top = index.top(query, 3);
                assert!(
                    top.contains(&url),
                    "{language}: {query:?} should find {url} in the top 3, found {top:?}"
                );
                asked += 1;
            }
            assert!(asked >= 5, "{language}: {asked} known items");
        }
    }

    #[test]
    fn related_stories_as_often_as_in_english() {
        let temp = tempfile::tempdir().unwrap();
        let english_site = temp.path().join("en");
        build_ok(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content"),
            &english_site,
        );
        let english = related_coverage(&english_site);
        assert!(english >= 0.9, "the English sample: {english:.2}");
        for language in LANGUAGES {
            let out = temp.path().join(language);
            build_ok(&fixture(language), &out);
            let share = related_coverage(&out);
            eprintln!("related stories: {language} {share:.2} (English {english:.2})");
            assert!(
                share >= 0.9,
                "{language}: {share:.2} of stories have related stories"
            );
        }
    }
}

/// The oracle of incremental builds (issue 31): after any sequence of edits,
/// a build that starts from the previous output's files (the default) must
/// equal a full build (`--full`) of the same content, byte for byte, and its
/// `--changes` list must be exactly what changed. Also after a build killed
/// mid-way and run again. `BROADSHEET_ORACLE_STEPS` sets the number of
/// random edits (the default keeps `cargo xtask test` quick; docs/deploy.md
/// gives the long run).
mod incremental {
    use super::*;

    const NOW: &str = "2026-12-01T12:00:00Z";

    /// SplitMix64: the same sequence of edits for a seed.
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
    }

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
    ];

    /// A story's front matter key set to `value` (a TOML value), replacing
    /// the key's line if it has one; new keys go first, before any table.
    fn set_key(text: &str, key: &str, value: &str) -> String {
        let body_start = text[3..].find("+++").map(|i| i + 3).unwrap_or(text.len());
        let (front, rest) = text.split_at(body_start);
        let mut lines: Vec<String> = front
            .lines()
            .filter(|line| !line.starts_with(&format!("{key} =")))
            .map(str::to_owned)
            .collect();
        lines.insert(1, format!("{key} = {value}"));
        format!("{}\n{rest}", lines.join("\n"))
    }

    fn stories(content: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(content.join("articles"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        files.sort();
        files
    }

    /// The URL the last build gave a story file (from its manifest).
    fn built_url(out: &Path, file: &Path) -> Option<String> {
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join(".broadsheet-manifest.json")).ok()?)
                .ok()?;
        let name = file.file_name()?.to_str()?;
        manifest["articles"][name].as_str().map(str::to_owned)
    }

    /// One random edit of the kinds a newsroom makes; returns its name.
    fn edit(random: &mut Random, content: &Path, out: &Path, step: usize) -> String {
        let files = stories(content);
        let file = files[random.below(files.len())].clone();
        let text = std::fs::read_to_string(&file).unwrap();
        let word = WORDS[random.below(WORDS.len())];
        let sections = [
            "world",
            "world/asia",
            "business/economy",
            "sport",
            "culture",
        ];
        // The first eleven steps make each kind of edit once.
        let kind = if step < 12 { step } else { random.below(12) };
        let (kind, new_text) = match kind {
            0 => {
                let name = format!("2026-11-{:02}-oracle-story-{step}.md", 1 + step % 28);
                // Not its original's old URLs: two stories cannot claim one.
                let text: String = text
                    .lines()
                    .filter(|l| !l.starts_with("aliases ="))
                    .map(|l| format!("{l}\n"))
                    .collect();
                let added = set_key(
                    &text,
                    "headline",
                    &format!("\"Oracle story {step} on the {word}\""),
                );
                std::fs::write(content.join("articles").join(name), added).unwrap();
                return "add".into();
            }
            1 => (
                "edit",
                format!("{text}\nA new paragraph about the {word}, added at step {step}.\n"),
            ),
            2 => (
                "retitle",
                set_key(
                    &text,
                    "headline",
                    &format!("\"The {word} story, retitled at step {step}\""),
                ),
            ),
            3 => {
                let moved = set_key(
                    &text,
                    "section",
                    &format!("\"{}\"", sections[random.below(sections.len())]),
                );
                match built_url(out, &file) {
                    Some(url) => (
                        "move section",
                        set_key(&moved, "aliases", &format!("[\"{url}\"]")),
                    ),
                    None => ("move section (unbuilt)", moved),
                }
            }
            4 => ("draft", set_key(&text, "draft", "true")),
            5 => {
                // An update before the new publication time is refused.
                let text: String = text
                    .lines()
                    .filter(|l| !l.starts_with("updated ="))
                    .map(|l| format!("{l}\n"))
                    .collect();
                (
                    "schedule",
                    set_key(&text, "published", "\"2099-01-01T09:00:00Z\""),
                )
            }
            6 => (
                "unpublish",
                set_key(&text, "expires", "\"2026-11-30T00:00:00Z\""),
            ),
            7 => {
                std::fs::remove_file(&file).unwrap();
                return "delete".into();
            }
            8 => (
                "alias",
                set_key(
                    &text,
                    "aliases",
                    &format!("[\"/world/2025/01/01/old-{word}-{step}\"]"),
                ),
            ),
            9 => (
                "tags",
                set_key(
                    &text,
                    "tags",
                    &format!("[\"{word}\", \"oracle-{}\"]", step % 3),
                ),
            ),
            // A correction's time: the story's `lastmod` in the sitemap
            // and its feeds' `updated`, and nothing else of its URL.
            10 => (
                "updated",
                set_key(
                    &text,
                    "updated",
                    &format!("\"2026-11-30T{:02}:00:00Z\"", step % 24),
                ),
            ),
            _ => ("no change", text.clone()),
        };
        std::fs::write(&file, new_text).unwrap();
        format!("{kind} {}", file.file_name().unwrap().to_string_lossy())
    }

    fn snapshot(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        files_under(out)
    }

    fn run_build(content: &Path, out: &Path, cache: &Path, extra: &[&str]) -> Output {
        let mut args = vec![
            "build",
            "--quiet",
            "--content",
            content.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--cache",
            cache.to_str().unwrap(),
            "--now",
            NOW,
        ];
        args.extend_from_slice(extra);
        press(&args)
    }

    fn assert_same(incremental: &Path, full: &Path, what: &str) {
        let (a, b) = (snapshot(incremental), snapshot(full));
        let only_a: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
        let only_b: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
        let differ: Vec<_> = a
            .iter()
            .filter(|(k, v)| b.get(*k).is_some_and(|w| w != *v))
            .map(|(k, _)| k)
            .collect();
        assert!(
            only_a.is_empty() && only_b.is_empty() && differ.is_empty(),
            "{what}: the incremental output differs from a full build: only incremental {only_a:?}, only full {only_b:?}, different {differ:?}"
        );
        // No folder left empty by a deletion (a full build has none).
        for entry in walkdir::WalkDir::new(incremental).min_depth(1) {
            let entry = entry.unwrap();
            if entry.file_type().is_dir() {
                assert!(
                    std::fs::read_dir(entry.path()).unwrap().next().is_some(),
                    "{what}: empty folder {}",
                    entry.path().display()
                );
            }
        }
    }

    /// `--changes` names exactly the site's files that differ between two outputs.
    fn assert_changes(
        before: &BTreeMap<PathBuf, Vec<u8>>,
        after: &Path,
        changes: &Path,
        what: &str,
    ) {
        let after = snapshot(after);
        let site = |p: &PathBuf| !p.to_string_lossy().starts_with(".broadsheet-");
        let mut expected = Vec::new();
        for (path, bytes) in after.iter().filter(|(p, _)| site(p)) {
            if before.get(path) != Some(bytes) {
                expected.push(format!("+ {}", path.to_string_lossy()));
            }
        }
        for path in before.keys().filter(|p| site(p) && !after.contains_key(*p)) {
            expected.push(format!("- {}", path.to_string_lossy()));
        }
        // Sorted as strings, written first, as press lists them.
        expected.sort_by(|a, b| (a.starts_with('-'), a).cmp(&(b.starts_with('-'), b)));
        let listed: Vec<String> = std::fs::read_to_string(changes)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        let missing: Vec<_> = expected.iter().filter(|p| !listed.contains(p)).collect();
        let extra: Vec<_> = listed.iter().filter(|p| !expected.contains(p)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{what}: --changes leaves out {missing:?} and lists {extra:?}"
        );
        assert_eq!(listed, expected, "{what}: --changes in order");
    }

    /// `press watch` running beside the test, and its lines.
    struct Watcher {
        child: std::process::Child,
        lines: std::sync::mpsc::Receiver<String>,
        out: PathBuf,
        builds: usize,
    }

    impl Watcher {
        fn start(content: &Path, out: &Path, cache: &Path) -> Watcher {
            use std::io::BufRead as _;
            let mut child = Command::new(env!("CARGO_BIN_EXE_press"))
                .args(["watch", "--quiet", "--now", NOW, "--content"])
                .arg(content)
                .arg("--out")
                .arg(out)
                .arg("--cache")
                .arg(cache)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let stdout = child.stdout.take().unwrap();
            let (send, lines) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                for line in std::io::BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    if send.send(line).is_err() {
                        break;
                    }
                }
            });
            Watcher {
                child,
                lines,
                out: out.to_owned(),
                builds: 0,
            }
        }

        /// Waits for at least one build after the edit just made (every
        /// edit writes or deletes a file), then until the watch's output
        /// equals `expected`'s: an edit's events may come as several builds.
        fn settle(&mut self, expected: &Path, what: &str) {
            use std::sync::mpsc::RecvTimeoutError;
            let want = snapshot(expected);
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
            let mut builds = 0;
            loop {
                if std::time::Instant::now() > deadline {
                    if self.out.exists() {
                        assert_same(&self.out, expected, &format!("{what} (press watch)"));
                    }
                    panic!(
                        "{what}: press watch made {builds} builds in 120 s and never this output"
                    );
                }
                match self
                    .lines
                    .recv_timeout(std::time::Duration::from_millis(500))
                {
                    Ok(line) => {
                        assert!(
                            line.starts_with("built: ") || line.starts_with("failed: "),
                            "{what}: press watch said {line:?}"
                        );
                        self.builds += 1;
                        builds += 1;
                        // More lines waiting: a later build is the one to check.
                        continue;
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => {
                        panic!("{what}: press watch stopped: {:?}", self.child.try_wait())
                    }
                }
                // Built since the edit, and no line for half a second: with
                // no change since, the watch is idle.
                if builds > 0 && self.out.exists() && snapshot(&self.out) == want {
                    return;
                }
            }
        }
    }

    impl Drop for Watcher {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    #[test]
    fn random_edits_build_the_same_bytes_as_full_builds() {
        let steps: usize = std::env::var("BROADSHEET_ORACLE_STEPS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(24);
        let seed: u64 = std::env::var("BROADSHEET_ORACLE_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(31);
        let temp = tempfile::tempdir().unwrap();
        let content = temp.path().join("content");
        copy_dir(&project_root().join("content"), &content);
        let _ = std::fs::remove_dir_all(content.join(".press-cache"));
        let cache = temp.path().join("cache");
        let (out, full) = (temp.path().join("site"), temp.path().join("full"));
        let changes = temp.path().join("changes.txt");
        let ok = |output: &Output, what: &str| {
            assert!(
                output.status.success(),
                "{what}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        };
        // Content that has not changed for a while, as in a newsroom's
        // archive: `press watch` keeps such files' parses.
        for entry in walkdir::WalkDir::new(&content) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                std::fs::File::options()
                    .write(true)
                    .open(entry.path())
                    .unwrap()
                    .set_modified(
                        std::time::SystemTime::now() - std::time::Duration::from_secs(3600),
                    )
                    .unwrap();
            }
        }
        ok(&run_build(&content, &out, &cache, &[]), "first build");
        // `press watch` on the same content, into its own folder: after
        // every step its output must come to equal the build's.
        let watched = temp.path().join("watched");
        let mut watcher = Watcher::start(&content, &watched, &temp.path().join("cache-watch"));
        watcher.settle(&out, "first build");
        let mut random = Random(seed);
        let mut kinds = BTreeMap::<String, usize>::new();
        let mut refused = 0;
        let articles = content.join("articles");
        for step in 0..steps {
            // The stories as they were, to undo an edit press refuses.
            let undo = files_under(&articles);
            let what = format!(
                "seed {seed} step {step}: {}",
                edit(&mut random, &content, &out, step)
            );
            *kinds
                .entry(what.split(' ').nth(4).unwrap_or("").to_owned())
                .or_default() += 1;
            let before_kill = snapshot(&out);
            // Every third step, a build killed part-way first: the next one
            // starts again from the live output.
            if step % 3 == 2 {
                let mut child = Command::new(env!("CARGO_BIN_EXE_press"))
                    .args([
                        "build",
                        "--quiet",
                        "--content",
                        content.to_str().unwrap(),
                        "--out",
                        out.to_str().unwrap(),
                        "--cache",
                        cache.to_str().unwrap(),
                        "--now",
                        NOW,
                    ])
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .unwrap();
                std::thread::sleep(std::time::Duration::from_millis(random.below(250) as u64));
                let _ = child.kill();
                let _ = child.wait();
            }
            // The killed build left the old output or, if it got to its
            // swap, the whole new one: what the next build starts from.
            let before = snapshot(&out);
            let incremental = run_build(
                &content,
                &out,
                &cache,
                &["--changes", changes.to_str().unwrap()],
            );
            let _ = std::fs::remove_dir_all(&full);
            let whole = run_build(&content, &full, &cache, &["--full"]);
            assert_eq!(
                incremental.status.success(),
                whole.status.success(),
                "{what}: one build failed and the other did not:\n{}\n{}",
                String::from_utf8_lossy(&incremental.stderr),
                String::from_utf8_lossy(&whole.stderr)
            );
            if !incremental.status.success() {
                // A refused edit (a story scheduled before its update, moved
                // back to its own old URL): the live output is the last
                // good one, and the edit is undone so the next steps build.
                assert_eq!(
                    before, before_kill,
                    "{what}: a failed build changed the output"
                );
                assert_eq!(
                    snapshot(&out),
                    before,
                    "{what}: a failed build changed the output"
                );
                refused += 1;
                watcher.settle(&out, &what);
                std::fs::remove_dir_all(&articles).unwrap();
                for (path, bytes) in &undo {
                    let to = articles.join(path);
                    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                    std::fs::write(to, bytes).unwrap();
                }
                watcher.settle(&out, &format!("{what}, undone"));
                continue;
            }
            assert_same(&out, &full, &what);
            assert_changes(&before, &out, &changes, &what);
            watcher.settle(&out, &what);
        }
        eprintln!("oracle: press watch made {} builds", watcher.builds);
        eprintln!(
            "oracle: {steps} steps, seed {seed}: {kinds:?}; {refused} refused by press and undone"
        );
        assert!(
            refused * 4 <= steps,
            "most edits must build: {refused} of {steps} were refused"
        );
    }
}
