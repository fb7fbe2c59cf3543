//! What an article file is made from, for the memo of `press watch`
//! (`crate::file_memo`): its draft ([`Draft::source`]: the file's bytes,
//! `site.toml` and the pictures' names), what the pictures step set in it
//! (the hero and the body's figures), its related and "more from" stories'
//! teasers, and its writers' and tags' references.

use broadsheet_model::{AuthorRef, Block, TagRef};
use press_content::load::Draft;

use crate::file_memo::Inputs;

/// The hash of everything the article of `draft` is made from; `None` if
/// a part could not be read as JSON (then the article is made).
pub fn inputs(
    draft: &Draft,
    related: &[usize],
    more_from_section: &[usize],
    teasers: &[u64],
    authors: &[AuthorRef],
    tags: &[TagRef],
) -> Option<u128> {
    let mut inputs = Inputs::new();
    inputs
        .number(draft.source)
        .number(u64::from(draft.draft))
        .json(&draft.hero)?;
    for block in draft.body.iter() {
        if let Block::Figure { image } = block {
            inputs.json(image)?;
        }
    }
    inputs
        .teasers(related, teasers)
        .teasers(more_from_section, teasers)
        .json(authors)?
        .json(tags)?;
    Some(inputs.finish())
}
