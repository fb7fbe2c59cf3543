//! Plain components: data in, view out. None of them fetches.
//! Grouped by domain; each file holds the component it is named after.

pub mod article;
pub mod front;
pub mod masthead;
pub mod not_found;
pub mod page_shell;
pub mod section;
pub mod site_footer;
pub mod status;
pub mod teaser;
pub mod widgets;
