//! Where a record came from, and what is said about it.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where a record came from: file, line (1-based) and record number (1-based; 0 for the file as a whole).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    pub file: PathBuf,
    pub line: usize,
    pub record: usize,
}

impl Origin {
    pub fn new(file: &Path, line: usize, record: usize) -> Origin {
        Origin {
            file: file.to_owned(),
            line,
            record,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)?;
        if self.record > 0 {
            write!(f, ": record {}", self.record)?;
        }
        Ok(())
    }
}

/// Something about one record: why it was not imported, or what in it was not converted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub origin: Origin,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}
