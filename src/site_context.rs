//! The site's identity (`site.json`) in context, for every view that names
//! the site (titles, descriptions): provided once by the app (`App`) and by
//! crates/render, read with [`use_site`].

use broadsheet_model::Site;
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
