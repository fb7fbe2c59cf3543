//! A text of the interface whose `{slots}` hold elements ("Published
//! {time}", where the time is a `<time>` element): the words around the
//! slots, as plain strings the view puts beside its elements. (A list of
//! pieces as `AnyView`s or `Either`s cost the first load 27–39 KB of
//! renderer code; strings beside elements cost what the English literals
//! did.)

use broadsheet_model::strings::{pieces, Piece};

/// The words of `text` between its `N` slots, in order (`None` where there
/// are none: no empty text node, which rendered HTML writes as " "), and
/// the slots' names. A text with fewer slots leaves the later ones unnamed
/// (""); words after an `N+1`th slot are dropped with it (catalogues are
/// checked to have exactly English's slots).
pub fn around<const N: usize>(text: &str) -> (Vec<Option<String>>, [&str; N]) {
    let mut words = vec![String::new(); N + 1];
    let mut names = [""; N];
    let mut slot = 0;
    for piece in pieces(text) {
        match piece {
            Piece::Words(w) if slot <= N => words[slot].push_str(w),
            Piece::Slot(name) if slot < N => {
                names[slot] = name;
                slot += 1;
            }
            Piece::Words(_) | Piece::Slot(_) => {}
        }
    }
    let words = words
        .into_iter()
        .map(|w| (!w.is_empty()).then_some(w))
        .collect();
    (words, names)
}

/// The words before and after the one slot of `text`.
pub fn around_one(text: &str) -> (Option<String>, Option<String>) {
    let (mut words, _) = around::<1>(text);
    let after = words.pop().flatten();
    (words.pop().flatten(), after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_around_slots() {
        assert_eq!(
            around_one("Published {time}"),
            (Some("Published ".to_owned()), None)
        );
        assert_eq!(
            around_one("{time}に公開"),
            (None, Some("に公開".to_owned()))
        );
        let (words, names) = around::<2>("In the {archive}, and on the {tags_page}.");
        assert_eq!(names, ["archive", "tags_page"]);
        assert_eq!(
            words,
            vec![
                Some("In the ".to_owned()),
                Some(", and on the ".to_owned()),
                Some(".".to_owned())
            ]
        );
        let (_, names) = around::<2>("{tags_page} oder {archive}");
        assert_eq!(names, ["tags_page", "archive"]);
    }
}
