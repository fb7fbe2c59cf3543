use broadsheet_model::Teaser;
use leptos::prelude::*;

use crate::components::teaser::teaser_card::TeaserCard;

#[component]
pub fn TeaserList(teasers: Vec<Teaser>) -> impl IntoView {
    view! {
        <ul class="teaser-list">
            {teasers.into_iter().map(|teaser| view! { <li><TeaserCard teaser /></li> }).collect_view()}
        </ul>
    }
}
