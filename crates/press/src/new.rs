//! `press new`: a correctly named draft with its front matter filled in.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::{DateTime, FixedOffset, Utc};

use press_content::config::SiteConfig;
use press_content::text::slugify;

/// Longest slug `press new` makes, cut at a word boundary.
pub const NEW_SLUG_CHARS: usize = 60;

pub struct NewOptions<'a> {
    pub content: &'a Path,
    pub section: &'a str,
    pub headline: &'a str,
    pub byline: Option<String>,
    /// The time to write as `published`, in the site's time zone.
    pub now: DateTime<Utc>,
}

/// A slug for any language: transliterated (deunicode), cut at a word
/// boundary, never empty.
pub fn slug_for(headline: &str) -> String {
    let slug = slugify(headline);
    let slug = if slug.len() > NEW_SLUG_CHARS {
        let cut = slug[..=NEW_SLUG_CHARS].rfind('-').unwrap_or(NEW_SLUG_CHARS);
        slug[..cut].trim_end_matches('-').to_owned()
    } else {
        slug
    };
    if slug.is_empty() {
        "story".to_owned()
    } else {
        slug
    }
}

/// Writes the draft and returns its path. Never overwrites: a file of the
/// same name gets `-2`, `-3`… in its slug.
pub fn new_article(options: &NewOptions) -> Result<PathBuf> {
    let config = SiteConfig::load(&options.content.join("site.toml"))?;
    let section = options.section.trim_matches('/');
    if config.section(section).is_none() {
        let known: Vec<String> = config.sections.iter().map(|s| s.path.as_path()).collect();
        anyhow::bail!(
            "--section {section:?}: no such section in {}; known sections: {}",
            options.content.join("site.toml").display(),
            known.join(", ")
        );
    }
    let headline = options.headline.trim();
    if let Some(problem) = broadsheet_model::validate::field_problem(headline) {
        anyhow::bail!("the headline: {problem}");
    }
    let (byline, from) = match &options.byline {
        Some(byline) => (Some(byline.clone()), "--byline"),
        None => (std::env::var("BROADSHEET_BYLINE").ok(), "BROADSHEET_BYLINE"),
    };
    let byline = byline
        .map(|b| b.trim().to_owned())
        .filter(|b| !b.is_empty())
        .context("no byline: pass --byline \"Your Name\" or set BROADSHEET_BYLINE")?;
    // The draft must pass `press check`: the name is checked as check will.
    if let Some(problem) = broadsheet_model::validate::field_problem(&byline) {
        anyhow::bail!(
            "{from} {:?}: {problem}",
            broadsheet_model::validate::escape_hostile(&byline)
        );
    }
    let offset: FixedOffset = config.time_zone;
    let local = options.now.with_timezone(&offset);
    let published = local.to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let date = local.format("%Y-%m-%d").to_string();
    let base = slug_for(headline);
    let articles = options.content.join("articles");
    std::fs::create_dir_all(&articles)
        .with_context(|| format!("{}: cannot create", articles.display()))?;
    // A JSON string is a valid TOML basic string (the same escapes).
    let toml_string = |text: &str| serde_json::to_string(text).unwrap_or_default();
    for attempt in 1..1000 {
        let slug = if attempt == 1 {
            base.clone()
        } else {
            format!("{base}-{attempt}")
        };
        let path = articles.join(format!("{date}-{slug}.md"));
        let text = format!(
            "+++\nheadline = {headline}\nstandfirst = \"Write one or two sentences that tell the story.\"\nsection = {section}\nbyline = [{byline}]\npublished = \"{published}\"\nslug = \"{slug}\"\ndraft = true\n+++\n\nWrite the story here. It stays a draft, checked but never published, until you delete `draft = true`.\n",
            headline = toml_string(headline),
            section = toml_string(section),
            byline = toml_string(&byline),
        );
        match std::fs::File::options()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(text.as_bytes())
                    .with_context(|| format!("{}: cannot write", path.display()))?;
                return Ok(path);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => {
                return Err(error).with_context(|| format!("{}: cannot create", path.display()))
            }
        }
    }
    anyhow::bail!(
        "{}: too many stories named {date}-{base}",
        articles.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_for_any_language() {
        let cases = [
            (
                "Harbour strike ends after nine days",
                "harbour-strike-ends-after-nine-days",
            ),
            (
                "São Paulo: Zürich fährt Bahn",
                "sao-paulo-zurich-fahrt-bahn",
            ),
            ("Αθήνα: νέα γέφυρα", "athena-nea-gephura"),
            ("Москва готовится к зиме", "moskva-gotovitsia-k-zime"),
            ("北京 新 机场", "bei-jing-xin-ji-chang"),
            ("🙂", "slight-smile"),
            ("— … —", "story"),
            ("***", "story"),
        ];
        for (headline, slug) in cases {
            let made = slug_for(headline);
            assert!(broadsheet_model::is_valid_slug(&made), "{headline}: {made}");
            assert_eq!(made, slug, "{headline}");
        }
        let long = slug_for(&"newsroom ".repeat(20));
        assert!(
            long.len() <= NEW_SLUG_CHARS && long.ends_with("newsroom"),
            "{long}"
        );
    }
}
