//! Atom feeds: `feeds/all.xml` and one per section (`feeds/world/asia.xml`).

use std::fmt::Write as _;

use anyhow::Result;
use rayon::prelude::*;

use crate::file_memo::Inputs;
use crate::library::Library;
use broadsheet_output::Staging;
use press_content::config::SiteConfig;
use press_content::load::Draft;
use press_content::text::xml_escape;

/// Entries per feed.
pub const FEED_ENTRIES: usize = 30;

/// The whole site's feed and one per section, newest first.
pub fn write(library: &Library, staging: &Staging) -> Result<()> {
    let (config, drafts) = (&library.config, &library.drafts);
    // Drafts appear only in a local `--drafts` build, and never in a feed.
    let published = || drafts.iter().filter(|d| !d.draft);
    let all: Vec<&Draft> = published().take(FEED_ENTRIES).collect();
    staging.write("feeds/all.xml", feed(config, None, &all).as_bytes())?;
    config.sections.par_iter().try_for_each(|section| {
        let prefix = section.path.as_path();
        let below = format!("{prefix}/");
        let entries: Vec<&Draft> = published()
            .filter(|d| d.section.path == prefix || d.section.path.starts_with(&below))
            .take(FEED_ENTRIES)
            .collect();
        let title = Some((section.name.as_str(), prefix.as_str()));
        staging.write(
            &format!("feeds/{prefix}.xml"),
            feed(config, title, &entries).as_bytes(),
        )
    })?;
    Ok(())
}

/// The latest of RFC 3339 times, compared as instants: `10:00+09:00` is
/// earlier than `02:00Z` of the same day, though it sorts after it as text.
fn latest<'a>(times: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    times.max_by_key(|text| chrono::DateTime::parse_from_rfc3339(text).ok())
}

/// Everything [`feed`] reads, hashed: the same inputs make the same
/// document. Listed beside it, field for field, so that the two change
/// together (the `incremental` oracle in `crates/press/tests/press.rs`
/// checks that a memo-kept feed equals a written one).
pub fn feed_inputs(config: &SiteConfig, section: Option<(&str, &str)>, entries: &[&Draft]) -> u128 {
    let mut inputs = Inputs::new();
    inputs
        .hashed(&config.base_url)
        .hashed(&config.name)
        .hashed(&config.language)
        .hashed(&section)
        .number(entries.len() as u64);
    for draft in entries {
        inputs
            .hashed(&draft.path)
            .hashed(&draft.headline)
            .hashed(&draft.published)
            .hashed(&draft.updated)
            .hashed(&draft.byline)
            .hashed(&draft.section.path)
            .hashed(&draft.section.name)
            .hashed(&draft.standfirst);
    }
    inputs.finish()
}

/// One Atom document. `section` is (name, path), or `None` for the whole site.
pub fn feed(config: &SiteConfig, section: Option<(&str, &str)>, entries: &[&Draft]) -> String {
    let base = &config.base_url;
    let (title, page, self_path) = match section {
        Some((name, path)) => (
            format!("{} — {name}", config.name),
            format!("{base}/{path}"),
            format!("feeds/{path}.xml"),
        ),
        None => (
            config.name.clone(),
            format!("{base}/"),
            "feeds/all.xml".to_owned(),
        ),
    };
    let updated = latest(
        entries
            .iter()
            .map(|d| d.updated.as_deref().unwrap_or(&d.published)),
    )
    .unwrap_or("2000-01-01T00:00:00+00:00");
    let mut xml = String::with_capacity(1024 + entries.len() * 600);
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{base}/{}\"/>\n<updated>{}</updated>\n",
        xml_escape(&config.language),
        xml_escape(&title),
        xml_escape(&page),
        xml_escape(&page),
        xml_escape(&self_path),
        xml_escape(updated),
    );
    for draft in entries {
        let url = format!("{base}{}", draft.path.url());
        let _ = write!(
            xml,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<published>{}</published>\n<updated>{}</updated>\n",
            xml_escape(&draft.headline),
            xml_escape(&url),
            xml_escape(&url),
            xml_escape(&draft.published),
            xml_escape(draft.updated.as_deref().unwrap_or(&draft.published)),
        );
        for name in &draft.byline {
            let _ = writeln!(xml, "<author><name>{}</name></author>", xml_escape(name));
        }
        let _ = writeln!(
            xml,
            "<category term=\"{}\" label=\"{}\"/>",
            xml_escape(&draft.section.path),
            xml_escape(&draft.section.name)
        );
        let _ = write!(
            xml,
            "<summary>{}</summary>\n</entry>\n",
            xml_escape(&draft.standfirst)
        );
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::latest;

    #[test]
    fn the_latest_time_is_the_latest_instant_not_the_largest_text() {
        let times = ["2026-01-01T10:00:00+09:00", "2026-01-01T02:00:00+00:00"];
        assert_eq!(latest(times.into_iter()), Some("2026-01-01T02:00:00+00:00"));
        let times = ["2026-01-01T01:00:00-05:00", "2026-01-01T05:59:00+00:00"];
        assert_eq!(latest(times.into_iter()), Some("2026-01-01T01:00:00-05:00"));
        assert_eq!(latest(std::iter::empty()), None);
    }
}
