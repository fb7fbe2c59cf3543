use std::rc::Rc;

use broadsheet_model::{Route, Text};
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::api;
use crate::browser;
use crate::freshness::{Seen, CHECK_EVERY_MS};
use crate::routes::page_views;
use crate::site_context::site;
use crate::{links, navigation};

/// Given by [`RoutePage`](super::route_page::RoutePage) to the view it
/// shows: its route, and a way to make the view again from the cache.
#[derive(Clone)]
pub struct LiveRoute {
    pub route: Route,
    pub refresh: Callback<()>,
}

/// What the page shows, to tell news from: known, or to be read from the
/// text of the page's data when the first newer copy arrives. The
/// pre-rendered page's island is given the text: decoding it at start-up
/// would cost the reader's first seconds for a check a minute later.
#[derive(Clone)]
pub enum Shown {
    Known(Seen),
    Later(Rc<str>),
}

impl Shown {
    /// What the page shows, read once.
    async fn seen(showing: StoredValue<Shown, LocalStorage>, route: &Route) -> Option<Seen> {
        let text = match showing.try_get_value()? {
            Shown::Known(seen) => return Some(seen),
            Shown::Later(text) => text,
        };
        let seen = match page_views::decode_page(route.clone(), text).await {
            Ok(data) => Seen::of(&data)?,
            Err(error) => {
                leptos::logging::warn!("the page's own data: {}", error.detail());
                return None;
            }
        };
        showing.try_set_value(Shown::Known(seen.clone()));
        Some(seen)
    }
}

/// "N new stories": an open front page or section's first page checks its
/// data file every minute while the tab is visible (a `304` when nothing
/// changed: `api::latest`), and offers the stories the reader was not shown
/// as a button. Nothing moves until the reader presses it; the button is
/// announced politely. Without a [`LiveRoute`] (pre-rendering) it is an
/// empty live region.
#[component]
pub fn FreshStories(shown: Shown) -> impl IntoView {
    let count = RwSignal::new(0usize);
    let newer = StoredValue::new_local(None::<Rc<str>>);
    let live = StoredValue::new(use_context::<LiveRoute>());
    let showing = StoredValue::new_local(shown);
    if let Some(LiveRoute { route, .. }) = live.get_value() {
        let check = move || {
            // A view kept for Back waits without checking.
            let Some(path) = route.json_path() else {
                return;
            };
            let shown = navigation::pathname().get_untracked();
            if Route::parse(links::strip_base(&shown)).json_path().as_ref() != Some(&path) {
                return;
            }
            let route = route.clone();
            leptos::task::spawn_local(async move {
                let text = match api::latest(&path).await {
                    Ok(text) => text,
                    Err(error) => {
                        leptos::logging::warn!(
                            "checking for news ({}): {}",
                            error.kind(),
                            error.detail()
                        );
                        return;
                    }
                };
                let known = newer
                    .try_with_value(|newer| newer.as_ref().is_some_and(|n| Rc::ptr_eq(n, &text)))
                    .unwrap_or(true);
                if known {
                    return;
                }
                let Some(seen) = Shown::seen(showing, &route).await else {
                    return;
                };
                match page_views::decode_page(route, text.clone()).await {
                    Ok(data) => {
                        let new = seen.new_in(&data);
                        newer.try_set_value(Some(text));
                        count.try_set(new);
                    }
                    Err(error) => leptos::logging::warn!("checking for news: {}", error.detail()),
                }
            });
        };
        let poll = SendWrapper::new(browser::while_visible(
            CHECK_EVERY_MS,
            CHECK_EVERY_MS,
            check,
        ));
        on_cleanup(move || drop(poll));
    }
    let apply = move |_| {
        let Some(LiveRoute { route, refresh }) = live.get_value() else {
            return;
        };
        if let (Some(text), Some(path)) = (newer.get_value(), route.json_path()) {
            api::keep(&path, text);
            count.set(0);
            refresh.run(());
            browser::show_from_top();
        }
    };
    view! {
        <div class="fresh-stories" aria-live="polite">
            {move || {
                let n = count.get();
                (n > 0)
                    .then(|| {
                        view! {
                            <button type="button" class="fresh-stories-button" on:click=apply>
                                {site().count(Text::NewStories, n as u64, &[])}
                            </button>
                        }
                    })
            }}
        </div>
    }
}
