//! Loading and error states shared by every route.

use crate::components::title::Title;
use broadsheet_model::Text;
use leptos::prelude::*;
use leptos::tachys::view::any_view::IntoAnyUnhydrated;

use crate::site_context::{site, text};

use crate::api::FetchError;
use crate::components::not_found::NotFound;

/// A placeholder the size of a typical page, so nothing shifts when content arrives.
#[component]
pub fn LoadingView() -> impl IntoView {
    view! {
        <div class="loading" aria-busy="true" data-view="loading">
            <p class="visually-hidden" role="status">{text(Text::Loading)}</p>
            <div class="skeleton skeleton-title"></div>
            <div class="skeleton skeleton-line"></div>
            <div class="skeleton skeleton-line"></div>
            <div class="skeleton skeleton-block"></div>
        </div>
    }
}

/// Tells the reader what went wrong, and offers to try again.
#[component]
pub fn ErrorView(error: FetchError, retry: Callback<()>) -> impl IntoView {
    let site = site();
    view! {
        <Title text=text(Text::ErrorTitle) />
        <section class="error-view" data-view="error" data-error-kind=error.kind()>
            <h1 tabindex="-1">{text(Text::ErrorTitle)}</h1>
            <p>{error.summary(&site)}</p>
            <button type="button" on:click=move |_| retry.run(())>{text(Text::TryAgain)}</button>
        </section>
    }
}

/// Renders a fetched value, the not-found view, or the error view.
pub fn result_view<T>(
    result: Result<T, FetchError>,
    retry: impl Fn() + Send + Sync + 'static,
    render: impl FnOnce(T) -> AnyView,
) -> AnyView {
    crate::browser::view_ready();
    match result {
        Ok(value) => render(value),
        Err(FetchError::NotFound) => view! { <NotFound /> }.into_any_unhydrated(),
        Err(error) => {
            leptos::logging::warn!("fetch failed ({}): {}", error.kind(), error.detail());
            let retry = Callback::new(move |()| retry());
            view! { <ErrorView error retry /> }.into_any_unhydrated()
        }
    }
}
