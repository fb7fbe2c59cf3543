//! A page's data, decoded from its JSON file with the one shared
//! "check `schema_version`, then decode, then validate" step that the app
//! and render both use: a file that fails the model's validation is an
//! error, so neither ever renders half of it.

use thiserror::Error;

use crate::json::{self, FromJson};
use crate::paths::{ArticlePath, Route, SectionPath};
use crate::types::{ArchiveIndex, Article, FrontPage, ListingPage, SectionPage, Subject, TagIndex};
use crate::validate::{
    check_schema_version, validate_archive_index, validate_article, validate_front,
    validate_listing, validate_section, validate_tag_index, ValidationError,
};

/// Why a file's text is not the data its reader expects. Positions are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    #[error("line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("field `schema_version`: {0}")]
    Version(ValidationError),
    #[error("{0} bytes: larger than the {max} bytes any file press writes can be", max = crate::limits::MAX_JSON_BYTES)]
    TooLarge(usize),
    #[error("field `{field}`: \"{found}\" belongs to another page")]
    WrongPage { field: &'static str, found: String },
    /// Well-formed, but fails the model's validation (an unsafe link, a
    /// control character, markup nested too deep…): shown as an error, never
    /// half-rendered.
    #[error("{}{}", .0[0], if .0.len() > 1 { format!(" (and {} more problems)", .0.len() - 1) } else { String::new() })]
    Invalid(Vec<ValidationError>),
}

/// `Ok` when the model's validation found nothing.
pub fn checked<T>(value: T, problems: Vec<ValidationError>) -> Result<T, DecodeError> {
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(DecodeError::Invalid(problems))
    }
}

/// Decodes one file of the JSON API with the model's own reader
/// ([`crate::json`]). The version is checked before the full decode, so
/// that a file from a newer press gives a clear message instead of a field
/// error.
pub fn decode<T: FromJson>(text: &str) -> Result<T, DecodeError> {
    #[derive(FromJson)]
    struct Versioned {
        schema_version: u32,
    }
    let json_error = |e: json::Located| DecodeError::Json {
        line: e.line,
        column: e.column,
        message: e.message,
    };
    if text.len() > crate::limits::MAX_JSON_BYTES {
        return Err(DecodeError::TooLarge(text.len()));
    }
    let versioned: Versioned = json::from_str(text).map_err(json_error)?;
    check_schema_version(versioned.schema_version).map_err(DecodeError::Version)?;
    json::from_str(text).map_err(json_error)
}

/// The data a route's view is made from, once decoded and checked.
#[derive(Debug, Clone, PartialEq)]
pub enum PageData {
    Front(Box<FrontPage>),
    Section(SectionPage),
    Article(Box<Article>),
    /// A writer's, a tag's or a period's stories.
    Listing(Box<ListingPage>),
    Tags(TagIndex),
    ArchiveIndex(ArchiveIndex),
    /// The search page: its data (the index) is read by the search module.
    Search,
    /// Not-found has no file.
    NotFound,
}

impl PageData {
    /// Decodes `text`, the file at `route.json_path()`, and checks that it
    /// really is that route's data (a file copied to the wrong place, or a
    /// host answering with another file, is an error, not a wrong page).
    pub fn decode(route: &Route, text: &str) -> Result<PageData, DecodeError> {
        match route {
            Route::Front => {
                let front: FrontPage = decode(text)?;
                let problems = validate_front(&front);
                checked(PageData::Front(Box::new(front)), problems)
            }
            Route::Section { path, page } => {
                let data: SectionPage = decode(text)?;
                if SectionPath::parse(&data.section.path).as_ref() != Some(path) {
                    return Err(DecodeError::WrongPage {
                        field: "section.path",
                        found: data.section.path,
                    });
                }
                if data.page != *page {
                    return Err(DecodeError::WrongPage {
                        field: "page",
                        found: data.page.to_string(),
                    });
                }
                let problems = validate_section(&data);
                checked(PageData::Section(data), problems)
            }
            Route::Article(path) => {
                let article: Article = decode(text)?;
                if ArticlePath::parse(&article.url).as_ref() != Some(path) {
                    return Err(DecodeError::WrongPage {
                        field: "url",
                        found: article.url,
                    });
                }
                let problems = validate_article(&article);
                checked(PageData::Article(Box::new(article)), problems)
            }
            Route::Author { .. } | Route::Tag { .. } | Route::Archive { .. } => {
                let data: ListingPage = decode(text)?;
                let wrong = |field: &'static str, found: String| {
                    Err(DecodeError::WrongPage { field, found })
                };
                match (route, &data.subject) {
                    (Route::Author { slug, .. }, Subject::Author { author })
                        if author.slug != *slug =>
                    {
                        return wrong("subject.author.slug", author.slug.clone())
                    }
                    (Route::Tag { slug, .. }, Subject::Tag { tag }) if tag.slug != *slug => {
                        return wrong("subject.tag.slug", tag.slug.clone())
                    }
                    (
                        Route::Archive {
                            section,
                            year,
                            month,
                            ..
                        },
                        Subject::Archive {
                            section: found,
                            year: found_year,
                            month: found_month,
                            ..
                        },
                    ) => {
                        let found_path = found.as_ref().and_then(|s| SectionPath::parse(&s.path));
                        if found_path != *section || found_year != year || found_month != month {
                            return wrong(
                                "subject",
                                match found_month {
                                    Some(month) => format!("{found_year}/{month}"),
                                    None => found_year.to_string(),
                                },
                            );
                        }
                    }
                    (Route::Author { .. }, Subject::Author { .. })
                    | (Route::Tag { .. }, Subject::Tag { .. }) => {}
                    _ => return wrong("subject.kind", data.subject.kind().to_owned()),
                }
                let expected_page = match route {
                    Route::Author { page, .. }
                    | Route::Tag { page, .. }
                    | Route::Archive { page, .. } => *page,
                    _ => 1,
                };
                if data.page != expected_page {
                    return wrong("page", data.page.to_string());
                }
                let problems = validate_listing(&data);
                checked(PageData::Listing(Box::new(data)), problems)
            }
            Route::Tags => {
                let data: TagIndex = decode(text)?;
                let problems = validate_tag_index(&data);
                checked(PageData::Tags(data), problems)
            }
            Route::ArchiveIndex => {
                let data: ArchiveIndex = decode(text)?;
                let problems = validate_archive_index(&data);
                checked(PageData::ArchiveIndex(data), problems)
            }
            Route::Search => Ok(PageData::Search),
            Route::NotFound => Ok(PageData::NotFound),
            #[cfg(feature = "exhaustiveness-probe")]
            Route::Probe => Ok(PageData::NotFound),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_checked_first() {
        let newer = r#"{"schema_version": 99, "lead": 5}"#;
        assert!(matches!(
            decode::<FrontPage>(newer),
            Err(DecodeError::Version(_))
        ));
        let broken = "{\n  \"schema_version\": 1,\n  \"lead\": 5\n}";
        match decode::<FrontPage>(broken) {
            Err(DecodeError::Json { line, .. }) => assert_eq!(line, 3),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_file_for_another_page_is_refused() {
        let text = r#"{"schema_version":1,"section":{"path":"sport","name":"Sport"},"page":1,"total_pages":1,"total_articles":0,"teasers":[]}"#;
        let sport = Route::parse("/sport");
        assert!(matches!(
            PageData::decode(&sport, text),
            Ok(PageData::Section(_))
        ));
        let world = Route::parse("/world");
        assert_eq!(
            PageData::decode(&world, text).unwrap_err().to_string(),
            "field `section.path`: \"sport\" belongs to another page"
        );
        let page_two = Route::parse("/sport/page/2");
        assert!(PageData::decode(&page_two, text).is_err());
    }

    #[test]
    fn an_oversized_file_is_refused_before_it_is_parsed() {
        let padding = " ".repeat(crate::limits::MAX_JSON_BYTES);
        let text = format!("{{\"schema_version\": 1{padding}}}");
        assert!(matches!(
            decode::<FrontPage>(&text),
            Err(DecodeError::TooLarge(_))
        ));
    }
}
