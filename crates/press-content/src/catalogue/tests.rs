use super::*;

fn overrides(text: &str) -> BTreeMap<String, Spanned<toml::Value>> {
    toml::from_str(text).expect("overrides parse")
}

#[test]
fn every_catalogue_has_every_key_with_english_slots() {
    for (tag, _) in CATALOGUES {
        let strings = strings_for(tag, &BTreeMap::new())
            .unwrap_or_else(|e| panic!("catalogues/{tag}.toml: {}: {}", e.field, e.message));
        let site = broadsheet_model::Site {
            language: tag.into(),
            strings: strings.clone(),
            ..Default::default()
        };
        for key in site.required_string_keys() {
            assert!(strings.contains_key(&key), "{tag}: {key}");
        }
        // Nothing but what the language uses.
        for key in strings.keys() {
            let category = key.split_once('.').map(|(_, c)| c);
            if let Some(category) = category {
                assert!(
                    broadsheet_model::strings::plural_categories(tag).contains(&category),
                    "{tag}: {key} is a category the language does not have"
                );
            }
        }
    }
}

#[test]
fn no_catalogue_but_english_keeps_an_english_text() {
    let english = strings_for("en", &BTreeMap::new()).unwrap();
    for (tag, _) in CATALOGUES.iter().skip(1) {
        let strings = strings_for(tag, &BTreeMap::new()).unwrap();
        for (key, text) in &strings {
            // One-word texts a language shares with English ("Archive" is
            // not German, but a few are: "Tag" is a day in German).
            // Words a language shares with English: German's April, August,
            // September and November.
            let shared = matches!(
                (*tag, key.as_str()),
                ("de", "month_4" | "month_8" | "month_9" | "month_11")
            );
            let words = broadsheet_model::strings::fill(text, &[]);
            let has_words = broadsheet_model::strings::pieces(&words).iter().any(|piece| {
                matches!(piece, broadsheet_model::strings::Piece::Words(w) if w.chars().any(char::is_alphabetic))
            });
            if english.get(key) == Some(text) && !shared && has_words {
                panic!("catalogues/{tag}.toml: {key} is the English text {text:?}");
            }
        }
    }
}

#[test]
fn a_regional_tag_takes_its_language() {
    assert_eq!(catalogue_for("de-CH").map(|c| c.0), Some("de"));
    assert_eq!(catalogue_for("AR-eg").map(|c| c.0), Some("ar"));
    assert_eq!(catalogue_for("pt-BR"), None);
}

#[test]
fn overrides_replace_texts_and_are_checked() {
    let strings = strings_for(
        "en",
        &overrides("most_popular = \"Most read\"\nstory_count = { one = \"{n} article\", other = \"{n} articles\" }"),
    )
    .unwrap();
    assert_eq!(strings["most_popular"], "Most read");
    assert_eq!(strings["story_count.other"], "{n} articles");

    let cases = [
        (
            "mostpopular = \"x\"",
            "strings.mostpopular",
            "not a text of the interface",
        ),
        (
            "story_count = \"{n} articles\"",
            "strings.story_count",
            "depends on a number",
        ),
        ("home = 1", "strings.home", "must be a string"),
        (
            "page_of = \"Page {page}\"",
            "strings.page_of",
            "{total} is missing",
        ),
        (
            "home = \"Home {page}\"",
            "strings.home",
            "{page} is not filled in",
        ),
        ("home = \"  \"", "strings.home", "is empty"),
        (
            "story_count = { once = \"x\" }",
            "strings.story_count",
            "not a plural category",
        ),
        ("home = \"Ho\u{202E}me\"", "strings.home", ""),
    ];
    for (text, field, message) in cases {
        let problem = strings_for("en", &overrides(text)).expect_err(text);
        assert_eq!(problem.field, field, "{text}");
        assert!(
            problem.message.contains(message),
            "{text}: {}",
            problem.message
        );
        assert!(
            problem.at.is_some(),
            "{text}: the override's place in site.toml"
        );
    }
}

#[test]
fn a_language_without_a_catalogue_needs_every_text() {
    let problem = strings_for("pt-BR", &BTreeMap::new()).unwrap_err();
    assert_eq!(problem.field, "strings");
    assert!(
        problem.message.contains("no catalogue for \"pt-BR\""),
        "{}",
        problem.message
    );
    assert!(
        problem.message.contains("skip_to_content"),
        "{}",
        problem.message
    );
    // With every text given, it builds.
    let english = strings_for("en", &BTreeMap::new()).unwrap();
    let mut table = String::new();
    for text in Text::ALL {
        if text.is_counted() {
            table.push_str(&format!(
                "{} = {{ one = {:?}, many = {:?}, other = {:?} }}\n",
                text.key(),
                english[&counted_key(*text, "one")],
                english[&counted_key(*text, "other")],
                english[&counted_key(*text, "other")]
            ));
        } else {
            table.push_str(&format!("{} = {:?}\n", text.key(), english[text.key()]));
        }
    }
    let strings = strings_for("pt-BR", &overrides(&table)).unwrap();
    assert_eq!(strings["home"], "Home");
}
