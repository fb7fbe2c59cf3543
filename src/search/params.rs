//! What a search asks for, as the URL holds it: `?q=…&section=…&year=…&
//! author=…&tag=…&sort=newest`, so that Back, Forward and a shared link
//! restore a search. The URL's own encoding is the browser's
//! (`URLSearchParams`, in `search::url`); here, only which key means what.

use broadsheet_model::search::{Filter, Order, SearchIndex};

/// What a search asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Params {
    pub q: String,
    /// A top-level section's path, or empty for all.
    pub section: String,
    /// A year, or empty for any.
    pub year: String,
    /// A writer's or a tag's slug, or empty (set by links, not by the form).
    pub author: String,
    pub tag: String,
    pub newest: bool,
}

/// The form's choices besides the words: each a `<select>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Section,
    Year,
    Order,
}

impl Choice {
    /// The field's name in the form and in the URL.
    pub fn name(self) -> &'static str {
        match self {
            Choice::Section => "section",
            Choice::Year => "year",
            Choice::Order => "sort",
        }
    }
}

/// The order's value in the URL for newest first (best match is no value).
const NEWEST: &str = "newest";

impl Params {
    /// From the URL's query, through `get` (a key's value, if present);
    /// unknown keys are not asked for.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Params {
        let text = |key: &str| get(key).unwrap_or_default();
        Params {
            q: text("q"),
            section: text(Choice::Section.name()),
            year: text(Choice::Year.name()),
            author: text("author"),
            tag: text("tag"),
            newest: text(Choice::Order.name()) == NEWEST,
        }
    }

    /// The URL's query as (key, value) pairs, only what is set, in a fixed order.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        for (key, value) in [
            ("q", self.q.trim()),
            (Choice::Section.name(), &self.section),
            (Choice::Year.name(), &self.year),
            ("author", &self.author),
            ("tag", &self.tag),
        ] {
            if !value.is_empty() {
                pairs.push((key, value.to_owned()));
            }
        }
        if self.newest {
            pairs.push((Choice::Order.name(), NEWEST.to_owned()));
        }
        pairs
    }

    /// A choice made in the form.
    pub fn choose(&mut self, choice: Choice, value: String) {
        match choice {
            Choice::Section => self.section = value,
            Choice::Year => self.year = value,
            Choice::Order => self.newest = value == NEWEST,
        }
    }

    /// The filter these params ask of `index` (without the writer's and
    /// tag's stories, which come from their files): unknown sections and
    /// years filter nothing.
    pub fn filter(&self, index: &SearchIndex) -> Filter {
        Filter {
            within: None,
            section: index
                .sections
                .iter()
                .position(|s| s.path == self.section)
                .map(|i| i as u32),
            docs: index
                .years
                .iter()
                .find(|y| y.year.to_string() == self.year)
                .map(|y| (y.first, y.count)),
        }
    }

    pub fn order(&self) -> Order {
        if self.newest {
            Order::Newest
        } else {
            Order::Relevance
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn from(pairs: &[(&str, &str)]) -> Params {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Params::from_query(|key| map.get(key).cloned())
    }

    #[test]
    fn params_round_trip_through_the_query() {
        let params = from(&[
            ("q", "harbour strike!"),
            ("section", "world"),
            ("year", "2026"),
            ("author", "kwame-mensah"),
            ("tag", "athletics"),
            ("sort", "newest"),
            ("x", "1"),
        ]);
        assert_eq!(
            params,
            Params {
                q: "harbour strike!".into(),
                section: "world".into(),
                year: "2026".into(),
                author: "kwame-mensah".into(),
                tag: "athletics".into(),
                newest: true
            }
        );
        let pairs = params.to_query();
        let round: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(from(&round), params);
        assert_eq!(
            round,
            [
                ("q", "harbour strike!"),
                ("section", "world"),
                ("year", "2026"),
                ("author", "kwame-mensah"),
                ("tag", "athletics"),
                ("sort", "newest")
            ]
        );
        assert!(Params::default().to_query().is_empty());
        assert!(!from(&[("sort", "relevance")]).newest);
    }

    #[test]
    fn each_choice_sets_its_own_field() {
        let mut params = Params::default();
        params.choose(Choice::Section, "world".into());
        params.choose(Choice::Year, "2026".into());
        params.choose(Choice::Order, "newest".into());
        assert_eq!(
            (params.section.as_str(), params.year.as_str(), params.newest),
            ("world", "2026", true)
        );
        params.choose(Choice::Order, "relevance".into());
        assert!(!params.newest);
        assert_eq!(
            [Choice::Section, Choice::Year, Choice::Order].map(Choice::name),
            ["section", "year", "sort"]
        );
    }
}
