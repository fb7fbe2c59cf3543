//! What an article file is made from, for the memo of `press watch`
//! (`crate::file_memo`): its draft ([`Draft::source`]: the file's bytes,
//! `site.toml` and the pictures' names), what the pictures step set in it
//! (the hero and the body's figures), its related and "more from" stories'
//! teasers, and its writers' and tags' references.

use broadsheet_model::Block;
use press_content::load::Draft;
use press_content::taxonomy::Taxonomy;

use crate::file_memo::Inputs;

/// The hash of everything the article of story `i` is made from, by
/// `Hash` (no JSON is written for it).
pub fn inputs(
    draft: &Draft,
    i: usize,
    related: &[usize],
    more_from_section: &[usize],
    teasers: &[u64],
    taxonomy: &Taxonomy,
) -> u128 {
    let mut inputs = Inputs::new();
    inputs
        .number(draft.source)
        .number(u64::from(draft.draft))
        .hashed(&draft.hero);
    for block in draft.body.iter() {
        if let Block::Figure { image } = block {
            inputs.hashed(image);
        }
    }
    inputs
        .teasers(related, teasers)
        .teasers(more_from_section, teasers)
        .number(taxonomy.article_authors[i].len() as u64);
    for &a in &taxonomy.article_authors[i] {
        let author = &taxonomy.authors[a];
        inputs.hashed(&author.name).hashed(&author.slug);
    }
    inputs.number(taxonomy.article_tags[i].len() as u64);
    for &t in &taxonomy.article_tags[i] {
        inputs.hashed(&taxonomy.tags[t]);
    }
    inputs.finish()
}
