//! press's reading of a content folder: `site.toml`, the articles, the
//! writers' profiles and the pictures, each checked as it is read, and the
//! checks of the content as a whole. Nothing here writes an output.
//!
//! The modules, from the bottom up: `diagnostics` (a problem with its file,
//! line and field), `text` (slugs, escaping), `read` (limited reads),
//! `config`, `images`, `markdown`, `load` (an article file → a [`load::Draft`]),
//! `taxonomy` (writers and tags), `schedule` (what is published now),
//! `teaser`, `manifest` (the last build's URLs), and `check`, which runs
//! them all over a folder.

pub mod analysis;
pub mod catalogue;
pub mod check;
pub mod config;
pub mod diagnostics;
pub mod file_cache;
pub mod images;
pub mod load;
pub mod manifest;
pub mod markdown;
pub mod random;
pub mod read;
pub mod schedule;
pub mod taxonomy;
pub mod teaser;
pub mod text;
