//! Whether the app may hydrate the pre-rendered page it starts on (pure,
//! tested natively; `browser::start_mode` reads the page).
//!
//! Hydrating attaches the app's components to nodes it did not make: they
//! must be the nodes those components make for this URL. crates/render
//! says which path a page's nodes were rendered for (`<div id="app"
//! data-path>`). A host may answer another URL with that page: `404.html`
//! for every unknown path, or an SPA fallback (`index.html` for any path,
//! as `trunk serve` does). There the app takes the page over instead, and
//! so it does when the page asks for it (after a failed hydration).

use broadsheet_model::Route;

/// How the app's first view meets the pre-rendered page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Attach to the pre-rendered nodes.
    Hydrate,
    /// Build the first view beside them and swap it in.
    TakeOver,
}

/// `rendered_for`: the page's `data-path` (`None` on a page from before
/// it was written). `shown`: the path in the address bar, without the
/// site's base. `take_over_asked`: the page's script asks for the
/// take-over (a hydration of this page failed).
pub fn start(rendered_for: Option<&str>, shown: &str, take_over_asked: bool) -> Start {
    match rendered_for {
        Some(rendered_for)
            if !take_over_asked && Route::parse(rendered_for) == Route::parse(shown) =>
        {
            Start::Hydrate
        }
        Some(_) | None => Start::TakeOver,
    }
}

#[cfg(test)]
mod tests {
    use super::{start, Start};

    #[test]
    fn only_the_page_rendered_for_this_path_is_hydrated() {
        let cases = [
            // (data-path, the address bar's path, take-over asked, expected)
            (Some("/"), "/", false, Start::Hydrate),
            (Some("/world"), "/world", false, Start::Hydrate),
            (Some("/world"), "/world/", false, Start::Hydrate),
            (Some("/search"), "/search", false, Start::Hydrate),
            (
                Some("/world/2026/11/18/a-story"),
                "/world/2026/11/18/a-story",
                false,
                Start::Hydrate,
            ),
            // 404.html answers every unknown path. The app only learns that
            // a path is unknown from its missing data file, or that a story
            // moved from redirects.json: it takes the page over.
            (Some("/404"), "/no-such-page", false, Start::TakeOver),
            (
                Some("/404"),
                "/world/2026/11/18/a-story",
                false,
                Start::TakeOver,
            ),
            // An SPA fallback: the front page's nodes at another URL.
            (Some("/"), "/world", false, Start::TakeOver),
            (Some("/"), "/no-such-page", false, Start::TakeOver),
            (Some("/world"), "/world/page/2", false, Start::TakeOver),
            // A failed hydration asked for the take-over.
            (Some("/"), "/", true, Start::TakeOver),
            // A page that does not say what it was rendered for.
            (None, "/", false, Start::TakeOver),
        ];
        for (rendered_for, shown, asked, expected) in cases {
            assert_eq!(
                start(rendered_for, shown, asked),
                expected,
                "{rendered_for:?} at {shown} (take-over asked: {asked})"
            );
        }
    }
}
