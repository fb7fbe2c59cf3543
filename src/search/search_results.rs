//! One run's answer: the status line, the note, the results with their
//! words marked, and "More results" (which moves focus to the first new one).

use std::rc::Rc;

use broadsheet_model::search::{Outcome, Query, SearchDoc};
use broadsheet_model::{Site, Text};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::worded::around_one;
use crate::search::params::Params;
use crate::search::search_result::SearchResult;

/// Results shown at first, and added by each "More results".
pub const PAGE: usize = 10;
/// Of a new search's first page, the results painted as soon as their docs
/// files are in (what a phone's screen shows): one round of fetches well
/// within a browser's six connections to a host over HTTP/1.1. The rest of
/// the page follows right after that paint.
pub const FIRST_PAINT: usize = 4;
/// The sentence the status line says (and screen readers announce).
pub fn status_text(site: &Site, query: &str, outcome: &Outcome, filtered: bool) -> String {
    let count = outcome.hits.len();
    let query = outcome
        .corrected
        .as_ref()
        .map_or(query.trim().to_owned(), |q| q.terms.join(" "));
    let values = [("query", query.as_str())];
    match (count, filtered) {
        (0, false) => site.fill(Text::NoResults, &values),
        (0, true) => site.fill(Text::NoResultsFiltered, &values),
        (n, false) => site.count(Text::ResultsFor, n as u64, &values),
        (n, true) => site.count(Text::ResultsForFiltered, n as u64, &values),
    }
}

/// One run's answer, for the params it was made for.
#[derive(Clone)]
pub struct Found {
    pub params: Params,
    pub query: Query,
    pub outcome: Rc<Outcome>,
    pub docs: Vec<SearchDoc>,
    /// How many results were asked for (`shown` when it ran).
    pub wanted: usize,
    /// The writer and tag filters, said: "by Rosa Delgado", "tagged Books".
    pub only: Vec<String>,
}

/// The status line, the results and "More results", for one run.
pub fn results(found: Found, params: RwSignal<Params>, shown: RwSignal<usize>) -> impl IntoView {
    let Found {
        params: ran,
        query,
        outcome,
        docs,
        only,
        ..
    } = found;
    let running = ran.clone();
    let busy = move || params.with(|p| *p != running).then_some("true");
    let filtered = !ran.section.is_empty() || !ran.year.is_empty() || !only.is_empty();
    let site = crate::site_context::site();
    let status = if query.only_stop_words {
        site.fill(Text::OnlyCommonWords, &[("query", ran.q.trim())])
    } else if query.is_empty() {
        site.text(Text::TypeAWord).to_owned()
    } else {
        status_text(&site, &ran.q, &outcome, filtered)
    };
    let note = match (
        &outcome.corrected,
        outcome.all_terms || outcome.hits.is_empty(),
    ) {
        (Some(_), _) => Some(site.fill(Text::NearestWord, &[("query", ran.q.trim())])),
        (None, false) => Some(site.text(Text::SomeWords).to_owned()),
        (None, true) => None,
    };
    let tips = (!query.is_empty() && outcome.hits.is_empty()).then(|| {
        let archive = site.text(Text::ArchiveLink).to_owned();
        let (before, after) = around_one(site.text(Text::SearchTips));
        view! { <p class="search-tips">{before}<a href=crate::links::href("/archive")>{archive}</a>{after}</p> }
    });
    let marks = outcome.corrected.clone().unwrap_or(query);
    // Not while the first page is still filling in.
    let more = docs.len() < outcome.hits.len() && docs.len() >= PAGE;
    let first_new = docs.len();
    let on_more = move |_| {
        shown.update(|n| *n += PAGE);
        focus_result(first_new);
    };
    let clear = move |_| {
        shown.set(FIRST_PAINT);
        params.update(|p| {
            p.author.clear();
            p.tag.clear();
        });
    };
    let and = site.text(Text::ListAnd).to_owned();
    let only_text = site.fill(Text::OnlyStories, &[("filters", &only.join(&and))]);
    let search_all = site.text(Text::SearchAll).to_owned();
    let more_results = site.text(Text::MoreResults).to_owned();
    let only = (!only.is_empty()).then(|| {
        view! {
            <p class="search-only">{only_text} " "
                <button type="button" class="search-clear" on:click=clear>{search_all}</button>
            </p>
        }
    });
    view! {
        {only}
        <p class="search-status" role="status" aria-live="polite">{status}</p>
        {note.map(|note| view! { <p class="search-note">{note}</p> })}
        {tips}
        <ol class="search-results" aria-busy=busy>
            {docs.into_iter().map(|doc| {
                let query = marks.clone();
                view! { <li><SearchResult doc query /></li> }
            }).collect_view()}
        </ol>
        {more.then(|| view! {
            <button type="button" class="search-more" on:click=on_more>{more_results}</button>
        })}
    }
}

/// Moves focus to result `index` (0-based) once it has rendered.
fn focus_result(index: usize) {
    fn attempt(index: usize, tries: u32) {
        let look = move || {
            let link = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector(&format!(".search-results > li:nth-child({}) a", index + 1))
                        .ok()
                        .flatten()
                })
                .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
            match link {
                Some(link) => {
                    let _ = link.focus();
                }
                None if tries > 0 => attempt(index, tries - 1),
                None => {}
            }
        };
        set_timeout(look, std::time::Duration::from_millis(50));
    }
    attempt(index, 40);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines() {
        let outcome = |n: u32| Outcome {
            hits: (0..n)
                .map(|doc| broadsheet_model::search::Hit {
                    doc,
                    matched: 1,
                    score: 1,
                })
                .collect(),
            all_terms: true,
            corrected: None,
        };
        let site = crate::test_sites::english();
        assert_eq!(
            status_text(&site, "reservoir ", &outcome(12), false),
            "12 results for “reservoir”."
        );
        assert_eq!(
            status_text(&site, "reservoir", &outcome(1), true),
            "1 result for “reservoir” with these filters."
        );
        assert_eq!(
            status_text(&site, "zzz", &outcome(0), false),
            "No stories match “zzz”."
        );
        let arabic = crate::test_sites::site("ar");
        for n in [0, 1, 2, 3, 11, 100] {
            let text = status_text(&arabic, "ميناء", &outcome(n), false);
            assert!(
                text.contains("ميناء") && !text.contains("result"),
                "{n}: {text}"
            );
        }
    }
}
