use broadsheet_model::Teaser;
use leptos::prelude::*;

use crate::components::picture::{Picture, Slot};
use crate::links;

use crate::format;

/// The thumbnail a teaser shows, if any: a teaser whose image is missing or
/// refused (an unsafe `src`) is a text-only teaser, and lays out as one.
pub fn picture(teaser: &Teaser) -> Option<(String, &broadsheet_model::Image)> {
    let image = teaser.thumbnail.as_ref()?;
    links::src(&image.src).map(|src| (src, image))
}

/// A linked headline with kicker, standfirst, time and optional thumbnail.
/// Without a thumbnail it is marked `teaser-text`, so layouts leave no
/// space for a picture that is not there.
#[component]
pub fn TeaserCard(teaser: Teaser, #[prop(optional)] lead: bool) -> impl IntoView {
    let place = if lead { Slot::Lead } else { Slot::Card };
    let image = picture(&teaser).map(|(_, image)| {
        view! { <Picture image=image.clone() place class_name="teaser-image" eager=lead /> }
    });
    let class = match (lead, image.is_some()) {
        (true, true) => "teaser teaser-lead",
        (true, false) => "teaser teaser-lead teaser-text",
        (false, true) => "teaser",
        (false, false) => "teaser teaser-text",
    };
    let Teaser {
        url,
        headline,
        standfirst,
        section,
        published,
        updated,
        thumbnail: _,
    } = teaser;
    let site = crate::site_context::site();
    let time_text = format::teaser_time(&site, &published);
    view! {
        <article class=class>
            {image}
            <p class="kicker">{section.name}</p>
            <h3 class="teaser-headline"><a href=links::href(&url)>{headline}</a></h3>
            {(!standfirst.is_empty()).then(|| view! { <p class="teaser-standfirst">{standfirst}</p> })}
            <time datetime=published>{time_text}</time>
            {updated.map(|updated| {
                let text = format::article_time(&site, &updated);
                let (before, after) = crate::components::worded::around_one(
                    site.text(broadsheet_model::Text::Updated),
                );
                view! { <span class="teaser-updated">" · " {before} <time datetime=updated>{text}</time> {after}</span> }
            })}
        </article>
    }
}
