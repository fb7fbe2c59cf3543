//! A view's title. The document's title adds the site's name
//! (`titles::document_title`); the pre-rendered pages write the same string
//! into their `<head>` (crates/render). Renders nothing.

use leptos::prelude::*;

use crate::{browser, titles};

/// `text` is the view's own title ("Asia"); empty for the front page, whose
/// title is the site's name alone.
#[component]
pub fn Title(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let site = crate::site_context::site();
    Effect::new(move |_| {
        browser::set_title(&titles::document_title(&site.name, &text.get()));
    });
}
