//! The JSON contract of Broadsheet's static API.
//!
//! `press` writes these types as JSON files; the reader's app reads them back.
//! Everything here is pure data, paths and validation: no I/O, no framework.
//! The contract is documented for humans in `docs/json-api.md`; bump
//! [`SCHEMA_VERSION`] whenever a change could break an existing reader.

pub mod json;
pub mod limits;
pub mod page;
pub mod paths;
pub mod rules;
pub mod search;
pub mod strings;
pub mod types;
pub mod validate;

pub use page::{decode, DecodeError, PageData};
pub use paths::{ArticlePath, Route, SectionPath};
pub use rules::{is_safe_href, is_valid_slug};
pub use strings::{Numerals, Text};
pub use types::*;
pub use validate::ValidationError;

/// The version written into every JSON file as `schema_version`.
///
/// Readers accept files whose version equals this one; an older reader that
/// meets a newer major version shows an error view instead of guessing.
pub const SCHEMA_VERSION: u32 = 1;
