//! The edit part of the bench (`--only edit`, issue 31): a newsroom's day on
//! a generated archive (`--articles N`, default 100,000). After one full
//! build, each kind of edit (a corrected headline, a new story, a deleted
//! story, a changed tag) is made five times, each time to another story,
//! and press builds again, starting from its previous output. Reported for
//! each kind, median of the five: press's time until the new output is
//! live and in all, the files written and deleted (`--changes`), press's
//! peak memory, and precompression of the new output (`crates/precompress`,
//! with its cache). Written to `target/bench/edit.json`. `BENCH_PRESS=path`
//! measures another press binary (an older build, say) the same way.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::util::{note, project_root, run, step, Cmd, Result};

const RUNS: usize = 5;
const KINDS: [&str; 4] = ["headline", "new story", "deleted story", "tag"];

struct Measure {
    total: f64,
    live: f64,
    written: usize,
    deleted: usize,
    memory_mb: f64,
    precompress: f64,
}

pub fn bench(args: &[String], results: &Path) -> Result<()> {
    let articles: usize = super::flag_value(args, "--articles")
        .map(|n| n.parse().map_err(|_| "--articles needs a number"))
        .transpose()?
        .unwrap_or(100_000);
    let root = project_root();
    let work = root.join("target/bench/edit");
    step("Building press and precompress (native release profile)");
    crate::util::build_native_tools()?;
    // `BENCH_PRESS=path`: another press binary, to compare two in one run.
    let press = std::env::var_os("BENCH_PRESS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/native/press"));
    let precompress = root.join("target/native/precompress");
    let content = work.join("content");
    let (site, changes, cache) = (
        work.join("site"),
        work.join("changes.txt"),
        work.join("cache"),
    );
    // `EDIT_WATCH_ONLY=1`: only the `press watch` part, on the archive and
    // site the last run left (to compare press builds as they are).
    if std::env::var_os("EDIT_WATCH_ONLY").is_some() && site.exists() {
        let mut stories = story_files(&content)?;
        let watched = watch(&press, &content, &site, &mut stories)?;
        print_watched(articles, &watched);
        return Ok(());
    }
    let _ = std::fs::remove_dir_all(&work);
    step(&format!("Edits: a generated archive of {articles} stories"));
    run(Cmd::new(press.to_string_lossy().as_ref()).args([
        "generate",
        "--articles",
        &articles.to_string(),
        "--out",
        content.to_string_lossy().as_ref(),
    ]))?;
    let full = build(&press, &content, &site, &changes)?;
    let full_precompress = compress(&precompress, &site, &cache)?;
    note(&format!(
        "full build: {:.2} s ({} files written), peak memory {:.0} MB; precompression {full_precompress:.2} s",
        full.total, full.written, full.memory_mb
    ));
    let mut stories = story_files(&content)?;
    let mut table = Vec::new();
    for kind in KINDS {
        let mut runs = Vec::new();
        for run_index in 0..RUNS {
            // Spread over the archive, a different story each time.
            let file = stories[(run_index * 7919 + table.len() * 104_729) % stories.len()].clone();
            edit(kind, &file, &content, run_index)?;
            if kind == "deleted story" {
                stories.retain(|s| s != &file);
            }
            let mut measure = build(&press, &content, &site, &changes)?;
            measure.precompress = compress(&precompress, &site, &cache)?;
            runs.push(measure);
        }
        let median = |f: &dyn Fn(&Measure) -> f64| {
            let mut values: Vec<f64> = runs.iter().map(f).collect();
            values.sort_by(f64::total_cmp);
            values[values.len() / 2]
        };
        let row = (
            kind,
            median(&|m| m.live),
            median(&|m| m.total),
            median(&|m| m.written as f64),
            median(&|m| m.deleted as f64),
            median(&|m| m.memory_mb),
            median(&|m| m.precompress),
        );
        note(&format!(
            "{kind}: live after {:.2} s, press {:.2} s, {} written, {} deleted, peak {:.0} MB, precompression {:.2} s (median of {RUNS})",
            row.1, row.2, row.3, row.4, row.5, row.6
        ));
        table.push(row);
    }
    println!("\n| edit ({articles} stories) | live after (s) | press (s) | files written | deleted | peak memory (MB) | precompression (s) |");
    println!("|---|---|---|---|---|---|---|");
    for (kind, live, total, written, deleted, memory, compress) in &table {
        println!("| {kind} | {live:.2} | {total:.2} | {written:.0} | {deleted:.0} | {memory:.0} | {compress:.2} |");
    }
    let watched = watch(&press, &content, &site, &mut stories)?;
    print_watched(articles, &watched);
    let json = format!(
        "{{\"articles\": {articles}, \"full\": {{\"seconds\": {:.3}, \"files\": {}, \"peak_mb\": {:.0}, \"precompress_seconds\": {full_precompress:.3}}}, \"edits\": [{}], \"watch\": {{\"first_seconds\": {:.3}, \"peak_mb\": {:.0}, \"edits\": [{}]}}}}\n",
        full.total,
        full.written,
        full.memory_mb,
        table
            .iter()
            .map(|(kind, live, total, written, deleted, memory, compress)| format!(
                "{{\"kind\": \"{kind}\", \"live_seconds\": {live:.3}, \"press_seconds\": {total:.3}, \"written\": {written:.0}, \"deleted\": {deleted:.0}, \"peak_mb\": {memory:.0}, \"precompress_seconds\": {compress:.3}}}"
            ))
            .collect::<Vec<_>>()
            .join(", "),
        watched.first,
        watched.memory_mb,
        watched
            .rows
            .iter()
            .map(|(kind, live, written, deleted)| format!(
                "{{\"kind\": \"{kind}\", \"live_seconds\": {live:.3}, \"written\": {written:.0}, \"deleted\": {deleted:.0}}}"
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::fs::write(results, json).map_err(|e| e.to_string())
}

fn print_watched(articles: usize, watched: &Watched) {
    println!("\n| edit ({articles} stories), `press watch` | save to live (s) | files written | deleted |");
    println!("|---|---|---|---|");
    for (kind, live, written, deleted) in &watched.rows {
        println!("| {kind} | {live:.2} | {written:.0} | {deleted:.0} |");
    }
    note(&format!(
        "press watch: first build {:.2} s, peak memory {:.0} MB",
        watched.first, watched.memory_mb
    ));
}

/// What `press watch` did with the same edits.
struct Watched {
    /// Its first build, which reads everything.
    first: f64,
    memory_mb: f64,
    /// Kind, median seconds from the save to the new output being live,
    /// files written and deleted.
    rows: Vec<(&'static str, f64, f64, f64)>,
}

/// The same kinds of edit, [`RUNS`] times each, to other stories, with
/// `press watch` running: the time from each save to its line saying the
/// new output is live (watching, the build's start and all).
fn watch(press: &Path, content: &Path, site: &Path, stories: &mut Vec<PathBuf>) -> Result<Watched> {
    use std::io::BufRead as _;
    step("Edits with press watch running");
    let started = Instant::now();
    let mut child = Command::new(press)
        .args([
            "watch",
            "--quiet",
            "--now",
            "2026-12-01T00:00:00Z",
            "--content",
        ])
        .arg(content)
        .arg("--out")
        .arg(site)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run press watch: {e}"))?;
    let stdout = child.stdout.take().ok_or("no output from press watch")?;
    let mut lines = std::io::BufReader::new(stdout).lines();
    let mut next_line = || -> Result<String> {
        match lines.next() {
            Some(Ok(line)) if line.starts_with("built: ") => Ok(line),
            Some(Ok(line)) => Err(format!("press watch: {line}")),
            _ => Err("press watch stopped".into()),
        }
    };
    // New stories' numbers after those of the runs before (a rerun with
    // `EDIT_WATCH_ONLY` finds them in the archive): after the highest, as
    // a deleted-story edit may have taken one of them away.
    let first_new = RUNS.max(
        stories
            .iter()
            .filter_map(|s| {
                let name = s.file_stem()?.to_str()?;
                let (_, number) = name.split_once("bench-new-story-")?;
                number.parse::<usize>().ok()
            })
            .max()
            .map_or(0, |highest| highest + 1),
    );
    // Each file as it was before the edits (`None`: the edits made it), put
    // back after them: a rerun then makes the same edits to the same
    // archive. Without it, each rerun put "Corrected:" in front of more
    // headlines, and the word's weight in ever more stories made the
    // headline edit slower from run to run.
    let mut undo: Vec<(PathBuf, Option<String>)> = Vec::new();
    let result = (|| -> Result<Watched> {
        next_line()?;
        let first = started.elapsed().as_secs_f64();
        let mut rows = Vec::new();
        for (k, kind) in KINDS.into_iter().enumerate() {
            let mut runs = Vec::new();
            for run_index in 0..RUNS {
                let file = stories[(run_index * 6007 + k * 99_991 + 17) % stories.len()].clone();
                // Another name than the process builds' new stories.
                let number = first_new + run_index;
                match kind {
                    "new story" => undo.push((new_story_file(content, number), None)),
                    _ => undo.push((
                        file.clone(),
                        Some(
                            std::fs::read_to_string(&file)
                                .map_err(|e| format!("{}: {e}", file.display()))?,
                        ),
                    )),
                }
                edit(kind, &file, content, number)?;
                let saved = Instant::now();
                if kind == "deleted story" {
                    stories.retain(|s| s != &file);
                }
                let line = next_line()?;
                let live = saved.elapsed().as_secs_f64();
                let count = |after: &str| -> f64 {
                    line.split(after)
                        .next()
                        .and_then(|l| l.rsplit(' ').next())
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(f64::NAN)
                };
                runs.push((live, count(" file(s) written"), count(" deleted")));
            }
            let median = |f: &dyn Fn(&(f64, f64, f64)) -> f64| {
                let mut values: Vec<f64> = runs.iter().map(f).collect();
                values.sort_by(f64::total_cmp);
                values[values.len() / 2]
            };
            let row = (kind, median(&|r| r.0), median(&|r| r.1), median(&|r| r.2));
            note(&format!(
                "press watch, {kind}: live {:.2} s after the save, {} written, {} deleted (median of {RUNS})",
                row.1, row.2, row.3
            ));
            rows.push(row);
        }
        let memory_mb = std::fs::read_to_string(format!("/proc/{}/status", child.id()))
            .ok()
            .and_then(|status| {
                let line = status.lines().find(|l| l.starts_with("VmHWM:"))?.to_owned();
                let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
                Some(kb / 1024.0)
            })
            .unwrap_or(f64::NAN);
        Ok(Watched {
            first,
            memory_mb,
            rows,
        })
    })();
    let _ = child.kill();
    let _ = child.wait();
    // Latest first: a story edited twice gets its first text back.
    for (file, text) in undo.into_iter().rev() {
        let restored = match text {
            Some(text) => std::fs::write(&file, text),
            None => std::fs::remove_file(&file),
        };
        restored.map_err(|e| format!("{}: cannot put back: {e}", file.display()))?;
    }
    result
}

/// Where the `new story` edit number `number` writes its story.
fn new_story_file(content: &Path, number: usize) -> PathBuf {
    content
        .join("articles")
        .join(format!("2026-11-30-bench-new-story-{number}.md"))
}

fn story_files(content: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(content.join("articles"))
        .into_iter()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no stories", content.display()));
    }
    Ok(files)
}

/// One edit of `kind` to the story `file`.
fn edit(kind: &str, file: &Path, content: &Path, run_index: usize) -> Result<()> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let edited = match kind {
        "headline" => text.replacen("headline = \"", "headline = \"Corrected: ", 1),
        "tag" => text.replacen(
            "tags = [",
            &format!("tags = [\"bench-tag-{run_index}\", "),
            1,
        ),
        "new story" => {
            let story = text
                .replacen(
                    "headline = \"",
                    &format!("headline = \"New story {run_index}: "),
                    1,
                )
                .lines()
                .map(|line| {
                    if line.starts_with("published = ") {
                        format!(
                            "published = \"2026-11-30T{:02}:{:02}:00Z\"",
                            8 + run_index % 12,
                            run_index / 12 % 60
                        )
                    } else if line.starts_with("slug = ") {
                        format!("slug = \"bench-new-story-{run_index}\"")
                    } else {
                        line.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            let to = new_story_file(content, run_index);
            return std::fs::write(&to, story).map_err(|e| format!("{}: {e}", to.display()));
        }
        "deleted story" => {
            return std::fs::remove_file(file).map_err(|e| format!("{}: {e}", file.display()));
        }
        other => return Err(format!("unknown edit {other}")),
    };
    if edited == text {
        return Err(format!(
            "{}: the {kind} edit changed nothing",
            file.display()
        ));
    }
    std::fs::write(file, edited).map_err(|e| format!("{}: {e}", file.display()))
}

fn build(press: &Path, content: &Path, site: &Path, changes: &Path) -> Result<Measure> {
    let started = Instant::now();
    let output = Command::new(press)
        .args(["build", "--now", "2026-12-01T00:00:00Z", "--content"])
        .arg(content)
        .arg("--out")
        .arg(site)
        .arg("--changes")
        .arg(changes)
        .output()
        .map_err(|e| format!("cannot run press: {e}"))?;
    let total = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!("press build failed:\n{stderr}"));
    }
    let listed = std::fs::read_to_string(changes).map_err(|e| e.to_string())?;
    let live = stderr
        .split("live after ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .map_or(f64::NAN, seconds_of);
    let memory_mb = stderr
        .split("peak memory ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(f64::NAN);
    Ok(Measure {
        total,
        live,
        written: listed.lines().filter(|l| l.starts_with("+ ")).count(),
        deleted: listed.lines().filter(|l| l.starts_with("- ")).count(),
        memory_mb,
        precompress: f64::NAN,
    })
}

/// `1.23s`, `456.78ms` as seconds.
fn seconds_of(text: &str) -> f64 {
    let text = text.trim_end_matches([',', ';']);
    if let Some(ms) = text.strip_suffix("ms") {
        ms.parse::<f64>().map_or(f64::NAN, |n| n / 1e3)
    } else {
        text.trim_end_matches('s').parse().unwrap_or(f64::NAN)
    }
}

fn compress(precompress: &Path, site: &Path, cache: &Path) -> Result<f64> {
    let started = Instant::now();
    let output = Command::new(precompress)
        .arg(site)
        .arg("--cache")
        .arg(cache)
        .output()
        .map_err(|e| format!("cannot run precompress: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "precompress failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(started.elapsed().as_secs_f64())
}
