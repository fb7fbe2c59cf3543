//! A view's title. The document's title adds the site's name
//! (`titles::document_title`); the pre-rendered pages write the same string
//! into their `<head>` (crates/render). Renders nothing.

use broadsheet_model::Site;
use leptos::prelude::*;

use crate::{browser, titles};

/// `text` is the view's own title ("Asia"); empty for the front page, whose
/// title is the site's name alone.
#[component]
pub fn Title(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let site = use_context::<Signal<Option<Site>>>();
    Effect::new(move |_| {
        let name = site
            .and_then(|site| site.with(|site| site.as_ref().map(|s| s.name.clone())))
            .unwrap_or_default();
        browser::set_title(&titles::document_title(&name, &text.get()));
    });
}
