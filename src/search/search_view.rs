//! The search view: wires the form, the runs and the results. It owns the
//! resources (the index, the run for the current params, and the docs of
//! the results shown) and the effects (the rest of a first page after its
//! first paint, the URL); `search_form`, `search_results` and `params` do
//! the rest.

use std::rc::Rc;

use broadsheet_model::search::{intersect, Facet, Outcome, Query};
use broadsheet_model::Text;
use leptos::prelude::*;

use crate::api::FetchError;
use crate::search::engine;
use crate::search::search_form::SearchForm;
use crate::search::search_results::{results, Found, FIRST_PAINT, PAGE};
use crate::search::url;

/// The search view: the form (words, section, year, order), the status
/// line, the results with their words marked, and "More results". Results
/// follow the typing; the URL follows the results.
#[component]
pub fn SearchView() -> impl IntoView {
    let params = RwSignal::new(url::read());
    let shown = RwSignal::new(FIRST_PAINT);
    let index = LocalResource::new(engine::index);
    let site = crate::site_context::site();

    let facet_site = site.clone();
    let outcome = LocalResource::new(move || {
        let params = params.get();
        let site = facet_site.clone();
        async move {
            let index = engine::index().await?;
            let query = Query::parse_in(&index.analyzer(), &params.q);
            let mut filter = params.filter(&index);
            let mut only = Vec::new();
            let mut lists = Vec::new();
            for (facet, slug, label) in [
                (Facet::Author, &params.author, Text::FilterBy),
                (Facet::Tag, &params.tag, Text::FilterTagged),
            ] {
                if !slug.is_empty() {
                    let (name, docs) = engine::facet(facet, slug).await?;
                    only.push(site.fill(label, &[("name", &name), ("tag", &name)]));
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
    Effect::new(move |_| params.with(url::replace));

    let body = move || match found.get() {
        None | Some(Ok(None)) => view! {
            <p class="search-status" role="status">{site.text(Text::Searching).to_owned()}</p>
        }
        .into_any(),
        Some(Err(error)) => {
            let retry = move |_| {
                index.refetch();
                outcome.refetch();
            };
            view! {
                <div class="search-error" role="alert">
                    <p>{site.text(Text::SearchUnavailable).to_owned()} " " {error.summary(&site)}</p>
                    <button type="button" on:click=retry>{site.text(Text::TryAgain).to_owned()}</button>
                </div>
            }
            .into_any()
        }
        Some(Ok(Some(found))) => results(found, params, shown).into_any(),
    };

    // The status and results come a task after the form: each is then a
    // short task of its own (their code's first run is most of it).
    let staged = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        crate::browser::yield_to_browser().await;
        staged.set(true);
    });
    let body = move || staged.get().then(&body);

    view! {
        <SearchForm params shown index />
        {body}
    }
}

/// Runs `f` in a task after the next frame has been painted.
fn after_next_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO));
}
