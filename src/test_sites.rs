//! Sites in each shipped language, with press's own catalogues, for the
//! views' native tests.

use broadsheet_model::Site;

/// A site in `language` with its catalogue's words.
pub fn site(language: &str) -> Site {
    let strings = broadsheet_press_content::catalogue::strings_for(language, &Default::default())
        .unwrap_or_else(|e| panic!("{language}: {}: {}", e.field, e.message));
    Site {
        schema_version: broadsheet_model::SCHEMA_VERSION,
        name: "Gazette".into(),
        language: language.into(),
        base_url: "https://gazette.example".into(),
        strings,
        ..Site::default()
    }
}

pub fn english() -> Site {
    site("en")
}
