//! What the search index reads of one story: each term where it stands,
//! weighted by the field (headline ×3, standfirst, byline and tags ×2,
//! first paragraph ×1.5, body ×1), with the headline and the lead marked.
//! Used by the index ([`super::build`]) and by what `press watch` keeps of
//! it ([`super::cache`]).

use broadsheet_model::block_text;
use press_content::load::Draft;

/// Weight of a term by the field it stands in.
const HEADLINE: f32 = 3.0;
const STANDFIRST: f32 = 2.0;
const LABELS: f32 = 2.0;
const BODY: f32 = 1.0;
/// The first paragraph says what the story is about (the lead): it counts
/// half again as much as the rest of the body.
const LEAD: f32 = 1.5;
/// Marks, in a posting's story number while the index is built, that the
/// term is in the story's headline or its lead (story numbers stay below
/// 2^30, as press refuses a library of more than `MAX_ARTICLES`).
pub(super) const IN_HEADLINE: u32 = 1 << 31;
pub(super) const IN_LEAD: u32 = 1 << 30;
const _: () = assert!(broadsheet_model::limits::MAX_ARTICLES < IN_LEAD as usize);

/// Calls `add(term, weight, marks)` for every term of a story where it
/// stands, marking its headline and lead ([`IN_HEADLINE`], [`IN_LEAD`]);
/// returns the story's weighted length.
pub(super) fn story_terms(
    draft: &Draft,
    words: &press_related::Words,
    mut add: impl FnMut(&str, f32, u32),
) -> f32 {
    let mut length = 0.0;
    let mut field = |text: &str, weight: f32, marks: u32| {
        words.for_each_search_term(text, |term, whole| {
            // A compound's parts count half: the whole word matches better.
            let weight = if whole { weight } else { weight / 2.0 };
            add(term, weight, marks);
            length += weight;
        });
    };
    field(&draft.headline, HEADLINE, IN_HEADLINE);
    field(&draft.standfirst, STANDFIRST, 0);
    for name in draft.byline.iter().chain(&draft.tags) {
        field(name, LABELS, 0);
    }
    let lead = draft
        .body
        .iter()
        .position(|b| matches!(b, broadsheet_model::Block::Paragraph { .. }));
    for (i, block) in draft.body.iter().enumerate() {
        let (weight, marks) = if Some(i) == lead {
            (LEAD, IN_LEAD)
        } else {
            (BODY, 0)
        };
        field(&block_text(block), weight, marks);
    }
    length
}
