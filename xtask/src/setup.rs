//! Set-up: everything the project needs, installed from package registries
//! only, each step skipped when already done.

use crate::util::{note, output, project_root, run, step, Cmd, Result};

pub const TRUNK_VERSION: &str = "0.21.14";
/// Needed to build press: nasm assembles rav1e's (the AVIF encoder's)
/// SIMD code, without which a photo's AVIF files take three times as long.
const BUILD_PACKAGES: &[&str] = &["nasm"];
/// Needed by the tests too.
const APT_PACKAGES: &[&str] = &[
    "nasm",
    // Camera-like photos for the picture tests (convert, exiftool).
    "imagemagick",
    "libimage-exiftool-perl",
    "chromium",
    "chromium-driver",
    "nginx",
    "libnginx-mod-http-brotli-static",
    // xmllint, which validates the sitemaps against their published schemas.
    "libxml2-utils",
];

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Enough to build and serve the site.
    Build,
    /// Also the browser and web server the tests use.
    Everything,
}

pub fn all(needs: Needs) -> Result<()> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    npm_packages()?;
    match needs {
        Needs::Build => system_packages(BUILD_PACKAGES)?,
        Needs::Everything => system_packages(APT_PACKAGES)?,
    }
    Ok(())
}

fn wasm_target() -> Result<()> {
    step("WebAssembly target (rustup target wasm32-unknown-unknown)");
    // Look in the sysroot first: that works without rustup on PATH.
    let sysroot = output("rustc", &["--print", "sysroot"]).unwrap_or_default();
    let target_dir =
        std::path::Path::new(sysroot.trim()).join("lib/rustlib/wasm32-unknown-unknown");
    if !sysroot.trim().is_empty() && target_dir.is_dir() {
        note("already installed");
        return Ok(());
    }
    run(Cmd::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn trunk() -> Result<()> {
    step(&format!("trunk {TRUNK_VERSION}"));
    let version = output("trunk", &["--version"]).unwrap_or_default();
    if version.split_whitespace().nth(1) == Some(TRUNK_VERSION) {
        note("already installed");
        return Ok(());
    }
    note("installing with cargo (about 8 minutes on 2 cores)…");
    run(fast_install(Cmd::new("cargo").args([
        "install",
        "trunk",
        "--version",
        TRUNK_VERSION,
        "--locked",
    ])))
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(project_root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

fn wasm_bindgen() -> Result<()> {
    let wanted = locked_wasm_bindgen_version()?;
    step(&format!(
        "wasm-bindgen-cli {wanted} (the version in Cargo.lock)"
    ));
    let version = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if version.split_whitespace().nth(1) == Some(wanted.as_str()) {
        note("already installed");
        return Ok(());
    }
    note("installing with cargo (a few minutes)…");
    // No --locked: the CLI's own lock file names a yanked crate.
    run(fast_install(Cmd::new("cargo").args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &wanted,
    ])))
}

/// Build tools are compiled once and run for seconds: their manifests ask for
/// fat LTO and one codegen unit, which doubles or triples the install on two
/// cores for no gain we can measure. Cargo's profile variables override the
/// manifest during `cargo install` (docs/performance.md has the timings).
fn fast_install(cmd: Cmd) -> Cmd {
    cmd.env("CARGO_PROFILE_RELEASE_LTO", "off")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
}

fn npm_packages() -> Result<()> {
    step("npm packages (binaryen's wasm-opt, Playwright, axe-core, DuckDB, Pagefind for the bench) from package-lock.json");
    let root = project_root();
    let lock = std::fs::read(root.join("package-lock.json"))
        .map_err(|e| format!("package-lock.json: {e}"))?;
    let stamp_path = root.join("node_modules/.broadsheet-lock-stamp");
    let stamp = format!("{:016x}", fnv1a(&lock));
    if std::fs::read_to_string(&stamp_path).ok().as_deref() == Some(stamp.as_str()) {
        note("already installed");
        return Ok(());
    }
    run(Cmd::new("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    std::fs::write(&stamp_path, stamp).map_err(|e| format!("{}: {e}", stamp_path.display()))
}

fn system_packages(packages: &[&str]) -> Result<()> {
    step(&format!("Debian packages: {}", packages.join(", ")));
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|package| {
            let status = output("dpkg-query", &["-W", "-f=${Status}", package]).unwrap_or_default();
            !status.contains("install ok installed")
        })
        .collect();
    if missing.is_empty() {
        note("already installed");
        return Ok(());
    }
    let is_root = output("id", &["-u"]).is_some_and(|uid| uid.trim() == "0");
    let command = format!(
        "apt-get update && apt-get install -y --no-install-recommends {}",
        missing.join(" ")
    );
    if !is_root {
        return Err(format!(
            "missing Debian packages {}; install them as root with:\n    sudo sh -c '{command}'",
            missing.join(", ")
        ));
    }
    note(&format!("installing {} with apt-get…", missing.join(", ")));
    run(Cmd::new("apt-get").arg("update"))?;
    run(Cmd::new("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    use std::hash::Hasher as _;
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(bytes);
    hasher.finish()
}
