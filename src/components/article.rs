//! The article page: its view, its body blocks, figures and inline text.

pub mod article_body;
pub mod article_view;
pub mod figure_block;
pub mod inline_content;
