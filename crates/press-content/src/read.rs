//! Limited reads: a content file is read only up to its limit, so a huge
//! or endless file is an error with its name, never a whole read.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Reads a content file of at most `limit` bytes; larger files are an error,
/// and are never read whole.
pub fn read_limited(file: &Path, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let problem = |message: String| Diagnostic::new(file, 1, "file", message);
    let opened = std::fs::File::open(file).map_err(|e| problem(format!("cannot read: {e}")))?;
    let mut bytes = Vec::new();
    opened
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| problem(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(problem(format!(
            "larger than {} KiB; split the story, or see docs/authoring.md, \"Limits\"",
            limit / 1024
        )));
    }
    Ok(bytes)
}
