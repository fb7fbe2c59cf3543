//! WordPress eXtended RSS (WXR), the file "Tools → Export" writes: its
//! authors, categories, posts (and pages when asked), read with quick-xml.
//! Each post keeps its line in the export, for diagnostics.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Result};
use quick_xml::events::{BytesStart, Event};

use crate::problem::{Origin, Problem};

/// One `<item>`: a post, page or attachment, as the export has it.
#[derive(Debug, Default, Clone)]
pub struct Item {
    pub origin: Origin,
    pub title: String,
    pub link: String,
    pub creator: String,
    pub content: String,
    pub excerpt: String,
    pub post_id: String,
    pub post_date_gmt: String,
    pub post_date: String,
    pub modified_gmt: String,
    pub post_name: String,
    pub status: String,
    pub post_type: String,
    pub attachment_url: String,
    /// (domain, nicename, name): `category` and `post_tag`.
    pub terms: Vec<(String, String, String)>,
    pub meta: BTreeMap<String, String>,
}

/// The export: its authors (login → display name), categories (nicename →
/// name) and items, in file order.
#[derive(Debug, Default)]
pub struct Export {
    pub authors: BTreeMap<String, String>,
    pub categories: BTreeMap<String, String>,
    pub items: Vec<Item>,
}

/// Biggest export read (WordPress splits bigger sites into several files).
pub const MAX_BYTES: usize = 512 * 1024 * 1024;

pub fn read(file: &Path, text: &str) -> Result<(Export, Vec<Problem>)> {
    if text.len() > MAX_BYTES {
        bail!(
            "{}: {} MB is over the {} MB an export may have; export by date range",
            file.display(),
            text.len() / 1_000_000,
            MAX_BYTES / 1_000_000
        );
    }
    // Lines counted as the reader moves on (offsets only grow), not from
    // the start each time: an export of 100k posts stays linear.
    let mut counted = (0usize, 1usize);
    let mut line_at = move |offset: usize| {
        let offset = offset.min(text.len());
        if offset >= counted.0 {
            counted.1 += text.as_bytes()[counted.0..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted.0 = offset;
            counted.1
        } else {
            text[..offset].matches('\n').count() + 1
        }
    };
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut export = Export::default();
    let mut problems = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut item: Option<Item> = None;
    let mut author: (String, String) = Default::default();
    let mut category: (String, String) = Default::default();
    let mut meta: (String, String) = Default::default();
    let mut term: Option<(String, String)> = None;
    let mut text_buffer = String::new();
    let mut saw_rss = false;
    loop {
        let offset = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => bail!(
                "{}:{}: not well-formed XML: {error}",
                file.display(),
                line_at(reader.error_position() as usize)
            ),
        };
        match event {
            Event::Start(start) => {
                let name = name_of(&start);
                if name == "rss" {
                    saw_rss = true;
                }
                match name.as_str() {
                    "item" => {
                        item = Some(Item {
                            origin: Origin::new(file, line_at(offset), export.items.len() + 1),
                            ..Item::default()
                        })
                    }
                    "category" if item.is_some() => {
                        term = Some((attribute(&start, "domain"), attribute(&start, "nicename")));
                    }
                    _ => {}
                }
                path.push(name);
                text_buffer.clear();
            }
            Event::Text(t) => {
                text_buffer.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0))
            }
            Event::CData(t) => text_buffer.push_str(&t),
            Event::GeneralRef(reference) => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    text_buffer.push(c);
                } else {
                    let name: &str = &reference;
                    match quick_xml::escape::resolve_predefined_entity(name) {
                        Some(value) => text_buffer.push_str(value),
                        None => {
                            problems.push(Problem {
                                origin: Origin::new(file, line_at(offset), 0),
                                message: format!(
                                    "the entity &{name}; is not XML's: kept as written"
                                ),
                            });
                            text_buffer.push_str(&format!("&{name};"));
                        }
                    }
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str).unwrap_or("");
                let value = std::mem::take(&mut text_buffer);
                let value = value.trim_matches(['\n', '\r']).to_owned();
                if let Some(current) = item.as_mut() {
                    match name.as_str() {
                        "item" => export.items.push(item.take().expect("an item")),
                        "title" => current.title = value,
                        "link" => current.link = value.trim().to_owned(),
                        "dc:creator" => current.creator = value.trim().to_owned(),
                        "content:encoded" => current.content = value,
                        "excerpt:encoded" => current.excerpt = value,
                        "wp:post_id" => current.post_id = value.trim().to_owned(),
                        "wp:post_date_gmt" => current.post_date_gmt = value.trim().to_owned(),
                        "wp:post_date" => current.post_date = value.trim().to_owned(),
                        "wp:post_modified_gmt" => current.modified_gmt = value.trim().to_owned(),
                        "wp:post_name" => current.post_name = value.trim().to_owned(),
                        "wp:status" => current.status = value.trim().to_owned(),
                        "wp:post_type" => current.post_type = value.trim().to_owned(),
                        "wp:attachment_url" => current.attachment_url = value.trim().to_owned(),
                        "category" => {
                            if let Some((domain, nicename)) = term.take() {
                                current
                                    .terms
                                    .push((domain, nicename, value.trim().to_owned()));
                            }
                        }
                        "wp:meta_key" if parent == "wp:postmeta" => {
                            meta.0 = value.trim().to_owned()
                        }
                        "wp:meta_value" if parent == "wp:postmeta" => meta.1 = value,
                        "wp:postmeta" => {
                            let (key, value) = std::mem::take(&mut meta);
                            current.meta.insert(key, value);
                        }
                        _ => {}
                    }
                } else {
                    match name.as_str() {
                        "wp:author_login" => author.0 = value.trim().to_owned(),
                        "wp:author_display_name" => author.1 = value.trim().to_owned(),
                        "wp:author" => {
                            let (login, display) = std::mem::take(&mut author);
                            let display = if display.is_empty() {
                                login.clone()
                            } else {
                                display
                            };
                            export.authors.insert(login, display);
                        }
                        "wp:category_nicename" => category.0 = value.trim().to_owned(),
                        "wp:cat_name" => category.1 = value.trim().to_owned(),
                        "wp:category" => {
                            let (nicename, name) = std::mem::take(&mut category);
                            export.categories.insert(nicename, name);
                        }
                        _ => {}
                    }
                }
            }
            Event::Eof => {
                if let Some(open) = path.last() {
                    // Cut short: a partial post must never pass for a
                    // smaller export, nor a whole one for none at all.
                    let inside = item
                        .as_ref()
                        .map(|item| {
                            format!(
                                " (inside the <item> that starts on line {})",
                                item.origin.line
                            )
                        })
                        .unwrap_or_default();
                    bail!(
                        "{}:{}: the export ends with <{open}> still open{inside}: the file is cut short; export it again",
                        file.display(),
                        line_at(text.len())
                    );
                }
                break;
            }
            _ => {}
        }
    }
    if !saw_rss {
        bail!(
            "{}: not a WordPress export (no <rss> element): export with Tools → Export in WordPress",
            file.display()
        );
    }
    Ok((export, problems))
}

fn name_of(start: &BytesStart<'_>) -> String {
    let name = start.name();
    let name: &str = name.as_ref();
    name.to_owned()
}

fn attribute(start: &BytesStart<'_>, name: &str) -> String {
    start
        .try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
        .unwrap_or_default()
}
