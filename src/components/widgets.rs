//! The "Related stories" and "Most popular" widgets. Each hides itself when it
//! has nothing to show, so the page around it never fails because of it.

pub mod most_popular;
pub mod related_stories;
