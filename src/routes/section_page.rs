use broadsheet_model::SectionPath;
use leptos::prelude::*;

use crate::api;
use crate::components::section::section_view::SectionView;
use crate::components::status::{result_view, LoadingView};

#[component]
pub fn SectionPage(path: SectionPath, page: u32) -> impl IntoView {
    let section = LocalResource::new(move || api::fetch_section(path.clone(), page));
    view! {
        <Transition fallback=|| view! { <LoadingView /> }>
            {move || Suspend::new(async move {
                let result = section.await;
                result_view(result, move || section.refetch(), |page| view! { <SectionView page /> }.into_any())
            })}
        </Transition>
    }
}
