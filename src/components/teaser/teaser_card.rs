use broadsheet_model::Teaser;
use leptos::prelude::*;

use crate::links;

use crate::format;

/// A linked headline with kicker, standfirst, time and optional thumbnail.
#[component]
pub fn TeaserCard(teaser: Teaser, #[prop(optional)] lead: bool) -> impl IntoView {
    let Teaser {
        url,
        headline,
        standfirst,
        section,
        published,
        updated,
        thumbnail,
    } = teaser;
    let class = if lead { "teaser teaser-lead" } else { "teaser" };
    let time_text = format::teaser_time(&published);
    view! {
        <article class=class>
            {thumbnail.and_then(|image| links::src(&image.src).map(|src| view! {
                <img class="teaser-image" src=src alt=image.alt width=image.width height=image.height loading="lazy" decoding="async" />
            }))}
            <p class="kicker">{section.name}</p>
            <h3 class="teaser-headline"><a href=links::href(&url)>{headline}</a></h3>
            {(!standfirst.is_empty()).then(|| view! { <p class="teaser-standfirst">{standfirst}</p> })}
            <time datetime=published>{time_text}</time>
            {updated.map(|updated| view! {
                <span class="teaser-updated">" · Updated " <time datetime=updated.clone()>{format::article_time(&updated)}</time></span>
            })}
        </article>
    }
}
