//! The readable part of every page, rendered natively with the app's own
//! components: the same `AppFrame` and the same route content functions that
//! the app shows once its data has arrived. Nothing here is hand-written HTML.

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use broadsheet::routes::app_frame::AppFrame;
use broadsheet::routes::route_content;
use broadsheet_model::{PageData, Site};
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

/// Static rendering waits for nothing: the futures that views start (the
/// "Most popular" box loads itself in the browser) are dropped, so their
/// suspense boundaries render what the app shows before they resolve.
struct NoExecutor;

impl CustomExecutor for NoExecutor {
    fn spawn(&self, _future: PinnedFuture<()>) {}
    fn spawn_local(&self, _future: PinnedLocalFuture<()>) {}
    fn poll_local(&self) {}
}

/// Renders `<div id="app">`'s content for `pathname`: the app's frame around
/// the view that the app's own `route_content` makes of `data`, the nodes
/// the app hydrates.
pub fn render_body(site: &Site, pathname: &str, data: PageData) -> String {
    // Only the first call installs it; later calls find it in place.
    let _ = Executor::init_custom_executor(NoExecutor);
    let owner = Owner::new();
    owner.with(|| {
        broadsheet::site_context::provide_known_site(site.clone());
        let pathname = Signal::stored(pathname.to_owned());
        // A static file cannot know the reader's date: the app fills it in.
        let date = Signal::stored(String::new());
        let view = view! {
            <AppFrame pathname date>{route_content(data)}</AppFrame>
        };
        view.to_html()
    })
}
