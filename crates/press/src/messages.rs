//! Everything press tells the person at the terminal, in one place (as
//! ripgrep's `messages` module does): the pipeline and the commands return
//! reports, and these functions word them.

use std::collections::BTreeSet;
use std::path::Path;

use broadsheet_model::validate::escape_hostile;

use press_content::check::ContentErrors;
use press_content::schedule::Schedule;
use press_popular::{self as popular, PopularReport};
use press_site::pipeline::BuildReport;

/// Prints an error of any command.
pub fn error(error: &anyhow::Error) {
    let text = match error.downcast_ref::<ContentErrors>() {
        Some(problems) => content_errors(problems),
        None => format!("error: {error:#}"),
    };
    // Content values are quoted in messages: never raw to the terminal.
    eprintln!("{}", escape_hostile(&text));
}

/// The list of content problems, then the summary line.
fn content_errors(errors: &ContentErrors) -> String {
    let mut text = String::new();
    for diagnostic in &errors.0 {
        text.push_str(&format!("error: {diagnostic}\n"));
    }
    let files: BTreeSet<_> = errors.0.iter().map(|d| &d.file).collect();
    text.push_str(&format!(
        "{} problem(s) in {} file(s); nothing was written, the previous output is intact",
        errors.0.len(),
        files.len()
    ));
    text
}

fn peak_memory() -> String {
    popular::peak_memory_bytes()
        .map(|b| format!(", peak memory {:.0} MB", b as f64 / 1e6))
        .unwrap_or_default()
}

/// `press: built 42 articles into target/site (…) in 0.12s (load …, related …)`.
pub fn build_summary(report: &BuildReport, out: &Path) {
    let steps: Vec<String> = report
        .steps
        .iter()
        .map(|(name, time)| format!("{name} {time:.2?}"))
        .collect();
    eprintln!(
        "press: built {} articles into {} ({} files, {:.1} MB) in {:.2?} ({}){}",
        report.articles,
        out.display(),
        report.files,
        report.bytes as f64 / 1e6,
        report.total(),
        steps.join(", "),
        peak_memory()
    );
    let changes = &report.changes;
    eprintln!(
        "press: {} file(s) written, {} deleted, {} unchanged{}; live after {:.2?}",
        changes.written.len(),
        changes.deleted.len(),
        changes.unchanged,
        if report.incremental {
            ""
        } else {
            " (a full build: no previous output to start from)"
        },
        report.live_after,
    );
    if report.pictures_made > 0 {
        eprintln!("press: made {} new picture(s)", report.pictures_made);
    }
    if report.pictures_unused > 0 {
        eprintln!(
            "press: {} picture(s) in images/ shown by no story or profile: not published",
            report.pictures_unused
        );
    }
}

/// Worth a look, never fatal (a byline without a profile, tags merged).
pub fn warnings(warnings: &[press_content::diagnostics::Diagnostic]) {
    for warning in warnings {
        eprintln!("warning: {}", escape_hostile(&warning.to_string()));
    }
}

pub fn check_summary(articles: usize) {
    eprintln!("press: {articles} articles (drafts and scheduled stories included), no problems");
}

/// The held-back stories and when to build next.
pub fn schedule_summary(schedule: &Schedule, file: &Path) {
    if schedule.drafts + schedule.scheduled + schedule.expired == 0 && schedule.next_build.is_none()
    {
        return;
    }
    eprintln!(
        "  held back: {} draft(s), {} scheduled, {} expired; next build due {} (in {})",
        schedule.drafts,
        schedule.scheduled,
        schedule.expired,
        schedule.next_build.as_deref().unwrap_or("never"),
        file.display()
    );
}

pub fn popular_summary(target: &Path, report: &PopularReport) {
    let megabytes = report.bytes as f64 / 1e6;
    eprintln!(
        "press popular: {} lines ({megabytes:.1} MB) in {:.2} s = {:.0} MB/s; counted {} reads",
        report.lines,
        report.seconds,
        megabytes / report.seconds.max(1e-9),
        report.counted
    );
    for (reason, count) in &report.skipped {
        eprintln!("  skipped {count:>10}  {}", reason.label());
    }
    if let Some(peak) = popular::peak_memory_bytes() {
        eprintln!("  peak memory {:.1} MB", peak as f64 / 1e6);
    }
    eprintln!("  wrote {}", target.display());
}

/// `press import`'s report: counts, then every record not imported and
/// every note (constructs not converted), one line each.
pub fn import_summary(report: &press_import::ImportReport, out: &Path) {
    eprintln!(
        "press: imported {} of {} records into {}: {} new, {} updated, {} unchanged, {} skipped",
        report.created + report.updated + report.unchanged,
        report.records,
        out.display(),
        report.created,
        report.updated,
        report.unchanged,
        report.skipped.len()
    );
    for problem in &report.skipped {
        eprintln!("  skipped {}", escape_hostile(&problem.to_string()));
    }
    for note in &report.notes {
        eprintln!("  note {}", escape_hostile(&note.to_string()));
    }
}

/// `press watch`'s line for a build, on standard output (a script waits
/// for it): when the new output went live, and what was written.
pub fn watch_built(report: &BuildReport) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "built: {} articles, live after {:.3} s, {} file(s) written, {} deleted",
        report.articles,
        report.live_after.as_secs_f64(),
        report.changes.written.len(),
        report.changes.deleted.len(),
    );
    let _ = out.flush();
}

/// `press watch`'s line for a build that failed (the reasons went to
/// standard error): the last good output stays live.
pub fn watch_failed(error: &anyhow::Error) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let first = error.to_string();
    let first = first.lines().next().unwrap_or("");
    let _ = writeln!(out, "failed: {first} (the last good output stays live)");
    let _ = out.flush();
}
