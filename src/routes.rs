//! Route components: each one reads the URL, owns the resource for its data,
//! and hands plain values to components.

pub mod article_page;
pub mod front_page;
pub mod path_page;
pub mod popular_rail;
pub mod section_page;
