//! Page titles and meta descriptions. The app sets them through `leptos_meta`;
//! the pre-rendered pages (crates/render) write the same strings into `<head>`.

use crate::SITE_NAME;

/// The front page's meta description.
pub const FRONT_DESCRIPTION: &str = "The latest news, analysis and opinion from Broadsheet.";

/// The not-found view's title.
pub const NOT_FOUND_TITLE: &str = "Page not found";

/// The document title for a view title: "Asia | Broadsheet", or the site
/// name alone for the front page (empty view title).
pub fn document_title(title: &str) -> String {
    if title.is_empty() {
        SITE_NAME.to_owned()
    } else {
        format!("{title} | {SITE_NAME}")
    }
}

/// "Asia", or "Asia (page 2)" past the first page.
pub fn section_title(name: &str, page: u32) -> String {
    if page > 1 {
        format!("{name} (page {page})")
    } else {
        name.to_owned()
    }
}

/// A section page's meta description.
pub fn section_description(name: &str) -> String {
    format!("The latest {name} news.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(document_title(""), "Broadsheet");
        assert_eq!(document_title("Asia"), "Asia | Broadsheet");
        assert_eq!(section_title("Asia", 1), "Asia");
        assert_eq!(section_title("Asia", 3), "Asia (page 3)");
        assert_eq!(section_description("Asia"), "The latest Asia news.");
    }
}
