//! One run's answer: the status line, the note, the results with their
//! words marked, and "More results" (which moves focus to the first new one).

use std::rc::Rc;

use broadsheet_model::search::{Outcome, Query, SearchDoc};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

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
pub fn status_text(query: &str, outcome: &Outcome, filtered: bool) -> String {
    let count = outcome.hits.len();
    let query = outcome
        .corrected
        .as_ref()
        .map_or(query.trim().to_owned(), |q| q.terms.join(" "));
    let scope = if filtered { " with these filters" } else { "" };
    match count {
        0 => format!("No stories match “{query}”{scope}."),
        1 => format!("1 result for “{query}”{scope}."),
        n => format!("{n} results for “{query}”{scope}."),
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
    let status = if query.only_stop_words {
        format!(
            "“{}” is made only of very common words. Add a name, a place or a subject.",
            ran.q.trim()
        )
    } else if query.is_empty() {
        "Type a word or two: a name, a place, a subject.".to_owned()
    } else {
        status_text(&ran.q, &outcome, filtered)
    };
    let note = match (
        &outcome.corrected,
        outcome.all_terms || outcome.hits.is_empty(),
    ) {
        (Some(_), _) => Some(format!(
            "No story has “{}”; showing the nearest word instead.",
            ran.q.trim()
        )),
        (None, false) => {
            Some("No story has all of these words; these have some of them.".to_owned())
        }
        (None, true) => None,
    };
    let tips = (!query.is_empty() && outcome.hits.is_empty()).then(|| {
        view! {
            <p class="search-tips">"Check the spelling, use fewer words, or look in the "
                <a href=crate::links::href("/archive")>"archive"</a>"."</p>
        }
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
    let only = (!only.is_empty()).then(|| view! {
        <p class="search-only">"Only stories " {only.join(" and ")} ". "
            <button type="button" class="search-clear" on:click=clear>"Search all stories"</button>
        </p>
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
            <button type="button" class="search-more" on:click=on_more>"More results"</button>
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
        assert_eq!(
            status_text("reservoir ", &outcome(12), false),
            "12 results for “reservoir”."
        );
        assert_eq!(
            status_text("reservoir", &outcome(1), true),
            "1 result for “reservoir” with these filters."
        );
        assert_eq!(
            status_text("zzz", &outcome(0), false),
            "No stories match “zzz”."
        );
    }
}
