//! Views kept for Back and Forward (issue 34): the last few views the reader
//! left, by path, so that returning to one puts it back as it was instead
//! of building it again. Pure: `routes::kept_route` holds the views.
//!
//! Written here rather than taken from a crate (`lru`): the whole policy is
//! a short queue, and the app's first load pays for every dependency.

/// How many views the app keeps besides the one shown. Each is a page's
/// DOM and its reactive state (a front page: about 50 teasers), so the
/// number bounds the memory Back can cost: the heap stays flat over any
/// number of navigations (`tests/e2e/memory.test.js`).
pub const MAX_KEPT_VIEWS: usize = 4;

/// The kept views, the most recently left last.
#[derive(Debug)]
pub struct Kept<V> {
    capacity: usize,
    entries: Vec<(String, V)>,
}

impl<V> Kept<V> {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: Vec::new(),
        }
    }

    /// Keeps `view` for `path`. Returns the views no longer kept: the one
    /// kept for `path` before, and the least recently left beyond capacity.
    /// They are the caller's to dispose of.
    #[must_use]
    pub fn keep(&mut self, path: String, view: V) -> Vec<V> {
        let mut dropped = Vec::new();
        if let Some(at) = self.entries.iter().position(|(p, _)| *p == path) {
            dropped.push(self.entries.remove(at).1);
        }
        self.entries.push((path, view));
        if self.entries.len() > self.capacity {
            let over = self.entries.len() - self.capacity;
            dropped.extend(self.entries.drain(..over).map(|(_, v)| v));
        }
        dropped
    }

    /// The view kept for `path`, no longer kept.
    pub fn take(&mut self, path: &str) -> Option<V> {
        let at = self.entries.iter().position(|(p, _)| p == path)?;
        Some(self.entries.remove(at).1)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The paths kept, the least recently left first.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(p, _)| p.as_str())
    }
}

/// Whether a navigation puts back the view kept for its path: only Back and
/// Forward do (a click shows the page as it is now, built again), and only
/// for views that may be kept.
pub fn restores(traversal: bool, keepable: bool) -> bool {
    traversal && keepable
}

#[cfg(test)]
mod tests;
