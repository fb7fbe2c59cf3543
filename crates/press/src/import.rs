//! `press import`: a CSV of `url,date,title,text` rows into a content folder.
//!
//! Sections come from keyword rules (topic first, then region), with a
//! default for rows no rule places. Leading datelines ("Friday, January 4,
//! 2019") are dropped, text is escaped so it can never become Markdown markup
//! or HTML, and every article ends with a link to its source.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::generate::SITE_TOML;
use crate::text::slugify;

pub struct ImportReport {
    pub rows: usize,
    pub imported: usize,
    /// (1-based CSV row, reason)
    pub skipped: Vec<(usize, String)>,
}

/// Section rules: the first section whose keywords appear at least twice wins.
const TOPIC_RULES: &[(&str, &[&str])] = &[
    (
        "sport",
        &[
            "football",
            "soccer",
            "championship",
            "tournament",
            "league",
            "olympic",
            "tennis",
            "cricket",
            "rugby",
            "medal",
            "coach",
            "match",
            "cup",
            "goals",
            "season",
            "player",
            "players",
            "athletes",
            "race",
        ],
    ),
    (
        "science/climate",
        &[
            "climate",
            "emissions",
            "warming",
            "carbon",
            "glacier",
            "drought",
            "wildfire",
            "wildfires",
        ],
    ),
    (
        "science",
        &[
            "scientists",
            "researchers",
            "study",
            "species",
            "space",
            "nasa",
            "astronomers",
            "planet",
            "fossil",
            "spacecraft",
            "telescope",
            "disease",
            "vaccine",
        ],
    ),
    (
        "technology",
        &[
            "technology",
            "software",
            "internet",
            "computer",
            "cyber",
            "google",
            "facebook",
            "apple",
            "microsoft",
            "online",
            "hackers",
            "smartphone",
        ],
    ),
    (
        "business/markets",
        &["shares", "stock", "investors", "index", "nasdaq", "bonds"],
    ),
    (
        "business",
        &[
            "company",
            "companies",
            "economy",
            "economic",
            "bank",
            "trade",
            "billion",
            "prices",
            "business",
            "market",
            "tariffs",
            "jobs",
        ],
    ),
    (
        "culture",
        &[
            "film", "music", "album", "festival", "museum", "art", "novel", "award", "actor",
            "singer", "band", "theatre", "oscar",
        ],
    ),
];

const REGION_RULES: &[(&str, &[&str])] = &[
    (
        "world/asia",
        &[
            "china",
            "chinese",
            "japan",
            "japanese",
            "india",
            "indian",
            "korea",
            "korean",
            "indonesia",
            "philippines",
            "pakistan",
            "bangladesh",
            "vietnam",
            "thailand",
            "malaysia",
            "afghanistan",
            "taiwan",
            "myanmar",
            "nepal",
            "sri",
        ],
    ),
    (
        "world/europe",
        &[
            "uk",
            "britain",
            "british",
            "england",
            "scotland",
            "france",
            "french",
            "germany",
            "german",
            "italy",
            "italian",
            "spain",
            "spanish",
            "russia",
            "russian",
            "ukraine",
            "poland",
            "netherlands",
            "sweden",
            "ireland",
            "greece",
            "european",
            "brexit",
        ],
    ),
    (
        "world/americas",
        &[
            "united states",
            "us",
            "american",
            "canada",
            "canadian",
            "mexico",
            "brazil",
            "argentina",
            "venezuela",
            "colombia",
            "chile",
            "peru",
            "cuba",
            "trump",
            "washington",
        ],
    ),
    (
        "world/africa",
        &[
            "nigeria",
            "kenya",
            "africa",
            "african",
            "egypt",
            "ethiopia",
            "sudan",
            "congo",
            "ghana",
            "zimbabwe",
            "uganda",
            "somalia",
            "algeria",
            "mali",
            "mozambique",
        ],
    ),
];

pub fn import(csv_path: &Path, out: &Path, default_section: &str) -> Result<ImportReport> {
    let known_sections: Vec<&str> = SITE_TOML
        .lines()
        .filter_map(|l| l.strip_prefix("path = \""))
        .map(|l| l.trim_end_matches('"'))
        .collect();
    if !known_sections.contains(&default_section) {
        bail!(
            "--default-section {default_section:?} is not one of: {}",
            known_sections.join(", ")
        );
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(csv_path)
        .with_context(|| format!("{}: cannot open CSV", csv_path.display()))?;
    let articles = out.join("articles");
    std::fs::create_dir_all(&articles)
        .with_context(|| format!("{}: cannot create", articles.display()))?;
    let site_toml = out.join("site.toml");
    if !site_toml.exists() {
        let text = SITE_TOML
            .replace("Broadsheet (synthetic)", "Broadsheet (imported)")
            .replace("Generated content for scale tests", "Imported articles");
        std::fs::write(&site_toml, text)
            .with_context(|| format!("{}: cannot write", site_toml.display()))?;
    }
    let mut report = ImportReport {
        rows: 0,
        imported: 0,
        skipped: Vec::new(),
    };
    let mut used_names = HashSet::new();
    for (index, record) in reader.byte_records().enumerate() {
        let row = index + 2; // the header is row 1
        report.rows += 1;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                report
                    .skipped
                    .push((row, format!("unreadable CSV row: {error}")));
                continue;
            }
        };
        let field = |i: usize| {
            record
                .get(i)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default()
        };
        let row_data = Row {
            url: field(0),
            date: field(1),
            title: field(2),
            text: field(3),
        };
        match convert(&row_data, default_section) {
            Ok(converted) => {
                let mut name = format!("{}-{}", converted.date, converted.slug);
                let mut suffix = 2;
                while !used_names.insert(name.clone()) {
                    name = format!("{}-{}-{suffix}", converted.date, converted.slug);
                    suffix += 1;
                }
                let slug = name[11..].to_owned();
                let text = converted.markdown.replace("{slug}", &slug);
                // Never over an existing file: importing again, or into a
                // newsroom's own content, must not replace an article.
                let path = articles.join(format!("{name}.md"));
                let file = std::fs::File::options()
                    .write(true)
                    .create_new(true)
                    .open(&path);
                match file {
                    Ok(mut file) => {
                        std::io::Write::write_all(&mut file, text.as_bytes()).with_context(
                            || format!("{}: cannot write the article of row {row}", path.display()),
                        )?;
                        report.imported += 1;
                    }
                    Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                        report.skipped.push((
                            row,
                            format!("{} already exists; not overwritten", path.display()),
                        ));
                    }
                    Err(error) => {
                        return Err(error).with_context(|| {
                            format!("{}: cannot create the article of row {row}", path.display())
                        })
                    }
                }
            }
            Err(why) => report.skipped.push((row, why)),
        }
    }
    Ok(report)
}

struct Row {
    url: String,
    date: String,
    title: String,
    text: String,
}

struct Converted {
    date: String,
    slug: String,
    markdown: String,
}

fn convert(row: &Row, default_section: &str) -> Result<Converted, String> {
    let title = row.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err("empty title".into());
    }
    let date = row.date.trim();
    if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
        return Err(format!("bad date {date:?} (expected YYYY-MM-DD)"));
    }
    let paragraphs: Vec<String> = row
        .text
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty() && !is_dateline(p))
        .collect();
    if paragraphs.is_empty() {
        return Err("empty text".into());
    }
    let slug = slugify(&title);
    if slug.is_empty() {
        return Err(format!("no usable slug in title {title:?}"));
    }
    let section = section_for(&title, &paragraphs, default_section);
    let mut paragraphs = paragraphs;
    let standfirst = take_standfirst(&mut paragraphs);
    let source_ok = broadsheet_model::is_safe_href(row.url.trim()) && !row.url.contains('>');

    let mut markdown = String::with_capacity(row.text.len() + 512);
    let _ = writeln!(markdown, "+++");
    let _ = writeln!(markdown, "headline = {}", toml_string(&title));
    let _ = writeln!(markdown, "standfirst = {}", toml_string(&standfirst));
    let _ = writeln!(markdown, "section = {}", toml_string(section));
    let _ = writeln!(markdown, "byline = [\"Wikinews contributors\"]");
    let _ = writeln!(markdown, "published = \"{date}T12:00:00Z\"");
    let _ = writeln!(markdown, "tags = [\"imported\"]");
    let _ = writeln!(markdown, "slug = \"{{slug}}\"");
    let _ = writeln!(markdown, "+++\n");
    for paragraph in &paragraphs {
        let _ = writeln!(markdown, "{}\n", escape_markdown(paragraph));
    }
    if source_ok {
        let _ = writeln!(markdown, "---\n\n*First published by [Wikinews](<{}>) under the Creative Commons Attribution 2.5 licence.*", row.url.trim());
    }
    Ok(Converted {
        date: date.to_owned(),
        slug,
        markdown,
    })
}

/// "Friday, January 4, 2019" on its own.
fn is_dateline(paragraph: &str) -> bool {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let Some((day, rest)) = paragraph.split_once(", ") else {
        return false;
    };
    DAYS.contains(&day)
        && rest.len() < 24
        && rest.chars().last().is_some_and(|c| c.is_ascii_digit())
}

fn section_for<'a>(title: &str, paragraphs: &[String], default_section: &'a str) -> &'a str
where
    'static: 'a,
{
    let sample = format!(
        "{title} {title} {}",
        paragraphs
            .iter()
            .take(2)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    )
    .to_lowercase();
    let words: Vec<&str> = sample
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let hits = |keywords: &[&str]| {
        keywords
            .iter()
            .map(|k| {
                if k.contains(' ') {
                    sample.matches(k).count()
                } else {
                    words.iter().filter(|w| *w == k).count()
                }
            })
            .sum::<usize>()
    };
    let best = |rules: &'static [(&'static str, &'static [&'static str])], minimum: usize| {
        rules
            .iter()
            .map(|(section, keywords)| (hits(keywords), *section))
            .filter(|(count, _)| *count >= minimum)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1)))
            .map(|(_, section)| section)
    };
    best(TOPIC_RULES, 3)
        .or_else(|| best(REGION_RULES, 1))
        .unwrap_or(default_section)
}

/// The longest standfirst taken whole from the text.
const STANDFIRST_CHARS: usize = 220;

/// The standfirst is the first sentence of the text, taken out of the body,
/// so the article does not say it twice: the body starts with the rest of
/// the first paragraph. Two cases keep the body whole: a first sentence over
/// 220 characters (the standfirst is then its opening, cut at a word and
/// ended with "…") and a text that is that one sentence (the body is never
/// empty). docs/authoring.md states the rule.
fn take_standfirst(paragraphs: &mut Vec<String>) -> String {
    let first = &paragraphs[0];
    let sentence = &first[..sentence_end(first)];
    if sentence.chars().count() > STANDFIRST_CHARS {
        return first_sentence(first, STANDFIRST_CHARS);
    }
    let standfirst = sentence.to_owned();
    let rest = first[sentence.len()..].trim().to_owned();
    match (rest.is_empty(), paragraphs.len()) {
        (true, 1) => {}
        (true, _) => {
            paragraphs.remove(0);
        }
        (false, _) => paragraphs[0] = rest,
    }
    standfirst
}

/// Where the first sentence of `paragraph` ends: after a full stop, "?" or
/// "!" followed by a space and a capital, a digit or a quote, unless the
/// word before the full stop is an abbreviation ("U.S.", "Dr.", "J.").
fn sentence_end(paragraph: &str) -> usize {
    const ABBREVIATIONS: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Sr", "Jr", "Gen", "Col", "Lt", "Sgt", "Capt",
        "Gov", "Sen", "Rep", "Rev", "Mt", "No", "Inc", "Ltd", "Co", "Corp", "vs", "etc", "Jan",
        "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    ];
    let bytes = paragraph.as_bytes();
    for (i, c) in paragraph.char_indices() {
        if !matches!(c, '.' | '?' | '!') || bytes.get(i + 1) != Some(&b' ') {
            continue;
        }
        let next = paragraph[i + 2..].chars().next();
        if !next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || "\"'“‘(".contains(n))
        {
            continue;
        }
        if c == '.' {
            let word = paragraph[..i].rsplit(' ').next().unwrap_or("");
            let word = word.trim_start_matches(|w: char| !w.is_alphanumeric());
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if initial || word.contains('.') || ABBREVIATIONS.contains(&word) {
                continue;
            }
        }
        return i + c.len_utf8();
    }
    paragraph.len()
}

fn first_sentence(paragraph: &str, limit: usize) -> String {
    let sentence = &paragraph[..sentence_end(paragraph)];
    if sentence.chars().count() <= limit {
        return sentence.to_owned();
    }
    let cut: String = sentence.chars().take(limit).collect();
    let cut = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{cut}…")
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Escapes every character Markdown could read as markup, so imported text stays text.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '!'
                | '|'
                | '~'
                | '&'
                | '-'
                | '+'
                | '.'
                | '('
                | ')'
                | '{'
                | '}'
                | '='
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_and_sections() {
        assert!(is_dateline("Friday, January 4, 2019"));
        assert!(!is_dateline(
            "Friday, January 4, 2019 was a cold day in the city."
        ));
        let paragraphs =
            vec!["The football club won the cup final after the league season ended.".to_owned()];
        assert_eq!(section_for("Club wins cup", &paragraphs, "world"), "sport");
        let paragraphs = vec!["Officials in Kenya said on Monday that roads reopened.".to_owned()];
        assert_eq!(
            section_for("Roads reopen", &paragraphs, "world"),
            "world/africa"
        );
        assert_eq!(
            section_for("Quiet day", &["Nothing much.".to_owned()], "world"),
            "world"
        );
    }

    #[test]
    fn escaped_text_stays_text() {
        let escaped = escape_markdown("<script>*x* [a](javascript:b) 1. # h");
        let (blocks, diagnostics) = crate::markdown::parse_body(Path::new("x.md"), &escaped, 1);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            crate::markdown::block_text(&blocks[0]),
            "<script>*x* [a](javascript:b) 1. # h"
        );
    }

    #[test]
    fn standfirst_is_the_first_sentence() {
        assert_eq!(first_sentence("One two. Three.", 100), "One two.");
        assert_eq!(first_sentence("aaa bbb ccc", 6), "aaa…");
        assert_eq!(
            first_sentence(
                "The U.S. team and Dr. Lee met J. Smith. Then they left.",
                100
            ),
            "The U.S. team and Dr. Lee met J. Smith."
        );
        assert_eq!(
            first_sentence("Is it over? \"No,\" she said. Yes.", 100),
            "Is it over?"
        );
        assert_eq!(
            first_sentence("Prices rose 2.5 per cent. Then fell.", 100),
            "Prices rose 2.5 per cent."
        );
    }

    /// The standfirst leaves the body: no article says its first sentence twice.
    #[test]
    fn standfirst_is_taken_out_of_the_body() {
        let split = |paragraphs: &[&str]| {
            let mut paragraphs: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
            let standfirst = take_standfirst(&mut paragraphs);
            (standfirst, paragraphs)
        };
        assert_eq!(
            split(&["First one. Second one.", "Next."]),
            (
                "First one.".into(),
                vec!["Second one.".into(), "Next.".into()]
            )
        );
        assert_eq!(
            split(&["Only sentence.", "Next paragraph."]),
            ("Only sentence.".into(), vec!["Next paragraph.".into()])
        );
        // The whole text is one sentence: the body keeps it.
        assert_eq!(
            split(&["Only sentence."]),
            ("Only sentence.".into(), vec!["Only sentence.".into()])
        );
        // Too long for a standfirst: its opening, and the body keeps it whole.
        let long = format!("{}. Next.", "word ".repeat(60).trim());
        let (standfirst, body) = split(&[&long]);
        assert!(standfirst.ends_with('…') && standfirst.chars().count() <= 221);
        assert_eq!(body, vec![long.clone()]);
    }
}
