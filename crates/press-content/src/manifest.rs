//! The build manifest: the URL each published story had in the last build,
//! by its file. press build writes it into its output; the next build reads
//! it to catch a story that moved without its old URL.

use std::path::Path;

use serde::Serialize;

use crate::load::Draft;

/// The URL each published story had in the last build, by its file:
/// `.broadsheet-manifest.json` inside press's previous output (never
/// published: trunk's hook leaves press's dotfiles out of `dist/`).
pub const MANIFEST: &str = ".broadsheet-manifest.json";

#[derive(Debug, Default, Serialize, serde::Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    /// Article file, relative to `articles/` with `/` separators → its URL.
    pub articles: std::collections::BTreeMap<String, String>,
    /// The output shows drafts (`press build --drafts`, a local preview).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drafts: bool,
}

pub fn manifest_key(content: &Path, draft: &Draft) -> String {
    manifest_key_below(&content.join("articles"), draft)
}

/// [`manifest_key`] with the articles folder given (a build makes every
/// story's key: the folder's path once, each key as one string).
pub fn manifest_key_below(articles: &Path, draft: &Draft) -> String {
    let relative = draft.file.strip_prefix(articles).unwrap_or(&draft.file);
    let mut key = String::with_capacity(relative.as_os_str().len());
    for (i, part) in relative.components().enumerate() {
        if i > 0 {
            key.push('/');
        }
        key.push_str(&part.as_os_str().to_string_lossy());
    }
    key
}

/// Reads the manifest of a site press built, for the commands that work on
/// a built site (`press popular`): missing or unreadable is an error that
/// names the file.
pub fn read(out: &Path) -> anyhow::Result<Manifest> {
    use anyhow::Context;
    let file = out.join(MANIFEST);
    let bytes = std::fs::read(&file).with_context(|| {
        format!(
            "{}: cannot read (run `press build --out {}` again)",
            file.display(),
            out.display()
        )
    })?;
    let manifest: Manifest = serde_json::from_slice(&bytes)
        .with_context(|| format!("{}: not a manifest press wrote", file.display()))?;
    if manifest.schema_version != broadsheet_model::SCHEMA_VERSION {
        anyhow::bail!(
            "{}: schema_version {} (this press writes {}); run `press build --out {}` again",
            file.display(),
            manifest.schema_version,
            broadsheet_model::SCHEMA_VERSION,
            out.display()
        );
    }
    Ok(manifest)
}

/// Reads the previous output's manifest; a missing or unreadable one means
/// there is nothing to compare with (a first build).
pub fn previous(out: &Path) -> Manifest {
    std::fs::read(out.join(MANIFEST))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}
