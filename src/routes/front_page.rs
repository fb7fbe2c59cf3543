use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api;
use crate::components::front::front_view::FrontView;
use crate::components::status::{result_view, LoadingView};
use crate::routes::popular_rail::PopularRail;
use crate::titles;

#[component]
pub fn FrontPage() -> impl IntoView {
    let front = LocalResource::new(api::fetch_front);
    view! {
        <Title text="" />
        <Meta name="description" content=titles::FRONT_DESCRIPTION />
        <Transition fallback=|| view! { <LoadingView /> }>
            {move || Suspend::new(async move {
                let result = front.await;
                result_view(result, move || front.refetch(), front_content)
            })}
        </Transition>
    }
}

/// What the front page shows once its data is here; pre-rendering uses it too.
pub fn front_content(front: broadsheet_model::FrontPage) -> AnyView {
    view! { <FrontView front /> <PopularRail /> }.into_any()
}
