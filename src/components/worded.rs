//! A text of the interface whose slots hold views ("Published {time}",
//! where the time is a `<time>` element).

use broadsheet_model::strings::{pieces, Piece};
use leptos::prelude::*;

/// `text` as views: its words as text nodes, each `{slot}` as `slot(name)`
/// makes it. No empty text node is made (rendered HTML writes "" as " ").
pub fn worded(text: &str, mut slot: impl FnMut(&str) -> AnyView) -> Vec<AnyView> {
    pieces(text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Words(words) => words.to_owned().into_any(),
            Piece::Slot(name) => slot(name),
        })
        .collect()
}
