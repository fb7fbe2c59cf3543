use broadsheet_model::ArticlePath;
use leptos::prelude::*;

use crate::api;
use crate::components::article::article_view::ArticleView;
use crate::components::status::{result_view, LoadingView};
use crate::routes::popular_rail::PopularRail;

#[component]
pub fn ArticlePage(path: ArticlePath) -> impl IntoView {
    let top_level = path.section.top_level().to_owned();
    let article = LocalResource::new(move || api::fetch_article(path.clone()));
    view! {
        <Transition fallback=|| view! { <LoadingView /> }>
            {move || {
                let top_level = top_level.clone();
                Suspend::new(async move {
                let result = article.await;
                result_view(result, move || article.refetch(), |article| view! { <ArticleView article /> <PopularRail section=top_level /> }.into_any())
            })
            }}
        </Transition>
    }
}
