//! `cargo xtask serve`: the site while you work on it.
//!
//! Two paths, so that an edit to a story is in the browser within a second:
//!
//! - **The app** (`src/`, `style/`, `index.html`, press's sources): `trunk
//!   serve` watches them and builds everything again (cargo, wasm-bindgen,
//!   then the hooks in `xtask/hooks/`), as before.
//! - **The content** (`--content`, or `content/`): watched here. An edit
//!   runs press (an incremental build of `target/site`) and render (only the
//!   pages whose data changed; the rest from its cache) into a new folder,
//!   from the app trunk built last (`target/serve/app`), and swaps it in as
//!   the folder trunk serves (`target/serve/dist`: `dist/` keeps the
//!   release build). No cargo, no wasm-bindgen.
//!
//! Either way every page carries render's `--live-reload` script, which
//! reloads it once the site's `_live/build` stamp changes (trunk's own
//! reload is turned off: it knows only its own builds).

use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant, SystemTime};

use crate::util::{self, project_root, Cmd, Result};

/// How often the content folder is looked at.
const LOOK_EVERY: Duration = Duration::from_millis(100);

pub fn serve(content: &Path, drafts: bool, port: u16) -> Result<()> {
    crate::setup::all(crate::setup::Needs::Build)?;
    let public_url = util::public_url(content)?;
    util::step(&format!(
        "Serving {} on http://127.0.0.1:{port}{public_url}{} (Ctrl-C to stop)",
        content.display(),
        if drafts { " with drafts" } else { "" }
    ));
    let mut command = Cmd::new("trunk")
        .args(["serve", "--no-autoreload", "--port", &port.to_string()])
        .arg("--dist")
        .arg(served_dir())
        .args(["--public-url", &public_url])
        .env("BROADSHEET_CONTENT", content)
        .into_command();
    if drafts {
        command.env("BROADSHEET_DRAFTS", "1");
    }
    let mut trunk = command
        .spawn()
        .map_err(|e| format!("cannot start trunk: {e}"))?;
    let result = watch_content(content, drafts, &mut trunk);
    let _ = trunk.kill();
    let _ = trunk.wait();
    result
}

/// Rebuilds the content whenever it changes, until trunk stops.
fn watch_content(content: &Path, drafts: bool, trunk: &mut Child) -> Result<()> {
    let mut seen = fingerprint(content);
    let mut pending = false;
    loop {
        if let Some(status) = trunk.try_wait().map_err(|e| e.to_string())? {
            return Err(format!("trunk serve stopped ({status})"));
        }
        std::thread::sleep(LOOK_EVERY);
        let now = fingerprint(content);
        if now != seen {
            seen = now;
            pending = true;
        }
        // Until trunk's first build has kept the app, its own build (whose
        // press runs later) takes the edit.
        if pending && app_dir().is_dir() {
            pending = false;
            let started = Instant::now();
            match rebuild_content(content, drafts) {
                Ok(()) => util::note(&format!(
                    "content rebuilt and live in {} ms",
                    started.elapsed().as_millis()
                )),
                // The site stays as it was; the next edit tries again.
                Err(error) => eprintln!("xtask serve: {error}"),
            }
        }
    }
}

/// Every file of the content folder with its length and time: a change to
/// any of them (or a file added or removed) is an edit.
fn fingerprint(content: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|entry| entry.ok())
        .filter(|entry| {
            // press's own cache of pictures lives in the content folder.
            !entry
                .path()
                .components()
                .any(|c| c.as_os_str() == ".press-cache")
        })
        .filter_map(|entry| {
            let meta = entry.metadata().ok()?;
            Some((entry.into_path(), meta.len(), meta.modified().ok()))
        })
        .collect()
}

fn app_dir() -> PathBuf {
    project_root().join("target/serve/app")
}

/// The folder trunk serves: not `dist/`, which holds the release build.
pub fn served_dir() -> PathBuf {
    project_root().join("target/serve/dist")
}

/// press and render into a new folder, then that folder in place of the one
/// trunk serves ([`served_dir`]).
fn rebuild_content(content: &Path, drafts: bool) -> Result<()> {
    let root = project_root();
    let hook = |script: &str, args: &[&Path]| {
        let mut command = Cmd::new("sh")
            .arg(root.join("xtask/hooks").join(script))
            .args(args.iter().copied())
            .env("BROADSHEET_CONTENT", content)
            .env("BROADSHEET_TOOLS_BUILT", "1")
            .into_command();
        command.current_dir(&root).env_remove("TRUNK_STAGING_DIR");
        if drafts {
            command.env("BROADSHEET_DRAFTS", "1");
        }
        let output = command
            .output()
            .map_err(|e| format!("{script}: cannot run: {e}"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{script} failed:\n{}",
                String::from_utf8_lossy(&output.stderr).trim_end()
            ))
        }
    };
    hook("content.sh", &[])?;
    let next = root.join("target/serve/next");
    remove_if_there(&next)?;
    std::fs::create_dir_all(&next).map_err(|e| format!("{}: {e}", next.display()))?;
    hook("assemble.sh", &[&next])?;
    let served = served_dir();
    let old = root.join("target/serve/old");
    remove_if_there(&old)?;
    // Two renames: for a moment there is no dist/, and a request in that
    // moment is a 404 (a development server; the reader's host never sees
    // this: press and render swap their own outputs atomically).
    if served.exists() {
        std::fs::rename(&served, &old).map_err(|e| format!("{}: {e}", served.display()))?;
    }
    std::fs::rename(&next, &served).map_err(|e| format!("{}: {e}", next.display()))?;
    remove_if_there(&old)
}

fn remove_if_there(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("{}: {e}", dir.display())),
    }
}

/// `cargo xtask test`'s check of `serve`: the sample content (a copy) served
/// on a port of its own, and the browser tests in `tests/serve/` editing it.
pub fn check() -> Result<()> {
    util::step("Serving while editing: cargo xtask serve, an edit, the page reloaded");
    let root = project_root();
    let work = root.join("target/serve-check");
    let _ = std::fs::remove_dir_all(&work);
    let content = work.join("content");
    crate::e2e::copy_dir(&root.join("content"), &content)?;
    let log_path = work.join("serve.log");
    let log =
        std::fs::File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
    let port = 8095;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut command = std::process::Command::new(exe);
    command
        .args(["serve", "--port", &port.to_string(), "--content"])
        .arg(&content)
        .current_dir(&root)
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log);
    // Its own process group: stopping it stops trunk and what trunk runs.
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let stamp = served_dir().join("_live/build");
    let _ = std::fs::remove_file(&stamp);
    let mut server = command
        .spawn()
        .map_err(|e| format!("cannot start serve: {e}"))?;
    let result = wait_until_served(&mut server, &stamp, port, &log_path).and_then(|()| {
        util::run(
            Cmd::new("node")
                .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
                .arg("tests/serve/")
                .env("BROADSHEET_URL", format!("http://127.0.0.1:{port}"))
                .env("BROADSHEET_CONTENT", &content)
                .env("BROADSHEET_SERVE_LOG", &log_path),
        )
    });
    let _ = std::process::Command::new("kill")
        .args(["-s", "TERM", "--", &format!("-{}", server.id())])
        .status();
    let _ = server.wait();
    result
}

/// Waits for trunk's first build (the first minutes on a new machine: the
/// app is compiled in the dev profile) and for its server.
fn wait_until_served(server: &mut Child, stamp: &Path, port: u16, log: &Path) -> Result<()> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(1200) {
        if let Some(status) = server.try_wait().map_err(|e| e.to_string())? {
            let log = std::fs::read_to_string(log).unwrap_or_default();
            return Err(format!("xtask serve stopped ({status}):\n{log}"));
        }
        let listening = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
        if listening && stamp.is_file() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err("xtask serve did not serve the site within 20 minutes".into())
}
