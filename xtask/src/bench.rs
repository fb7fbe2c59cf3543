//! `cargo xtask bench`: performance numbers, measured the same way every time.
//!
//! Non-browser part: press's full build (related stories included) at 1k, 10k
//! and 100k generated articles, and `press popular` throughput on a 1 GB log.
//! Results are printed as a table and written to target/bench/results.json.

use std::process::Command;
use std::time::Instant;

use crate::util::{note, project_root, run, step, Cmd, Result};

struct PressRun {
    articles: usize,
    seconds: f64,
    /// Building again over the previous output: includes swapping it out and deleting it.
    rebuild_seconds: f64,
    peak_mb: f64,
}

pub fn bench(args: &[String]) -> Result<()> {
    let sizes: Vec<usize> = match args.iter().position(|a| a == "--articles") {
        Some(i) => args
            .get(i + 1)
            .ok_or("--articles needs a list such as 1000,10000")?
            .split(',')
            .map(|n| n.parse().map_err(|_| format!("bad article count {n:?}")))
            .collect::<Result<_>>()?,
        None => vec![1_000, 10_000, 100_000],
    };
    let log_megabytes: u64 = match args.iter().position(|a| a == "--log-mb") {
        Some(i) => args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .ok_or("--log-mb needs a number")?,
        None => 1_000,
    };
    step("Building press (native release profile)");
    run(Cmd::new("cargo").args([
        "build",
        "--quiet",
        "--profile",
        "native",
        "--package",
        "broadsheet-press",
    ]))?;
    let root = project_root();
    let press = root.join("target/native/press");
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
        step(&format!(
            "press build: {articles} articles (into an empty folder, then again over that output)"
        ));
        let out = bench.join(format!("site-{articles}"));
        let _ = std::fs::remove_dir_all(&out);
        let mut timings = Vec::new();
        let mut peak: f64 = 0.0;
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
        }
        press_runs.push(PressRun {
            articles,
            seconds: timings[0],
            rebuild_seconds: timings[1],
            peak_mb: peak,
        });
    }

    step(&format!(
        "press popular on a {log_megabytes} MB generated log"
    ));
    let log = bench.join(format!("access-{log_megabytes}mb.log"));
    if !log.exists() {
        // About 236 bytes per line.
        let lines = log_megabytes * 1_000_000 / 236;
        run(Cmd::new(press.to_str().unwrap_or("press"))
            .args([
                "sample-logs",
                "--content",
                "content",
                "--lines",
                &lines.to_string(),
                "--end",
                "2026-11-27T12:00:00Z",
                "--out",
            ])
            .arg(&log))?;
    }
    let site = bench.join("site-sample");
    run(Cmd::new(press.to_str().unwrap_or("press"))
        .args(["build", "--quiet", "--content", "content", "--out"])
        .arg(&site))?;
    let output = Command::new(&press)
        .args([
            "popular",
            "--content",
            "content",
            "--now",
            "2026-11-27T12:00:00Z",
            "--site",
        ])
        .arg(&site)
        .arg("--logs")
        .arg(&log)
        .current_dir(&root)
        .output()
        .map_err(|e| format!("cannot run press: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!("press popular failed:\n{stderr}"));
    }
    note(stderr.trim());
    let throughput = stderr
        .split(" = ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse::<f64>().ok())
        .unwrap_or(0.0);
    let log_size = std::fs::metadata(&log).map(|m| m.len()).unwrap_or(0);

    println!();
    println!("| press build (articles) | fresh build (s) | rebuild over old output (s) | peak memory (MB) | articles/s |");
    println!("|---:|---:|---:|---:|---:|");
    for r in &press_runs {
        println!(
            "| {} | {:.2} | {:.2} | {:.0} | {:.0} |",
            r.articles,
            r.seconds,
            r.rebuild_seconds,
            r.peak_mb,
            r.articles as f64 / r.seconds
        );
    }
    println!();
    println!("| press popular | log size (MB) | throughput (MB/s) | peak memory (MB) |");
    println!("|---|---:|---:|---:|");
    println!(
        "| combined log | {:.0} | {:.0} | {:.0} |",
        log_size as f64 / 1e6,
        throughput,
        peak_mb(&stderr)
    );

    let json = format!(
        "{{\n  \"press_build\": [{}],\n  \"press_popular\": {{ \"log_bytes\": {log_size}, \"megabytes_per_second\": {throughput:.1}, \"peak_mb\": {:.1} }}\n}}\n",
        press_runs
            .iter()
            .map(|r| format!("{{ \"articles\": {}, \"seconds\": {:.3}, \"rebuild_seconds\": {:.3}, \"peak_mb\": {:.1} }}", r.articles, r.seconds, r.rebuild_seconds, r.peak_mb))
            .collect::<Vec<_>>()
            .join(", "),
        peak_mb(&stderr)
    );
    let results = bench.join("results.json");
    std::fs::write(&results, json).map_err(|e| e.to_string())?;
    note(&format!("results written to {}", results.display()));
    Ok(())
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
