use broadsheet_model::Image;
use leptos::prelude::*;

use crate::links;

/// An image with its caption and credit: a figure in the body, or the
/// article's hero (`hero`: above the fold, so loaded eagerly and first).
#[component]
pub fn FigureBlock(image: Image, #[prop(optional)] hero: bool) -> impl IntoView {
    let Image {
        src,
        alt,
        width,
        height,
        caption,
        credit,
        ..
    } = image;
    let (class, loading, priority) = if hero {
        ("hero", "eager", "high")
    } else {
        ("figure", "lazy", "auto")
    };
    links::src(&src).map(|src| view! {
        <figure class=class>
            <img src=src alt=alt width=width height=height loading=loading decoding="async" fetchpriority=priority />
            {(caption.is_some() || credit.is_some()).then(|| view! {
                <figcaption>{caption} {credit.map(|credit| view! { " " <span class="credit">{credit}</span> })}</figcaption>
            })}
        </figure>
    })
}
