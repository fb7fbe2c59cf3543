//! The picture part of the bench (`--only images`):
//!
//! 1. Six 12-megapixel camera photos (4000 × 3000 JPEGs of fine detail, with
//!    EXIF and GPS) as the sample site's heroes: seconds per photo for its
//!    whole ladder on this machine's cores, and the bytes of the file a
//!    phone fetches (800 px wide) against the original.
//! 2. Lighthouse (mobile) on an article whose hero is one of them, against
//!    the same page with its scripts removed (tests/bench/images.mjs).
//! 3. A rebuild with every picture in the cache, at `--images N` pictures
//!    (default 10,000) shown by as many generated stories, against the same
//!    stories without pictures: what the cache costs a rebuild.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::e2e::{camera_photo, copy_dir, give_heroes, start_nginx};
use crate::util::{note, project_root, run, step, Cmd, Result};

const PHOTOS: usize = 6;

pub fn bench(args: &[String], results: &Path) -> Result<()> {
    let pictures: usize = super::flag_value(args, "--images")
        .map(|n| n.parse().map_err(|_| "--images needs a number"))
        .transpose()?
        .unwrap_or(10_000);
    let root = project_root();
    let work = root.join("target/bench/images");
    let press = super::native_press()?;

    step(&format!(
        "Pictures: {PHOTOS} camera photos of 12 megapixels"
    ));
    let content = work.join("photos/content");
    let _ = std::fs::remove_dir_all(work.join("photos"));
    copy_dir(&root.join("content"), &content)?;
    let names: Vec<String> = (1..=PHOTOS).map(|i| format!("camera-{i}.jpg")).collect();
    for (i, name) in names.iter().enumerate() {
        camera_photo(
            &content.join("images").join(name),
            "4000x3000",
            "1",
            100 + i,
        )?;
    }
    let heroes: Vec<&str> = names.iter().map(String::as_str).collect();
    give_heroes(&content, &heroes, None)?;
    let out = work.join("photos/site");
    let cache = work.join("photos/cache");
    let (seconds, stderr) = press_build(&press, &content, &out, &cache)?;
    let made = super::step_seconds(&stderr, "pictures");
    let per_photo = made / PHOTOS as f64;
    note(&format!(
        "press build {seconds:.2} s, of which making the pictures {made:.2} s: {per_photo:.2} s a photo"
    ));
    let mut original = 0u64;
    let mut phone = [0u64; 3];
    for name in &names {
        original += std::fs::metadata(content.join("images").join(name))
            .map_err(|e| e.to_string())?
            .len();
        let stem = name.trim_end_matches(".jpg");
        for (i, extension) in ["avif", "webp", "jpg"].iter().enumerate() {
            phone[i] += ladder_file(&out, stem, &format!("-800.{extension}"))?;
        }
    }
    let share = |bytes: u64| bytes as f64 * 100.0 / original as f64;

    step("Lighthouse (mobile) on an article with a camera photo as its hero");
    let www = work.join("photos/www");
    crate::build_site(&content, &www)?;
    // As `cargo xtask dist` serves it: precompressed (else the app's 530 KB
    // of WASM go over the wire whole, and only the page with scripts pays).
    crate::util::precompress(&www)?;
    let baseline = super::variant(
        &www,
        &work.join("photos/www-baseline"),
        super::strip_scripts,
    )?;
    let after_server = start_nginx(&www)?;
    let baseline_server = start_nginx(&baseline)?;
    let lighthouse_json = work.join("lighthouse.json");
    run(Cmd::new("node")
        .arg("tests/bench/images.mjs")
        .env("AFTER", &after_server.url)
        .env("BASELINE", &baseline_server.url)
        .env("OUT", &lighthouse_json))?;
    drop((after_server, baseline_server));
    let lighthouse = std::fs::read_to_string(&lighthouse_json).map_err(|e| e.to_string())?;

    step(&format!(
        "A rebuild with {pictures} pictures in the cache, against the same stories without pictures"
    ));
    let many = work.join("many");
    let _ = std::fs::remove_dir_all(&many);
    let plain = many.join("plain");
    run(Cmd::new(press.to_string_lossy().as_ref())
        .args(["generate", "--articles", &pictures.to_string(), "--out"])
        .arg(&plain))?;
    let with = many.join("with");
    copy_dir(&plain, &with)?;
    let started = Instant::now();
    write_pictures(&with.join("images/many"), pictures)?;
    note(&format!(
        "{pictures} pictures written in {:.1} s",
        started.elapsed().as_secs_f64()
    ));
    show_pictures(&with, pictures)?;
    let cache = many.join("cache");
    let (cold, stderr) = press_build(&press, &with, &many.join("site-with"), &cache)?;
    note(&format!("the first build made every picture: {cold:.1} s"));
    let files = stderr
        .split(" files, ")
        .next()
        .and_then(|s| s.rsplit('(').next())
        .unwrap_or("?")
        .to_owned();
    let mut rebuild_with = Vec::new();
    let mut rebuild_plain = Vec::new();
    let (_, _) = press_build(
        &press,
        &plain,
        &many.join("site-plain"),
        &many.join("cache-plain"),
    )?;
    for _ in 0..3 {
        rebuild_with.push(press_build(&press, &with, &many.join("site-with"), &cache)?);
        rebuild_plain.push(press_build(
            &press,
            &plain,
            &many.join("site-plain"),
            &many.join("cache-plain"),
        )?);
    }
    let median = |runs: &[(f64, String)]| {
        let mut seconds: Vec<f64> = runs.iter().map(|(s, _)| *s).collect();
        seconds.sort_by(f64::total_cmp);
        seconds[seconds.len() / 2]
    };
    let with_seconds = median(&rebuild_with);
    let plain_seconds = median(&rebuild_plain);
    let steps = &rebuild_with[rebuild_with.len() / 2].1;
    let lookup = super::step_seconds(steps, "pictures");
    let linked = steps.rsplit(", pictures ").next().map_or(f64::NAN, |rest| {
        super::step_seconds(&format!(", pictures {rest}"), "pictures")
    });

    println!();
    println!("| photos | seconds a photo (whole ladder, {} cores) | original bytes | phone's AVIF (800 px) | WebP | JPEG |", cores());
    println!("|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {PHOTOS} × 4000×3000 | {per_photo:.2} | {} | {} ({:.2}%) | {} ({:.2}%) | {} ({:.2}%) |",
        original / PHOTOS as u64,
        phone[0] / PHOTOS as u64,
        share(phone[0]),
        phone[1] / PHOTOS as u64,
        share(phone[1]),
        phone[2] / PHOTOS as u64,
        share(phone[2])
    );
    println!();
    println!("| pictures in the cache | output files | rebuild with them (s) | same stories without (s) | what they add (s) | step \"pictures\" (s) | linking them into the output (s) |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {pictures} | {files} | {with_seconds:.2} | {plain_seconds:.2} | {:.2} | {lookup:.2} | {linked:.2} |",
        with_seconds - plain_seconds
    );
    println!();
    println!("{}", lighthouse.lines().next().unwrap_or_default());
    let json = format!(
        "{{ \"photos\": {PHOTOS}, \"seconds_per_photo\": {per_photo:.3}, \"original_bytes\": {original}, \"phone_bytes\": {{ \"avif\": {}, \"webp\": {}, \"jpeg\": {} }}, \"cached_rebuild\": {{ \"pictures\": {pictures}, \"with_seconds\": {with_seconds:.3}, \"without_seconds\": {plain_seconds:.3}, \"lookup_seconds\": {lookup:.3}, \"link_seconds\": {linked:.3} }}, \"lighthouse\": {} }}\n",
        phone[0],
        phone[1],
        phone[2],
        lighthouse.lines().nth(1).unwrap_or("null")
    );
    std::fs::write(results, json).map_err(|e| e.to_string())
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `press build` into `out` with the picture cache `cache`: seconds, stderr.
fn press_build(press: &Path, content: &Path, out: &Path, cache: &Path) -> Result<(f64, String)> {
    let started = Instant::now();
    let output = Command::new(press)
        .arg("build")
        .arg("--content")
        .arg(content)
        .arg("--out")
        .arg(out)
        .arg("--cache")
        .arg(cache)
        .output()
        .map_err(|e| format!("cannot run press: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!("press build failed:\n{stderr}"));
    }
    note(stderr.lines().next().unwrap_or_default());
    Ok((seconds, stderr))
}

/// The size of the one file in `out/images` named `<stem>.<key><suffix>`.
fn ladder_file(out: &Path, stem: &str, suffix: &str) -> Result<u64> {
    let folder = out.join("images");
    for entry in std::fs::read_dir(&folder).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&format!("{stem}.")) && name.ends_with(suffix) {
            return entry.metadata().map(|m| m.len()).map_err(|e| e.to_string());
        }
    }
    Err(format!("no {stem}.*{suffix} in {}", folder.display()))
}

/// `count` distinct pictures: PNGs 2,048 pixels wide (so each has the whole
/// ladder, as a camera photo does) and 4 high (so the first build makes
/// them in minutes, not hours: the cache's cost is by file, not by pixel).
fn write_pictures(folder: &Path, count: usize) -> Result<()> {
    std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
    const WIDTH: u32 = 2048;
    const HEIGHT: u32 = 4;
    for i in 0..count {
        let mut raw = Vec::with_capacity((WIDTH as usize * 3 + 1) * HEIGHT as usize);
        for y in 0..HEIGHT {
            raw.push(0);
            for x in 0..WIDTH {
                let v = (x as usize * 7 + y as usize * 13 + i * 31) as u32;
                raw.extend_from_slice(&[(v % 251) as u8, (v / 251 % 241) as u8, (i % 256) as u8]);
            }
        }
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut header = Vec::new();
        header.extend_from_slice(&WIDTH.to_be_bytes());
        header.extend_from_slice(&HEIGHT.to_be_bytes());
        header.extend_from_slice(&[8, 2, 0, 0, 0]);
        chunk(&mut png, b"IHDR", &header);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&raw).map_err(|e| e.to_string())?;
        chunk(&mut png, b"IDAT", &z.finish().map_err(|e| e.to_string())?);
        chunk(&mut png, b"IEND", &[]);
        let path = folder.join(format!("{i:05}.png"));
        std::fs::write(&path, png).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    png.extend_from_slice(&crc.sum().to_be_bytes());
}

/// Gives the first `count` stories of a generated folder one picture each
/// as their hero.
fn show_pictures(content: &Path, count: usize) -> Result<()> {
    let mut files: Vec<_> = walkdir::WalkDir::new(content.join("articles"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().to_owned())
        .collect();
    files.sort();
    for (i, file) in files.iter().take(count).enumerate() {
        let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
        let Some(end) = text[3..].find("\n+++").map(|e| e + 3) else {
            return Err(format!("{}: no front matter", file.display()));
        };
        let hero = format!(
            "\n[hero]\nsrc = \"/images/many/{i:05}.png\"\nalt = \"A generated picture, number {i}\""
        );
        let edited = format!("{}{hero}{}", &text[..end], &text[end..]);
        std::fs::write(file, edited).map_err(|e| e.to_string())?;
    }
    Ok(())
}
