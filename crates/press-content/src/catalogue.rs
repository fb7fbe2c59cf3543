//! The interface's words for a site: the catalogue of its language
//! (`catalogues/<language>.toml`, compiled in), with the site's `[strings]`
//! overrides on top, checked whole. What comes out is `site.json`'s
//! `strings`: every key of `broadsheet_model::Text`, a counted text once per
//! plural category the language has.
//!
//! A catalogue is a small TOML table rather than Fluent: the app needs only
//! look-ups, slots and plural categories, and a table of plain strings in
//! `site.json` costs the first load nothing but the strings themselves
//! (docs/performance.md has the figures).

use std::collections::BTreeMap;

use broadsheet_model::strings::{counted_key, plural_categories, slots};
use broadsheet_model::validate::text_problem;
use broadsheet_model::Text;
use toml::Spanned;

/// The catalogues Broadsheet ships, by language.
pub const CATALOGUES: [(&str, &str); 6] = [
    ("en", include_str!("../catalogues/en.toml")),
    ("de", include_str!("../catalogues/de.toml")),
    ("fr", include_str!("../catalogues/fr.toml")),
    ("es", include_str!("../catalogues/es.toml")),
    ("ar", include_str!("../catalogues/ar.toml")),
    ("ja", include_str!("../catalogues/ja.toml")),
];

/// The shipped catalogue for `language`: its own (`pt-BR`), else its
/// primary subtag's (`de` for `de-CH`).
pub fn catalogue_for(language: &str) -> Option<(&'static str, &'static str)> {
    let lower = language.to_ascii_lowercase();
    let primary = lower.split('-').next().unwrap_or("");
    CATALOGUES
        .iter()
        .find(|(tag, _)| *tag == lower)
        .or_else(|| CATALOGUES.iter().find(|(tag, _)| *tag == primary))
        .copied()
}

/// A problem with a text: the key (`strings.most_popular`) and what is wrong,
/// and where in site.toml when it comes from there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextProblem {
    pub field: String,
    /// A byte offset in site.toml, when the override is there.
    pub at: Option<usize>,
    pub message: String,
}

/// One catalogue, flattened: `story_count.one` for a counted text's forms.
fn flatten(
    source: &str,
    table: &BTreeMap<String, Spanned<toml::Value>>,
    at_in_site_toml: bool,
) -> Result<BTreeMap<String, (String, Option<usize>)>, TextProblem> {
    let mut out = BTreeMap::new();
    for (key, value) in table {
        let at = at_in_site_toml.then(|| value.span().start);
        let problem = |message: String| TextProblem {
            field: format!("strings.{key}"),
            at,
            message,
        };
        let Some(text) = Text::ALL.iter().find(|t| t.key() == key) else {
            return Err(problem(format!(
                "is not a text of the interface ({source}); the keys are those of catalogues/en.toml, listed in docs/authoring.md"
            )));
        };
        match (text.is_counted(), value.get_ref()) {
            (false, toml::Value::String(s)) => {
                out.insert(key.clone(), (s.clone(), at));
            }
            (true, toml::Value::Table(forms)) => {
                for (category, form) in forms {
                    let toml::Value::String(form) = form else {
                        return Err(problem(format!("`{category}` must be a string")));
                    };
                    if !["zero", "one", "two", "few", "many", "other"].contains(&category.as_str()) {
                        return Err(problem(format!(
                            "`{category}` is not a plural category (zero, one, two, few, many, other)"
                        )));
                    }
                    out.insert(counted_key(*text, category), (form.clone(), at));
                }
            }
            (true, _) => {
                return Err(problem(
                    "depends on a number: give a table of its forms, e.g. { one = \"{n} story\", other = \"{n} stories\" }".to_owned(),
                ))
            }
            (false, _) => return Err(problem("must be a string".to_owned())),
        }
    }
    Ok(out)
}

fn parse_catalogue(tag: &str, text: &str) -> BTreeMap<String, Spanned<toml::Value>> {
    // The catalogues are compiled in and checked by this module's tests.
    toml::from_str(text).unwrap_or_else(|e| panic!("catalogues/{tag}.toml: {e}"))
}

/// `site.json`'s `strings` for `language`, with `overrides` (site.toml's
/// `[strings]`) on top. Every key the language needs must be there; each
/// text's `{slots}` must be English's.
pub fn strings_for(
    language: &str,
    overrides: &BTreeMap<String, Spanned<toml::Value>>,
) -> Result<BTreeMap<String, String>, TextProblem> {
    let english = flatten("en", &parse_catalogue("en", CATALOGUES[0].1), false)?;
    let mut texts = match catalogue_for(language) {
        Some((tag, text)) => flatten(tag, &parse_catalogue(tag, text), false)?,
        None => BTreeMap::new(),
    };
    texts.extend(flatten("site.toml", overrides, true)?);
    let categories = plural_categories(language);
    let mut missing = Vec::new();
    for &text in Text::ALL {
        if text.is_counted() {
            missing.extend(
                categories
                    .iter()
                    .map(|c| counted_key(text, c))
                    .filter(|key| !texts.contains_key(key)),
            );
        } else if !texts.contains_key(text.key()) {
            missing.push(text.key().to_owned());
        }
    }
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(8).map(String::as_str).collect();
        let more = missing.len().saturating_sub(shown.len());
        let why = match catalogue_for(language) {
            None => format!(
                "Broadsheet has no catalogue for {language:?} (it ships {}); give every text of catalogues/en.toml under [strings] in your language",
                CATALOGUES.map(|(tag, _)| tag).join(", ")
            ),
            Some(_) => "give it under [strings]".to_owned(),
        };
        return Err(TextProblem {
            field: "strings".to_owned(),
            at: None,
            message: format!(
                "{} missing: {}{}; {why}",
                if missing.len() == 1 {
                    "a text is"
                } else {
                    "texts are"
                },
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
        });
    }
    let mut out = BTreeMap::new();
    for (key, (text, at)) in texts {
        let problem = |message: String| TextProblem {
            field: format!("strings.{key}"),
            at,
            message,
        };
        if text.trim().is_empty() {
            return Err(problem("is empty".to_owned()));
        }
        if let Some(found) = text_problem(&text) {
            return Err(problem(found.to_string()));
        }
        let base = key.split('.').next().unwrap_or(&key);
        let own = slots(&text);
        let wanted: Vec<&str> = match english
            .get(&key)
            .or_else(|| english.get(&format!("{base}.other")))
        {
            Some((english, _)) => slots(english),
            None => Vec::new(),
        };
        let counted = key.contains('.');
        if let Some(extra) = own.iter().find(|slot| !wanted.contains(slot)) {
            return Err(problem(format!(
                "{{{extra}}} is not filled in here (this text has {})",
                list_slots(&wanted)
            )));
        }
        // A counted form may say its number in words ("قصتان"): only `{n}` may be left out.
        if let Some(lost) = wanted
            .iter()
            .find(|slot| !(own.contains(slot) || counted && **slot == "n"))
        {
            return Err(problem(format!(
                "{{{lost}}} is missing (this text has {})",
                list_slots(&wanted)
            )));
        }
        out.insert(key, text);
    }
    Ok(out)
}

fn list_slots(slots: &[&str]) -> String {
    if slots.is_empty() {
        "no slots".to_owned()
    } else {
        slots
            .iter()
            .map(|s| format!("{{{s}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests;
