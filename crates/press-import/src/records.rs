//! Reading CSV and JSON Lines exports: text decoding, columns by name, and
//! one [`Record`] (or one [`Problem`]) per row, each with its file, line and
//! record number.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::problem::{Origin, Problem};

/// What a story can carry, and the column names read for it by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Headline,
    Body,
    Date,
    Url,
    Standfirst,
    Section,
    Byline,
    Tags,
    Slug,
    Updated,
}

/// (field, its name in `--map`, the column names it is read from by default).
pub const FIELDS: &[(Field, &str, &[&str])] = &[
    (Field::Headline, "headline", &["headline", "title"]),
    (Field::Body, "body", &["body", "text", "content"]),
    (
        Field::Date,
        "date",
        &["date", "published", "published_at", "pubdate"],
    ),
    (Field::Url, "url", &["url", "link", "source_url"]),
    (
        Field::Standfirst,
        "standfirst",
        &["standfirst", "summary", "description", "excerpt"],
    ),
    (Field::Section, "section", &["section", "category"]),
    (Field::Byline, "byline", &["byline", "author", "authors"]),
    (Field::Tags, "tags", &["tags", "keywords"]),
    (Field::Slug, "slug", &["slug"]),
    (Field::Updated, "updated", &["updated", "modified"]),
];

const REQUIRED: [Field; 3] = [Field::Headline, Field::Body, Field::Date];

fn field_name(field: Field) -> &'static str {
    FIELDS
        .iter()
        .find(|(f, ..)| *f == field)
        .map(|(_, name, _)| *name)
        .unwrap_or("?")
}

/// `--map headline=title,body=text`: field name → column name.
pub fn parse_map(map: &[String]) -> Result<Vec<(Field, String)>> {
    let mut pairs = Vec::new();
    for item in map.iter().flat_map(|m| m.split(',')) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let Some((field, column)) = item.split_once('=') else {
            bail!("--map {item:?}: write FIELD=COLUMN, such as headline=title");
        };
        let Some((field, ..)) = FIELDS.iter().find(|(_, name, _)| *name == field.trim()) else {
            bail!(
                "--map {item:?}: `{}` is not a field; the fields are {}",
                field.trim(),
                FIELDS
                    .iter()
                    .map(|(_, name, _)| *name)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        };
        pairs.push((*field, column.trim().to_owned()));
    }
    Ok(pairs)
}

/// One row of an export: its fields, by what they are.
#[derive(Debug, Clone)]
pub struct Record {
    pub origin: Origin,
    pub fields: BTreeMap<Field, Value>,
}

#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    List(Vec<String>),
}

impl Record {
    pub fn text(&self, field: Field) -> Option<&str> {
        match self.fields.get(&field)? {
            Value::Text(text) => Some(text.as_str()).filter(|t| !t.trim().is_empty()),
            Value::List(_) => None,
        }
    }

    /// A list field: a JSON array, or text split at `;` (and `,` for tags).
    pub fn list(&self, field: Field) -> Vec<String> {
        let items: Vec<String> = match self.fields.get(&field) {
            Some(Value::List(items)) => items.clone(),
            Some(Value::Text(text)) => {
                let separators: &[char] = if field == Field::Tags {
                    &[';', ',']
                } else {
                    &[';']
                };
                text.split(separators).map(str::to_owned).collect()
            }
            None => Vec::new(),
        };
        items
            .into_iter()
            .map(|item| item.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|item| !item.is_empty())
            .collect()
    }
}

/// The file's text: UTF-8 (a BOM is dropped), or `encoding` decoded with
/// encoding_rs. Bytes that are not valid are an error naming the line and
/// byte offset, never replaced silently.
pub fn decode(file: &Path, bytes: &[u8], encoding: Option<&str>) -> Result<String> {
    match encoding {
        None => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(bytes) {
                Ok(text) => Ok(text.to_owned()),
                Err(error) => {
                    let offset = error.valid_up_to();
                    let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
                    bail!(
                        "{}:{line}: not UTF-8 (byte {offset}, 0x{:02X}); name the file's encoding with --encoding, such as --encoding windows-1252",
                        file.display(),
                        bytes[offset]
                    )
                }
            }
        }
        Some(label) => {
            let Some(encoding) = encoding_rs::Encoding::for_label(label.trim().as_bytes()) else {
                bail!(
                    "--encoding {label:?}: not an encoding name (try utf-8, windows-1252, iso-8859-1, shift_jis, gbk)"
                );
            };
            let (text, _, had_errors) = encoding.decode(bytes);
            if had_errors {
                // Find the first bad byte: decode line by line.
                let mut offset = 0;
                for (index, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
                    if encoding
                        .decode_without_bom_handling_and_without_replacement(line)
                        .is_none()
                    {
                        bail!(
                            "{}:{}: not valid {} (in bytes {offset}..{})",
                            file.display(),
                            index + 1,
                            encoding.name(),
                            offset + line.len()
                        );
                    }
                    offset += line.len();
                }
                bail!("{}: not valid {}", file.display(), encoding.name());
            }
            Ok(text.into_owned())
        }
    }
}

/// Which column each field is read from, by the header.
struct Columns {
    index: BTreeMap<Field, usize>,
    /// Columns no field reads: said once, so no data is dropped silently.
    unread: Vec<String>,
}

fn columns(file: &Path, header: &[String], map: &[(Field, String)]) -> Result<Columns> {
    let found = || {
        header
            .iter()
            .map(|c| format!("{c:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let position = |name: &str| {
        header
            .iter()
            .position(|c| c.trim().eq_ignore_ascii_case(name.trim()))
    };
    let mut index = BTreeMap::new();
    for (field, column) in map {
        match position(column) {
            Some(i) => {
                index.insert(*field, i);
            }
            None => bail!(
                "{}:1: --map {}={column}: there is no column {column:?}; the columns are {}",
                file.display(),
                field_name(*field),
                found()
            ),
        }
    }
    for (field, _, names) in FIELDS {
        if index.contains_key(field) {
            continue;
        }
        let taken: Vec<usize> = index.values().copied().collect();
        if let Some(i) = names
            .iter()
            .filter_map(|n| position(n))
            .find(|i| !taken.contains(i))
        {
            index.insert(*field, i);
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|f| !index.contains_key(f))
        .map(|f| field_name(*f))
        .collect();
    if !missing.is_empty() {
        bail!(
            "{}:1: no column for {}; the columns are {} (name them with --map, such as --map headline=title)",
            file.display(),
            missing.join(", "),
            found()
        );
    }
    let unread = header
        .iter()
        .enumerate()
        .filter(|(i, _)| !index.values().any(|v| v == i))
        .map(|(_, c)| c.clone())
        .collect();
    Ok(Columns { index, unread })
}

/// Every row of a CSV file with a header row.
pub fn read_csv(
    file: &Path,
    text: &str,
    map: &[(Field, String)],
) -> Result<(Vec<Record>, Vec<Problem>)> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .with_context(|| format!("{}:1: cannot read the header row", file.display()))?
        .iter()
        .map(str::to_owned)
        .collect();
    let columns = columns(file, &header, map)?;
    let mut problems: Vec<Problem> = columns
        .unread
        .iter()
        .map(|c| Problem {
            origin: Origin::new(file, 1, 0),
            message: format!("column {c:?} is not imported (read it with --map FIELD={c})"),
        })
        .collect();
    let mut records = Vec::new();
    let mut rows = Vec::new();
    let mut iter = reader.records();
    loop {
        let position = iter.reader().position().clone();
        let Some(mut next) = iter.next() else { break };
        // A record over the limit is let go at once, never held or converted.
        let mut oversized = None;
        if let Ok(row) = &next {
            if row.as_slice().len() > MAX_RECORD_BYTES {
                oversized = Some(row.as_slice().len());
                next = Ok(csv::StringRecord::new());
            }
        }
        rows.push((next, position, oversized));
    }
    let last = rows.len().saturating_sub(1);
    for (index, (next, position, oversized)) in rows.into_iter().enumerate() {
        if let Some(size) = oversized {
            problems.push(Problem {
                origin: Origin::new(file, position.line() as usize, position.record() as usize),
                message: too_big(size),
            });
            continue;
        }
        match next {
            Ok(row) => {
                let start = row.position().cloned().unwrap_or(position);
                let origin = Origin::new(file, start.line() as usize, start.record() as usize);
                // An unclosed quote runs to the end of the file: the last
                // row then holds an odd number of quotes.
                let rest = &text[(start.byte() as usize).min(text.len())..];
                if index == last && rest.matches('"').count() % 2 == 1 {
                    problems.push(Problem {
                        origin,
                        message: "an unclosed quote: this row runs to the end of the file".into(),
                    });
                    continue;
                }
                let fields = columns
                    .index
                    .iter()
                    .map(|(field, &i)| (*field, Value::Text(row.get(i).unwrap_or("").to_owned())))
                    .collect();
                records.push(Record { origin, fields });
            }
            Err(error) => {
                let (line, record, message) = match error.kind() {
                    csv::ErrorKind::UnequalLengths {
                        pos,
                        expected_len,
                        len,
                    } => {
                        let pos = pos.clone().unwrap_or(position);
                        let rest = &text[(pos.byte() as usize).min(text.len())..];
                        let quote = if index == last && rest.matches('"').count() % 2 == 1 {
                            " (an unclosed quote: the row runs to the end of the file)"
                        } else {
                            " (a missing or extra comma, or an unclosed quote)"
                        };
                        (
                            pos.line(),
                            pos.record(),
                            format!("{len} fields where the header has {expected_len}{quote}"),
                        )
                    }
                    other => (
                        position.line(),
                        position.record(),
                        format!("unreadable CSV: {other:?}"),
                    ),
                };
                problems.push(Problem {
                    origin: Origin::new(file, line as usize, record as usize),
                    message,
                });
            }
        }
    }
    Ok((records, problems))
}

/// The most one record (a CSV row, a JSON line) may hold: twice the largest
/// article, as its text grows a little as Markdown. A bigger record could
/// never build, and is refused before it is decoded.
pub const MAX_RECORD_BYTES: usize = 2 * broadsheet_model::limits::MAX_ARTICLE_BYTES as usize;

fn too_big(size: usize) -> String {
    format!(
        "a record of {} KiB, over the {} KiB one story may come from; not read",
        size / 1024,
        MAX_RECORD_BYTES / 1024
    )
}

/// Every line of a JSON Lines file: one object per line.
pub fn read_json_lines(
    file: &Path,
    text: &str,
    map: &[(Field, String)],
) -> Result<(Vec<Record>, Vec<Problem>)> {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut unread: std::collections::BTreeSet<String> = Default::default();
    let mut number = 0;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        number += 1;
        let origin = Origin::new(file, index + 1, number);
        if line.len() > MAX_RECORD_BYTES {
            problems.push(Problem {
                origin,
                message: too_big(line.len()),
            });
            continue;
        }
        let object: serde_json::Map<String, serde_json::Value> = match serde_json::from_str(line) {
            Ok(object) => object,
            Err(error) => {
                problems.push(Problem {
                    origin,
                    message: format!("not a JSON object: {error}"),
                });
                continue;
            }
        };
        let keys: Vec<String> = object.keys().cloned().collect();
        let columns = match columns(file, &keys, map) {
            Ok(columns) => columns,
            Err(error) => {
                // The message names the keys this line has.
                let message = error.to_string();
                let message = message
                    .split_once(": ")
                    .map(|(_, m)| m.to_owned())
                    .unwrap_or(message);
                problems.push(Problem {
                    origin,
                    message: message.replace("columns are", "keys are"),
                });
                continue;
            }
        };
        unread.extend(columns.unread);
        let mut fields = BTreeMap::new();
        let mut bad = None;
        for (field, &i) in &columns.index {
            let value = match &object[&keys[i]] {
                serde_json::Value::String(text) => Value::Text(text.clone()),
                serde_json::Value::Null => continue,
                serde_json::Value::Array(items) if matches!(field, Field::Byline | Field::Tags) => {
                    let texts: Option<Vec<String>> = items
                        .iter()
                        .map(|v| v.as_str().map(str::to_owned))
                        .collect();
                    match texts {
                        Some(texts) => Value::List(texts),
                        None => {
                            bad = Some(format!("key {:?}: a list of texts is expected", keys[i]));
                            break;
                        }
                    }
                }
                other => {
                    bad = Some(format!(
                        "key {:?}: text is expected, found {}",
                        keys[i],
                        match other {
                            serde_json::Value::Number(_) => "a number",
                            serde_json::Value::Bool(_) => "true or false",
                            serde_json::Value::Array(_) => "a list",
                            _ => "an object",
                        }
                    ));
                    break;
                }
            };
            fields.insert(*field, value);
        }
        match bad {
            Some(message) => problems.push(Problem { origin, message }),
            None => records.push(Record { origin, fields }),
        }
    }
    for key in unread {
        problems.push(Problem {
            origin: Origin::new(file, 1, 0),
            message: format!("key {key:?} is not imported (read it with --map FIELD={key})"),
        });
    }
    Ok((records, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str, map: &[&str]) -> Result<(Vec<Record>, Vec<Problem>)> {
        let map = parse_map(&map.iter().map(|m| m.to_string()).collect::<Vec<_>>())?;
        read_csv(Path::new("in.csv"), text, &map)
    }

    #[test]
    fn columns_are_read_by_name_in_any_order() {
        let (records, problems) = csv(
            "title,date,url,text\nHeadline,2019-01-04,https://x.example/a,Body.\n",
            &[],
        )
        .unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(records[0].text(Field::Headline), Some("Headline"));
        assert_eq!(records[0].text(Field::Url), Some("https://x.example/a"));
        assert_eq!(records[0].text(Field::Body), Some("Body."));
    }

    #[test]
    fn map_names_other_columns_and_unknown_ones_are_errors() {
        let (records, _) = csv(
            "name,day,words\nH,2019-01-04,B\n",
            &["headline=name,date=day,body=words"],
        )
        .unwrap();
        assert_eq!(records[0].text(Field::Headline), Some("H"));
        let error = csv("name,day,words\nH,2019-01-04,B\n", &[])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("no column for headline, body, date"),
            "{error}"
        );
        assert!(
            error.contains(r#"the columns are "name", "day", "words""#),
            "{error}"
        );
        let error = csv("name,day,words\nH,2019-01-04,B\n", &["headline=title"])
            .unwrap_err()
            .to_string();
        assert!(error.contains(r#"there is no column "title""#), "{error}");
        let error = csv("a\n", &["heading=a"]).unwrap_err().to_string();
        assert!(error.contains("`heading` is not a field"), "{error}");
    }

    #[test]
    fn extra_columns_are_reported_not_dropped_silently() {
        let (_, problems) = csv("title,date,text,views\nH,2019-01-04,B,12\n", &[]).unwrap();
        assert_eq!(problems.len(), 1);
        assert!(problems[0]
            .message
            .contains(r#"column "views" is not imported"#));
    }

    #[test]
    fn broken_rows_are_reported_as_what_they_are_with_their_line() {
        let text = "title,date,text\n\"A\",2019-01-04,\"one\ntwo\"\nB,2019-01-05\nC,2019-01-06,\"never closed\nD,2019-01-07,x\n";
        let (records, problems) = csv(text, &[]).unwrap();
        assert_eq!(records.len(), 1, "{records:?}");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].origin.line, 4);
        assert_eq!(problems[0].origin.record, 2);
        assert!(
            problems[0]
                .message
                .contains("2 fields where the header has 3"),
            "{problems:?}"
        );
        assert_eq!(problems[1].origin.line, 5);
        assert!(
            problems[1].message.contains("unclosed quote"),
            "{problems:?}"
        );
        // A row that starts after multi-line fields is named by its own line.
        let (records, _) = csv(
            "title,date,text\nA,2019-01-04,\"1\n2\n3\"\nB,2019-01-05,x\n",
            &[],
        )
        .unwrap();
        assert_eq!(records[1].origin.line, 5);
        assert_eq!(records[1].origin.record, 2);
    }

    #[test]
    fn text_that_is_not_utf8_is_an_error_unless_its_encoding_is_named() {
        let bytes = b"title,date,text\nCaf\xE9,2019-01-04,x\n";
        let error = decode(Path::new("in.csv"), bytes, None)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("in.csv:2: not UTF-8 (byte 19, 0xE9)"),
            "{error}"
        );
        let text = decode(Path::new("in.csv"), bytes, Some("windows-1252")).unwrap();
        assert!(text.contains("Café"));
        assert!(decode(Path::new("in.csv"), b"\xEF\xBB\xBFa", None).unwrap() == "a");
        let error = decode(Path::new("in.csv"), b"ok\n\xFF", Some("utf-8"))
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("in.csv:2: not valid UTF-8"), "{error}");
        assert!(decode(Path::new("in.csv"), b"x", Some("klingon")).is_err());
    }

    #[test]
    fn json_lines_by_key_with_lists() {
        let text = "{\"title\":\"A\",\"date\":\"2019-01-04\",\"text\":\"B\",\"tags\":[\"x\",\"y\"]}\n\nnot json\n{\"title\":\"C\",\"date\":\"2019-01-04\"}\n{\"title\":1,\"date\":\"d\",\"text\":\"t\"}\n";
        let (records, problems) = read_json_lines(Path::new("in.jsonl"), text, &[]).unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].list(Field::Tags), ["x", "y"]);
        let lines: Vec<usize> = problems.iter().map(|p| p.origin.line).collect();
        assert_eq!(lines, [3, 4, 5], "{problems:?}");
        assert!(
            problems[1]
                .message
                .contains("no column for body; the keys are"),
            "{problems:?}"
        );
        assert!(
            problems[2]
                .message
                .contains("text is expected, found a number"),
            "{problems:?}"
        );
    }
}
