//! When the results follow the typing.

/// Keystrokes closer together than this wait for typing to pause.
pub const DEBOUNCE_MS: u64 = 150;

/// When the results follow the typing: a keystroke after a pause searches at
/// once (no wait before the first results); the keystrokes that follow it
/// within [`DEBOUNCE_MS`] wait until the typing pauses.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Debounce {
    quiet_from_ms: f64,
}

impl Debounce {
    /// A keystroke at `now_ms`: true to search now, false to search when
    /// no other keystroke follows within [`DEBOUNCE_MS`].
    pub fn keystroke(&mut self, now_ms: f64) -> bool {
        let now = now_ms >= self.quiet_from_ms;
        self.quiet_from_ms = now_ms + DEBOUNCE_MS as f64;
        now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keystroke_after_a_pause_searches_at_once_and_a_burst_waits() {
        let mut d = Debounce::default();
        // First keystroke: at once. Those that follow within 150 ms wait.
        assert!(d.keystroke(1_000.0));
        assert!(!d.keystroke(1_080.0));
        assert!(!d.keystroke(1_200.0));
        // Each keystroke starts the quiet time again.
        assert!(!d.keystroke(1_349.0));
        // After a pause, at once again.
        assert!(d.keystroke(1_499.0));
    }
}
