use broadsheet_model::Route;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::browser;
use crate::components::not_found::NotFound;
use crate::links;
use crate::routes::article_page::ArticlePage;
use crate::routes::front_page::FrontPage;
use crate::routes::section_page::SectionPage;

/// Every URL below the root: parsed once into a typed [`Route`], then dispatched.
#[component]
pub fn PathPage() -> impl IntoView {
    let location = use_location();
    let route = Memo::new(move |_| Route::parse(links::strip_base(&location.pathname.get())));
    move || match route.get() {
        Route::Front => view! { <FrontPage /> }.into_any(),
        Route::Section { path, page } => view! { <SectionPage path page /> }.into_any(),
        Route::Article(path) => view! { <ArticlePage path /> }.into_any(),
        Route::NotFound => {
            browser::view_ready();
            view! { <NotFound /> }.into_any()
        }
    }
}
