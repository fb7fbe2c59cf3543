use broadsheet_model::{SectionPage, SectionPath};
use leptos::prelude::*;

use crate::api;
use crate::components::section::section_view::SectionView;
use crate::components::status::{result_view, LoadingView};
use crate::routes::article_page::top_level;
use crate::routes::popular_rail::PopularRail;

#[component]
pub fn SectionPage(path: SectionPath, page: u32) -> impl IntoView {
    let section = LocalResource::new(move || api::fetch_section(path.clone(), page));
    view! {
        <Transition fallback=|| view! { <LoadingView /> }>
            {move || Suspend::new(async move {
                let result = section.await;
                result_view(result, move || section.refetch(), section_content)
            })}
        </Transition>
    }
}

/// What a section route shows once its data is here; pre-rendering uses it too.
pub fn section_content(page: SectionPage) -> AnyView {
    let top_level = top_level(&page.section.path).to_owned();
    view! { <SectionView page /> <PopularRail section=top_level /> }.into_any()
}
