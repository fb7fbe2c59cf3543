//! Renders the fixture site in `tests/fixtures/site` (trunk's page plus a
//! tiny JSON API) and checks the pages a reader, a crawler and the app get.

use std::fs;
use std::path::{Path, PathBuf};

use broadsheet_render::render_site;
use serde_json::Value;

const ARTICLE: &str = "world/2026/11/18/weather-data-compact-draft";

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every HTML page render wrote, by path.
fn pages(dist: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dist)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let name = e.path().strip_prefix(dist).unwrap().display().to_string();
            (name, fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

fn fixture_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site"),
        &dist,
    );
    (dir, dist)
}

fn read(dist: &Path, path: &str) -> String {
    fs::read_to_string(dist.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The content of every `<script type="application/ld+json">`, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    html.split(r#"<script type="application/ld+json">"#)
        .skip(1)
        .map(|rest| serde_json::from_str(&rest[..rest.find("</script>").unwrap()]).unwrap())
        .collect()
}

fn meta(html: &str, key: &str) -> Vec<String> {
    let needle = format!(r#"="{key}" content=""#);
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
}

#[test]
fn writes_a_page_for_every_route() {
    let (_dir, dist) = fixture_site();
    let summary = render_site(&dist, true).unwrap();
    // Front, 404, search, one section page, one article.
    assert_eq!(summary.pages, 5);
    // Each page says the path its nodes were rendered for: the app
    // hydrates them only there.
    for (path, rendered_for) in [
        ("index.html", "/".to_owned()),
        ("404.html", "/404".to_owned()),
        ("search/index.html", "/search".to_owned()),
        ("world/index.html", "/world".to_owned()),
        (&format!("{ARTICLE}/index.html"), format!("/{ARTICLE}")),
    ] {
        let html = read(&dist, path);
        assert!(
            html.contains(&format!(
                r#"<div id="app" class="app-root" data-path="{rendered_for}">"#
            )),
            "{path}"
        );
        assert!(html.contains(r#"<nav aria-label="Sections""#), "{path}");
        assert!(!html.contains("import init"), "{path}: no inline loader");
        assert!(html.contains(r#"<meta name="generator" content="broadsheet-render">"#));
    }
    let boot: Vec<_> = fs::read_dir(&dist)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with("boot-") && name.ends_with(".js"))
        .collect();
    assert_eq!(boot.len(), 1);
    let code = read(&dist, &boot[0]);
    assert!(
        code.contains(".masthead-date") && code.contains("await import('/"),
        "{code}"
    );
    assert!(read(&dist, "index.html").contains(&format!(r#"src="/{}""#, boot[0])));
}

#[test]
fn article_page_has_content_head_and_embedded_data() {
    let (_dir, dist) = fixture_site();
    render_site(&dist, true).unwrap();
    let html = read(&dist, &format!("{ARTICLE}/index.html"));
    let article: Value =
        serde_json::from_str(&read(&dist, &format!("data/articles/{ARTICLE}.json"))).unwrap();
    let headline = article["headline"].as_str().unwrap();
    let url = format!("https://broadsheet.example/{ARTICLE}");

    assert!(html.contains(&format!("<title>{headline} | Broadsheet</title>")));
    assert!(html.contains(&format!(r#"<h1 tabindex="-1">{headline}</h1>"#)));
    // A name without a profile stays text (the fixture has no `authors`).
    // The words around the names come from the site's `by` text ("By {names}").
    assert!(html.contains(r#"<p class="byline">By <!>Henrik Aalto<!><!></p>"#));
    assert!(html.contains(r#"<nav aria-label="Breadcrumb" class="breadcrumb">"#));
    assert!(html.contains("A &lt;/script&gt; tag &amp; &lt;b&gt;markup&lt;/b&gt; stay text."));
    assert!(html.contains(&format!(r#"<link rel="canonical" href="{url}">"#)));
    assert_eq!(meta(&html, "og:url"), [url.as_str()]);
    assert_eq!(meta(&html, "og:type"), ["article"]);
    assert_eq!(meta(&html, "og:title"), [headline]);
    assert_eq!(
        meta(&html, "og:image"),
        ["https://broadsheet.example/images/harbour.svg"]
    );
    assert_eq!(meta(&html, "twitter:card"), ["summary_large_image"]);
    assert_eq!(meta(&html, "article:tag"), ["weather", "diplomacy"]);

    let ld = json_ld(&html);
    assert_eq!(ld.len(), 2);
    assert_eq!(ld[0]["@type"], "NewsArticle");
    assert_eq!(ld[0]["headline"], headline);
    assert_eq!(ld[0]["datePublished"], article["published"]);
    assert_eq!(ld[0]["author"][0]["name"], "Henrik Aalto");
    assert_eq!(ld[0]["publisher"]["name"], "Broadsheet");
    assert_eq!(
        ld[0]["image"][0],
        "https://broadsheet.example/images/harbour.svg"
    );
    assert_eq!(ld[1]["@type"], "BreadcrumbList");
    let names: Vec<&str> = ld[1]["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Broadsheet", "World", headline]);

    // The data the view was made from, embedded and still the same JSON.
    let embedded = |path: &str| -> Value {
        let open = format!(r#"<script type="application/json" data-broadsheet-file="{path}">"#);
        let rest = &html[html.find(&open).unwrap() + open.len()..];
        serde_json::from_str(&rest[..rest.find("</script>").unwrap()]).unwrap()
    };
    assert_eq!(embedded(&format!("data/articles/{ARTICLE}.json")), article);
    assert_eq!(embedded("data/site.json")["name"], "Broadsheet");
    assert_eq!(
        html.matches("</script>").count(),
        5,
        "loader, 2 JSON-LD, 2 data"
    );
}

#[test]
fn not_found_page_is_not_indexed() {
    let (_dir, dist) = fixture_site();
    render_site(&dist, true).unwrap();
    let html = read(&dist, "404.html");
    assert!(html.contains("<title>Page not found | Broadsheet</title>"));
    assert!(html.contains(r#"data-view="not-found""#));
    assert_eq!(meta(&html, "robots"), ["noindex"]);
    assert!(!html.contains("canonical"));
}

#[test]
fn refuses_to_run_twice_and_names_bad_files() {
    let (_dir, dist) = fixture_site();
    render_site(&dist, true).unwrap();
    let again = format!("{:#}", render_site(&dist, true).unwrap_err());
    assert!(again.contains("already a pre-rendered page"), "{again}");

    let (_dir, dist) = fixture_site();
    let file = dist.join(format!("data/articles/{ARTICLE}.json"));
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replace("\"headline\"", "\"headlines\"")).unwrap();
    let error = format!("{:#}", render_site(&dist, true).unwrap_err());
    assert!(
        error.contains(&format!("data/articles/{ARTICLE}.json: line "))
            && error.contains("headline"),
        "{error}"
    );

    let (_dir, dist) = fixture_site();
    let file = dist.join(format!("data/articles/{ARTICLE}.json"));
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replace(&format!("\"/{ARTICLE}\""), "\"/world/x\""),
    )
    .unwrap();
    let error = format!("{:#}", render_site(&dist, true).unwrap_err());
    assert!(error.contains("field `url`"), "{error}");
}

#[test]
fn the_sites_words_and_direction_come_from_site_json() {
    let (_dir, dist) = fixture_site();
    let file = dist.join("data/site.json");
    let mut site: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    site["language"] = "fa".into();
    site["strings"]["home"] = "الرئيسية".into();
    site["strings"]["skip_to_content"] = "انتقل إلى المحتوى".into();
    fs::write(&file, site.to_string()).unwrap();
    render_site(&dist, true).unwrap();
    for (path, html) in &pages(&dist) {
        assert!(html.contains(r#"<html lang="fa" dir="rtl">"#), "{path}");
        assert!(
            html.contains(">الرئيسية</a>"),
            "{path}: the site's word for Home"
        );
        assert!(html.contains("انتقل إلى المحتوى"), "{path}");
        assert!(!html.contains(">Home<"), "{path}: English left");
    }
}

#[test]
fn the_sites_identity_comes_from_site_json() {
    let (_dir, dist) = fixture_site();
    let file = dist.join("data/site.json");
    let mut site: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    site["name"] = "The Tidewater Gazette".into();
    site["tagline"] = "Local news from the estuary".into();
    site["language"] = "en-GB".into();
    fs::write(&file, site.to_string()).unwrap();
    render_site(&dist, true).unwrap();

    let pages = pages(&dist);
    assert_eq!(pages.len(), 5);
    for (path, html) in &pages {
        assert!(html.contains(r#"<html lang="en-GB" dir="ltr">"#), "{path}");
        assert!(
            !html.contains("Broadsheet"),
            "{path} still names the template's site"
        );
        let title = &html[html.find("<title>").unwrap() + 7..html.find("</title>").unwrap()];
        if path == "index.html" {
            assert_eq!(title, "The Tidewater Gazette");
            assert_eq!(meta(html, "og:title"), ["The Tidewater Gazette"]);
            assert_eq!(meta(html, "description"), ["Local news from the estuary"]);
        } else {
            assert!(
                title.ends_with(" | The Tidewater Gazette"),
                "{path}: {title}"
            );
            let og = &meta(html, "og:title")[0];
            assert_eq!(format!("{og} | The Tidewater Gazette"), title, "{path}");
        }
        assert_eq!(
            meta(html, "og:site_name"),
            ["The Tidewater Gazette"],
            "{path}"
        );
        assert!(
            html.contains(
                r#"<a href="/">The Tidewater Gazette</a> · Local news from the estuary "#
            ),
            "{path}: the footer"
        );
        assert!(
            html.contains(r#"title="The Tidewater Gazette" href="/feeds/all.xml""#),
            "{path}: the feed link"
        );
        for ld in json_ld(html) {
            let text = ld.to_string();
            assert!(!text.contains("Broadsheet"), "{path}: {text}");
            if ld["@type"] == "NewsArticle" || ld["@type"] == "WebSite" {
                assert_eq!(ld["publisher"]["name"], "The Tidewater Gazette", "{path}");
            }
            if ld["@type"] == "BreadcrumbList" {
                assert_eq!(ld["itemListElement"][0]["name"], "The Tidewater Gazette");
            }
        }
    }
}

#[test]
fn every_data_file_is_a_page_or_an_error() {
    // A stray JSON file is named, never skipped silently.
    let (_dir, dist) = fixture_site();
    fs::write(dist.join("data/sections/world/extra.json"), "{}").unwrap();
    let error = format!("{:#}", render_site(&dist, true).unwrap_err());
    assert!(
        error.contains("data/sections/world/extra.json: not a data file of any page kind"),
        "{error}"
    );
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_failed_render_leaves_dist_as_it_was_and_can_run_again() {
    // Unsafe links in the data: the model's validation refuses the file,
    // render fails, and dist is byte for byte what trunk made.
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "data/front.json",
            "\"url\":\"/",
            "\"url\":\"javascript:alert(1)//",
            ".url`: unsafe link `javascript:",
        ),
        (
            "data/front.json",
            "\"headline\":\"",
            "\"headline\":\"\\u202e",
            "unbalanced bidirectional control",
        ),
    ];
    for (file, from, to, expected) in cases {
        let (dir, dist) = fixture_site();
        let path = dist.join(file);
        let text = fs::read_to_string(&path).unwrap();
        let compact: Value = serde_json::from_str(&text).unwrap();
        let compact = serde_json::to_string(&compact).unwrap();
        assert!(compact.contains(from), "{file} has {from}");
        fs::write(&path, compact.replacen(from, to, 1)).unwrap();
        let before = snapshot(&dist);
        let error = format!("{:#}", render_site(&dist, true).unwrap_err());
        assert!(error.contains(expected), "{error}");
        assert!(
            snapshot(&dist) == before,
            "dist is untouched after: {error}"
        );
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["dist"], "no staging folder is left");
        // Fixed, the same dist renders.
        fs::write(&path, &text).unwrap();
        render_site(&dist, true).unwrap();
    }
}

#[test]
fn corrections_reach_the_page_and_json_ld_and_a_draft_is_never_indexable() {
    let (_dir, dist) = fixture_site();
    let file = dist.join(format!("data/articles/{ARTICLE}.json"));
    let mut article: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    let correction = "An earlier version gave the wrong vote count.";
    article["corrections"] =
        serde_json::json!([{ "date": "2026-11-19T10:00:00+01:00", "text": correction }]);
    article["updated"] = serde_json::json!("2026-11-19T10:00:00+01:00");
    fs::write(&file, serde_json::to_string(&article).unwrap()).unwrap();
    render_site(&dist, true).unwrap();
    let html = read(&dist, &format!("{ARTICLE}/index.html"));
    assert!(
        html.contains(r#"<h2 id="corrections-heading">Correction</h2>"#),
        "{html}"
    );
    assert!(html.contains(correction));
    let news = json_ld(&html)
        .into_iter()
        .find(|v| v["@type"] == "NewsArticle")
        .unwrap();
    assert_eq!(news["correction"][0]["text"], correction);
    assert_eq!(news["correction"][0]["@type"], "CorrectionComment");
    assert_eq!(news["dateModified"], "2026-11-19T10:00:00+01:00");
    assert!(html.contains("rel=\"canonical\""));

    let (_dir, dist) = fixture_site();
    let file = dist.join(format!("data/articles/{ARTICLE}.json"));
    let mut article: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    article["draft"] = serde_json::json!(true);
    fs::write(&file, serde_json::to_string(&article).unwrap()).unwrap();
    render_site(&dist, true).unwrap();
    let html = read(&dist, &format!("{ARTICLE}/index.html"));
    assert_eq!(meta(&html, "robots"), ["noindex"]);
    assert!(!html.contains("rel=\"canonical\""));
    assert!(html.contains("class=\"draft-banner\""));
}

#[test]
fn an_oversized_data_file_is_refused_unread() {
    let (_dir, dist) = fixture_site();
    let file = dist.join(format!("data/articles/{ARTICLE}.json"));
    let text = fs::read_to_string(&file).unwrap();
    let padded = format!(
        "{text}{}",
        " ".repeat(broadsheet_model::limits::MAX_JSON_BYTES)
    );
    fs::write(&file, padded).unwrap();
    let before = snapshot(&dist);
    let error = format!("{:#}", render_site(&dist, true).unwrap_err());
    assert!(
        error.contains("larger than any file press writes"),
        "{error}"
    );
    assert!(snapshot(&dist) == before, "dist is untouched");
}

/// With a cache, a page made from the same bytes is not rendered again, and
/// every page is the page a render without a cache writes, byte for byte;
/// after an edit of one story, only its page is rendered.
#[test]
fn cached_pages_are_the_pages_a_full_render_writes() {
    use broadsheet_render::render_site_with;
    let snapshot_pages = |dist: &Path| {
        snapshot(dist)
            .into_iter()
            .filter(|(path, _)| path.extension().is_some_and(|x| x == "html"))
            .collect::<Vec<_>>()
    };
    let work = tempfile::tempdir().unwrap();
    let cache = work.path().join("cache");
    let (_a, plain) = fixture_site();
    let full = render_site(&plain, false).unwrap();
    assert_eq!(full.cached, 0);

    let (_b, cold) = fixture_site();
    let first = render_site_with(&cold, false, Some(&cache), false).unwrap();
    assert_eq!((first.pages, first.cached), (full.pages, 0));
    let (_c, warm) = fixture_site();
    let second = render_site_with(&warm, false, Some(&cache), false).unwrap();
    assert_eq!(second.cached, full.pages, "every page from the cache");
    assert_eq!(snapshot_pages(&cold), snapshot_pages(&plain));
    assert_eq!(snapshot_pages(&warm), snapshot_pages(&plain));

    // One story's headline is corrected: its page alone is rendered again.
    let edit = |dist: &Path| {
        let file = dist.join(format!("data/articles/{ARTICLE}.json"));
        let text = fs::read_to_string(&file).unwrap();
        let edited = text.replacen("\"headline\": \"", "\"headline\": \"Corrected: ", 1);
        assert_ne!(edited, text, "the fixture has a headline to correct");
        fs::write(&file, edited).unwrap();
    };
    let (_d, edited) = fixture_site();
    edit(&edited);
    let third = render_site_with(&edited, false, Some(&cache), false).unwrap();
    assert_eq!(
        third.pages - third.cached,
        1,
        "only the corrected story's page"
    );
    let (_e, edited_plain) = fixture_site();
    edit(&edited_plain);
    render_site(&edited_plain, false).unwrap();
    assert_eq!(snapshot_pages(&edited), snapshot_pages(&edited_plain));
    assert!(read(&edited, &format!("{ARTICLE}/index.html")).contains("Corrected: "));
}

/// Development builds (`render --live-reload`, run by `cargo xtask serve`):
/// every page loads the reload script, every render writes a new stamp,
/// and the pages a cache keeps for one mode are never served in the other.
#[test]
fn live_reload_is_in_every_development_page_and_in_no_other() {
    use broadsheet_render::render_site_with;
    let work = tempfile::tempdir().unwrap();
    let cache = work.path().join("cache");
    let (_a, live) = fixture_site();
    render_site_with(&live, false, Some(&cache), true).unwrap();
    let stamp = read(&live, "_live/build");
    assert!(read(&live, "_live/reload.js").contains("location.reload()"));
    let pages: Vec<_> = snapshot(&live)
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|x| x == "html"))
        .collect();
    assert!(pages.len() > 3);
    for (path, bytes) in &pages {
        let page = String::from_utf8_lossy(bytes);
        let tag = r#"<script type="module" src="/_live/reload.js"></script>"#;
        assert!(page.contains(tag), "{}: the reload script", path.display());
        assert!(
            page.find(tag) < page.find("</head>"),
            "{}: in the head",
            path.display()
        );
    }
    // The same cache, a release page: no reload script, no stamp.
    let (_b, release) = fixture_site();
    render_site_with(&release, true, Some(&cache), false).unwrap();
    assert!(!release.join("_live").exists());
    for (path, bytes) in snapshot(&release) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("_live/"),
            "{}",
            path.display()
        );
    }
    // Rendered again: a new stamp, so an open page reloads.
    let (_c, again) = fixture_site();
    std::thread::sleep(std::time::Duration::from_millis(2));
    render_site_with(&again, false, Some(&cache), true).unwrap();
    assert_ne!(read(&again, "_live/build"), stamp);
}

/// `--in-place` (assemble.sh, inside a build's own new folder): the same
/// pages as rendering into a copy, and a file of the folder that is a hard
/// link to another output's (trunk's page, press's data) is replaced, never
/// written through.
#[test]
#[cfg(unix)]
fn rendering_in_place_writes_the_same_pages_and_never_through_a_link() {
    let (_copy_dir, copied) = fixture_site();
    render_site(&copied, true).unwrap();
    let (dir, dist) = fixture_site();
    // The folder as assemble.sh makes it: hard links to the app's files.
    let app = dir.path().join("app");
    copy_dir(&dist, &app);
    fs::remove_dir_all(&dist).unwrap();
    fs::create_dir(&dist).unwrap();
    for entry in walkdir::WalkDir::new(&app).min_depth(1) {
        let entry = entry.unwrap();
        let to = dist.join(entry.path().strip_prefix(&app).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::hard_link(entry.path(), &to).unwrap();
        }
    }
    let template = read(&app, "index.html");
    broadsheet_render::render_site_into(&dist, true, None, false, true).unwrap();
    assert_eq!(pages(&dist), pages(&copied));
    assert_eq!(
        read(&app, "index.html"),
        template,
        "trunk's page is as it was"
    );
    let names = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(dir.path()), ["app", "dist"], "no copy beside it");
}
