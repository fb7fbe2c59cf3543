use leptos::prelude::*;

use crate::links;

use crate::SITE_NAME;

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                <a href=links::href("/")>{SITE_NAME}</a>
                " · Independent news, published as plain static files. "
                <a href=links::href("/feeds/all.xml")>"RSS feed"</a>
            </p>
        </footer>
    }
}
