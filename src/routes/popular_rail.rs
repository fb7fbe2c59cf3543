use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::api;
use crate::browser;
use crate::components::widgets::most_popular::{choose_list, MostPopular};

/// The "Most popular" box, for any page. It owns its own small resource,
/// fetched only when the box comes near the viewport, and it hides itself
/// when its data fails, is missing or is stale: the page around it never
/// depends on it.
///
/// The slot's `data-state` says where it is: `waiting` (not near the viewport
/// yet), `loading`, then `done` (shown or hidden). Tests wait for `done`
/// before they touch what lies below the box, which moves when it arrives.
#[component]
pub fn PopularRail(#[prop(optional, into)] section: Option<String>) -> impl IntoView {
    let near = RwSignal::new(false);
    let state = RwSignal::new("waiting");
    let slot = NodeRef::<leptos::html::Div>::new();
    let watcher = StoredValue::new(None::<SendWrapper<browser::NearViewport>>);
    Effect::new(move |_| {
        if let Some(element) = slot.get() {
            let watch = browser::when_near_viewport(&element, move || {
                near.try_set(true);
                state.try_set("loading");
            });
            watcher.set_value(Some(SendWrapper::new(watch)));
        }
    });
    on_cleanup(move || {
        watcher.try_set_value(None);
    });
    let popular = LocalResource::new(move || {
        let near = near.get();
        async move {
            if near {
                Some(api::fetch_popular().await)
            } else {
                None
            }
        }
    });
    // The pre-rendered page's island reads its section from here.
    let section_attribute = section.clone();
    view! {
        <div class="popular-slot" data-state=move || state.get() data-section=section_attribute node_ref=slot>
            <Suspense fallback=|| ()>
                {move || {
                    let section = section.clone();
                    Suspend::new(async move {
                        let loaded = popular.await;
                        if loaded.is_some() {
                            state.try_set("done");
                        }
                        let list = match loaded {
                            Some(Ok(popular)) => {
                                let generated = browser::parse_time_ms(&popular.generated_at);
                                choose_list(&popular, section.as_deref(), generated, browser::now_ms())
                            }
                            Some(Err(error)) => {
                                leptos::logging::warn!("most popular hidden ({}): {}", error.kind(), error.detail());
                                None
                            }
                            None => None,
                        };
                        list.map(|list| view! { <MostPopular list /> })
                    })
                }}
            </Suspense>
        </div>
    }
}
