use broadsheet_model::validate::is_safe_image_src;
use broadsheet_model::Image;
use leptos::prelude::*;

#[component]
pub fn FigureBlock(image: Image) -> impl IntoView {
    let Image {
        src,
        alt,
        width,
        height,
        caption,
        credit,
    } = image;
    is_safe_image_src(&src).then(|| view! {
        <figure class="figure">
            <img src=src alt=alt width=width height=height loading="lazy" decoding="async" />
            {(caption.is_some() || credit.is_some()).then(|| view! {
                <figcaption>{caption} {credit.map(|credit| view! { " " <span class="credit">{credit}</span> })}</figcaption>
            })}
        </figure>
    })
}
