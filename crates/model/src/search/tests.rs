use super::*;

fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |start, end, word| {
        out.push(format!("{word}@{}", &text[start..end]));
    });
    out
}

#[test]
fn words_are_folded_and_located() {
    assert_eq!(
        words("Zürich's reservoirs, 2026: “Río” don’t"),
        [
            "zurich@Zürich's",
            "reservoirs@reservoirs",
            "2026@2026",
            "rio@Río",
            "dont@don’t"
        ]
    );
    // Other scripts keep their letters; each ideograph is a word.
    assert_eq!(words("Москва 東京"), ["москва@Москва", "東@東", "京@京"]);
    assert_eq!(words("ΑΘΗΝΑ"), ["αθηνα@ΑΘΗΝΑ"]);
    // Over-long words are cut, but keep their whole range.
    let long = "a".repeat(40);
    assert_eq!(
        words(&long),
        [format!("{}@{long}", "a".repeat(MAX_TERM_CHARS))]
    );
}

#[test]
fn terms_meet_their_plurals() {
    for (a, b) in [
        ("reservoirs", "reservoir"),
        ("cities", "city"),
        ("houses", "house"),
        ("Strikes", "strike"),
    ] {
        assert_eq!(terms(a), terms(b), "{a} / {b}");
    }
    // Not plurals: kept.
    assert_eq!(terms("bus gas glass"), ["bus", "gas", "glass"]);
    assert_eq!(terms("the and of"), Vec::<String>::new());
}

#[test]
fn queries() {
    let q = Query::parse("Harbour strike");
    assert_eq!(q.terms, ["harbour", "strike"]);
    assert_eq!(q.prefix.as_deref(), Some("strike"));
    // A finished word (space after it) is not a prefix, nor a short one.
    assert_eq!(Query::parse("harbour strike ").prefix, None);
    assert_eq!(Query::parse("harbour st").prefix, None);
    let stop = Query::parse("the of and");
    assert!(stop.is_empty() && stop.only_stop_words);
    assert!(!Query::parse("").only_stop_words);
    assert_eq!(
        Query::parse("a b c d e f g h i j k l m n").terms.len(),
        MAX_QUERY_TERMS
    );
}

#[test]
fn highlights_matched_words_only() {
    let q = Query::parse("reservoir harb");
    let marked: Vec<&str> = highlight("The reservoirs at Harbourside, and the harbour.", &q)
        .into_iter()
        .filter_map(|(text, mark)| mark.then_some(text))
        .collect();
    assert_eq!(marked, ["reservoirs", "Harbourside", "harbour"]);
    let whole: String = highlight("a <b>reservoir</b>", &q)
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(whole, "a <b>reservoir</b>");
}

#[test]
fn shards_and_prefixes() {
    let shards: Vec<String> = ["a", "co", "coa", "com", "h", "ha", "har"]
        .map(String::from)
        .to_vec();
    assert_eq!(shard_for("comet", &shards), Some("com"));
    assert_eq!(shard_for("cove", &shards), Some("co"));
    assert_eq!(shard_for("harbour", &shards), Some("har"));
    assert_eq!(shard_for("zebra", &shards), None);
    assert_eq!(prefix_shards("co", &shards), Some(vec!["co", "coa", "com"]));
    assert_eq!(prefix_shards("harb", &shards), Some(vec!["har"]));
    assert_eq!(terms_path("co"), "data/search/terms/636f.json");
    assert_eq!(terms_path("мо"), "data/search/terms/d0bcd0be.json");
    assert_eq!(docs_path(33, 16), "data/search/docs/2.json");
    assert_eq!(docs_path(33, 4), "data/search/docs/8.json");
    assert_eq!(docs_path(33, 0), "data/search/docs/33.json");
}

#[test]
fn postings_round_trip() {
    let postings = vec![
        Posting {
            doc: 3,
            impact: 200,
            section: 1,
        },
        Posting {
            doc: 10,
            impact: 4,
            section: 0,
        },
        Posting {
            doc: 11,
            impact: 9,
            section: 2,
        },
    ];
    let flat = encode_postings(&postings);
    assert_eq!(flat, [3, 200, 1, 7, 4, 0, 1, 9, 2]);
    assert_eq!(decode_postings(&flat), postings);
    // Malformed: the incomplete posting is dropped, nothing panics.
    assert_eq!(decode_postings(&[1, 2]), vec![]);
    assert_eq!(decode_postings(&[u32::MAX, 1, 0, u32::MAX, 1, 0]).len(), 2);
}

fn p(doc: u32, impact: u32, section: u32) -> Posting {
    Posting {
        doc,
        impact,
        section,
    }
}

#[test]
fn ranking() {
    // Term 0 in stories 1, 2, 5; term 1 in 2, 5, 7.
    let exact = vec![
        vec![p(1, 100, 0), p(2, 10, 1), p(5, 50, 0)],
        vec![p(2, 10, 1), p(5, 20, 0), p(7, 255, 1)],
    ];
    let hits = rank(
        &exact,
        &[],
        &Filter::default(),
        Order::Relevance,
        Numbering::NewestFirst,
    );
    let docs: Vec<u32> = hits.iter().map(|h| h.doc).collect();
    // Both terms first (5 outscores 2), then by score.
    assert_eq!(docs, [5, 2, 7, 1]);
    let newest: Vec<u32> = rank(
        &exact,
        &[],
        &Filter::default(),
        Order::Newest,
        Numbering::NewestFirst,
    )
    .iter()
    .map(|h| h.doc)
    .collect();
    assert_eq!(newest, [2, 5, 1, 7]);
    // Numbered oldest first, the higher number is the newer story.
    let oldest_first: Vec<u32> = rank(
        &exact,
        &[],
        &Filter::default(),
        Order::Newest,
        Numbering::OldestFirst,
    )
    .iter()
    .map(|h| h.doc)
    .collect();
    assert_eq!(oldest_first, [5, 2, 7, 1]);
    let section = Filter {
        section: Some(1),
        ..Filter::default()
    };
    let docs: Vec<u32> = rank(
        &exact,
        &[],
        &section,
        Order::Relevance,
        Numbering::NewestFirst,
    )
    .iter()
    .map(|h| h.doc)
    .collect();
    assert_eq!(docs, [2, 7]);
    let year = Filter {
        docs: Some((5, 3)),
        ..Filter::default()
    };
    let docs: Vec<u32> = rank(&exact, &[], &year, Order::Relevance, Numbering::NewestFirst)
        .iter()
        .map(|h| h.doc)
        .collect();
    assert_eq!(docs, [5, 7]);
    let writer = Filter {
        within: Some(vec![1, 7]),
        ..Filter::default()
    };
    let docs: Vec<u32> = rank(
        &exact,
        &[],
        &writer,
        Order::Relevance,
        Numbering::NewestFirst,
    )
    .iter()
    .map(|h| h.doc)
    .collect();
    assert_eq!(docs, [7, 1]);
    // A prefix completes the last term for stories without the exact word.
    let docs: Vec<u32> = rank(
        &exact,
        &[p(1, 80, 0)],
        &Filter::default(),
        Order::Relevance,
        Numbering::NewestFirst,
    )
    .iter()
    .map(|h| h.doc)
    .collect();
    assert_eq!(docs, [1, 5, 2, 7]);
}

#[test]
fn misspellings_find_the_nearest_term() {
    let shard = TermShard {
        schema_version: 1,
        terms: [("reservoir", 3), ("reserve", 9), ("resin", 1)]
            .into_iter()
            .map(|(t, n)| (t.to_owned(), vec![0; n * 3]))
            .collect(),
    };
    assert_eq!(nearest_term("resevoir", &shard), Some("reservoir"));
    assert_eq!(nearest_term("reservior", &shard), Some("reservoir"));
    assert_eq!(nearest_term("reserv", &shard), Some("reserve"));
    assert_eq!(nearest_term("resn", &shard), None);
    assert_eq!(nearest_term("xylophone", &shard), None);
}

#[test]
fn stop_words() {
    for word in ["the", "of", "and", "your", "a"] {
        assert!(is_stop_word(word), "{word}");
    }
    for word in ["theme", "off", "band", "harbour", ""] {
        assert!(!is_stop_word(word), "{word}");
    }
}

#[test]
fn facets() {
    let docs = [2, 3, 9, 40];
    let file = FacetDocs::new("Books", &docs);
    assert_eq!(file.docs, [2, 1, 6, 31]);
    assert_eq!(file.decode(), docs);
    assert_eq!(
        intersect(&[vec![1, 2, 3, 9], vec![2, 9, 10], vec![0, 2, 9]]),
        [2, 9]
    );
    assert_eq!(intersect(&[]), Vec::<u32>::new());
    assert_eq!(
        facet_path(Facet::Author, "rosa-delgado").as_deref(),
        Some("data/search/facets/author/rosa-delgado.json")
    );
    assert_eq!(facet_path(Facet::Tag, "../x"), None);
}

#[test]
fn an_index_written_before_docs_per_file_reads_as_16() {
    let old = r#"{"schema_version":1,"documents":3,"shards":["co"],"sections":[],"years":[]}"#;
    let index: SearchIndex = serde_json::from_str(old).unwrap();
    assert_eq!(index.docs_per_file, 16);
}
