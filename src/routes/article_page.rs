use broadsheet_model::ArticlePath;
use leptos::prelude::*;

use crate::api;
use crate::components::article::article_view::ArticleView;
use crate::components::status::{result_view, LoadingView};

#[component]
pub fn ArticlePage(path: ArticlePath) -> impl IntoView {
    let article = LocalResource::new(move || api::fetch_article(path.clone()));
    view! {
        <Transition fallback=|| view! { <LoadingView /> }>
            {move || Suspend::new(async move {
                let result = article.await;
                result_view(result, move || article.refetch(), |article| view! { <ArticleView article /> }.into_any())
            })}
        </Transition>
    }
}
