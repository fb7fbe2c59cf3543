//! The release app in two WebAssembly modules (issue 34): what a page needs
//! to start, and the page views, which only a click needs
//! (`src/routes/page_views.rs`). The first load is the first module.
//!
//! trunk 0.21 runs cargo, wasm-bindgen and wasm-opt as one step, and
//! wasm-bindgen drops the relocations a split needs. So `cargo xtask dist`
//! runs trunk's release build with `BROADSHEET_SPLIT=1`, for which the
//! app's build script (`build.rs`) compiles the split points in and keeps
//! the linker's relocations, and trunk's hook (`xtask/hooks/assemble.sh`)
//! calls `xtask split-app` on the staging folder before the pages are
//! rendered, with cargo's module as its input. This then:
//!
//! 1. splits cargo's module at the split points (`wasm_split_cli_support`,
//!    the crate cargo-leptos uses; [`split`]);
//! 2. runs wasm-bindgen on the main part, as trunk does, keeping the
//!    linker's exports the views' module links against;
//! 3. runs wasm-opt `-Oz` on both parts, as trunk does;
//! 4. names the four files by one hash of all of them (the main module's
//!    script and the split's loader import each other, so each cannot be
//!    named by its own), and puts them in place of trunk's app in the
//!    staging folder and its `index.html`, integrity included.
//!
//! Any other build (`trunk serve`, a plain `trunk build`) has no split
//! points: the views are in the one module.

use std::hash::Hasher as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use sha2::Digest as _;

use crate::util::{project_root, run, Cmd, Result};

/// The app's name: trunk's `data-bin`, cargo's binary.
const APP: &str = "broadsheet";

/// `xtask split-app STAGING`: replaces trunk's build of the app in the
/// staging folder by the split one.
pub fn split_app(staging: &Path) -> Result<()> {
    let input = project_root()
        .join("target/wasm32-unknown-unknown/release")
        .join(format!("{APP}.wasm"));
    let work = project_root().join("target/split-app");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("bindgen"))
        .map_err(|e| format!("{}: {e}", work.display()))?;
    let parts = split(&read(&input)?, &work)?;
    run(Cmd::new("wasm-bindgen")
        .args(["--target=web", "--no-typescript", "--keep-lld-exports"])
        .arg(format!("--out-dir={}", work.join("bindgen").display()))
        .arg(format!("--out-name={APP}"))
        .arg(work.join(format!("{APP}.wasm"))))?;
    let mut optimised = Vec::new();
    for wasm in std::iter::once(work.join("bindgen").join(format!("{APP}_bg.wasm")))
        .chain(parts.iter().map(|part| work.join(part)))
    {
        let out = wasm.with_extension("opt.wasm");
        run(Cmd::new("wasm-opt")
            .arg(format!("--output={}", out.display()))
            .arg("-Oz")
            .arg(&wasm))?;
        optimised.push(read(&out)?);
    }
    let glue = read_text(&work.join("bindgen").join(format!("{APP}.js")))?;
    let loader = read_text(&work.join(LOADER))?;
    let app = App {
        glue,
        main: optimised.remove(0),
        loader,
        parts: parts.into_iter().zip(optimised).collect(),
    };
    install(&app.named()?, staging)
}

/// The split's loader, as `transform` names it.
const LOADER: &str = "__wasm_split.js";

/// Splits `input` into `work`: the main part (`broadsheet.wasm`), the
/// loader and the parts. Returns the parts' file names.
fn split(input: &[u8], work: &Path) -> Result<Vec<String>> {
    let main_out = work.join(format!("{APP}.wasm"));
    let main_module = format!("./{APP}.js");
    let mut options = wasm_split_cli_support::Options::new(input);
    options.output_dir = work;
    options.main_out_path = &main_out;
    options.main_module = &main_module;
    options.link_name = "./__wasm_split.js";
    wasm_split_cli_support::transform(options).map_err(|e| format!("splitting the app: {e}"))?;
    let mut parts: Vec<String> = std::fs::read_dir(work)
        .map_err(|e| format!("{}: {e}", work.display()))?
        .filter_map(std::result::Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("split_") && name.ends_with(".wasm"))
        .collect();
    parts.sort();
    if parts.is_empty() {
        return Err(format!(
            "splitting the app: no part beside the main module in {} (was it built with BROADSHEET_SPLIT=1 and the feature `split`?)",
            work.display()
        ));
    }
    Ok(parts)
}

/// The split app before its files are named.
struct App {
    /// wasm-bindgen's script for the main module.
    glue: String,
    main: Vec<u8>,
    /// The split's loader, which the glue imports.
    loader: String,
    /// Each part: `transform`'s name (`split_views.wasm`), its bytes.
    parts: Vec<(String, Vec<u8>)>,
}

/// The split app's files, named.
#[derive(Debug)]
struct Named {
    hash: String,
    /// (name, bytes), the glue first and the main module second.
    files: Vec<(String, Vec<u8>)>,
}

impl App {
    /// Names every file by one hash of all of them, and points the glue
    /// and the loader at those names.
    fn named(&self) -> Result<Named> {
        let mut hash = fnv::FnvHasher::default();
        for bytes in [self.glue.as_bytes(), &self.main, self.loader.as_bytes()]
            .into_iter()
            .chain(self.parts.iter().map(|(_, bytes)| bytes.as_slice()))
        {
            hash.write(&(bytes.len() as u64).to_le_bytes());
            hash.write(bytes);
        }
        let hash = format!("{:016x}", hash.finish());
        let loader_name = format!("{APP}-split-{hash}.js");
        let glue_name = format!("{APP}-{hash}.js");
        // The import, not the key of the imports object, which is the
        // module's own import name.
        let glue = replace_once(
            &self.glue,
            &format!("from \"./{LOADER}\""),
            &format!("from \"./{loader_name}\""),
            "wasm-bindgen's script",
        )?;
        let mut loader = replace_once(
            &self.loader,
            &format!("\"./{APP}.js\""),
            &format!("\"./{glue_name}\""),
            "the split's loader",
        )?;
        let mut files = vec![
            (glue_name, glue.into_bytes()),
            (format!("{APP}-{hash}_bg.wasm"), self.main.clone()),
        ];
        for (part, bytes) in &self.parts {
            let stem = part
                .strip_prefix("split_")
                .and_then(|p| p.strip_suffix(".wasm"))
                .unwrap_or(part);
            let name = format!("{stem}-{hash}.wasm");
            loader = replace_once(
                &loader,
                &format!("\"./{part}\""),
                &format!("\"./{name}\""),
                "the split's loader",
            )?;
            files.push((name, bytes.clone()));
        }
        files.push((loader_name, loader.into_bytes()));
        Ok(Named { hash, files })
    }
}

fn replace_once(text: &str, from: &str, to: &str, what: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(format!(
            "splitting the app: {what} names {from} {n} times, not once"
        )),
    }
}

/// Puts the split app in place of trunk's in `staging`: its files, and in
/// `index.html` the names and integrity of trunk's script and module.
fn install(app: &Named, staging: &Path) -> Result<()> {
    let index_file = staging.join("index.html");
    let mut index = read_text(&index_file)?;
    let trunk_glue = trunk_file(staging, |name| {
        name.starts_with(&format!("{APP}-")) && name.ends_with(".js")
    })?;
    let trunk_main = trunk_file(staging, |name| {
        name.starts_with(&format!("{APP}-")) && name.ends_with("_bg.wasm")
    })?;
    for ((old, old_path), (new, bytes)) in [&trunk_glue, &trunk_main].into_iter().zip(&app.files) {
        let old_bytes = read(old_path)?;
        index = replace_all(&index, old, new, &index_file)?;
        index = replace_all(
            &index,
            &integrity(&old_bytes),
            &integrity(bytes),
            &index_file,
        )?;
    }
    for (name, bytes) in &app.files {
        write(&staging.join(name), bytes)?;
    }
    write(&index_file, index.as_bytes())?;
    // Only trunk's own two files go, never one of the names just written.
    for (name, old) in [trunk_glue, trunk_main] {
        if app.files.iter().any(|(written, _)| *written == name) {
            continue;
        }
        std::fs::remove_file(&old).map_err(|e| format!("{}: {e}", old.display()))?;
    }
    let modules = app.files.iter().filter(|(name, _)| name.ends_with(".wasm"));
    crate::util::note(&format!(
        "the app split in {} modules ({})",
        modules.count(),
        app.hash
    ));
    Ok(())
}

/// The one file of trunk's build of the app that `is` picks.
fn trunk_file(staging: &Path, is: impl Fn(&str) -> bool) -> Result<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(staging)
        .map_err(|e| format!("{}: {e}", staging.display()))?
        .filter_map(std::result::Result::ok)
        .map(|entry| {
            (
                entry.file_name().to_string_lossy().into_owned(),
                entry.path(),
            )
        })
        .filter(|(name, _)| is(name) && !name.contains("-split-"))
        .collect();
    match found.len() {
        1 => Ok(found.remove(0)),
        n => Err(format!(
            "splitting the app: {n} files of trunk's app in {}, not one: {:?}",
            staging.display(),
            found.iter().map(|(name, _)| name).collect::<Vec<_>>()
        )),
    }
}

fn replace_all(text: &str, from: &str, to: &str, file: &Path) -> Result<String> {
    if !text.contains(from) {
        return Err(format!(
            "splitting the app: {} does not name {from}",
            file.display()
        ));
    }
    Ok(text.replace(from, to))
}

/// Subresource integrity, as trunk writes it.
fn integrity(bytes: &[u8]) -> String {
    let digest = sha2::Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> App {
        App {
            glue: "import * as import1 from \"./__wasm_split.js\"\nexport function initSync() {}\nconst imports = { \"./__wasm_split.js\": import1 };\n"
                .into(),
            main: b"\0asm main".to_vec(),
            loader: "import { initSync } from \"./broadsheet.js\";\nfetch(new URL(\"./split_views.wasm\", import.meta.url));\n".into(),
            parts: vec![("split_views.wasm".into(), b"\0asm views".to_vec())],
        }
    }

    #[test]
    fn files_are_named_by_one_hash_and_point_at_each_other() {
        let named = app().named().unwrap();
        let h = &named.hash;
        let names: Vec<&str> = named.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                format!("broadsheet-{h}.js"),
                format!("broadsheet-{h}_bg.wasm"),
                format!("views-{h}.wasm"),
                format!("broadsheet-split-{h}.js"),
            ]
        );
        let text = |i: usize| String::from_utf8(named.files[i].1.clone()).unwrap();
        assert!(text(0).contains(&format!("from \"./broadsheet-split-{h}.js\"")));
        // The module imports by its own name, which stays.
        assert!(text(0).contains("{ \"./__wasm_split.js\": import1 }"));
        assert!(text(3).contains(&format!("from \"./broadsheet-{h}.js\"")));
        assert!(text(3).contains(&format!("URL(\"./views-{h}.wasm\"")));
        // Every name is one that hosts cache for a year (deploy/nginx.conf).
        for name in names {
            let (stem, _) = name.rsplit_once('.').unwrap();
            let stem = stem.strip_suffix("_bg").unwrap_or(stem);
            assert!(stem.ends_with(&format!("-{h}")), "{name}");
        }
    }

    #[test]
    fn any_change_to_any_file_renames_them_all() {
        let before = app().named().unwrap().hash;
        let mut changed = app();
        changed.parts[0].1.push(0);
        assert_ne!(changed.named().unwrap().hash, before);
    }

    #[test]
    fn a_loader_that_does_not_name_its_part_is_refused() {
        let mut broken = app();
        broken.loader = broken.loader.replace("split_views.wasm", "views.wasm");
        let error = broken.named().unwrap_err();
        assert!(error.contains("\"./split_views.wasm\" 0 times"), "{error}");
    }

    #[test]
    fn a_staging_folder_with_two_apps_is_refused_and_left_as_it_was() {
        let staging =
            std::env::temp_dir().join(format!("split-app-test-two-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        std::fs::create_dir_all(&staging).unwrap();
        let files = [
            "broadsheet-0123456789abcdef.js",
            "broadsheet-fedcba9876543210.js",
            "broadsheet-0123456789abcdef_bg.wasm",
            "index.html",
        ];
        for name in files {
            std::fs::write(staging.join(name), name).unwrap();
        }
        let error = install(&app().named().unwrap(), &staging).unwrap_err();
        assert!(error.contains("2 files of trunk's app"), "{error}");
        for name in files {
            assert_eq!(
                std::fs::read_to_string(staging.join(name)).unwrap(),
                name,
                "{name}"
            );
        }
        assert_eq!(std::fs::read_dir(&staging).unwrap().count(), files.len());
        std::fs::remove_dir_all(&staging).unwrap();
    }

    #[test]
    fn installing_replaces_trunks_app_and_its_integrity() {
        let staging = std::env::temp_dir().join(format!("split-app-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        std::fs::create_dir_all(&staging).unwrap();
        let (old_js, old_wasm) = (b"old glue".as_slice(), b"old wasm".as_slice());
        std::fs::write(staging.join("broadsheet-0123456789abcdef.js"), old_js).unwrap();
        std::fs::write(
            staging.join("broadsheet-0123456789abcdef_bg.wasm"),
            old_wasm,
        )
        .unwrap();
        let index = format!(
            "<link rel=\"modulepreload\" href=\"/broadsheet-0123456789abcdef.js\" integrity=\"{}\">\n<link rel=\"preload\" href=\"/broadsheet-0123456789abcdef_bg.wasm\" integrity=\"{}\">\n<script type=\"module\">import init, * as bindings from '/broadsheet-0123456789abcdef.js';\nawait init({{ module_or_path: '/broadsheet-0123456789abcdef_bg.wasm' }});</script>",
            integrity(old_js),
            integrity(old_wasm)
        );
        std::fs::write(staging.join("index.html"), index).unwrap();
        let named = app().named().unwrap();
        install(&named, &staging).unwrap();
        let index = std::fs::read_to_string(staging.join("index.html")).unwrap();
        let h = &named.hash;
        assert!(!index.contains("0123456789abcdef"), "{index}");
        assert!(!index.contains(&integrity(old_js)), "{index}");
        assert_eq!(
            index.matches(&format!("/broadsheet-{h}.js")).count(),
            2,
            "{index}"
        );
        assert!(
            index.contains(&format!("'/broadsheet-{h}_bg.wasm'")),
            "{index}"
        );
        assert!(index.contains(&integrity(&named.files[0].1)), "{index}");
        assert!(index.contains(&integrity(&named.files[1].1)), "{index}");
        let mut files: Vec<String> = std::fs::read_dir(&staging)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        assert_eq!(files.len(), 5, "{files:?}");
        std::fs::remove_dir_all(&staging).unwrap();
    }
}
