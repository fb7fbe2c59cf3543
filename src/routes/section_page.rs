use broadsheet_model::SectionPath;
use leptos::prelude::*;

use crate::api;
use crate::components::section::section_view::SectionView;
use crate::components::status::{result_view, LoadingView};
use crate::routes::popular_rail::PopularRail;

#[component]
pub fn SectionPage(path: SectionPath, page: u32) -> impl IntoView {
    let top_level = path.top_level().to_owned();
    let section = LocalResource::new(move || api::fetch_section(path.clone(), page));
    view! {
        <Transition fallback=|| view! { <LoadingView /> }>
            {move || {
                let top_level = top_level.clone();
                Suspend::new(async move {
                let result = section.await;
                result_view(result, move || section.refetch(), |page| view! { <SectionView page /> <PopularRail section=top_level /> }.into_any())
            })
            }}
        </Transition>
    }
}
