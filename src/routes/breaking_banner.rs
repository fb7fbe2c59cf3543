use std::rc::Rc;

use broadsheet_model::paths::BREAKING_JSON;
use broadsheet_model::{Breaking, Text};
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::api;
use crate::browser;
use crate::freshness::{breaking_now, CHECK_EVERY_MS};
use crate::links;
use crate::site_context::text;

/// When the first check is made after the app starts: after its start-up,
/// not during it.
const FIRST_CHECK_MS: i32 = 1_000;

/// The breaking story's banner, on every page: `data/breaking.json` is
/// checked soon after the app starts and every minute while the tab is
/// visible. The banner sits at the bottom of the window (it moves nothing
/// on the page), is announced politely, links to the story, and goes away
/// when its time is up, when the reader dismisses it (for the rest of the
/// visit: `sessionStorage`), and on the story's own page.
#[component]
pub fn BreakingBanner(
    /// The path shown, without the site's base.
    pathname: Signal<String>,
) -> impl IntoView {
    let breaking = RwSignal::new(None::<Breaking>);
    // Pre-rendered (natively, by crates/render), it is the empty slot: the
    // browser's storage, clock and timers are not touched.
    let in_browser = cfg!(target_arch = "wasm32");
    let dismissed = RwSignal::new(if in_browser {
        browser::dismissed_breaking()
    } else {
        Vec::new()
    });
    let last = StoredValue::new_local(None::<Rc<str>>);
    let check = move || {
        leptos::task::spawn_local(async move {
            let text = match api::latest(BREAKING_JSON).await {
                Ok(text) => text,
                Err(error) => {
                    leptos::logging::warn!("breaking news ({}): {}", error.kind(), error.detail());
                    return;
                }
            };
            let same = last
                .try_with_value(|last| last.as_ref().is_some_and(|l| Rc::ptr_eq(l, &text)))
                .unwrap_or(true);
            if same {
                // Unchanged, but a banner's time may be up: look again.
                breaking.try_update(|_| ());
                return;
            }
            last.try_set_value(Some(Rc::clone(&text)));
            match api::decode_breaking(&text) {
                Ok(news) => {
                    breaking.try_set(Some(news));
                }
                Err(error) => {
                    leptos::logging::warn!("breaking news hidden: {}", error.detail());
                    breaking.try_set(None);
                }
            }
        });
    };
    let poll = in_browser.then(|| {
        SendWrapper::new(browser::while_visible(
            FIRST_CHECK_MS,
            CHECK_EVERY_MS,
            check,
        ))
    });
    on_cleanup(move || drop(poll));
    let shown = move || {
        let here = pathname.get();
        breaking.with(|news| {
            let news = news.as_ref()?;
            let now = (browser::now_ms() / 60_000.0).floor() as i64;
            let story = dismissed.with(|dismissed| breaking_now(news, now, dismissed))?;
            (story.teaser.url != here).then(|| {
                (
                    story.teaser.url.clone(),
                    links::href(&story.teaser.url),
                    story.teaser.headline.clone(),
                )
            })
        })
    };
    view! {
        <div class="breaking-slot" aria-live="polite">
            {move || {
                shown()
                    .map(|(url, href, headline)| {
                        let dismiss = move |_| {
                            dismissed.update(|dismissed| dismissed.push(url.clone()));
                            dismissed.with_untracked(|d| browser::set_dismissed_breaking(d));
                        };
                        view! {
                            <aside class="breaking" aria-label=text(Text::BreakingNews)>
                                <strong class="breaking-kicker">{text(Text::Breaking)}</strong>
                                " "
                                <a class="breaking-link" href=href>{headline}</a>
                                <button
                                    type="button"
                                    class="breaking-dismiss"
                                    aria-label=text(Text::Dismiss)
                                    on:click=dismiss
                                >
                                    "×"
                                </button>
                            </aside>
                        }
                    })
            }}
        </div>
    }
}
