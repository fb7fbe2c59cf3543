//! What related stories and duplicate checks read of each story, and the
//! two uses of it: related stories for the build, near-duplicate warnings
//! for `press check`.

use press_content::diagnostics::Diagnostic;
use press_content::load::Draft;
use press_related::{self as related, Doc};

pub fn compute_related(drafts: &[Draft], words: &related::Words) -> related::Relations {
    related::related(&similarity_docs(drafts), words)
}

/// [`compute_related`]; with `memory` (a long-running press), working out
/// again only what changed since the build it remembers.
pub fn compute_related_with(
    drafts: &[Draft],
    words: &related::Words,
    memory: Option<&mut related::Memory>,
) -> related::Relations {
    match memory {
        Some(memory) => related::related_kept(&similarity_docs(drafts), words, memory),
        None => compute_related(drafts, words),
    }
}

/// The archive's words in the site's language (`press_related::Words`),
/// for related stories and the search index.
pub fn site_words(language: &str, drafts: &[Draft]) -> related::Words {
    related::Words::new(
        press_content::analysis::analyzer_for(language),
        &similarity_docs(drafts),
    )
}

/// What related stories and duplicate checks read of each story.
pub fn similarity_docs(drafts: &[Draft]) -> Vec<Doc<'_>> {
    drafts
        .iter()
        .map(|d| Doc {
            headline: &d.headline,
            standfirst: &d.standfirst,
            body: &d.body,
            tags: &d.tags,
            section: &d.section.path,
            top_level: d.path.section.top_level(),
            published: d.published_at.timestamp(),
            source: d.source,
        })
        .collect()
}

/// `press check`'s warnings for stories whose bodies are nearly the same:
/// wire copy filed twice is usually a mistake. Each pair is named once, at
/// the later file.
pub fn duplicate_warnings(drafts: &[Draft]) -> Vec<Diagnostic> {
    related::near_duplicate::find(&similarity_docs(drafts))
        .into_iter()
        .map(|pair| {
            let (a, b) = (&drafts[pair.first], &drafts[pair.second]);
            let (first, second) = if a.file <= b.file { (a, b) } else { (b, a) };
            Diagnostic::new(
                &second.file,
                second.body_line,
                "body",
                format!(
                    "likely a duplicate of {} (about {:.0}% of the text is the same); \
                     neither is offered as the other's related story",
                    first.file.display(),
                    pair.similarity * 100.0
                ),
            )
        })
        .collect()
}
