//! `press watch`: a build, then another after every change to the content
//! folder, with a [`pipeline::Memory`] kept between them, so that an edit
//! reads and parses only the files that changed (issue 31). Each build is
//! the same as `press build`'s, byte for byte, and swapped in the same way.
//!
//! - Changes come from the operating system (`notify`: inotify on Linux);
//!   where it cannot watch the folder, the folder is looked at every
//!   [`POLL`] instead.
//! - A burst of events (an editor's save is several) makes one build: the
//!   build starts once the folder has been quiet for [`QUIET`].
//! - Reads (our own build's included) and the pictures' cache are not
//!   changes.
//! - A story due or expiring later ([`Schedule::next_build`]) gets its build
//!   at that time, without a change.
//! - A build that fails leaves the last good output live and says why; the
//!   next change builds again.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{EventKind, RecursiveMode, Watcher};
use press_content::schedule::Schedule;
use press_site::pipeline;

/// How long the folder must be quiet before a build starts.
const QUIET: Duration = Duration::from_millis(30);
/// The longest a burst of changes delays its build.
const MOST_DELAY: Duration = Duration::from_millis(500);
/// How often the folder is looked at where it cannot be watched.
const POLL: Duration = Duration::from_secs(1);

pub fn watch(
    mut options: pipeline::BuildOptions,
    fixed_now: bool,
    quiet: bool,
    changes: Option<PathBuf>,
) -> Result<()> {
    let (sender, events) = mpsc::channel();
    let handler = move |event: notify::Result<notify::Event>| {
        let _ = sender.send(event);
    };
    // Events name paths under the folder as it is watched: the real path,
    // as the ignored folders are.
    let content = std::fs::canonicalize(&options.content).unwrap_or(options.content.clone());
    // Kept alive for as long as the loop runs. Polling compares whole
    // seconds of modification times: two saves within one second, or a
    // time set back, make no event, so what changed is never known there.
    let mut polling = false;
    let _watcher: Box<dyn Watcher> = match notify::recommended_watcher(handler.clone())
        .and_then(|mut w| w.watch(&content, RecursiveMode::Recursive).map(|()| w))
    {
        Ok(watcher) => Box::new(watcher),
        Err(error) => {
            eprintln!(
                "press: cannot watch {} ({error}); looking at it every {POLL:?} instead",
                content.display()
            );
            let mut poller = notify::PollWatcher::new(
                handler,
                notify::Config::default().with_poll_interval(POLL),
            )
            .context("cannot look at the content folder")?;
            poller.watch(&content, RecursiveMode::Recursive)?;
            polling = true;
            Box::new(poller)
        }
    };
    let mut memory = pipeline::Memory::default();
    loop {
        if !fixed_now {
            options.publication.now = chrono::Utc::now();
        }
        let next_build = match pipeline::build_with(&options, Some(&mut memory)) {
            Ok(report) => {
                if let Some(file) = &changes {
                    // The output is live either way: say so, and go on.
                    if let Err(error) =
                        broadsheet_output::replace_file(file, report.changes.to_text().as_bytes())
                    {
                        crate::messages::error(&anyhow::Error::from(error));
                    }
                }
                if !quiet {
                    crate::messages::build_summary(&report, &options.out);
                }
                crate::messages::watch_built(&report);
                // With a fixed `--now` the schedule never comes due.
                due(&report.schedule).filter(|_| !fixed_now)
            }
            Err(error) => {
                crate::messages::error(&error);
                crate::messages::watch_failed(&error);
                None
            }
        };
        // Later builds start from the output, whatever the first was.
        options.full = false;
        // Made again each time: the pictures' cache may be new.
        let ignored = ignored_paths(&options, changes.as_deref());
        let changed = wait_for_change(&events, &ignored, next_build)?;
        memory.load.listing.changed(changed.filter(|_| !polling));
    }
}

/// When the schedule wants the next build, if it does: a second after the
/// time it names (which drops fractions of a second), so that the build
/// then publishes what came due.
fn due(schedule: &Schedule) -> Option<Instant> {
    let next = chrono::DateTime::parse_from_rfc3339(schedule.next_build.as_deref()?).ok()?;
    let wait = (next.with_timezone(&chrono::Utc) - chrono::Utc::now())
        .to_std()
        .unwrap_or_default();
    Some(Instant::now() + wait + Duration::from_secs(1))
}

/// Paths whose changes are press's own: the pictures' cache, the output
/// and the changes file, each as written and as its real path.
fn ignored_paths(
    options: &pipeline::BuildOptions,
    changes: Option<&std::path::Path>,
) -> Vec<PathBuf> {
    let cache = options
        .cache
        .clone()
        .unwrap_or_else(|| press_site::pictures::default_cache(&options.content));
    let mut paths = vec![cache, options.out.clone()];
    paths.extend(changes.map(std::path::Path::to_path_buf));
    paths
        .into_iter()
        .flat_map(|path| {
            let absolute = std::path::absolute(&path).unwrap_or(path.clone());
            let real = std::fs::canonicalize(&path).unwrap_or(absolute.clone());
            [absolute, real]
        })
        .collect()
}

/// Whether an event may change what a build reads.
fn is_change(event: &notify::Result<notify::Event>, ignored: &[PathBuf]) -> bool {
    let Ok(event) = event else {
        // Lost events (a full queue): build, to be sure.
        return true;
    };
    let kind = matches!(
        event.kind,
        EventKind::Create(_)
            | EventKind::Modify(_)
            | EventKind::Remove(_)
            | EventKind::Any
            | EventKind::Other
    );
    let modify_access = matches!(
        event.kind,
        EventKind::Modify(notify::event::ModifyKind::Metadata(
            notify::event::MetadataKind::AccessTime
        ))
    );
    kind && !modify_access
        && (event.paths.is_empty()
            || event
                .paths
                .iter()
                .any(|path| !ignored.iter().any(|folder| path.starts_with(folder))))
}

/// The paths that changed, as the events name them; `None` once an event
/// names none (a lost or rescanned queue): then anything may have.
#[derive(Default)]
struct Changed(Option<Vec<PathBuf>>);

impl Changed {
    fn known() -> Changed {
        Changed(Some(Vec::new()))
    }

    fn note(&mut self, event: &notify::Result<notify::Event>, ignored: &[PathBuf]) {
        match event {
            Ok(event) if !event.paths.is_empty() && !event.need_rescan() => {
                if let Some(paths) = &mut self.0 {
                    paths.extend(
                        event
                            .paths
                            .iter()
                            .filter(|path| !ignored.iter().any(|folder| path.starts_with(folder)))
                            .cloned(),
                    );
                }
            }
            _ => self.0 = None,
        }
    }
}

/// Blocks until the content changed and then was quiet for [`QUIET`], or
/// until `due`. Returns every path that changed (events that came during
/// the build included), or `None` when that is not known.
fn wait_for_change(
    events: &Receiver<notify::Result<notify::Event>>,
    ignored: &[PathBuf],
    due: Option<Instant>,
) -> Result<Option<Vec<PathBuf>>> {
    let mut changed = Changed::known();
    loop {
        let event = match due {
            Some(due) => match events.recv_timeout(due.saturating_duration_since(Instant::now())) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => return Ok(changed.0),
                Err(RecvTimeoutError::Disconnected) => anyhow::bail!("the watch stopped"),
            },
            None => events
                .recv()
                .map_err(|_| anyhow::anyhow!("the watch stopped"))?,
        };
        if is_change(&event, ignored) {
            changed.note(&event, ignored);
            break;
        }
    }
    let started = Instant::now();
    let mut quiet_since = Instant::now();
    while started.elapsed() < MOST_DELAY {
        match events.recv_timeout(QUIET.saturating_sub(quiet_since.elapsed())) {
            Ok(event) if is_change(&event, ignored) => {
                changed.note(&event, ignored);
                quiet_since = Instant::now();
            }
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => anyhow::bail!("the watch stopped"),
        }
    }
    Ok(changed.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(paths: &[&str]) -> notify::Result<notify::Event> {
        let mut event = notify::Event::new(EventKind::Modify(notify::event::ModifyKind::Any));
        event.paths = paths.iter().map(PathBuf::from).collect();
        Ok(event)
    }

    #[test]
    fn changed_paths_add_up_and_an_event_without_paths_makes_them_unknown() {
        let ignored = [PathBuf::from("/c/.press-cache")];
        let mut changed = Changed::known();
        changed.note(&event(&["/c/articles/a.md"]), &ignored);
        changed.note(&event(&["/c/.press-cache/x", "/c/articles/b.md"]), &ignored);
        assert_eq!(
            changed.0,
            Some(vec![
                PathBuf::from("/c/articles/a.md"),
                PathBuf::from("/c/articles/b.md")
            ])
        );
        changed.note(&event(&[]), &ignored);
        assert_eq!(changed.0, None, "an event that names no path");
        changed.note(&event(&["/c/articles/c.md"]), &ignored);
        assert_eq!(changed.0, None, "unknown stays unknown");

        let mut lost = Changed::known();
        lost.note(&Err(notify::Error::generic("queue overflow")), &ignored);
        assert_eq!(lost.0, None);

        let mut rescan = Changed::known();
        let mut needs = event(&["/c/articles/a.md"]).unwrap();
        needs = needs.set_flag(notify::event::Flag::Rescan);
        rescan.note(&Ok(needs), &ignored);
        assert_eq!(rescan.0, None, "a rescan");
    }
}
