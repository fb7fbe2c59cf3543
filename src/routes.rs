//! Route components: the only components that own resources. `path_page`
//! parses the URL into a typed [`broadsheet_model::Route`]; `route_page` loads
//! the route's data file and shows it with [`route_content`], which the
//! pre-rendered pages (crates/render) call too.

pub mod path_page;
pub mod popular_rail;
pub mod route_page;

pub use route_page::route_content;
