//! Renders the fixture site in `tests/fixtures/site` (trunk's page plus a
//! tiny JSON API) and checks the pages a reader, a crawler and the app get.

use std::fs;
use std::path::{Path, PathBuf};

use broadsheet_render::render_site;
use serde_json::Value;

const ARTICLE: &str = "world/2026/11/18/weather-data-compact-draft";

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
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
    // Front, 404, one section page, one article.
    assert_eq!(summary.pages, 4);
    for path in [
        "index.html",
        "404.html",
        "world/index.html",
        &format!("{ARTICLE}/index.html"),
    ] {
        let html = read(&dist, path);
        assert!(
            html.contains(r#"<div id="app" class="app-root">"#),
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
    assert!(read(&dist, &boot[0]).starts_with("import init"));
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
    assert!(html.contains(r#"<p class="byline">By <!>Henrik Aalto</p>"#));
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
