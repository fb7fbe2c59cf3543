use broadsheet_model::{Article, ArticlePath};
use leptos::prelude::*;

use crate::api;
use crate::components::article::article_view::ArticleView;
use crate::components::status::{result_view, LoadingView};
use crate::routes::popular_rail::PopularRail;

#[component]
pub fn ArticlePage(path: ArticlePath) -> impl IntoView {
    let article = LocalResource::new(move || api::fetch_article(path.clone()));
    view! {
        <Transition fallback=|| view! { <LoadingView /> }>
            {move || Suspend::new(async move {
                let result = article.await;
                result_view(result, move || article.refetch(), article_content)
            })}
        </Transition>
    }
}

/// What an article route shows once its data is here; pre-rendering uses it too.
pub fn article_content(article: Article) -> AnyView {
    let top_level = top_level(&article.section.path).to_owned();
    view! { <ArticleView article /> <PopularRail section=top_level /> }.into_any()
}

/// `world` for `world/asia`.
pub fn top_level(section_path: &str) -> &str {
    section_path.split('/').next().unwrap_or(section_path)
}
