use broadsheet_model::{Teaser, Text};
use leptos::prelude::*;

use crate::components::teaser::teaser_list::TeaserList;
use crate::site_context::site;

/// Teasers press computed for this article, as a region named "Related
/// stories"; or, when no story is close enough, the stories around it in
/// its own section, named "More from <section>" so the list does not claim
/// to be related.
#[component]
pub fn RelatedStories(
    teasers: Vec<Teaser>,
    more_from: Vec<Teaser>,
    section: String,
) -> impl IntoView {
    let site = site();
    let (heading, widget, teasers) = if teasers.is_empty() {
        (
            site.fill(Text::MoreFrom, &[("section", &section)]),
            "more-from-section",
            more_from,
        )
    } else {
        (
            site.text(Text::RelatedStories).to_owned(),
            "related",
            teasers,
        )
    };
    (!teasers.is_empty()).then(|| {
        view! {
            <section class="related" aria-labelledby="related-heading" data-widget=widget>
                <h2 id="related-heading">{heading}</h2>
                <TeaserList teasers />
            </section>
        }
    })
}
