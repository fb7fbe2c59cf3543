use broadsheet_model::{Image, ImageFormat};
use leptos::prelude::*;

use crate::links;

/// Where a picture sits in the layout: what its `sizes` tells the browser,
/// so that it fetches the narrowest file that is sharp in that slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The article's column (hero and figures): 40rem, less the gutters.
    Column,
    /// The front page's lead: three fifths of the page beside the top stories.
    Lead,
    /// A card in a grid of columns at least 15rem wide.
    Card,
    /// A search result's thumbnail.
    Result,
    /// A writer's portrait.
    Portrait,
}

/// The `sizes` of a slot; each matches style/main.css at its breakpoints.
pub fn sizes(slot: Slot) -> &'static str {
    match slot {
        Slot::Column => "(min-width: 44rem) 40rem, calc(100vw - 2rem)",
        Slot::Lead => "(min-width: 80rem) 46rem, (min-width: 56rem) 58vw, 100vw",
        Slot::Card => "(min-width: 40rem) 20rem, 100vw",
        Slot::Result => "(min-width: 40rem) 10rem, 12rem",
        Slot::Portrait => "7.5rem",
    }
}

/// A picture: the formats press made of it as `<source>`s, best first, and
/// an `<img>` of the format every browser shows, with its size (so its
/// space is kept before it loads) and its placeholder colour (painted
/// until it does, by style/main.css). `eager`: above the fold, so fetched
/// first; otherwise lazily. `None` when its `src` is not safe.
#[component]
pub fn Picture(
    image: Image,
    place: Slot,
    #[prop(optional)] class_name: Option<&'static str>,
    #[prop(optional)] eager: bool,
) -> impl IntoView {
    let src = links::src(&image.src)?;
    let sizes = sizes(place);
    // press writes the best formats first and the fallback last: at most
    // two `<source>`s (AVIF, WebP) before the `<img>`.
    let set = |format: Option<&ImageFormat>| {
        let ladder = image.ladder.as_ref()?;
        let format = *format?;
        links::srcset(ladder, format).map(|set| (format.mime(), set))
    };
    let formats: &[ImageFormat] = image.ladder.as_ref().map_or(&[], |l| &l.formats);
    let (fallback, best) = formats
        .split_last()
        .map_or((None, &[][..]), |(f, b)| (Some(f), b));
    let first = set(best.first());
    let second = set(best.get(1));
    let srcset = set(fallback).map(|(_, set)| set);
    let has_srcset = srcset.is_some();
    let (loading, priority) = if eager {
        ("eager", Some("high"))
    } else {
        ("lazy", None)
    };
    let source = |chosen: Option<(&'static str, String)>| {
        chosen.map(|(mime, set)| view! { <source type=mime srcset=set sizes=sizes /> })
    };
    Some(view! {
        <picture>
            {source(first)}
            {source(second)}
            <img class=class_name src=src srcset=srcset sizes=has_srcset.then_some(sizes)
                alt=image.alt width=image.width height=image.height
                data-placeholder=image.placeholder
                loading=loading decoding="async" fetchpriority=priority />
        </picture>
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot_has_sizes_ending_in_a_default() {
        for slot in [
            Slot::Column,
            Slot::Lead,
            Slot::Card,
            Slot::Result,
            Slot::Portrait,
        ] {
            let last = sizes(slot).rsplit(", ").next().unwrap();
            assert!(
                !last.starts_with('('),
                "{slot:?}: the last size has no condition"
            );
        }
    }
}
