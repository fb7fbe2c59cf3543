//! Page titles and meta descriptions. The app sets them through `leptos_meta`;
//! the pre-rendered pages (crates/render) write the same strings into `<head>`.
//! The site's name and description come from `site.json`, never from constants.

use broadsheet_model::Site;

/// The not-found view's title.
pub const NOT_FOUND_TITLE: &str = "Page not found";

/// The document title for a view title: "Asia | Gazette", or the site name
/// alone for the front page (empty view title).
pub fn document_title(site_name: &str, title: &str) -> String {
    match (title.is_empty(), site_name.is_empty()) {
        (true, _) => site_name.to_owned(),
        (false, true) => title.to_owned(),
        (false, false) => format!("{title} | {site_name}"),
    }
}

/// The front page's meta description: `description` from `site.toml`, else
/// the tagline, else a sentence with the site's name.
pub fn front_description(site: &Site) -> String {
    if !site.description.is_empty() {
        site.description.clone()
    } else if !site.tagline.is_empty() {
        site.tagline.clone()
    } else {
        format!("The latest news from {}.", site.name)
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
        assert_eq!(document_title("Gazette", ""), "Gazette");
        assert_eq!(document_title("Gazette", "Asia"), "Asia | Gazette");
        assert_eq!(document_title("", "Asia"), "Asia");
        assert_eq!(section_title("Asia", 1), "Asia");
        assert_eq!(section_title("Asia", 3), "Asia (page 3)");
        assert_eq!(section_description("Asia"), "The latest Asia news.");
    }

    #[test]
    fn front_descriptions() {
        let mut site = Site {
            schema_version: 1,
            name: "Gazette".into(),
            tagline: String::new(),
            description: String::new(),
            language: "en".into(),
            base_url: "https://example.org".into(),
            sections: Vec::new(),
        };
        assert_eq!(front_description(&site), "The latest news from Gazette.");
        site.tagline = "News by the river".into();
        assert_eq!(front_description(&site), "News by the river");
        site.description = "All the news".into();
        assert_eq!(front_description(&site), "All the news");
    }
}
