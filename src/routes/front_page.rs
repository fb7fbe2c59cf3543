use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api;
use crate::components::front::front_view::FrontView;
use crate::components::status::{result_view, LoadingView};
use crate::routes::popular_rail::PopularRail;

#[component]
pub fn FrontPage() -> impl IntoView {
    let front = LocalResource::new(api::fetch_front);
    view! {
        <Title text="" />
        <Meta name="description" content="The latest news, analysis and opinion from Broadsheet." />
        <Transition fallback=|| view! { <LoadingView /> }>
            {move || Suspend::new(async move {
                let result = front.await;
                result_view(result, move || front.refetch(), |front| view! { <FrontView front /> <PopularRail /> }.into_any())
            })}
        </Transition>
    }
}
