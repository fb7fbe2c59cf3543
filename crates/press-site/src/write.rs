//! How the site's outputs are written: JSON (compact, as the app reads it)
//! and XML text (feeds, sitemaps).

use anyhow::{Context, Result};
use serde::Serialize;

pub use press_content::text::xml_escape;

/// A value as the compact JSON every data file is.
pub fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).context("cannot serialise JSON")
}
