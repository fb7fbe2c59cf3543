use broadsheet_model::Teaser;
use leptos::prelude::*;

use crate::components::teaser::teaser_list::TeaserList;

/// Teasers press computed for this article, as a region named "Related stories".
#[component]
pub fn RelatedStories(teasers: Vec<Teaser>) -> impl IntoView {
    (!teasers.is_empty()).then(|| {
        view! {
            <section class="related" aria-labelledby="related-heading" data-widget="related">
                <h2 id="related-heading">"Related stories"</h2>
                <TeaserList teasers />
            </section>
        }
    })
}
