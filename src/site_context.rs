//! The site (`site.json`: its identity and the interface's words) in
//! context for every view: provided once by the app (`App`, mounted once
//! `site.json` is known) and by crates/render for each page, read with
//! [`site`] and [`text`].

use std::sync::Arc;

use broadsheet_model::{Site, Text};
use leptos::prelude::*;

/// The site once it is known: the app provides it below the point where
/// `site.json` has loaded (`App` shows nothing of its own before), render
/// for every page. Views read the interface's words from it.
#[derive(Debug, Clone)]
struct KnownSite(Arc<Site>);

/// Provides the loaded site to the views below.
pub fn provide_known_site(site: Site) {
    provide_context(KnownSite(Arc::new(site)));
}

/// The loaded site (an empty one outside a context: no texts, never a panic).
pub fn site() -> Arc<Site> {
    use_context::<KnownSite>()
        .map(|KnownSite(site)| site)
        .unwrap_or_default()
}

/// The interface's text for `key` in the site's language (`site.json`'s `strings`).
pub fn text(key: Text) -> String {
    site().text(key).to_owned()
}
