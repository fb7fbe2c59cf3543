//! The article page and one component per body block type.

pub mod article_body;
pub mod article_view;
pub mod breadcrumb;
pub mod divider_block;
pub mod figure_block;
pub mod inline_content;
pub mod list_block;
pub mod paragraph_block;
pub mod pull_quote_block;
pub mod quote_block;
pub mod subheading_block;
