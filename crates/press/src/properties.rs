//! Property-based tests (proptest, stable Rust): random front matter, random
//! Markdown and random log lines. The properties, for every input:
//!
//! - no panic and no hang (each case must finish well inside a second);
//! - the input either builds, and what it builds passes the model's
//!   validation (what the app and render check), or it yields at least one
//!   diagnostic that names the file and a line inside it.
//!
//! `cargo xtask test` runs them with a fixed number of cases (see
//! `CASES`) from a fixed seed, which keeps the run bounded and repeatable;
//! set `PROPTEST_CASES` and `PROPTEST_RNG_SEED` to explore more.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use broadsheet_model::validate::validate_article;
use proptest::prelude::*;

use press_content::config::SiteConfig;
use press_content::load::parse_article;
use press_popular::{Counter, Counting};
use press_site::api;

/// Cases per property in `cargo test`.
const CASES: u32 = 384;
/// Longest any single case may take, even in a debug build.
const SLOW: Duration = Duration::from_secs(2);

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(CASES),
        failure_persistence: None,
        // The same cases on every run, so CI cannot flake; set
        // PROPTEST_RNG_SEED to explore others.
        rng_seed: std::env::var("PROPTEST_RNG_SEED")
            .ok()
            .and_then(|n| n.parse().ok())
            .map_or(
                proptest::test_runner::RngSeed::Fixed(0xB0AD_5EED),
                proptest::test_runner::RngSeed::Fixed,
            ),
        ..ProptestConfig::default()
    }
}

fn site() -> SiteConfig {
    SiteConfig::parse(
        "name = \"Property Times\"\nbase_url = \"https://p.example\"\n\n[[sections]]\npath = \"world\"\nname = \"World\"\n",
    )
    .expect("the test site is valid")
}

/// Text with the characters that matter: Markdown syntax, quotes, escapes,
/// controls, bidi controls, zero-width characters, noncharacters, letters.
fn hostile_text(max: usize) -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => "[a-z ]{1,8}",
        1 => Just("\n".to_owned()),
        1 => Just("\n\n".to_owned()),
        1 => prop::sample::select(vec![
            "*", "_", "**", "> ", "- ", "1. ", "3) ", "# ", "## ", "`", "```\n", "---\n", "[", "]", "(",
            ")", "![", "<", ">", "&", "|", "\\", "\"", "'", "~~", "[^1]", "    ", "\t", "<b>",
            "[x](/world)", "[y](javascript:alert(1))", "![alt](/images/a.svg \"Cap | Credit\")",
            "<a@b.example>", "<https://example.org>", "| a | b |\n|---|---|\n", "[!pullquote]",
            "— Name", "\u{202E}", "\u{202C}", "\u{2066}", "\u{2069}", "\u{200B}", "\u{FEFF}",
            "\u{FFFE}", "\u{FDD0}", "\u{1b}", "\u{7}", "\u{85}", "\r", "é", "日本", "🙂",
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec(pieces, 0..max).prop_map(|parts| parts.concat())
}

/// A front-matter value for `field`: mostly a plausible one (so that whole
/// files often get past the other fields), sometimes a hostile string, an
/// odd type, or nothing.
fn value(field: &'static str) -> impl Strategy<Value = Option<String>> {
    let plausible: Vec<&'static str> = match field {
        "headline" => vec!["\"Headline\"", "\"Harbour \\u202Estrike\"", "\"\\u200B\""],
        "standfirst" => vec!["\"A standfirst.\"", "\"\""],
        "section" => vec!["\"world\"", "\"/world/\"", "\"nowhere\""],
        "byline" => vec!["[\"Ana Ruiz\"]", "[]", "[\"\"]", "[\"Ana\", \"\\u2800\"]"],
        "published" | "updated" => vec![
            "\"2026-01-02T10:00:00Z\"",
            "2026-01-02T10:00:00+02:00",
            "\"0000-01-01T00:00:00Z\"",
            "\"9999-12-31T23:59:59-12:00\"",
            "\"2026-13-45\"",
            "2026-01-02",
        ],
        "tags" => vec!["[\"port\", \"Port\"]", "[\"\\u0007\"]", "[]"],
        "slug" => vec!["\"a-slug\"", "\"Bad Slug\"", "\"../x\""],
        _ => vec!["1"],
    };
    let absent = if field == "unknown" { 12 } else { 1 };
    let usual = plausible[0];
    prop_oneof![
        absent => Just(None),
        8 => Just(Some(usual.to_owned())),
        3 => prop::sample::select(plausible).prop_map(|v| Some(v.to_owned())),
        1 => hostile_text(6).prop_map(|t| Some(format!("{t:?}"))),
        1 => prop::sample::select(vec!["12", "true", "[1, 2]", "{ src = \"/x\" }"])
            .prop_map(|v| Some(v.to_owned())),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    (
        (
            value("headline"),
            value("standfirst"),
            value("section"),
            value("byline"),
        ),
        (
            value("published"),
            value("updated"),
            value("tags"),
            value("slug"),
            value("unknown"),
        ),
        any::<bool>(),
    )
        .prop_map(
            |(
                (headline, standfirst, section, byline),
                (published, updated, tags, slug, unknown),
                hero,
            )| {
                let fields = [
                    ("headline", headline),
                    ("standfirst", standfirst),
                    ("section", section),
                    ("byline", byline),
                    ("published", published),
                    ("updated", updated),
                    ("tags", tags),
                    ("slug", slug),
                    ("unknown", unknown),
                ];
                let mut text = String::new();
                for (field, value) in fields {
                    if let Some(value) = value {
                        text.push_str(&format!("{field} = {value}\n"));
                    }
                }
                if hero {
                    text.push_str("[hero]\nsrc = \"/images/a.svg\"\nalt = \"\"\n");
                }
                text
            },
        )
}

/// A front matter that is valid, so that the body decides.
const VALID_FRONT: &str = "headline = \"Headline\"\nstandfirst = \"Standfirst.\"\nsection = \"world\"\nbyline = [\"Ana Ruiz\"]\npublished = \"2026-01-02T10:00:00Z\"\n";

/// Builds one article file and checks the property.
fn check_article(front: &str, body: &str) -> Result<(), TestCaseError> {
    let file = Path::new("articles/2026-01-02-story.md");
    let text = format!("+++\n{front}+++\n\n{body}");
    // Lines as an editor counts them: a lone CR ends a line too.
    let lines = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .lines()
        .count()
        .max(1);
    let started = Instant::now();
    let result = parse_article(file, text.as_bytes(), &site());
    prop_assert!(started.elapsed() < SLOW, "took {:?}", started.elapsed());
    match result {
        Ok(draft) => {
            let article = api::article(&draft, Vec::new(), Vec::new(), Vec::new(), Vec::new());
            let problems = validate_article(&article);
            prop_assert!(problems.is_empty(), "built but invalid: {problems:?}");
            let json = serde_json::to_string(&article).expect("serialises");
            // Nothing dropped silently: every word of the body is somewhere
            // in what was built (text, link, image, caption, attribution).
            let lower = json.to_lowercase();
            for word in body
                .split(|c: char| !c.is_ascii_lowercase())
                .filter(|w| !w.is_empty())
            {
                prop_assert!(
                    word == "pullquote" || lower.contains(word),
                    "`{word}` was dropped silently from {body:?}: {json}"
                );
            }
            let back: broadsheet_model::Article =
                serde_json::from_str(&json).expect("what press writes, the app can decode");
            prop_assert_eq!(back, article);
        }
        Err(diagnostics) => {
            prop_assert!(!diagnostics.is_empty(), "refused without a diagnostic");
            for diagnostic in diagnostics {
                prop_assert_eq!(&diagnostic.file, file);
                prop_assert!(
                    (1..=lines + 1).contains(&diagnostic.line),
                    "line {} outside the file's {lines} lines: {diagnostic}",
                    diagnostic.line
                );
                prop_assert!(!diagnostic.field.is_empty());
            }
        }
    }
    Ok(())
}

/// HTML as WordPress posts have it: tags (closed or not), attributes,
/// shortcodes, entities and text with Markdown's special characters.
fn post_html(max: usize) -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => "[a-z ]{1,8}",
        1 => Just("\n\n".to_owned()),
        2 => prop::sample::select(vec![
            "<p>", "</p>", "<h2>", "</h2>", "<h5>", "</h5>", "<blockquote>", "</blockquote>",
            "<cite>", "</cite>", "<ul>", "</ul>", "<ol start=\"3\">", "</ol>", "<li>", "</li>",
            "<strong>", "</strong>", "<em>", "</em>", "<b>", "<i>", "<br>", "<hr>", "<div>",
            "</div>", "<figure>", "</figure>", "<figcaption>", "</figcaption>",
            "<img src=\"https://x.example/a.jpg\" alt=\"An [alt] *text*\">",
            "<img src=\"javascript:x\" alt=\"x\">", "<img src=\"/a.jpg\">",
            "<a href=\"https://x.example/a?b=1&amp;c=2\">", "<a href=\"javascript:alert(1)\">",
            "<a href=\"mailto:a@b.example\">", "</a>", "<script>x()</script>",
            "<iframe src=\"https://v.example/e\"></iframe>", "<table><tr><td>a</td><td>b</td></tr></table>",
            "<pre>a\n  b</pre>", "<!-- wp:paragraph -->", "[caption id=\"1\"]", "[/caption]",
            "[gallery ids=\"1\"]", "[sic]", "&amp;", "&lt;", "&#42;", "&nbsp;", "*", "_", "**",
            "`", "#", "> ", "- ", "1. ", "[", "]", "(", ")", "!", "|", "\\", "\"", "~", "=", "+",
            "—", "é", "日本",
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec(pieces, 0..max).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(config())]

    /// Whatever the post's HTML, what import writes builds: the Markdown
    /// it makes from it has no problem press would refuse.
    #[test]
    fn any_post_html_converts_to_markdown_that_builds(html in post_html(40)) {
        let started = Instant::now();
        let converted = press_import::html::convert(&html);
        let markdown = press_import::to_markdown::blocks(&converted.blocks);
        let (_, diagnostics) = press_content::markdown::parse_body(Path::new("post.md"), &markdown, 1);
        prop_assert!(diagnostics.is_empty(), "{html:?}\n→ {markdown:?}\n→ {diagnostics:?}");
        prop_assert!(started.elapsed() < SLOW);
    }

    #[test]
    fn any_front_matter_builds_or_is_diagnosed(front in front_matter(), body in hostile_text(12)) {
        check_article(&front, &body)?;
    }

    #[test]
    fn any_date_builds_or_is_diagnosed(
        year in prop_oneof![Just(0u32), Just(1), Just(9999), 0u32..10_000],
        month in 0u32..14,
        day in 0u32..33,
        offset in -25i32..26,
    ) {
        let sign = if offset < 0 { '-' } else { '+' };
        let published = format!("{year:04}-{month:02}-{day:02}T12:00:00{sign}{:02}:00", offset.abs());
        let front = VALID_FRONT.replace("2026-01-02T10:00:00Z", &published);
        check_article(&front, "Body.\n")?;
    }

    #[test]
    fn any_markdown_builds_or_is_diagnosed(body in hostile_text(60)) {
        check_article(VALID_FRONT, &body)?;
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed(kind in 0usize..7, depth in 1usize..4_000) {
        // Each kind really nests: quotes, lists, emphasis, strong, images in
        // alt text, and alternating emphasis; unclosed openers as well.
        let body = match kind {
            0 => format!("{} deep\n", "> ".repeat(depth)),
            1 => (0..depth.min(300)).map(|i| format!("{}- level\n", "  ".repeat(i))).collect(),
            2 => format!("{}deep{}\n", "*a ".repeat(depth), " b*".repeat(depth)),
            3 => format!("{}deep{}\n", "**a ".repeat(depth), " b**".repeat(depth)),
            4 => format!("{}x{}\n", "![".repeat(depth), "](/images/a.svg)".repeat(depth)),
            5 => format!("{}deep{}\n", "*_".repeat(depth), "_*".repeat(depth)),
            _ => format!("{} deep\n", "[".repeat(depth)),
        };
        check_article(VALID_FRONT, &body)?;
    }

    #[test]
    fn any_log_line_is_counted_or_skipped(line in prop::collection::vec(any::<u8>(), 0..400), text in "[ -~]{0,300}") {
        let options = Counting {
            end: 1_800_000_000,
            window_seconds: 86_400 * 7,
            half_life_seconds: Some(3600),
            base_path: String::new(),
            format: press_logs::LogFormat::Combined,
        };
        let articles: HashMap<String, u32> =
            [("/world/2026/01/02/story".to_owned(), 0)].into_iter().collect();
        let mut counter = Counter::new(&options, &articles);
        counter.line(&line);
        counter.line(text.as_bytes());
        let shaped = format!("1.2.3.4 - - [02/Jan/2026:10:00:00 +0000] \"GET {text} HTTP/1.1\" 200 5 \"-\" \"{text}\"\n");
        counter.line(shaped.as_bytes());
        let skipped: u64 = counter.skipped.values().sum();
        prop_assert_eq!(counter.lines, 3);
        prop_assert_eq!(counter.counted + skipped, 3, "every line is counted or skipped for a reason");
    }

    /// Import of any CSV, JSON Lines or WordPress export never writes
    /// outside its content folder, and what it writes always builds.
    #[test]
    fn any_import_stays_in_its_folder_and_builds(
        rows in prop::collection::vec(
            (prop_oneof![2 => hostile_text(6), 1 => Just("Same headline".to_owned())], hostile_text(30), hostile_text(4), prop::sample::select(vec![
                "2026-03-01", "2026-03-01T10:00:00+09:00", "9999-12-31T23:59:59-12:00", "0000-01-01", "soon", "",
            ]), prop::sample::select(vec!["world", "", "nowhere", "../x", "World"])),
            1..5,
        ),
        format in 0u8..3,
    ) {
        check_import(&rows, format)?;
    }
}

type Row = (String, String, String, &'static str, &'static str);

fn check_import(rows: &[Row], format: u8) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let root = tempfile::tempdir().expect("a temporary folder");
    let sentinel = root.path().join("outside.txt");
    std::fs::write(&sentinel, "").expect("write");
    let content = root.path().join("content");
    let (name, text) = match format {
        0 => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer
                .write_record(["url", "date", "title", "text", "tags", "section"])
                .expect("csv");
            for (i, (title, text, tags, date, section)) in rows.iter().enumerate() {
                let url = format!("https://x.example/{i}");
                writer
                    .write_record([url.as_str(), date, title, text, tags, section])
                    .expect("csv");
            }
            (
                "in.csv",
                String::from_utf8(writer.into_inner().expect("csv")).expect("utf-8"),
            )
        }
        1 => {
            let mut text = String::new();
            for (i, (title, body, tags, date, section)) in rows.iter().enumerate() {
                let line = serde_json::json!({
                    "url": format!("https://x.example/{i}"), "date": date, "title": title,
                    "text": body, "tags": [tags], "section": section,
                });
                text.push_str(&line.to_string());
                text.push('\n');
            }
            ("in.jsonl", text)
        }
        _ => {
            let cdata = |t: &str| format!("<![CDATA[{}]]>", t.replace("]]>", "]]]]><![CDATA[>"));
            let mut text = String::from("<?xml version=\"1.0\"?>\n<rss xmlns:content=\"c\" xmlns:excerpt=\"e\" xmlns:dc=\"d\" xmlns:wp=\"w\"><channel>\n");
            for (i, (title, body, tags, date, section)) in rows.iter().enumerate() {
                text.push_str(&format!(
                    "<item><title>{}</title><link>https://x.example/{i}/</link><dc:creator>{}</dc:creator><content:encoded>{}</content:encoded><wp:post_id>{i}</wp:post_id><wp:post_date_gmt>{} 10:00:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><category domain=\"category\" nicename=\"{section}\">{}</category><category domain=\"post_tag\" nicename=\"t\">{}</category></item>\n",
                    cdata(title), cdata(tags), cdata(&format!("<p>{body}</p>")), date.get(..10).unwrap_or(date), cdata(section), cdata(tags),
                ));
            }
            text.push_str("</channel></rss>\n");
            ("in.xml", text)
        }
    };
    let input = root.path().join(name);
    std::fs::write(&input, &text).expect("write");
    let options = press_import::Options {
        input,
        out: content.clone(),
        format: None,
        map: Vec::new(),
        encoding: None,
        default_section: "world".to_owned(),
        byline: "Staff".to_owned(),
        credit: None,
        category_map: Vec::new(),
        category_map_file: None,
        pages: false,
        uploads: None,
    };
    // An import may refuse the whole file (a broken export): then nothing
    // may be written. Otherwise what it wrote must build.
    let imported = press_import::import(&options);
    prop_assert_eq!(std::fs::read(&sentinel).expect("read"), b"");
    for entry in walkdir::WalkDir::new(root.path()).into_iter().flatten() {
        let path = entry.path();
        prop_assert!(
            path == root.path()
                || path.starts_with(&content)
                || path == sentinel
                || path == options.input,
            "import wrote {} outside its folder",
            path.display()
        );
    }
    if imported.is_ok() && content.join("articles").is_dir() {
        let checked = press_content::check::check_all(&content);
        prop_assert!(
            checked.is_ok(),
            "{text:?}\n→ {:?}",
            checked.err().map(|e| format!("{e:?}"))
        );
    }
    prop_assert!(started.elapsed() < SLOW * 5);
    Ok(())
}
