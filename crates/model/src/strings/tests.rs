use super::*;

#[test]
fn pieces_cut_at_slots_and_keep_stray_braces() {
    assert_eq!(
        pieces("Page {page} of {total}"),
        vec![
            Piece::Words("Page "),
            Piece::Slot("page"),
            Piece::Words(" of "),
            Piece::Slot("total")
        ]
    );
    assert_eq!(pieces("{n}"), vec![Piece::Slot("n")]);
    assert_eq!(pieces("a { b } {c"), vec![Piece::Words("a { b } {c")]);
    assert_eq!(
        pieces("x {Y} {y}"),
        vec![Piece::Words("x {Y} "), Piece::Slot("y")]
    );
    assert_eq!(pieces(""), vec![]);
}

#[test]
fn fill_replaces_known_slots_only() {
    assert_eq!(fill("{a}-{b}-{a}", &[("a", "1"), ("b", "2")]), "1-2-1");
    assert_eq!(
        fill(
            "{year}年{month}{day}日",
            &[("year", "2026"), ("month", "12月"), ("day", "2")]
        ),
        "2026年12月2日"
    );
    assert_eq!(fill("left {open", &[]), "left {open");
    assert_eq!(fill("{missing}", &[]), "{missing}");
}

#[test]
fn plural_categories_follow_cldr() {
    // (language, n, category), from CLDR's plural rules.
    let cases = [
        ("en", 0, "other"),
        ("en", 1, "one"),
        ("en-GB", 2, "other"),
        ("de", 1, "one"),
        ("de-CH", 21, "other"),
        ("fr", 0, "one"),
        ("fr", 1, "one"),
        ("fr", 2, "other"),
        ("fr", 1_000_000, "many"),
        ("es", 0, "other"),
        ("es", 1, "one"),
        ("es", 2_000_000, "many"),
        ("ja", 1, "other"),
        ("ar", 0, "zero"),
        ("ar", 1, "one"),
        ("ar", 2, "two"),
        ("ar", 3, "few"),
        ("ar", 10, "few"),
        ("ar", 103, "few"),
        ("ar", 11, "many"),
        ("ar", 99, "many"),
        ("ar", 100, "other"),
        ("ar", 102, "other"),
        ("ar-EG", 1000, "other"),
    ];
    for (language, n, expected) in cases {
        assert_eq!(plural_category(language, n), expected, "{language} {n}");
        assert!(
            plural_categories(language).contains(&expected),
            "{language}"
        );
    }
}

#[test]
fn numerals_change_only_ascii_digits() {
    assert_eq!(Numerals::Latn.apply("2026"), "2026");
    assert_eq!(
        Numerals::Arab.apply("2 ديسمبر 2026، 09:15"),
        "٢ ديسمبر ٢٠٢٦، ٠٩:١٥"
    );
    assert_eq!(Numerals::Arabext.apply("1404"), "۱۴۰۴");
    assert_eq!(Numerals::Arab.apply("٣ and x"), "٣ and x");
}

#[test]
fn direction_is_by_primary_subtag() {
    for rtl in ["ar", "ar-EG", "fa", "he", "ur-PK", "AR"] {
        assert!(is_rtl(rtl), "{rtl}");
    }
    for ltr in ["en", "de", "ja", "fr-CA", "arn", ""] {
        assert!(!is_rtl(ltr), "{ltr}");
    }
}

#[test]
fn every_key_is_distinct_and_named_as_a_slot_would_be() {
    let mut keys: Vec<&str> = Text::ALL.iter().map(|t| t.key()).collect();
    keys.sort_unstable();
    let before = keys.len();
    keys.dedup();
    assert_eq!(before, keys.len());
    assert!(keys.iter().all(|k| is_slot_name(
        k.trim_end_matches(char::is_numeric).trim_end_matches('_')
    ) || k.contains('_')));
    assert_eq!(Text::month(1), Some(Text::Month1));
    assert_eq!(Text::month(12), Some(Text::Month12));
    assert_eq!(Text::month(0), None);
    assert_eq!(Text::month(13), None);
}

#[test]
fn a_site_counts_in_its_language_and_numerals() {
    let mut site = Site {
        language: "ar".into(),
        numerals: Numerals::Arab,
        ..Site::default()
    };
    for (key, text) in [
        ("story_count.zero", "لا قصص"),
        ("story_count.one", "قصة واحدة"),
        ("story_count.two", "قصتان"),
        ("story_count.few", "{n} قصص"),
        ("story_count.many", "{n} قصة"),
        ("story_count.other", "{n} قصة"),
    ] {
        site.strings.insert(key.into(), text.into());
    }
    assert_eq!(site.count(Text::StoryCount, 1, &[]), "قصة واحدة");
    assert_eq!(site.count(Text::StoryCount, 5, &[]), "٥ قصص");
    assert_eq!(site.count(Text::StoryCount, 12, &[]), "١٢ قصة");
    assert_eq!(site.direction(), "rtl");
    assert!(site
        .required_string_keys()
        .contains(&"story_count.few".to_owned()));
    site.language = "en".into();
    assert!(!site
        .required_string_keys()
        .contains(&"story_count.few".to_owned()));
    assert_eq!(site.text(Text::Home), "");
}
