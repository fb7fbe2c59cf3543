//! Plain components: data in, view out. None of them fetches.
//! Each file holds the component it is named after; folders group a domain
//! with several (`article/`, `teaser/`, `widgets/`).

pub mod archive_index_view;
pub mod article;
pub mod breadcrumb;
pub mod description;
pub mod front_view;
pub mod listing;
pub mod listing_view;
pub mod masthead;
pub mod not_found;
pub mod page_shell;
pub mod picture;
pub mod search_page;
pub mod section_view;
pub mod site_footer;
pub mod status;
pub mod tag_index_view;
pub mod teaser;
pub mod title;
pub mod widgets;
pub mod worded;
