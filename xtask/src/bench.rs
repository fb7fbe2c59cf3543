//! `cargo xtask bench`: performance numbers, measured the same way every time.
//!
//! Browser part (`tests/bench/browser.mjs`): the release site, a client-only
//! variant of it (the app before pre-rendering) and a plain-HTML baseline,
//! each on nginx, loaded by Chromium under a fixed throttled profile; in-app
//! navigation; the heap over 200 navigations; Lighthouse.
//! Non-browser part: press's full build (related stories included) at 1k, 10k
//! and 100k generated articles, and `press popular` throughput on a 1 GB log.
//! Results are printed as tables and written to target/bench/results.json.
//!
//! Search part (`tests/bench/search.mjs`): the search page over each
//! generated site's index, cold and warm, and known-item relevance; with
//! `--pagefind`, Pagefind over the same 10k stories for comparison;
//! `--reuse-dist`, the browser and search parts take `dist/` as it is (else they build it).
//!
//! Picture part (`bench/images.rs`): camera photos through press (seconds a
//! photo, the phone's bytes against the original), Lighthouse on an article
//! with one as its hero, and a rebuild with 10,000 pictures in the cache.
//!
//! Edit part (`bench/edit.rs`, `--only edit`): one edit of each kind on a
//! 100,000-story archive, press starting from its previous output.
//!
//! `--only browser`, `--only press`, `--only search`, `--only images` or `--only edit` runs one part (search
//! needs the sites press built); `--runs N` sets the number of cold loads per
//! page (default 5).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod edit;
mod images;

use crate::e2e::{copy_dir, start_nginx};
use crate::util::{brotli, files_under, gzip, note, project_root, run, step, Cmd, Result};

pub fn bench(args: &[String]) -> Result<()> {
    let only = flag_value(args, "--only");
    let root = project_root();
    let bench = root.join("target/bench");
    std::fs::create_dir_all(&bench).map_err(|e| e.to_string())?;
    let browser_json = bench.join("browser.json");
    let press_json = bench.join("press.json");
    if only.is_none() || only.as_deref() == Some("browser") {
        browser(args, &browser_json)?;
    }
    if only.is_none() || only.as_deref() == Some("press") {
        press(args, &press_json)?;
    }
    let images_json = bench.join("images.json");
    if only.is_none() || only.as_deref() == Some("images") {
        images::bench(args, &images_json)?;
    }
    let edit_json = bench.join("edit.json");
    if only.is_none() || only.as_deref() == Some("edit") {
        edit::bench(args, &edit_json)?;
    }
    let search_json = bench.join("search.json");
    if only.is_none() || only.as_deref() == Some("search") {
        search(args, &search_json)?;
    }
    let part = |path: &Path| std::fs::read_to_string(path).unwrap_or_else(|_| "null".into());
    let results = bench.join("results.json");
    std::fs::write(
        &results,
        format!(
            "{{\n\"browser\": {},\n\"press\": {},\n\"search\": {},\n\"images\": {},\n\"edit\": {}\n}}\n",
            part(&browser_json).trim(),
            part(&press_json).trim(),
            part(&search_json).trim(),
            part(&images_json).trim(),
            part(&edit_json).trim()
        ),
    )
    .map_err(|e| e.to_string())?;
    note(&format!("results written to {}", results.display()));
    Ok(())
}

fn flag_value(args: &[String], flag: &str) -> Option<String> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1).cloned())
}

fn browser(args: &[String], out: &Path) -> Result<()> {
    let root = project_root();
    let dist = root.join("dist");
    if !args.iter().any(|a| a == "--reuse-dist") || !dist.join("index.html").exists() {
        crate::dist()?;
    }
    step("Preparing the client-only variant and the static-HTML baseline");
    let before = variant(&dist, &root.join("target/bench/www-before"), empty_body)?;
    let baseline = variant(
        &dist,
        &root.join("target/bench/www-baseline"),
        strip_scripts,
    )?;
    let after_server = start_nginx(&dist)?;
    let before_server = start_nginx(&before)?;
    let baseline_server = start_nginx(&baseline)?;
    step("Browser benchmark (Chromium, 4x CPU, 150 ms RTT, 1.6 Mbps)");
    run(Cmd::new("node")
        .arg("tests/bench/browser.mjs")
        .env("AFTER", &after_server.url)
        .env("BEFORE", &before_server.url)
        .env("BASELINE", &baseline_server.url)
        .env(
            "RUNS",
            flag_value(args, "--runs").unwrap_or_else(|| "5".into()),
        )
        .env("OUT", out))
}

/// A copy of `dist` with every HTML page changed by `transform` (and its
/// precompressed copies redone, since nginx would serve those).
fn variant(dist: &Path, to: &Path, transform: fn(&str) -> String) -> Result<PathBuf> {
    let _ = std::fs::remove_dir_all(to);
    copy_dir(dist, to)?;
    for path in files_under(to) {
        if path.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            let changed = transform(&html);
            std::fs::write(&path, &changed).map_err(|e| e.to_string())?;
            for (extension, bytes) in [
                ("br", brotli(changed.as_bytes())),
                ("gz", gzip(changed.as_bytes())),
            ] {
                let mut name = path.clone().into_os_string();
                name.push(".");
                name.push(extension);
                std::fs::write(&name, bytes).map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(to.to_path_buf())
}

/// The app before pre-rendering: the page's head, an empty body.
fn empty_body(html: &str) -> String {
    match (html.find("<body>"), html.rfind("</body>")) {
        (Some(start), Some(end)) => format!("{}<body>\n{}", &html[..start], &html[end..]),
        _ => html.to_owned(),
    }
}

/// The physical limit: the same page and CSS with no script at all (and
/// none of the scripts' preloads; a picture's preload is the page's own).
fn strip_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let script = rest.find("<script");
        let preload = [
            r#"<link rel="modulepreload""#,
            r#"<link rel="preload" href"#,
        ]
        .iter()
        .filter_map(|p| rest.find(p))
        .min();
        match (script, preload) {
            (Some(s), p) if p.is_none_or(|p| s < p) => {
                out.push_str(&rest[..s]);
                let end = rest[s..]
                    .find("</script>")
                    .map_or(rest.len(), |e| s + e + 9);
                rest = &rest[end..];
            }
            (_, Some(p)) => {
                out.push_str(&rest[..p]);
                let end = rest[p..].find('>').map_or(rest.len(), |e| p + e + 1);
                rest = &rest[end..];
            }
            _ => break,
        }
    }
    out.push_str(rest);
    out
}

struct PressRun {
    articles: usize,
    seconds: f64,
    /// Building again over the previous output: includes swapping it out and deleting it.
    rebuild_seconds: f64,
    peak_mb: f64,
    /// `press related`: recall@5 against exact similarity, on a sample.
    recall_at_5: f64,
    /// Seconds for related stories alone.
    related_seconds: f64,
    /// Seconds of the search index step of the fresh build (its writing:
    /// it is computed while the other outputs are written), and its size.
    search_seconds: f64,
    /// A fresh build with `--no-search`.
    without_seconds: f64,
    index_mb: f64,
}

/// A number after `"key":` in press's JSON.
fn json_number(json: &str, key: &str) -> f64 {
    json.split(&format!("\"{key}\":"))
        .nth(1)
        .and_then(|rest| {
            rest.trim_start()
                .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'e' || c == '-'))
                .next()
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or(f64::NAN)
}

/// One `press popular` run, from its summary line
/// (`press popular: N lines (X MB) in S s = T MB/s; …`).
struct PopularRun {
    format: &'static str,
    lines: f64,
    megabytes: f64,
    seconds: f64,
    peak_mb: f64,
}

impl PopularRun {
    fn from_report(format: &'static str, stderr: &str) -> PopularRun {
        let summary = stderr
            .lines()
            .find(|l| l.starts_with("press popular:"))
            .unwrap_or_default();
        let number_after = |marker: &str| {
            summary
                .split(marker)
                .nth(1)
                .and_then(|rest| rest.trim_start_matches(['(', ' ']).split([' ', '(']).next())
                .and_then(|n| n.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        PopularRun {
            format,
            lines: number_after("press popular:"),
            megabytes: number_after("lines ("),
            seconds: number_after(" in "),
            peak_mb: peak_mb(stderr),
        }
    }
}

/// `--articles 1000,10000` (default 1k, 10k and 100k).
fn article_counts(args: &[String]) -> Result<Vec<usize>> {
    match args.iter().position(|a| a == "--articles") {
        Some(i) => args
            .get(i + 1)
            .ok_or("--articles needs a list such as 1000,10000")?
            .split(',')
            .map(|n| n.parse().map_err(|_| format!("bad article count {n:?}")))
            .collect(),
        None => Ok(vec![1_000, 10_000, 100_000]),
    }
}

/// press, built in the native release profile: its path.
fn native_press() -> Result<PathBuf> {
    step("Building press (native release profile)");
    run(Cmd::new("cargo").args([
        "build",
        "--quiet",
        "--profile",
        "native",
        "--package",
        "broadsheet-press",
    ]))?;
    Ok(project_root().join("target/native/press"))
}

fn press(args: &[String], results: &Path) -> Result<()> {
    let sizes = article_counts(args)?;
    let log_megabytes: u64 = match args.iter().position(|a| a == "--log-mb") {
        Some(i) => args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .ok_or("--log-mb needs a number")?,
        None => 1_000,
    };
    let press = native_press()?;
    let root = project_root();
    let bench = root.join("target/bench");
    std::fs::create_dir_all(&bench).map_err(|e| e.to_string())?;

    let mut press_runs = Vec::new();
    for &articles in &sizes {
        let content = bench.join(format!("content-{articles}"));
        if !content.join("site.toml").exists() {
            step(&format!("Generating {articles} articles"));
            run(Cmd::new(press.to_str().unwrap_or("press"))
                .args(["generate", "--articles", &articles.to_string(), "--out"])
                .arg(&content))?;
        }
        // Every build below reads the content from the page cache: else the
        // first build alone pays for the disk (load took 28 s instead of 3 s
        // at 100k), and the search index's cost drowned in it.
        let mut read = 0u64;
        for entry in walkdir::WalkDir::new(&content).into_iter().flatten() {
            if entry.file_type().is_file() {
                read += std::fs::read(entry.path()).map_or(0, |b| b.len() as u64);
            }
        }
        note(&format!(
            "content read once into the page cache: {} MB",
            read >> 20
        ));
        step(&format!(
            "press build: {articles} articles (into an empty folder, then again over that output)"
        ));
        let out = bench.join(format!("site-{articles}"));
        let _ = std::fs::remove_dir_all(&out);
        let mut timings = Vec::new();
        let mut peak: f64 = 0.0;
        let mut search_seconds = f64::NAN;
        for _ in 0..2 {
            let started = Instant::now();
            let output = Command::new(&press)
                .arg("build")
                .arg("--content")
                .arg(&content)
                .arg("--out")
                .arg(&out)
                .output()
                .map_err(|e| format!("cannot run press: {e}"))?;
            timings.push(started.elapsed().as_secs_f64());
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            if !output.status.success() {
                return Err(format!("press build failed:\n{stderr}"));
            }
            note(stderr.trim());
            peak = peak.max(peak_mb(&stderr));
            if search_seconds.is_nan() {
                search_seconds = step_seconds(&stderr, "search index");
            }
        }
        // The same build without the search index, for what the index adds.
        let without = bench.join(format!("site-{articles}-no-search"));
        let _ = std::fs::remove_dir_all(&without);
        let started = Instant::now();
        let output = Command::new(&press)
            .args(["build", "--no-search", "--content"])
            .arg(&content)
            .arg("--out")
            .arg(&without)
            .output()
            .map_err(|e| format!("cannot run press: {e}"))?;
        let without_seconds = started.elapsed().as_secs_f64();
        if !output.status.success() {
            return Err(format!(
                "press build --no-search failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let _ = std::fs::remove_dir_all(&without);
        let index_mb = megabytes_under(&out.join("data/search"));
        // For the search part of the bench: what the index adds to a fresh build.
        std::fs::write(
            bench.join(format!("site-{articles}.search.json")),
            format!(
                "{{ \"seconds\": {:.3}, \"mb\": {index_mb:.1} }}\n",
                timings[0] - without_seconds
            ),
        )
        .map_err(|e| e.to_string())?;
        step(&format!(
            "press related: {articles} articles, recall@5 against brute-force exact similarity"
        ));
        let sample = if articles >= 100_000 { "100" } else { "300" };
        let output = Command::new(&press)
            .args(["related", "--sample", sample, "--content"])
            .arg(&content)
            .output()
            .map_err(|e| format!("cannot run press: {e}"))?;
        let json = String::from_utf8_lossy(&output.stdout).into_owned();
        if !output.status.success() {
            return Err(format!(
                "press related failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        note(&json.split_whitespace().collect::<Vec<_>>().join(" "));
        press_runs.push(PressRun {
            articles,
            seconds: timings[0],
            rebuild_seconds: timings[1],
            peak_mb: peak,
            recall_at_5: json_number(&json, "recall_at_5"),
            related_seconds: json_number(&json, "seconds"),
            search_seconds,
            without_seconds,
            index_mb,
        });
    }

    let site = bench.join("site-sample");
    run(Cmd::new(press.to_str().unwrap_or("press"))
        .args(["build", "--quiet", "--content", "content", "--out"])
        .arg(&site))?;
    const END: &str = "2026-11-27T12:00:00Z";
    let popular_args = |format: &str| -> Vec<String> {
        [
            "popular",
            "--content",
            "content",
            "--now",
            END,
            "--format",
            format,
            "--site",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([site.to_string_lossy().into_owned(), "--logs".into()])
        .collect()
    };
    let mut popular_runs = Vec::new();
    for format in ["combined", "cloudfront", "cloudflare", "netlify"] {
        step(&format!(
            "press popular on a generated {format} log of {log_megabytes} MB (about)"
        ));
        let log = bench.join(format!("access-{log_megabytes}mb.{format}.log"));
        if !log.exists() {
            // About 236 bytes per combined line; the other formats' lines are longer.
            let lines = log_megabytes * 1_000_000 / 236;
            run(Cmd::new(press.to_str().unwrap_or("press"))
                .args(["sample-logs", "--content", "content", "--format", format])
                .args(["--lines", &lines.to_string(), "--end", END, "--out"])
                .arg(&log))?;
        }
        let output = Command::new(&press)
            .args(popular_args(format))
            .arg(&log)
            .current_dir(&root)
            .output()
            .map_err(|e| format!("cannot run press: {e}"))?;
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        if !output.status.success() {
            return Err(format!("press popular failed:\n{stderr}"));
        }
        note(stderr.trim());
        popular_runs.push(PopularRun::from_report(format, &stderr));
    }
    // The same CloudFront log through the shipped SQL in DuckDB (tests/bench/duckdb.mjs).
    step("deploy/analytics/athena-cloudfront.sql in DuckDB over the same CloudFront log");
    let cloudfront = bench.join(format!("access-{log_megabytes}mb.cloudfront.log"));
    let duck = Command::new("node")
        .arg("tests/bench/duckdb.mjs")
        .arg(&cloudfront)
        .arg(END)
        .current_dir(&root)
        .output()
        .map_err(|e| format!("cannot run node: {e}"))?;
    let duck_line = String::from_utf8_lossy(&duck.stdout).trim().to_owned();
    if !duck.status.success() {
        return Err(format!(
            "duckdb bench failed:\n{}",
            String::from_utf8_lossy(&duck.stderr)
        ));
    }
    note(&duck_line);

    // Ten times the size, streamed from the generator into press through a
    // pipe (`--logs -`): nothing is stored, memory must stay flat.
    let stream_megabytes = log_megabytes * 10;
    step(&format!(
        "press popular on a {stream_megabytes} MB combined log, streamed (never stored)"
    ));
    let mut generator = Command::new(&press)
        .args([
            "sample-logs",
            "--content",
            "content",
            "--end",
            END,
            "--out",
            "-",
            "--lines",
        ])
        .arg((stream_megabytes * 1_000_000 / 236).to_string())
        .current_dir(&root)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run press sample-logs: {e}"))?;
    let stdout = generator.stdout.take().ok_or("no pipe")?;
    let output = Command::new(&press)
        .args(popular_args("combined"))
        .arg("-")
        .current_dir(&root)
        .stdin(stdout)
        .output()
        .map_err(|e| format!("cannot run press: {e}"))?;
    let _ = generator.wait();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!("press popular (streamed) failed:\n{stderr}"));
    }
    note(stderr.trim());
    popular_runs.push(PopularRun::from_report("combined, streamed", &stderr));

    println!();
    println!("| press build (articles) | fresh build (s) | rebuild over old output (s) | peak memory (MB) | articles/s | related (s) | related recall@5 | search index step (s) | fresh build without search (s) | index on disk (MB) |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &press_runs {
        println!(
            "| {} | {:.2} | {:.2} | {:.0} | {:.0} | {:.2} | {:.3} | {:.2} | {:.2} | {:.1} |",
            r.articles,
            r.seconds,
            r.rebuild_seconds,
            r.peak_mb,
            r.articles as f64 / r.seconds,
            r.related_seconds,
            r.recall_at_5,
            r.search_seconds,
            r.without_seconds,
            r.index_mb
        );
    }
    println!();
    println!("| press popular (format) | log size (MB) | lines (millions) | throughput (MB/s) | lines/s (millions) | peak memory (MB) |");
    println!("|---|---:|---:|---:|---:|---:|");
    for r in &popular_runs {
        println!(
            "| {} | {:.0} | {:.1} | {:.0} | {:.2} | {:.0} |",
            r.format,
            r.megabytes,
            r.lines / 1e6,
            r.megabytes / r.seconds.max(1e-9),
            r.lines / r.seconds.max(1e-9) / 1e6,
            r.peak_mb
        );
    }

    println!();
    println!("{duck_line}");

    let json = format!(
        "{{\n  \"press_build\": [{}],\n  \"press_popular\": [{}],\n  \"duckdb\": {:?}\n}}\n",
        press_runs
            .iter()
            .map(|r| format!("{{ \"articles\": {}, \"seconds\": {:.3}, \"rebuild_seconds\": {:.3}, \"peak_mb\": {:.1}, \"related_seconds\": {:.3}, \"recall_at_5\": {:.4}, \"search_seconds\": {:.3}, \"without_search_seconds\": {:.3}, \"index_mb\": {:.1} }}", r.articles, r.seconds, r.rebuild_seconds, r.peak_mb, r.related_seconds, r.recall_at_5, r.search_seconds, r.without_seconds, r.index_mb))
            .collect::<Vec<_>>()
            .join(", "),
        popular_runs
            .iter()
            .map(|r| format!("{{ \"format\": \"{}\", \"megabytes\": {:.1}, \"lines\": {}, \"seconds\": {:.3}, \"peak_mb\": {:.1} }}", r.format, r.megabytes, r.lines, r.seconds, r.peak_mb))
            .collect::<Vec<_>>()
            .join(", "),
        duck_line,
    );
    std::fs::write(results, json).map_err(|e| e.to_string())
}

/// Seconds of one named step in press's summary (`…, search index 2.13s, …`).
fn step_seconds(stderr: &str, step: &str) -> f64 {
    let Some(rest) = stderr.split(&format!(", {step} ")).nth(1) else {
        return f64::NAN;
    };
    let value = rest.split([',', ')']).next().unwrap_or_default().trim();
    let (number, scale) = if let Some(ms) = value.strip_suffix("ms") {
        (ms, 1e-3)
    } else if let Some(us) = value.strip_suffix("µs") {
        (us, 1e-6)
    } else {
        (value.trim_end_matches('s'), 1.0)
    };
    number.parse::<f64>().map_or(f64::NAN, |n| n * scale)
}

/// The search part: for each generated site press built (`--only press`
/// first), the release app with that site's index on nginx, measured by
/// tests/bench/search.mjs; with `--pagefind`, Pagefind over the 10k site too.
fn search(args: &[String], out: &Path) -> Result<()> {
    let root = project_root();
    let dist = root.join("dist");
    // Built every time (a stale search module measures the wrong code),
    // unless told to take dist as it is.
    if !args.iter().any(|a| a == "--reuse-dist") || !dist.join("index.html").exists() {
        crate::dist()?;
    }
    let bench = root.join("target/bench");
    let mut sites = Vec::new();
    let mut servers = Vec::new();
    for articles in article_counts(args)? {
        let site = bench.join(format!("site-{articles}"));
        let index = site.join("data/search/index.json");
        let Ok(toc) = std::fs::read_to_string(&index) else {
            note(&format!(
                "{}: missing; run `cargo xtask bench --only press` first",
                index.display()
            ));
            continue;
        };
        step(&format!(
            "Search: the app with the index of {articles} articles"
        ));
        let www = bench.join(format!("www-search-{articles}"));
        // Made again unless it already holds this dist and this index.
        let same = |relative: &str, from: &Path| {
            std::fs::read(www.join(relative)).ok() == std::fs::read(from.join(relative)).ok()
        };
        if !(same("data/search/index.json", &site) && same("index.html", &dist)) {
            let _ = std::fs::remove_dir_all(&www);
            copy_dir(&dist, &www)?;
            std::fs::remove_dir_all(www.join("data/search")).map_err(|e| e.to_string())?;
            copy_gzipped(&site.join("data/search"), &www.join("data/search"))?;
        }
        let stats = std::fs::read_to_string(bench.join(format!("site-{articles}.search.json")))
            .unwrap_or_default();
        let server = start_nginx(&www)?;
        sites.push(format!(
            "{{\"articles\": {articles}, \"url\": \"{}\", \"dir\": \"{}\", \"documents\": {}, \"index_seconds\": {}, \"index_mb\": {}}}",
            server.url,
            www.display(),
            json_number(&toc, "documents"),
            json_number(&stats, "seconds"),
            json_number(&stats, "mb"),
        ));
        servers.push(server);
    }
    let mut command = Cmd::new("node")
        .arg("tests/bench/search.mjs")
        .env("SITES", format!("[{}]", sites.join(",")))
        .env("OUT", out);
    if args.iter().any(|a| a == "--pagefind") {
        let site = bench.join("site-10000");
        step("Search: Pagefind over the same 10,000 stories (npm pagefind, its Node API)");
        let www = bench.join("www-pagefind-10000");
        let _ = std::fs::remove_dir_all(&www);
        std::fs::create_dir_all(&www).map_err(|e| e.to_string())?;
        std::fs::write(
            www.join("index.html"),
            "<!DOCTYPE html><title>Pagefind</title><p>Pagefind benchmark</p>\n",
        )
        .map_err(|e| e.to_string())?;
        // The shipped nginx.conf includes the site's redirect map.
        std::fs::create_dir_all(www.join("redirects")).map_err(|e| e.to_string())?;
        std::fs::write(www.join("redirects/nginx.map"), "").map_err(|e| e.to_string())?;
        let output = Command::new("node")
            .arg("tests/bench/pagefind-index.mjs")
            .arg(&site)
            .arg(www.join("pagefind"))
            .output()
            .map_err(|e| format!("cannot run node: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "Pagefind failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let timing = String::from_utf8_lossy(&output.stdout).into_owned();
        note(timing.trim());
        let mb = megabytes_under(&www.join("pagefind"));
        // Pagefind's own .pf_* and WebAssembly files are stored compressed.
        gzip_beside(&www, |file| {
            file.extension()
                .is_some_and(|e| e == "js" || e == "json" || e == "html")
        })?;
        let server = start_nginx(&www)?;
        command = command.env(
            "PAGEFIND",
            format!(
                "{{\"articles\": 10000, \"url\": \"{}\", \"dir\": \"{}\", \"documents\": 10000, \"index_seconds\": {:.1}, \"index_mb\": {mb:.1}}}",
                server.url,
                site.display(),
                json_number(&timing, "seconds"),
            ),
        );
        servers.push(server);
    }
    if sites.is_empty() {
        return Err(
            "no site with a search index; run `cargo xtask bench --only press` first".into(),
        );
    }
    run(command)
}

/// Copies a folder, with a `.gz` beside every file (nginx's gzip_static).
fn copy_gzipped(from: &Path, to: &Path) -> Result<()> {
    copy_dir(from, to)?;
    gzip_beside(to, |_| true)
}

/// Writes `name.gz` beside every file under `dir` that `wanted` picks.
fn gzip_beside(dir: &Path, wanted: impl Fn(&Path) -> bool) -> Result<()> {
    for file in files_under(dir).into_iter().filter(|f| wanted(f)) {
        let bytes = std::fs::read(&file).map_err(|e| e.to_string())?;
        let mut name = file.into_os_string();
        name.push(".gz");
        std::fs::write(name, gzip(&bytes)).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The size of the files under `dir`, in MB.
fn megabytes_under(dir: &Path) -> f64 {
    files_under(dir)
        .iter()
        .filter_map(|f| f.metadata().ok())
        .map(|m| m.len())
        .sum::<u64>() as f64
        / 1e6
}

/// Reads "peak memory N MB" from press's summary.
fn peak_mb(stderr: &str) -> f64 {
    stderr
        .split("peak memory ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_press_json() {
        let json = "{\"seconds\": 1.5,\n \"recall\": {\"recall_at_5\": 0.97}}";
        assert_eq!(json_number(json, "seconds"), 1.5);
        assert_eq!(json_number(json, "recall_at_5"), 0.97);
        assert!(json_number(json, "missing").is_nan());
    }

    #[test]
    fn baseline_has_no_script_and_before_has_no_body() {
        let page = "<head><link rel=\"stylesheet\" href=\"/m.css\"><script type=\"module\" src=\"/b.js\"></script>\n<link rel=\"modulepreload\" href=\"/a.js\"><link rel=\"preload\" href=\"/a.wasm\" as=\"fetch\"></head><body>\n<div id=\"app\"><h1>Hi</h1></div>\n<script type=\"application/json\">{}</script>\n</body></html>";
        assert_eq!(
            strip_scripts(page),
            "<head><link rel=\"stylesheet\" href=\"/m.css\">\n</head><body>\n<div id=\"app\"><h1>Hi</h1></div>\n\n</body></html>"
        );
        assert_eq!(
            empty_body(page),
            "<head><link rel=\"stylesheet\" href=\"/m.css\"><script type=\"module\" src=\"/b.js\"></script>\n<link rel=\"modulepreload\" href=\"/a.js\"><link rel=\"preload\" href=\"/a.wasm\" as=\"fetch\"></head><body>\n</body></html>"
        );
    }
}
