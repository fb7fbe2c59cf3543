//! A view's meta description (`<meta name="description">`). The
//! pre-rendered pages write the same string into their `<head>`
//! (crates/render). Renders nothing. A view without one (search, not found,
//! an error) leaves the last one in place: only a reader's browser sees it.

use leptos::prelude::*;

use crate::browser;

#[component]
pub fn Description(#[prop(into)] content: Signal<String>) -> impl IntoView {
    Effect::new(move |_| content.with(|content| browser::set_description(content)));
}
