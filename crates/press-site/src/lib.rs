//! `press build`'s outputs: a [`library::Library`] of checked, published
//! stories becomes the JSON API, the listings, feeds, sitemaps, redirects,
//! pictures and the search index, written into one staging folder and
//! swapped in (`pipeline`).
//!
//! Each output is one module with one function of the shape
//! `fn(&Library, &Staging) -> Result<()>`, listed in `pipeline::OUTPUTS`;
//! `write` is how they all write JSON and XML.

pub mod api;
pub mod feeds;
pub mod file_memo;
pub mod library;
pub mod listings;
pub mod pictures;
pub mod pipeline;
pub mod redirects;
pub mod search_index;
pub mod similarity;
pub mod sitemap;
pub mod write;
