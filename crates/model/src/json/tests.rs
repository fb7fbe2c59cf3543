//! The reader against serde_json: the same texts accepted, the same values
//! read. `serde_json::Value` is read through a test-only `FromJson` impl so
//! that any JSON can be compared, not only the model's types.

use super::*;
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

impl FromJson for Value {
    fn from_json(p: &mut Parser<'_>) -> Result<Self, Error> {
        Ok(match p.peek() {
            Some(b'{') => {
                p.begin_object()?;
                let mut map = Map::new();
                while let Some(key) = p.next_key()? {
                    let value = Value::from_json(p)?;
                    map.insert(key.into_owned(), value);
                }
                Value::Object(map)
            }
            Some(b'[') => Value::Array(Vec::from_json(p)?),
            Some(b'"') => Value::String(String::from_json(p)?),
            Some(b't' | b'f') => Value::Bool(p.boolean()?),
            Some(b'-' | b'0'..=b'9') => {
                let at = p.value_start();
                let text = p.number()?;
                let integer = !text.contains(['.', 'e', 'E']);
                if let (true, Ok(n)) = (integer, text.parse::<u64>()) {
                    Value::Number(n.into())
                } else if let (true, Ok(n)) = (integer, text.parse::<i64>()) {
                    Value::Number(n.into())
                } else {
                    let n = parse_f64(text);
                    Value::Number(Number::from_f64(n).ok_or_else(|| Error::new(at, "range"))?)
                }
            }
            _ if p.null() => Value::Null,
            _ => return Err(p.expected("a value")),
        })
    }
}

/// Both readers' verdicts on `text`, numbers compared as f64 within `tolerance`.
fn agree(text: &str) -> Result<(), String> {
    let ours = from_str::<Value>(text);
    let theirs = serde_json::from_str::<Value>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) if close(a, b) => Ok(()),
        (Err(_), Err(_)) => Ok(()),
        _ => Err(format!("{text:?}: ours {ours:?}, serde_json {theirs:?}")),
    }
}

/// Equal, except that floats may differ in the last places when the number
/// has more than 15 significant digits or a large exponent (see
/// `parse_f64`): relatively, or by a few of the smallest subnormals.
fn close(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || ((x - y) / y).abs() < 1e-14 || (x - y).abs() < 1e-322
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| close(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, a), (kb, b))| ka == kb && close(a, b))
        }
        _ => a == b,
    }
}

/// Texts both readers must treat alike: the edges of RFC 8259.
#[test]
fn the_edges_of_json_are_read_as_serde_json_reads_them() {
    let cases = [
        "0",
        "-0",
        "1",
        "-1",
        "01",
        "1.",
        ".5",
        "1.5",
        "1e5",
        "1E+5",
        "1e-5",
        "1e",
        "-",
        "--1",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "1e400",
        "-1e400",
        "1e-400",
        "0.1",
        "123.456",
        "2.5e-3",
        "true",
        "false",
        "null",
        "nul",
        "tru",
        "truex",
        "[]",
        "[1,]",
        "[,1]",
        "[1 2]",
        "{}",
        "{,}",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{\"a\":}",
        "{1:2}",
        "{\"a\":1}x",
        "  {\"a\" : [ 1 , { } ] }  ",
        "\"\"",
        "\"a",
        "\"\\u00e9\"",
        "\"\\ud83d\\ude00\"",
        "\"\\ud83d\"",
        "\"\\ude00\"",
        "\"\\ud83dx\"",
        "\"\\x\"",
        "\"\\u12\"",
        "\"tab\there\"",
        "\"nul\u{0}\"",
        "\"\\/\\b\\f\\n\\r\\t\"",
        "\"é ü 漢字 😀\"",
        "{\"a\":1,\"a\":2}",
        "[\"a\",{\"b\":[null,true]}]",
        "",
        " ",
        "\u{feff}1",
        "[1]]",
        "{\"a\":{\"b\":{}}}}",
        "1 2",
        "/* c */ 1",
        "NaN",
        "Infinity",
    ];
    for case in cases {
        agree(case).unwrap();
    }
}

#[test]
fn nesting_stops_where_serde_json_stops() {
    for depth in [1, 100, 127, 128, 129, 1_000, 100_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        agree(&arrays).unwrap();
        let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        agree(&objects).unwrap();
    }
    // Unclosed, far deeper than the limit: an error, not a stack overflow.
    assert!(from_str::<Value>(&"[".repeat(1 << 20)).is_err());
    // Skipping an unknown field is bounded too.
    let deep = format!("{{\"x\": {}}}", "[".repeat(1 << 20));
    assert!(from_str::<crate::TagIndex>(&deep).is_err());
}

/// Errors name the line, the column and the field.
#[test]
fn errors_name_line_column_and_field() {
    let cases: &[(&str, usize, usize, &str)] = &[
        (
            "{\"schema_version\": 1,\n \"tags\": [{\"slug\": \"a\", \"name\": 7, \"count\": 1}]}",
            2,
            33,
            "field `tags[0].name`: expected a string, found a number",
        ),
        (
            "{\"schema_version\": 1, \"tags\": [{\"slug\": \"a\", \"count\": 1}]}",
            1,
            32,
            "field `tags[0]`: missing field `name`",
        ),
        (
            "{\"schema_version\": 1, \"schema_version\": 1, \"tags\": []}",
            1,
            23,
            "duplicate field `schema_version`",
        ),
        (
            "{\"schema_version\": -1, \"tags\": []}",
            1,
            20,
            "field `schema_version`: expected a whole number from 0 to 4294967295, found -1",
        ),
        (
            "{\"schema_version\": 1, \"tags\": [}",
            1,
            32,
            "field `tags[0]`: expected an object, found `}`",
        ),
        (
            "{\"schema_version\": 1, \"tags\": []} x",
            1,
            35,
            "trailing characters",
        ),
        ("{\"schema_version\": 1, \"ta", 1, 26, "unterminated string"),
    ];
    for &(text, line, column, message) in cases {
        let error = from_str::<crate::TagIndex>(text).unwrap_err();
        assert!(
            error.line == line && error.column == column && error.message.starts_with(message),
            "{text:?}: {error:?}, expected {line}:{column} {message:?}"
        );
    }
}

#[test]
fn numbers_press_writes_are_exact() {
    for text in [
        "0.001",
        "1234.567",
        "98765.432",
        "3.0",
        "0.5",
        "1e-3",
        "12.25",
        "-7.125",
    ] {
        assert_eq!(parse_f64(text), text.parse::<f64>().unwrap(), "{text}");
    }
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(|n| Value::Number(n.into())),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        any::<f64>()
            .prop_filter_map("finite", Number::from_f64)
            .prop_map(Value::Number),
        (0u32..100_000, 0u32..4).prop_map(|(n, places)| {
            let value = f64::from(n) / 10f64.powi(places as i32);
            Value::Number(Number::from_f64(value).unwrap())
        }),
        any::<String>().prop_map(Value::String),
        "[a-z\"\\\\/\u{0}-\u{1f}é😀]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{0,3}", inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Whatever serde_json writes, compact or pretty, reads back the same.
    #[test]
    fn what_serde_json_writes_reads_the_same(value in any_json()) {
        agree(&serde_json::to_string(&value).unwrap()).map_err(TestCaseError::fail)?;
        agree(&serde_json::to_string_pretty(&value).unwrap()).map_err(TestCaseError::fail)?;
    }

    /// Mangled JSON: accepted or refused alike, and never a panic.
    #[test]
    fn mangled_json_is_judged_alike(
        value in any_json(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), "[\\[\\]{}\",:0-9.eE+\\-a-z\\\\ ]?"), 1..4),
    ) {
        let mut text = serde_json::to_string(&value).unwrap();
        for (at, insert) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            // Delete the character there, or insert one.
            if insert.is_empty() && i < text.len() {
                let len = text[i..].chars().next().unwrap().len_utf8();
                text.replace_range(i..i + len, "");
            } else {
                text.insert_str(i, &insert);
            }
        }
        agree(&text).map_err(TestCaseError::fail)?;
    }

    /// Short random texts from JSON's own alphabet.
    #[test]
    fn random_text_is_judged_alike(text in "[\\[\\]{}\",:0-9.eE+\\-nultrfase\\\\ ]{0,24}") {
        agree(&text).map_err(TestCaseError::fail)?;
    }
}
