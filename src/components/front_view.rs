use broadsheet_model::{FrontPage, Text};
use leptos::prelude::*;

use crate::links;
use crate::site_context::site;

use crate::components::teaser::teaser_card::{picture, TeaserCard};
use crate::components::teaser::teaser_list::TeaserList;

/// The front page: lead story, top stories, a rail per section, and latest.
/// A lead with a picture sits beside the top stories; a text-only lead
/// spans the page above them (`front-top-text`), so no column is left
/// holding a picture that is not there.
#[component]
pub fn FrontView(front: FrontPage) -> impl IntoView {
    let FrontPage {
        lead,
        top,
        rails,
        latest,
        ..
    } = front;
    let top_class = if lead.as_ref().and_then(picture).is_some() {
        "front-top"
    } else {
        "front-top front-top-text"
    };
    let site = site();
    view! {
        <div class="front" data-view="front">
            <h1 class="visually-hidden" tabindex="-1">{site.text(Text::FrontPage).to_owned()}</h1>
            <section class=top_class aria-labelledby="top-heading">
                <h2 id="top-heading" class="visually-hidden">{site.text(Text::TopStories).to_owned()}</h2>
                {lead.map(|teaser| view! { <TeaserCard teaser lead=true /> })}
                <TeaserList teasers=top />
            </section>
            {rails.into_iter().map(|rail| {
                let heading_id = format!("rail-{}", rail.section.path.replace('/', "-"));
                let labelled_by = heading_id.clone();
                view! {
                    <section class="rail" aria-labelledby=labelled_by>
                        <h2 id=heading_id><a href=links::href(&format!("/{}", rail.section.path))>{rail.section.name}</a></h2>
                        <TeaserList teasers=rail.teasers />
                    </section>
                }
            }).collect_view()}
            <section class="latest" aria-labelledby="latest-heading">
                <h2 id="latest-heading">{site.text(Text::Latest).to_owned()}</h2>
                <TeaserList teasers=latest />
            </section>
        </div>
    }
}
