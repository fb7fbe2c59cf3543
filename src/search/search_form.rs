//! The search form: the words (results follow the typing, see
//! [`Debounce`]), and the section, year and order, each a typed [`Choice`].

use std::rc::Rc;
use std::time::Duration;

use broadsheet_model::search::SearchIndex;
use broadsheet_model::Text;
use leptos::prelude::*;

use crate::api::FetchError;
use crate::search::debounce::{Debounce, DEBOUNCE_MS};
use crate::search::params::{Choice, Params};
use crate::search::search_results::FIRST_PAINT;

/// The search index, as the view's resource holds it.
pub type IndexResource = LocalResource<Result<Rc<SearchIndex>, FetchError>>;

/// The form. `params` is what the results are for: the form changes it, and
/// starts a new search's first page (`shown`).
#[component]
pub fn SearchForm(
    params: RwSignal<Params>,
    shown: RwSignal<usize>,
    index: IndexResource,
) -> impl IntoView {
    let start = params.get_untracked();
    let empty_at_start = start.q.trim().is_empty();
    let typed = RwSignal::new(start.q);
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
    let choose = move |ev: leptos::ev::Event, choice: Choice| {
        let value = event_target_value(&ev);
        shown.set(FIRST_PAINT);
        params.update(|p| p.choose(choice, value));
    };

    let input = NodeRef::<leptos::html::Input>::new();
    if empty_at_start {
        Effect::new(move |_| {
            if let Some(input) = input.get() {
                // After the page's own focus move (a frame after navigation).
                request_animation_frame(move || {
                    let _ = input.focus();
                });
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
                    let label = crate::site_context::site().digits(&year).into_owned();
                    view! { <option value=year selected=selected>{label}</option> }
                })
                .collect_view()
        })
    };

    let site = crate::site_context::site();
    let t = |key: Text| site.text(key).to_owned();
    view! {
        <form class="search-form" role="search" on:submit=on_submit>
            <label class="search-label" for="search-q">{t(Text::SearchTheArchive)}</label>
            <div class="search-box">
                <input id="search-q" type="search" name="q" autocomplete="off" node_ref=input
                    prop:value=move || typed.get() on:input=on_input />
                <button type="submit">{t(Text::Search)}</button>
            </div>
            <div class="search-options">
                <span>
                    <label for="search-section">{t(Text::Section)}</label>" "
                    <select id="search-section" name=Choice::Section.name() on:change=move |ev| choose(ev, Choice::Section)>
                        <option value="" selected=move || params.with(|p| p.section.is_empty())>{t(Text::AllSections)}</option>
                        {sections}
                    </select>
                </span>
                <span>
                    <label for="search-year">{t(Text::Year)}</label>" "
                    <select id="search-year" name=Choice::Year.name() on:change=move |ev| choose(ev, Choice::Year)>
                        <option value="" selected=move || params.with(|p| p.year.is_empty())>{t(Text::AnyYear)}</option>
                        {years}
                    </select>
                </span>
                <span>
                    <label for="search-sort">{t(Text::Order)}</label>" "
                    <select id="search-sort" name=Choice::Order.name() on:change=move |ev| choose(ev, Choice::Order)>
                        <option value="relevance" selected=move || params.with(|p| !p.newest)>{t(Text::BestMatch)}</option>
                        <option value="newest" selected=move || params.with(|p| p.newest)>{t(Text::NewestFirst)}</option>
                    </select>
                </span>
            </div>
        </form>
    }
}
