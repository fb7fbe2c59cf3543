use std::rc::Rc;
use std::time::Duration;

use broadsheet_model::search::{
    intersect, Facet, Filter, Order, Outcome, Query, SearchDoc, SearchIndex,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::FetchError;
use crate::search::engine;
use crate::search::search_result::SearchResult;

/// Results shown at first, and added by each "More results".
pub const PAGE: usize = 10;
/// Of a new search's first page, the results painted as soon as their docs
/// files are in (what a phone's screen shows): one round of fetches well
/// within a browser's six connections to a host over HTTP/1.1. The rest of
/// the page follows right after that paint.
pub const FIRST_PAINT: usize = 4;
/// Keystrokes closer together than this wait for typing to pause.
pub const DEBOUNCE_MS: u64 = 150;

/// When the results follow the typing: a keystroke after a pause searches at
/// once (no wait before the first results); the keystrokes that follow it
/// within [`DEBOUNCE_MS`] wait until the typing pauses.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Debounce {
    quiet_from_ms: f64,
}

impl Debounce {
    /// A keystroke at `now_ms`: true to search now, false to search when
    /// no other keystroke follows within [`DEBOUNCE_MS`].
    pub fn keystroke(&mut self, now_ms: f64) -> bool {
        let now = now_ms >= self.quiet_from_ms;
        self.quiet_from_ms = now_ms + DEBOUNCE_MS as f64;
        now
    }
}

/// What the URL holds: `?q=…&section=…&year=…&sort=newest`, so that Back,
/// Forward and a shared link restore a search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Params {
    pub q: String,
    /// A top-level section's path, or empty for all.
    pub section: String,
    /// A year, or empty for any.
    pub year: String,
    /// A writer's or a tag's slug, or empty (set by links, not by the form).
    pub author: String,
    pub tag: String,
    pub newest: bool,
}

impl Params {
    /// From `location.search` (with or without its `?`); unknown keys ignored.
    pub fn from_search(search: &str) -> Params {
        let mut params = Params::default();
        for pair in search.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value);
            match key {
                "q" => params.q = value,
                "section" => params.section = value,
                "year" => params.year = value,
                "author" => params.author = value,
                "tag" => params.tag = value,
                "sort" => params.newest = value == "newest",
                _ => {}
            }
        }
        params
    }

    /// `?q=…` with only what is set; empty when nothing is.
    pub fn to_search(&self) -> String {
        let mut parts = Vec::new();
        for (key, value) in [
            ("q", self.q.trim()),
            ("section", &self.section),
            ("year", &self.year),
            ("author", &self.author),
            ("tag", &self.tag),
        ] {
            if !value.is_empty() {
                parts.push(format!("{key}={}", percent_encode(value)));
            }
        }
        if self.newest {
            parts.push("sort=newest".to_owned());
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// The filter these params ask of `index` (without the writer's and
    /// tag's stories, which come from their files): unknown sections and
    /// years filter nothing.
    pub fn filter(&self, index: &SearchIndex) -> Filter {
        Filter {
            within: None,
            section: index
                .sections
                .iter()
                .position(|s| s.path == self.section)
                .map(|i| i as u32),
            docs: index
                .years
                .iter()
                .find(|y| y.year.to_string() == self.year)
                .map(|y| (y.first, y.count)),
        }
    }

    pub fn order(&self) -> Order {
        if self.newest {
            Order::Newest
        } else {
            Order::Relevance
        }
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(high), Some(low)) => {
                        out.push((high * 16 + low) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

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
struct Found {
    params: Params,
    query: Query,
    outcome: Rc<Outcome>,
    docs: Vec<SearchDoc>,
    /// How many results were asked for (`shown` when it ran).
    wanted: usize,
    /// The writer and tag filters, said: "by Rosa Delgado", "tagged Books".
    only: Vec<String>,
}

/// The search view: the form (words, section, year, order), the status
/// line, the results with their words marked, and "More results". Results
/// follow the typing; the URL follows the results.
#[component]
pub fn SearchView() -> impl IntoView {
    let start = Params::from_search(&location_search());
    let empty_at_start = start.q.trim().is_empty();
    let typed = RwSignal::new(start.q.clone());
    let params = RwSignal::new(start);
    let shown = RwSignal::new(FIRST_PAINT);
    let index = LocalResource::new(engine::index);

    let outcome = LocalResource::new(move || {
        let params = params.get();
        async move {
            let index = engine::index().await?;
            let query = Query::parse(&params.q);
            let mut filter = params.filter(&index);
            let mut only = Vec::new();
            let mut lists = Vec::new();
            for (facet, slug, label) in [
                (Facet::Author, &params.author, "by"),
                (Facet::Tag, &params.tag, "tagged"),
            ] {
                if !slug.is_empty() {
                    let (name, docs) = engine::facet(facet, slug).await?;
                    only.push(format!("{label} {name}"));
                    lists.push(docs);
                }
            }
            if !lists.is_empty() {
                filter.within = Some(intersect(&lists));
            }
            let outcome = if query.is_empty() {
                Outcome::default()
            } else {
                engine::run(&index, &query, &filter, params.order()).await?
            };
            Ok::<_, FetchError>((params, query, Rc::new(outcome), only))
        }
    });
    let found = LocalResource::new(move || {
        let wanted = shown.get();
        let outcome = outcome.get();
        async move {
            match outcome {
                None => Ok(None),
                Some(Err(error)) => Err(error),
                Some(Ok((params, query, outcome, only))) => {
                    let hits = &outcome.hits[..wanted.min(outcome.hits.len())];
                    let index = engine::index().await?;
                    let docs = engine::docs(&index, hits).await?;
                    Ok(Some(Found {
                        params,
                        query,
                        outcome,
                        docs,
                        wanted,
                        only,
                    }))
                }
            }
        }
    });

    // Once a search's first results are painted, the rest of its first page
    // (not on an earlier search's answer, still shown while this one runs).
    Effect::new(move |_| {
        if let Some(Ok(Some(found))) = found.get() {
            let current = params.with_untracked(|p| *p == found.params);
            let wanted = shown.get_untracked();
            if current && found.wanted == wanted && wanted < PAGE {
                // After the frame that paints them, not before it.
                let ran = found.params;
                after_next_paint(move || {
                    let still = params.with_untracked(|p| *p == ran);
                    if still && shown.get_untracked() == wanted {
                        shown.set(PAGE);
                    }
                });
            }
        }
    });

    // The URL follows the search (replaced: typing makes no history).
    Effect::new(move |_| {
        let search = params.get().to_search();
        if let Some(window) = web_sys::window() {
            let path = window.location().pathname().unwrap_or_default();
            if let Ok(history) = window.history() {
                let _ = history.replace_state_with_url(
                    &wasm_bindgen::JsValue::NULL,
                    "",
                    Some(&format!("{path}{search}")),
                );
            }
        }
    });

    let commit = move |q: String| {
        if params.with_untracked(|p| p.q != q) {
            shown.set(FIRST_PAINT);
            params.update(|p| p.q = q);
        }
    };
    let debounce = StoredValue::new(Debounce::default());
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        typed.set(value.clone());
        let now = js_sys::Date::now();
        if debounce.try_update_value(|d| d.keystroke(now)) == Some(true) {
            commit(value);
            return;
        }
        set_timeout(
            move || {
                if typed.get_untracked() == value {
                    commit(value);
                }
            },
            Duration::from_millis(DEBOUNCE_MS),
        );
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        commit(typed.get_untracked());
    };
    let set_option = move |ev: leptos::ev::Event, field: &'static str| {
        let value = event_target_value(&ev);
        shown.set(FIRST_PAINT);
        params.update(|p| match field {
            "section" => p.section = value,
            "year" => p.year = value,
            _ => p.newest = value == "newest",
        });
    };

    let input = NodeRef::<leptos::html::Input>::new();
    if empty_at_start {
        Effect::new(move |_| {
            if let Some(input) = input.get() {
                // After the page's own focus move (a frame after navigation).
                let focus = wasm_bindgen::closure::Closure::once_into_js(move || {
                    let _ = input.focus();
                });
                if let Some(window) = web_sys::window() {
                    let _ = window.request_animation_frame(focus.unchecked_ref());
                }
            }
        });
    }

    let sections = move || {
        index.get().and_then(Result::ok).map(|index| {
            index
                .sections
                .iter()
                .map(|s| {
                    let path = s.path.clone();
                    let selected = move || params.with(|p| p.section == path);
                    view! { <option value=s.path.clone() selected=selected>{s.name.clone()}</option> }
                })
                .collect_view()
        })
    };
    let years = move || {
        index.get().and_then(Result::ok).map(|index| {
            index
                .years
                .iter()
                .map(|y| {
                    let year = y.year.to_string();
                    let value = year.clone();
                    let selected = move || params.with(|p| p.year == value);
                    let label = year.clone();
                    view! { <option value=year selected=selected>{label}</option> }
                })
                .collect_view()
        })
    };

    let body = move || match found.get() {
        None | Some(Ok(None)) => view! {
            <p class="search-status" role="status">"Searching…"</p>
        }
        .into_any(),
        Some(Err(error)) => {
            let retry = move |_| {
                index.refetch();
                outcome.refetch();
            };
            view! {
                <div class="search-error" role="alert">
                    <p>"Search is not available right now. " {error.summary()}</p>
                    <button type="button" on:click=retry>"Try again"</button>
                </div>
            }
            .into_any()
        }
        Some(Ok(Some(found))) => results(found, params, shown).into_any(),
    };

    view! {
        <form class="search-form" role="search" on:submit=on_submit>
            <label class="search-label" for="search-q">"Search the archive"</label>
            <div class="search-box">
                <input id="search-q" type="search" name="q" autocomplete="off" node_ref=input
                    prop:value=move || typed.get() on:input=on_input />
                <button type="submit">"Search"</button>
            </div>
            <div class="search-options">
                <span>
                    <label for="search-section">"Section"</label>" "
                    <select id="search-section" name="section" on:change=move |ev| set_option(ev, "section")>
                        <option value="" selected=move || params.with(|p| p.section.is_empty())>"All sections"</option>
                        {sections}
                    </select>
                </span>
                <span>
                    <label for="search-year">"Year"</label>" "
                    <select id="search-year" name="year" on:change=move |ev| set_option(ev, "year")>
                        <option value="" selected=move || params.with(|p| p.year.is_empty())>"Any year"</option>
                        {years}
                    </select>
                </span>
                <span>
                    <label for="search-sort">"Order"</label>" "
                    <select id="search-sort" name="sort" on:change=move |ev| set_option(ev, "sort")>
                        <option value="relevance" selected=move || params.with(|p| !p.newest)>"Best match"</option>
                        <option value="newest" selected=move || params.with(|p| p.newest)>"Newest first"</option>
                    </select>
                </span>
            </div>
        </form>
        {body}
    }
}

/// The status line, the results and "More results", for one run.
fn results(found: Found, params: RwSignal<Params>, shown: RwSignal<usize>) -> impl IntoView {
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

/// Runs `f` in a task after the next frame has been painted.
fn after_next_paint(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let task = wasm_bindgen::closure::Closure::once_into_js(f);
    let frame = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(window) = web_sys::window() {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(task.unchecked_ref(), 0);
        }
    });
    let _ = window.request_animation_frame(frame.unchecked_ref());
}

/// Moves focus to result `index` (0-based) once it has rendered.
fn focus_result(index: usize) {
    fn attempt(index: usize, tries: u32) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let callback = wasm_bindgen::closure::Closure::once_into_js(move || {
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
        });
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 50);
    }
    attempt(index, 40);
}

fn location_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keystroke_after_a_pause_searches_at_once_and_a_burst_waits() {
        let mut d = Debounce::default();
        // First keystroke: at once. Those that follow within 150 ms wait.
        assert!(d.keystroke(1_000.0));
        assert!(!d.keystroke(1_080.0));
        assert!(!d.keystroke(1_200.0));
        // Each keystroke starts the quiet time again.
        assert!(!d.keystroke(1_349.0));
        // After a pause, at once again.
        assert!(d.keystroke(1_499.0));
    }

    #[test]
    fn params_round_trip_through_the_url() {
        let params = Params::from_search(
            "?q=harbour+strike%21&section=world&year=2026&author=kwame-mensah&tag=athletics&sort=newest&x=1",
        );
        assert_eq!(
            params,
            Params {
                q: "harbour strike!".into(),
                section: "world".into(),
                year: "2026".into(),
                author: "kwame-mensah".into(),
                tag: "athletics".into(),
                newest: true
            }
        );
        assert_eq!(Params::from_search(&params.to_search()), params);
        assert_eq!(
            params.to_search(),
            "?q=harbour+strike%21&section=world&year=2026&author=kwame-mensah&tag=athletics&sort=newest"
        );
        assert_eq!(Params::default().to_search(), "");
        // Other scripts, and broken escapes, survive.
        let text = Params {
            q: "Москва 100%".into(),
            ..Params::default()
        };
        assert_eq!(Params::from_search(&text.to_search()), text);
        assert_eq!(Params::from_search("q=%zz%4").q, "%zz%4");
        assert_eq!(Params::from_search("q=%é%").q, "%é%");
    }

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
