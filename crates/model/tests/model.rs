//! The JSON contract, checked against fixture files: each fixture decodes,
//! survives a round trip, and tolerates what a newer writer might add.

use std::path::Path;

use broadsheet_model::{validate, Article, Block, Inline};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

fn check_round_trip(name: &str) -> Article {
    let article: Article =
        serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let again: Article = serde_json::from_str(&serde_json::to_string(&article).unwrap()).unwrap();
    assert_eq!(article, again, "{name} survives a round trip");
    article
}

#[test]
fn every_fixture_round_trips_and_validates() {
    for entry in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")).unwrap()
    {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let article = check_round_trip(&name);
        assert_eq!(validate::validate_article(&article), vec![], "{name}");
    }
}

#[test]
fn optional_fields_default() {
    let article = check_round_trip("article-minimal.json");
    assert!(article.byline.is_empty() && article.hero.is_none() && article.related.is_empty());
    assert_eq!(article.updated, None);
}

#[test]
fn every_block_type_decodes() {
    let article = check_round_trip("article-full.json");
    // The type names as written on the wire.
    let kinds: Vec<String> = article
        .body
        .iter()
        .map(|block| {
            serde_json::to_value(block).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "paragraph",
            "subheading",
            "quote",
            "pull_quote",
            "figure",
            "list",
            "divider"
        ]
    );
}

#[test]
fn unknown_types_and_fields_do_not_break_the_file() {
    let article = check_round_trip("article-from-the-future.json");
    assert_eq!(article.body[0], Block::Unknown);
    let Block::Paragraph { content } = &article.body[1] else {
        panic!()
    };
    assert_eq!(content[0], Inline::Unknown);
    assert_eq!(broadsheet_model::plain_text(content), "Still readable.");
}

#[test]
fn unsafe_links_fail_validation() {
    let text = fixture("article-full.json").replace("https://example.org", "javascript:alert(1)");
    let article: Article = serde_json::from_str(&text).unwrap();
    let errors = validate::validate_article(&article);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].to_string().contains("javascript:alert(1)"));
}

#[test]
fn a_newer_schema_version_is_refused() {
    let text =
        fixture("article-minimal.json").replace("\"schema_version\": 1", "\"schema_version\": 2");
    let article: Article = serde_json::from_str(&text).unwrap();
    assert!(matches!(
        validate::validate_article(&article)[0],
        validate::ValidationError::SchemaVersion { found: 2 }
    ));
}
