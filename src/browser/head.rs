//! The document's head: `<html lang>`, the title and the description.

/// `<html lang>` and `dir` from `site.json`, for a page the app built
/// without render (the pre-rendered pages carry them already).
pub fn set_language(language: &str, direction: &str) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        for (name, value) in [("lang", language), ("dir", direction)] {
            if root.get_attribute(name).as_deref() != Some(value) {
                let _ = root.set_attribute(name, value);
            }
        }
    }
}

/// The document's title.
pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if document.title() != title {
            document.set_title(title);
        }
    }
}

/// The page's `<meta name="description">`: written by render on pre-rendered
/// pages, made here otherwise.
pub fn set_description(content: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let meta = document
        .query_selector(r#"meta[name="description"]"#)
        .ok()
        .flatten()
        .or_else(|| {
            let meta = document.create_element("meta").ok()?;
            let _ = meta.set_attribute("name", "description");
            document.head()?.append_child(&meta).ok()?;
            Some(meta)
        });
    if let Some(meta) = meta {
        let _ = meta.set_attribute("content", content);
    }
}

/// The document's title and description as they are: what a view kept for
/// Back puts back when it is shown again (its own effects set them once).
pub fn head_now() -> (String, Option<String>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return (String::new(), None);
    };
    let description = document
        .query_selector(r#"meta[name="description"]"#)
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"));
    (document.title(), description)
}

/// A detached `<div>` to hold a view's nodes while it is not shown: its
/// parts that change meanwhile (the popular box arriving, new stories)
/// change inside it, never in the page.
pub fn detached_holder() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.create_element("div").ok()
}
