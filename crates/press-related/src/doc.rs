//! What related stories and near-duplicates read of a story.

use broadsheet_model::Block;

/// What similarity needs to know about one article.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    pub headline: &'a str,
    pub standfirst: &'a str,
    /// Borrowed, not joined: at 100k articles a joined copy costs hundreds of MB.
    pub body: &'a [Block],
    pub tags: &'a [String],
    pub section: &'a str,
    pub top_level: &'a str,
    /// Seconds since the epoch.
    pub published: i64,
    /// A hash of what the story was made from (press's `Draft::source`):
    /// the key of its reading in a [`crate::ReadCache`]. 0: never kept.
    pub source: u64,
}
