//! Route components: the only components that own resources. `path_page`
//! parses the URL into a typed [`broadsheet_model::Route`]; `route_page` loads
//! the route's data file and shows it with [`route_content`], which the
//! pre-rendered pages (crates/render) call too. `popular_rail`,
//! `fresh_stories` and `breaking_banner` load what a page shows besides
//! its own data: "Most popular", news since the page was opened, and the
//! breaking story. `kept_route` keeps the views the reader left, for Back; on the
//! pre-rendered page it hydrates only the view's `islands`. `app_frame` is
//! everything in `<div id="app">`, for the app and for pre-rendering alike.

pub mod app_frame;
pub mod breaking_banner;
pub mod fresh_stories;
pub mod islands;
pub mod kept_route;
pub mod page_views;
pub mod path_page;
pub mod popular_rail;
pub mod route_page;

pub use route_page::route_content;
