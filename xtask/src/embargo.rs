//! The embargo test: the sample content holds a story scheduled for 2099 and
//! a draft, each carrying a marker word. Nothing of either may appear
//! anywhere in the built site: no file's bytes (compressed files are
//! decompressed first) and no file's name may contain a marker.

use std::io::Read;
use std::path::Path;

use crate::util::{self, project_root, Result};

/// The markers, and the sample story that carries each.
pub const MARKERS: &[(&str, &str)] = &[
    ("zq7embargo", "a story scheduled for 2099"),
    ("xk4draft", "a draft"),
];

pub fn check(dist: &Path) -> Result<()> {
    util::step("Embargo: no byte of a draft or scheduled story anywhere in dist/");
    // The test is only worth something if the content carries the markers.
    let content = project_root().join("content/articles");
    for (marker, what) in MARKERS {
        let planted = util::files_under(&content)
            .iter()
            .any(|file| std::fs::read_to_string(file).is_ok_and(|text| text.contains(marker)));
        if !planted {
            return Err(format!(
                "content/articles has no {what} with the marker {marker}"
            ));
        }
    }
    let mut files = 0usize;
    let mut bytes = 0u64;
    let mut leaks = Vec::new();
    for file in util::files_under(dist) {
        let relative = file
            .strip_prefix(dist)
            .unwrap_or(&file)
            .display()
            .to_string();
        let raw = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let text = match file.extension().and_then(|e| e.to_str()) {
            Some("br") => {
                let mut out = Vec::new();
                brotli::Decompressor::new(raw.as_slice(), 1 << 16)
                    .read_to_end(&mut out)
                    .map_err(|e| format!("{relative}: not brotli: {e}"))?;
                out
            }
            Some("gz") => {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(raw.as_slice())
                    .read_to_end(&mut out)
                    .map_err(|e| format!("{relative}: not gzip: {e}"))?;
                out
            }
            _ => raw,
        };
        files += 1;
        bytes += text.len() as u64;
        let lower = String::from_utf8_lossy(&text).to_lowercase();
        for (marker, what) in MARKERS {
            if relative.to_lowercase().contains(marker) {
                leaks.push(format!("{relative}: its name carries the marker of {what}"));
            }
            if lower.contains(marker) {
                leaks.push(format!("{relative}: contains the marker of {what}"));
            }
        }
    }
    if !leaks.is_empty() {
        return Err(format!(
            "unpublished stories leaked:\n  {}",
            leaks.join("\n  ")
        ));
    }
    println!(
        "    searched {files} files ({:.1} MB, decompressed) for {} markers: none found",
        bytes as f64 / 1e6,
        MARKERS.len()
    );
    Ok(())
}
