//! Broadsheet's task runner: `cargo xtask <task>`.
//!
//! A few small crates (compression, TOML, directory walks, the model's path
//! rules), so it compiles in well under a minute on a fresh machine. Every
//! task first runs the set-up steps it needs; each step checks before it
//! installs, so a second run takes seconds.

mod bench;
mod e2e;
mod embargo;
mod release_app;
mod serve;
mod setup;
mod site_changes;
mod split_app;
mod util;

use std::process::ExitCode;

use util::{project_root, run, Cmd, Result};

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  setup   install everything the project needs (idempotent)
  serve   build the content and serve the site on http://127.0.0.1:8080; an
          edit to the content is live (and the page reloaded) within a second
  dist    build the deployable site into dist/ (release, precompressed)
  preview serve dist/ with nginx and deploy/nginx.conf on http://127.0.0.1:8081
          (with --content, build that folder into dist/ first)
  test    run every test: fmt, clippy, native tests, size budget, browser end-to-end
  e2e     run only the browser end-to-end tests against dist/ (after `dist`)
  pictures  run only the picture tests: the sample site with camera photos, in the browser
  languages run only the language tests: the German, Arabic and Japanese fixture sites, in the browser
  serve-check  run only the check of `serve`: edits to a copy of the content,
          live in an open page (tests/serve/)
  screenshots  every page kind at 360, 768 and 1280 px, light and dark, of
          dist/ into target/screenshots/ (after `dist`)
  bench   measure load, navigation and build performance (see docs/performance.md)

options:
  --content DIR   (serve, dist, preview) build the content folder DIR instead
                  of content/ (a folder with site.toml and articles/)
  --drafts        (serve) show drafts too (marked 'Draft', never indexed)
  --port N        (serve) serve on port N instead of 8080
  --changes FILE  (dist) write what the build changed in dist/ to FILE:
                  `+ path` written, `- path` deleted (docs/deploy.md)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match Options::parse(&args) {
        Ok(options) => options,
        Err(error) => {
            eprintln!("xtask: error: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::all(setup::Needs::Everything),
        Some("serve") => options
            .content()
            .and_then(|content| serve::serve(&content, options.drafts, options.port)),
        Some("dist") => options.content().and_then(|content| {
            setup::all(setup::Needs::Build)
                .and_then(|()| dist_of(&content, options.changes.as_deref()))
        }),
        Some("test") => test(),
        // Internal: trunk's hook (xtask/hooks/assemble.sh) during `dist`.
        Some("split-app") => match args.get(1) {
            Some(staging) => split_app::split_app(std::path::Path::new(staging)),
            None => Err("split-app needs trunk's staging folder".to_owned()),
        },
        Some("e2e") => setup::all(setup::Needs::Everything).and_then(|()| e2e::run_against_dist()),
        Some("pictures") => setup::all(setup::Needs::Everything).and_then(|()| e2e::run_pictures()),
        Some("languages") => {
            setup::all(setup::Needs::Everything).and_then(|()| e2e::run_languages())
        }
        Some("serve-check") => setup::all(setup::Needs::Everything).and_then(|()| serve::check()),
        Some("screenshots") => {
            setup::all(setup::Needs::Everything).and_then(|()| e2e::screenshots())
        }
        Some("preview") => match &options.content {
            Some(_) => options.content().and_then(|content| {
                setup::all(setup::Needs::Build)
                    .and_then(|()| dist_of(&content, None))
                    .and_then(|()| e2e::preview())
            }),
            None => e2e::preview(),
        },
        Some("bench") => {
            setup::all(setup::Needs::Everything).and_then(|()| bench::bench(&args[1..]))
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    util::wait_for_removals();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The options after the task's name.
#[derive(Debug, PartialEq)]
struct Options {
    /// `--content DIR`, as given.
    content: Option<std::path::PathBuf>,
    /// `--drafts`.
    drafts: bool,
    /// `--port N` (serve).
    port: u16,
    /// `--changes FILE` (dist).
    changes: Option<std::path::PathBuf>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            content: None,
            drafts: false,
            port: 8080,
            changes: None,
        }
    }
}

impl Options {
    fn parse(args: &[String]) -> Result<Options> {
        let mut options = Options::default();
        let mut rest = args.iter().skip(1);
        while let Some(arg) = rest.next() {
            match arg.as_str() {
                "--drafts" => options.drafts = true,
                "--port" => {
                    let port = rest.next().ok_or("--port needs a number")?;
                    options.port = port
                        .parse()
                        .map_err(|_| format!("--port {port}: not a port number"))?;
                }
                "--content" => {
                    let dir = rest.next().ok_or("--content needs a folder")?;
                    options.content = Some(dir.into());
                }
                "--changes" => {
                    let file = rest.next().ok_or("--changes needs a file")?;
                    options.changes = Some(file.into());
                }
                other => match other.strip_prefix("--content=") {
                    Some(dir) => options.content = Some(dir.into()),
                    // bench has options of its own, split-app a folder.
                    None if args
                        .first()
                        .is_some_and(|t| t == "bench" || t == "split-app") => {}
                    None => return Err(format!("unknown option `{other}`")),
                },
            }
        }
        Ok(options)
    }

    /// The content folder to build, absolute (trunk's hooks run from the
    /// project root): `--content DIR`, or the sample content.
    fn content(&self) -> Result<std::path::PathBuf> {
        let Some(dir) = &self.content else {
            return Ok(project_root().join("content"));
        };
        let dir =
            std::fs::canonicalize(dir).map_err(|e| format!("--content {}: {e}", dir.display()))?;
        if !dir.join("site.toml").is_file() {
            return Err(format!(
                "--content {}: not a content folder (no site.toml in it)",
                dir.display()
            ));
        }
        Ok(dir)
    }
}

/// `cargo clippy` of the app for the browser with `features`, warnings denied.
fn lint_app_for_browser(features: &str) -> Cmd {
    Cmd::new("cargo").args([
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "broadsheet",
        "--features",
        features,
        "--",
        "-D",
        "warnings",
    ])
}

/// `trunk serve` of `content`; with `--drafts`, drafts are built too, marked
/// "Draft" and never indexable (press's `--drafts`, through the pre-build hook).
/// Builds the release site of the sample content into `dist/`.
pub(crate) fn dist() -> Result<()> {
    dist_of(&project_root().join("content"), None)
}

/// Builds the release site of `content` into `dist/`; with `changes`, writes
/// there what changed in it (`site_changes`).
fn dist_of(content: &std::path::Path, changes: Option<&std::path::Path>) -> Result<()> {
    util::step(&format!(
        "Building the release site of {} into dist/",
        content.display()
    ));
    let dist = project_root().join("dist");
    let before = match changes {
        Some(_) => site_changes::list(&dist)?,
        None => Default::default(),
    };
    build_site(content, &dist)?;
    util::precompress(&dist)?;
    if let Some(file) = changes {
        let (written, deleted) = site_changes::diff(&before, &site_changes::list(&dist)?);
        site_changes::write(file, &written, &deleted)?;
        util::note(&format!(
            "{} file(s) written, {} deleted: {}",
            written.len(),
            deleted.len(),
            file.display()
        ));
    }
    util::report_sizes(&dist)
}

/// The release site of `content` in `out` (`release_app`: trunk, or its
/// hooks alone when the app is as its last release build left it).
pub(crate) fn build_site(content: &std::path::Path, out: &std::path::Path) -> Result<()> {
    release_app::build_site(content, out).map(drop)
}

fn test() -> Result<()> {
    util::warn_if_disk_is_short(8);
    setup::all(setup::Needs::Everything)?;
    util::step("Checking formatting (cargo fmt --check)");
    run(Cmd::new("cargo").args(["fmt", "--all", "--check"]))?;
    util::step("Linting (cargo clippy --workspace --all-targets -- -D warnings)");
    run(Cmd::new("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    every_page_kind_is_handled()?;
    // The measurement build of docs/performance.md ("Islands against full
    // hydration") must keep building for the browser, warnings included.
    util::step("The islands probe builds for the browser (--features csr,islands-probe)");
    run(lint_app_for_browser("csr,islands-probe"))?;
    // The split points (src/routes/page_views.rs) are compiled only in
    // `dist`'s build of the app: lint them as it builds them.
    util::step("The app's split build lints clean (BROADSHEET_SPLIT=1, --features csr,split)");
    run(lint_app_for_browser("csr,split").env("BROADSHEET_SPLIT", "1"))?;
    util::step("Native tests (cargo test --workspace)");
    run(Cmd::new("cargo").args(["test", "--workspace"]))?;
    dist()?;
    release_app::check_same_site(
        &project_root().join("content"),
        &project_root().join("dist"),
    )?;
    embargo::check(&project_root().join("dist"))?;
    e2e::check_popular_source(
        &project_root().join("dist"),
        broadsheet_model::PopularSource::Logs,
    )?;
    util::step("Size budget for first-load JS + WASM");
    util::check_budget(&project_root().join("dist"))?;
    e2e::run_analytics()?;
    e2e::run_against_dist()?;
    e2e::run_layout_on_generated()?;
    e2e::run_pictures()?;
    e2e::run_under_sub_path()?;
    e2e::run_languages()?;
    serve::check()
}

/// `Route` is the one list of page kinds: with the model's probe variant (a
/// page kind nobody handles), the app must not compile, and render must not
/// compile even when the app handles it. Each failure must be the
/// non-exhaustive match in that package's own code.
fn every_page_kind_is_handled() -> Result<()> {
    util::step("A new page kind must be handled by the app and by render (Route::Probe)");
    let cases = [
        (
            "broadsheet",
            "broadsheet-model/exhaustiveness-probe",
            "src/routes/",
        ),
        (
            "broadsheet-render",
            "broadsheet/exhaustiveness-probe",
            "crates/render/src/",
        ),
    ];
    for (package, feature, place) in cases {
        let mut command = Cmd::new("cargo")
            .args([
                "check",
                "--quiet",
                "--message-format",
                "short",
                "-p",
                package,
            ])
            .args(["--features", feature])
            .into_command();
        let output = command
            .output()
            .map_err(|e| format!("cannot run cargo check: {e}"))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        let refused = stderr.lines().any(|line| {
            line.starts_with(place) && line.contains("E0004") && line.contains("Route::Probe")
        });
        if output.status.success() || !refused {
            return Err(format!(
                "{package} compiled with a page kind it does not handle, or failed for another reason:\n{stderr}"
            ));
        }
        util::note(&format!(
            "{package}: refused, as it must ({})",
            stderr
                .lines()
                .find(|l| l.contains("E0004"))
                .unwrap_or_default()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Options;

    fn parse(args: &[&str]) -> Result<Options, String> {
        Options::parse(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn options() {
        assert_eq!(parse(&["dist"]).unwrap(), Options::default());
        let options = parse(&["serve", "--drafts", "--content", "/tmp/c"]).unwrap();
        assert!(options.drafts);
        assert_eq!(options.content.unwrap(), std::path::Path::new("/tmp/c"));
        let options = parse(&["preview", "--content=c"]).unwrap();
        assert_eq!(options.content.unwrap(), std::path::Path::new("c"));
        assert!(parse(&["dist", "--content"]).is_err());
        assert!(parse(&["dist", "--contnet", "c"]).is_err());
        assert!(parse(&["bench", "--quick"]).is_ok());
    }

    #[test]
    fn content_must_be_a_content_folder() {
        let options = parse(&["dist", "--content", "/nonexistent-broadsheet"]).unwrap();
        assert!(options
            .content()
            .unwrap_err()
            .contains("/nonexistent-broadsheet"));
        let options = parse(&["dist", "--content", "/"]).unwrap();
        assert!(options.content().unwrap_err().contains("no site.toml"));
    }
}
