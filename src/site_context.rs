//! The site's identity (`site.json`) in context, for every view that names
//! the site (titles, descriptions): provided once by the app (`App`) and by
//! crates/render, read with [`use_site`].

use std::sync::Arc;

use broadsheet_model::{Site, Text};
use leptos::prelude::*;

/// `site.json`, once it has loaded (`None` until then).
#[derive(Debug, Clone, Copy)]
pub struct SiteContext(pub Signal<Option<Site>>);

/// Puts the site in context for the views below.
pub fn provide_site(site: Signal<Option<Site>>) {
    provide_context(SiteContext(site));
}

/// The site from context, or a signal of `None` outside one.
pub fn use_site() -> Signal<Option<Site>> {
    use_context::<SiteContext>()
        .map(|SiteContext(site)| site)
        .unwrap_or_else(|| Signal::stored(None))
}

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
