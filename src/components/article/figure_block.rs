use broadsheet_model::Image;
use leptos::prelude::*;

use crate::components::picture::{Picture, Slot};
use crate::links;

/// An image with its caption and credit: a figure in the body, or the
/// article's hero (`hero`: above the fold, so loaded eagerly and first).
#[component]
pub fn FigureBlock(image: Image, #[prop(optional)] hero: bool) -> impl IntoView {
    links::src(&image.src)?;
    let caption = image.caption.clone();
    let credit = image.credit.clone();
    let class = if hero { "hero" } else { "figure" };
    Some(view! {
        <figure class=class>
            <Picture image place=Slot::Column eager=hero />
            {(caption.is_some() || credit.is_some()).then(|| view! {
                <figcaption>{caption} {credit.map(|credit| view! { " " <span class="credit">{credit}</span> })}</figcaption>
            })}
        </figure>
    })
}
