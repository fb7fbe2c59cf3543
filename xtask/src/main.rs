//! Broadsheet's task runner: `cargo xtask <task>`.
//!
//! A few small crates (compression, TOML, directory walks, the model's path
//! rules), so it compiles in well under a minute on a fresh machine. Every
//! task first runs the set-up steps it needs; each step checks before it
//! installs, so a second run takes seconds.

mod bench;
mod e2e;
mod embargo;
mod setup;
mod util;

use std::process::ExitCode;

use util::{project_root, run, Cmd, Result};

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  setup   install everything the project needs (idempotent)
  serve   build the sample content and serve the site on http://127.0.0.1:8080
  dist    build the deployable site into dist/ (release, precompressed)
  test    run every test: fmt, clippy, native tests, size budget, browser end-to-end
  serve --drafts   the same, with drafts shown (marked 'Draft', never indexed)
  e2e     run only the browser end-to-end tests against dist/ (after `dist`)
  preview serve dist/ with nginx and deploy/nginx.conf on http://127.0.0.1:8081
  bench   measure load, navigation and build performance (see docs/performance.md)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::all(setup::Needs::Everything),
        Some("serve") => serve(args.iter().any(|a| a == "--drafts")),
        Some("dist") => setup::all(setup::Needs::Build).and_then(|()| dist()),
        Some("test") => test(),
        Some("e2e") => setup::all(setup::Needs::Everything).and_then(|()| e2e::run_against_dist()),
        Some("preview") => e2e::preview(),
        Some("bench") => {
            setup::all(setup::Needs::Everything).and_then(|()| bench::bench(&args[1..]))
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `trunk serve`; with `--drafts`, drafts are built too, marked "Draft"
/// and never indexable (press's `--drafts`, through the pre-build hook).
fn serve(drafts: bool) -> Result<()> {
    setup::all(setup::Needs::Build)?;
    let public_url = util::public_url(&project_root().join("content"))?;
    util::step(&format!(
        "Serving the site on http://127.0.0.1:8080{public_url}{} (Ctrl-C to stop)",
        if drafts { " with drafts" } else { "" }
    ));
    let mut command = Cmd::new("trunk").args(["serve", "--public-url", &public_url]);
    if drafts {
        command = command.env("BROADSHEET_DRAFTS", "1");
    }
    run(command)
}

/// Builds the release site into `dist/`.
pub(crate) fn dist() -> Result<()> {
    util::step("Building the release site into dist/ (trunk build --release)");
    build_site(
        &project_root().join("content"),
        &project_root().join("dist"),
    )?;
    util::precompress(&project_root().join("dist"))?;
    util::report_sizes(&project_root().join("dist"))
}

/// `trunk build --release` of `content` into `out`, hosted where the
/// content's `base_url` says (its path becomes trunk's public URL).
pub(crate) fn build_site(content: &std::path::Path, out: &std::path::Path) -> Result<()> {
    let public_url = util::public_url(content)?;
    run(Cmd::new("trunk")
        .args(["build", "--release", "--public-url", &public_url, "--dist"])
        .arg(out)
        .env("BROADSHEET_CONTENT", content))
}

fn test() -> Result<()> {
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
    util::step("Native tests (cargo test --workspace)");
    run(Cmd::new("cargo").args(["test", "--workspace"]))?;
    dist()?;
    embargo::check(&project_root().join("dist"))?;
    util::step("Size budget for first-load JS + WASM");
    util::check_budget(&project_root().join("dist"))?;
    e2e::run_against_dist()?;
    e2e::run_under_sub_path()
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
