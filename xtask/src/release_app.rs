//! The release build of a site, with the app kept between builds (issue 31:
//! an edit's `cargo xtask dist`). trunk's release build of an app that has
//! not changed still runs cargo, wasm-bindgen and wasm-opt again (about
//! 20 s here); a content edit needs none of it.
//!
//! After each trunk release build, its hook (`xtask/hooks/assemble.sh`)
//! keeps the app it built in `target/release-app`, and this module writes
//! beside it the key of everything that app was built from ([`app_key`]:
//! the app's sources, the model's, the lock file, trunk's settings, the
//! toolchain, the public URL). A build whose key is the kept one runs the
//! same two hooks trunk runs (press, then the app, press's output and
//! render into a new folder) and swaps that folder in for the output: the
//! same site, without trunk.

use std::path::{Path, PathBuf};

use crate::util::{self, project_root, run, Cmd, Result};

/// What the app is built from, besides the public URL and the tools.
const APP_INPUTS: &[&str] = &[
    "index.html",
    "Trunk.toml",
    "Cargo.toml",
    "Cargo.lock",
    // The split into two modules (`split_app`): the app's build script,
    // and the step that splits it (its splitter's version is in the lock).
    "build.rs",
    "xtask/src/split_app.rs",
    // wasm-opt (npm binaryen).
    "package-lock.json",
    "src",
    "style",
    "public",
    "crates/model",
    "crates/model-derive",
    // Patched dependencies (Leptos' renderer).
    "vendor",
    ".cargo",
    "rust-toolchain",
    "rust-toolchain.toml",
];

fn kept_app() -> PathBuf {
    project_root().join("target/release-app")
}

fn key_file() -> PathBuf {
    project_root().join("target/release-app.key")
}

/// `trunk build --release` of `content` into `out`, hosted where the
/// content's `base_url` says (its path becomes trunk's public URL); or,
/// when the app kept from the last such build was made from the same
/// inputs, the hooks alone.
pub fn build_site(content: &Path, out: &Path) -> Result<Built> {
    let public_url = util::public_url(content)?;
    let tools = [
        util::output("rustc", &["-V"]).unwrap_or_default(),
        util::output("trunk", &["--version"]).unwrap_or_default(),
    ]
    .join("");
    let key = app_key(&project_root(), &public_url, &tools);
    let kept = std::fs::read_to_string(key_file()).ok();
    if kept_app().is_dir() && kept.as_deref() == Some(key.as_str()) && replaceable(out, &kept_app())
    {
        util::note("the app is as its last release build left it: press and render only");
        return assemble_without_trunk(content, out).map(|()| Built::KeptApp);
    }
    // A build that fails part-way leaves no key: the next one runs trunk.
    let _ = std::fs::remove_file(key_file());
    // The app split in two modules (`split_app`): trunk's cargo builds it
    // with the split points, and its hook splits it.
    let xtask = std::env::current_exe().map_err(|e| format!("xtask's own path: {e}"))?;
    run(Cmd::new("trunk")
        .args(["build", "--release", "--public-url", &public_url, "--dist"])
        .arg(out)
        .env("BROADSHEET_CONTENT", content)
        .env("BROADSHEET_APP", kept_app())
        .env("BROADSHEET_SPLIT", "1")
        .env("BROADSHEET_SPLIT_APP", xtask))?;
    std::fs::write(key_file(), key).map_err(|e| format!("{}: {e}", key_file().display()))?;
    Ok(Built::Trunk)
}

/// How [`build_site`] built the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Built {
    Trunk,
    KeptApp,
}

/// `cargo xtask test`: the site in `out`, which trunk built from `content`,
/// built again from the kept app must be the same files, byte for byte
/// (but `data/`, whose files carry the build's time, compared by name).
///
/// Built twice: the second build is made in the first one's folders
/// ([`empty_keeping_folders`]), and must be the same too, folders included.
pub fn check_same_site(content: &Path, out: &Path) -> Result<()> {
    util::step("The kept app: the hooks alone build the site trunk built (release_app)");
    let before = snapshot(out)?;
    for time in ["first", "second"] {
        let built = build_site(content, out)?;
        if built != Built::KeptApp {
            return Err(format!(
                "the app built a moment ago by trunk was built again ({built:?}): its key ({}) does not hold",
                key_file().display()
            ));
        }
        // As `cargo xtask dist` leaves it, for the tests that follow.
        util::precompress(out)?;
        util::wait_for_removals();
        let after = snapshot(out)?;
        let differ: Vec<&String> = before
            .iter()
            .filter(|(path, hash)| after.get(*path) != Some(hash))
            .chain(after.iter().filter(|(path, _)| !before.contains_key(*path)))
            .map(|(path, _)| path)
            .take(10)
            .collect();
        if !differ.is_empty() {
            return Err(format!(
                "built without trunk a {time} time, the site differs: {differ:?}"
            ));
        }
        util::note(&format!(
            "{time} time: {} files and folders, the same",
            after.len()
        ));
    }
    Ok(())
}

/// Every file of a site but its precompressed copies, by path: the hash of
/// its bytes, or nothing for `data/`; and every folder (`path/`).
fn snapshot(site: &Path) -> Result<std::collections::BTreeMap<String, Option<u64>>> {
    use std::hash::Hasher as _;
    let mut files = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(site) {
        let entry = entry.map_err(|e| format!("{}: {e}", site.display()))?;
        let path = entry.path();
        let relative = path
            .strip_prefix(site)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned();
        if entry.file_type().is_dir() {
            files.insert(format!("{relative}/"), None);
            continue;
        }
        if !entry.file_type().is_file() || relative.ends_with(".br") || relative.ends_with(".gz") {
            continue;
        }
        let hash = if relative.starts_with("data/") {
            None
        } else {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let mut hash = fnv::FnvHasher::default();
            hash.write(&bytes);
            Some(hash.finish())
        };
        files.insert(relative, hash);
    }
    Ok(files)
}

/// Put in the folders [`assemble_without_trunk`] makes beside the output
/// (the new site, the old one being removed): only a folder with it is
/// ever removed as a leftover.
const MARK: &str = ".xtask-release-app";

/// Whether `out` may be replaced by a site built from the kept app: absent,
/// empty, or a site built from that app (it holds the app's files). Any
/// other folder is left to trunk, which replaces its `--dist` as it always
/// has.
fn replaceable(out: &Path, app: &Path) -> bool {
    let Ok(mut entries) = std::fs::read_dir(out) else {
        return !out.exists();
    };
    if entries.next().is_none() {
        return true;
    }
    std::fs::read_dir(app).is_ok_and(|app_files| {
        let mut wasm = app_files
            .filter_map(std::result::Result::ok)
            .map(|e| e.file_name())
            .filter(|name| name.to_string_lossy().ends_with("_bg.wasm"))
            .peekable();
        wasm.peek().is_some() && wasm.all(|name| out.join(name).is_file())
    })
}

/// Removes a leftover folder of a killed run, only if it is one ([`MARK`]).
fn remove_leftover(folder: &Path) -> Result<()> {
    if !folder.exists() {
        return Ok(());
    }
    if !folder.join(MARK).is_file() {
        return Err(format!(
            "{}: in the way, and not a folder cargo xtask dist made; move it away",
            folder.display()
        ));
    }
    std::fs::remove_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))
}

/// The two hooks trunk runs, into a new folder beside `out`, then that
/// folder in `out`'s place.
fn assemble_without_trunk(content: &Path, out: &Path) -> Result<()> {
    let root = project_root();
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{}: not a folder's name", out.display()))?;
    let parent = out.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    let next = parent.join(format!(".{name}.next"));
    let old = parent.join(format!(".{name}.old"));
    remove_leftover(&next)?;
    util::wait_for_removal(&old);
    // Built once here; the hooks then skip their own `cargo build`.
    util::build_native_tools_once()?;
    let mark = |folder: &Path| {
        std::fs::write(folder.join(MARK), "").map_err(|e| format!("{}: {e}", folder.display()))
    };
    // The site before last, emptied of its files, lends the new one its
    // folders ([`empty_keeping_folders`]).
    let folders = take_folders(&old, &next)?;
    std::fs::create_dir_all(&next).map_err(|e| format!("{}: {e}", next.display()))?;
    mark(&next)?;
    let hook = |script: &str| {
        Cmd::new("sh")
            .arg(root.join("xtask/hooks").join(script))
            .env("BROADSHEET_CONTENT", content)
            .env("BROADSHEET_APP", kept_app())
            .env("TRUNK_PROFILE", "release")
            .env("BROADSHEET_TOOLS_BUILT", "1")
    };
    run(hook("content.sh"))?;
    let mut assemble = hook("assemble.sh").arg(&next).into_command();
    assemble.env_remove("TRUNK_STAGING_DIR");
    let status = assemble
        .status()
        .map_err(|e| format!("assemble.sh: cannot run: {e}"))?;
    if !status.success() {
        remove_leftover(&next)?;
        return Err(format!("assemble.sh failed ({status})"));
    }
    remove_unused_folders(&next, &folders);
    if out.exists() {
        std::fs::rename(out, &old).map_err(|e| format!("{}: {e}", out.display()))?;
        mark(&old)?;
    }
    std::fs::rename(&next, out).map_err(|e| format!("{}: {e}", out.display()))?;
    // The mark is for the folder beside the site, not for the site.
    std::fs::remove_file(out.join(MARK)).map_err(|e| format!("{}: {e}", out.display()))?;
    // The new site is live: the old one is emptied of its files while the
    // next steps (precompression) run, on the other core. A run that ends
    // first leaves it marked, and the next run finishes the job.
    util::remove_in_background(old, empty_keeping_folders);
    Ok(())
}

/// Beside [`MARK`] in the old site once its files are gone: its folders,
/// one relative path a line.
const EMPTIED: &str = ".xtask-emptied";

/// Removes every file of `folder` (a site swapped out), keeping its
/// folders, and lists them in [`EMPTIED`]. Creating a folder costs about
/// 220 µs here (ext4), removing one 70 µs, and a file 5 µs: a new site
/// made in the old one's folders skips one `mkdir` per page (150,000 at
/// 100,000 stories) and one `rmdir` per folder of the old site.
fn empty_keeping_folders(folder: &Path) -> Result<()> {
    if !folder.join(MARK).is_file() {
        return remove_leftover(folder);
    }
    let mut files = Vec::new();
    let mut folders = String::new();
    for entry in walkdir::WalkDir::new(folder).min_depth(1) {
        let entry = entry.map_err(|e| format!("{}: {e}", folder.display()))?;
        let relative = entry.path().strip_prefix(folder).unwrap_or(entry.path());
        if entry.file_type().is_dir() {
            let Some(name) = relative.to_str().filter(|name| !name.contains('\n')) else {
                return remove_leftover(folder);
            };
            folders.push_str(name);
            folders.push('\n');
        } else if relative != Path::new(MARK) {
            files.push(entry.into_path());
        }
    }
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let removals: Vec<_> = files
            .chunks(chunk)
            .map(|files| {
                scope.spawn(move || {
                    for file in files {
                        match std::fs::remove_file(file) {
                            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                                return Err(format!("{}: {e}", file.display()))
                            }
                            _ => {}
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        removals
            .into_iter()
            .try_for_each(|removal| removal.join().unwrap_or(Err("panicked".into())))
    })?;
    std::fs::write(folder.join(EMPTIED), folders).map_err(|e| format!("{}: {e}", folder.display()))
}

/// Moves the emptied old site to `next` and returns its folders; nothing
/// when there is none (a killed run's half-emptied one is finished first).
fn take_folders(old: &Path, next: &Path) -> Result<Vec<String>> {
    if !old.join(MARK).is_file() {
        remove_leftover(old)?;
        return Ok(Vec::new());
    }
    if !old.join(EMPTIED).is_file() {
        empty_keeping_folders(old)?;
    }
    let list = std::fs::read_to_string(old.join(EMPTIED))
        .map_err(|e| format!("{}: {e}", old.display()))?;
    std::fs::remove_file(old.join(EMPTIED)).map_err(|e| format!("{}: {e}", old.display()))?;
    std::fs::rename(old, next).map_err(|e| format!("{}: {e}", next.display()))?;
    Ok(list.lines().map(str::to_owned).collect())
}

/// Removes the folders of the old site that the new one left empty (a page
/// or story gone), deepest first. A folder still in use is not empty, and
/// `rmdir` refuses it at once.
fn remove_unused_folders(site: &Path, folders: &[String]) {
    let mut folders: Vec<&String> = folders.iter().collect();
    folders.sort_unstable_by(|a, b| b.cmp(a));
    for folder in folders {
        let _ = std::fs::remove_dir(site.join(folder));
    }
}

/// The key of the app's build: every input file under `root` (path and
/// bytes, FNV-1a), the public URL and the tools' versions.
pub fn app_key(root: &Path, public_url: &str, tools: &str) -> String {
    use std::hash::Hasher as _;
    let mut hash = fnv::FnvHasher::default();
    for input in APP_INPUTS {
        let files = walkdir::WalkDir::new(root.join(input))
            .sort_by_file_name()
            .into_iter()
            .filter_map(std::result::Result::ok)
            .filter(|entry| entry.file_type().is_file());
        for entry in files {
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
            hash.write(relative.to_string_lossy().as_bytes());
            hash.write_u8(0);
            match std::fs::read(entry.path()) {
                Ok(bytes) => {
                    hash.write_u64(bytes.len() as u64);
                    hash.write(&bytes);
                }
                // A file that cannot be read cannot be matched: no key.
                Err(_) => return String::new(),
            }
        }
    }
    hash.write(public_url.as_bytes());
    hash.write_u8(0);
    hash.write(tools.as_bytes());
    format!("app {:016x}\n", hash.finish())
}

#[cfg(test)]
mod tests {
    use super::{
        app_key, empty_keeping_folders, remove_leftover, remove_unused_folders, replaceable,
        take_folders, MARK,
    };

    #[test]
    fn only_a_site_of_the_app_is_replaced_and_only_marked_leftovers_removed() {
        let root = std::env::temp_dir().join(format!("xtask-release-guard-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let (app, site, other, empty) = (
            root.join("app"),
            root.join("site"),
            root.join("other"),
            root.join("empty"),
        );
        for dir in [&app, &site, &other, &empty] {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(app.join("broadsheet-1_bg.wasm"), "wasm").unwrap();
        std::fs::write(site.join("broadsheet-1_bg.wasm"), "wasm").unwrap();
        std::fs::write(other.join("notes.txt"), "mine").unwrap();
        assert!(replaceable(&site, &app), "a site built from the app");
        assert!(replaceable(&empty, &app), "an empty folder");
        assert!(replaceable(&root.join("absent"), &app), "no folder yet");
        assert!(!replaceable(&other, &app), "someone else's folder");
        // Leftovers: only a marked folder is removed.
        assert!(remove_leftover(&other).is_err());
        assert!(other.join("notes.txt").is_file());
        std::fs::write(empty.join(MARK), "").unwrap();
        remove_leftover(&empty).unwrap();
        assert!(!empty.exists());
        remove_leftover(&root.join("absent")).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn an_old_site_lends_its_folders_only_when_marked_and_only_empty_ones_go() {
        let root = std::env::temp_dir().join(format!("xtask-folders-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let (old, next) = (root.join(".dist.old"), root.join(".dist.next"));
        let write = |path: &std::path::Path, text: &str| {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        // Someone's folder at the old site's name: neither emptied nor taken.
        write(&old.join("world/index.html"), "theirs");
        assert!(empty_keeping_folders(&old).is_err());
        assert!(take_folders(&old, &next).is_err());
        assert!(old.join("world/index.html").is_file());
        std::fs::remove_dir_all(&old).unwrap();

        write(&old.join(MARK), "");
        write(&old.join("world/index.html"), "old page");
        write(
            &old.join("world/2026/gone/index.html"),
            "a page no longer made",
        );
        empty_keeping_folders(&old).unwrap();
        assert!(old.join("world/2026/gone").is_dir(), "folders are kept");
        assert!(!old.join("world/index.html").exists(), "files are not");
        let folders = take_folders(&old, &next).unwrap();
        assert!(!old.exists());
        assert!(next.join(MARK).is_file());
        // The new site uses some of the folders; the rest go.
        write(&next.join("world/index.html"), "new page");
        remove_unused_folders(&next, &folders);
        assert!(next.join("world/index.html").is_file());
        assert!(!next.join("world/2026").exists(), "left empty: removed");
        // A killed run's half-emptied old site is finished before it is taken.
        let old_again = root.join(".again.old");
        write(&old_again.join(MARK), "");
        write(&old_again.join("a/b.json"), "stale");
        let folders = take_folders(&old_again, &root.join(".again.next")).unwrap();
        assert_eq!(folders, ["a"]);
        assert!(!root.join(".again.next/a/b.json").exists(), "no stale file");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_key_changes_with_every_input_of_the_app_and_nothing_else() {
        let root = std::env::temp_dir().join(format!("xtask-app-key-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let write = |path: &str, text: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("src/lib.rs", "pub fn a() {}");
        write("crates/model/src/lib.rs", "pub struct Site;");
        write("index.html", "<!doctype html>");
        write("content/articles/a.md", "headline = \"A\"");
        let key = || app_key(&root, "/", "rustc 1.95");
        let first = key();
        assert!(!first.is_empty());
        assert_eq!(key(), first, "the same inputs, the same key");
        // Content and press are not the app's.
        write("content/articles/a.md", "headline = \"B\"");
        write("crates/press/src/main.rs", "fn main() {}");
        assert_eq!(key(), first, "a story or press does not change the app");
        // Each of these does.
        let mut seen = vec![first.clone()];
        for (path, text) in [
            ("src/lib.rs", "pub fn b() {}"),
            ("src/routes/new.rs", ""),
            ("crates/model/src/lib.rs", "pub struct Site(u8);"),
            ("style/main.css", "body {}"),
            ("Cargo.lock", "# lock"),
            ("Trunk.toml", "[build]"),
        ] {
            write(path, text);
            let now = key();
            assert!(!seen.contains(&now), "{path} changes the key");
            seen.push(now);
        }
        let last = key();
        assert_ne!(
            app_key(&root, "/news/", "rustc 1.95"),
            last,
            "the public URL"
        );
        assert_ne!(app_key(&root, "/", "rustc 1.96"), last, "the toolchain");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
