//! The pictures: step "pictures" makes (or finds in the cache) what every
//! story and profile shows, and gives each image its size, placeholder and
//! ladder (`press_pictures`); the output "pictures" then links into the
//! site the files of the pictures that published stories and profiles
//! show, and no others: a picture only an embargoed story shows leaves no
//! byte in the output.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use anyhow::Result;
use broadsheet_model::{Author, Block, Image};
use press_content::check::ContentErrors;
use press_content::diagnostics::Diagnostic;
use press_content::load::Draft;
use press_pictures::{Cache, Focus, Job, Made};

/// What step "pictures" made, for the output.
pub struct Pictures {
    pub cache: Cache,
    /// By path under `images/`.
    pub made: BTreeMap<String, Made>,
    /// Pictures decoded and encoded by this build (not found in the cache).
    pub processed: usize,
    /// Pictures in `images/` that nothing shows (not published).
    pub unused: usize,
    /// The path under `images/` each made `src` was made from.
    pub sources: HashMap<String, String>,
}

/// The cache a content folder uses unless told another: `.press-cache/`
/// inside it (hidden, so never read as content; git-ignored).
pub fn default_cache(content: &Path) -> PathBuf {
    content.join(".press-cache")
}

/// Every figure of a story's body.
fn figures(body: &mut [Block]) -> impl Iterator<Item = &mut Image> {
    body.iter_mut().filter_map(|block| match block {
        Block::Figure { image } => Some(image),
        _ => None,
    })
}

fn figures_of(body: &[Block]) -> impl Iterator<Item = &Image> {
    body.iter().filter_map(|block| match block {
        Block::Figure { image } => Some(image),
        _ => None,
    })
}

/// The path under `images/` of an image this site serves, if it is one.
fn local(image: &Image) -> Option<String> {
    press_pictures::relative_of(&image.src).map(str::to_owned)
}

fn focus_of(draft: &Draft) -> Focus {
    (draft.hero_focus.x, draft.hero_focus.y)
}

/// Step "pictures": every picture that any story (published or not) or
/// profile shows, made once; each image then carries what was made.
/// A picture that cannot be made is a content error, with its file.
pub fn prepare(
    images: Option<&Path>,
    cache_dir: &Path,
    drafts: &mut [Draft],
    authors: &mut [Author],
) -> Result<Pictures> {
    let cache = Cache::open(cache_dir);
    let Some(images) = images else {
        return Ok(Pictures {
            cache,
            made: BTreeMap::new(),
            processed: 0,
            unused: 0,
            sources: HashMap::new(),
        });
    };
    let mut crops: BTreeMap<String, BTreeSet<Focus>> = BTreeMap::new();
    for draft in drafts.iter_mut() {
        let focus = focus_of(draft);
        if let Some(relative) = draft.hero.as_ref().and_then(local) {
            crops.entry(relative).or_default().insert(focus);
        }
        for image in figures_of(&draft.body) {
            if let Some(relative) = local(image) {
                crops.entry(relative).or_default();
            }
        }
    }
    for photo in authors.iter().filter_map(|a| a.photo.as_ref()) {
        if let Some(relative) = local(photo) {
            crops.entry(relative).or_default();
        }
    }
    let jobs: Vec<Job> = crops
        .iter()
        .map(|(relative, crops)| Job {
            relative: relative.clone(),
            path: images.join(relative),
            crops: crops.clone(),
        })
        .collect();
    let outcome = press_pictures::make_all(&jobs, &cache)?;
    if !outcome.problems.is_empty() {
        let diagnostics = outcome
            .problems
            .into_iter()
            .map(|(path, why)| Diagnostic::new(&path, 1, "picture", why))
            .collect();
        return Err(ContentErrors(diagnostics).into());
    }
    let annotate = |image: &mut Image, crop: Option<Focus>| {
        if let Some(relative) = local(image) {
            if let Some(made) = outcome.made.get(&relative) {
                press_pictures::annotate(image, &relative, made, crop);
            }
        }
    };
    for draft in drafts.iter_mut() {
        let focus = focus_of(draft);
        if let Some(hero) = &mut draft.hero {
            annotate(hero, Some(focus));
        }
        // A body shared with `press watch`'s kept parse is copied only
        // when it has a picture to annotate.
        if figures_of(&draft.body).any(|image| local(image).is_some()) {
            for image in figures(std::sync::Arc::make_mut(&mut draft.body).as_mut_slice()) {
                annotate(image, None);
            }
        }
    }
    for author in authors.iter_mut() {
        if let Some(photo) = &mut author.photo {
            annotate(photo, None);
        }
    }
    let (files, _) = press_content::images::list(images)?;
    let unused = files
        .iter()
        .filter(|(relative, _)| !outcome.made.contains_key(relative))
        .count();
    let sources = outcome
        .made
        .iter()
        .map(|(relative, made)| (press_pictures::src_of(relative, made), relative.clone()))
        .collect();
    Ok(Pictures {
        cache,
        made: outcome.made,
        processed: outcome.processed,
        unused,
        sources,
    })
}

/// The output "pictures": the files of every picture that a published story
/// or a profile shows, linked from the cache (copied where links cannot be
/// made).
pub fn write(
    library: &crate::library::Library,
    staging: &broadsheet_output::Staging,
) -> Result<()> {
    use rayon::prelude::*;
    let pictures = &library.pictures;
    // What is shown, by the file it was made from (its ladder's base).
    let mut shown: BTreeMap<String, BTreeSet<Focus>> = BTreeMap::new();
    let mut note = |image: &Image, crop: Option<Focus>| {
        if let Some(relative) = pictures.sources.get(&image.src) {
            let crops = shown.entry(relative.clone()).or_default();
            if image.share.is_some() {
                crops.extend(crop);
            }
        }
    };
    for draft in &library.drafts {
        if let Some(hero) = &draft.hero {
            note(hero, Some(focus_of(draft)));
        }
        for block in draft.body.iter() {
            if let Block::Figure { image } = block {
                note(image, None);
            }
        }
    }
    for author in &library.taxonomy.authors {
        if let Some(photo) = &author.photo {
            note(photo, None);
        }
    }
    let files: Vec<(String, PathBuf)> = shown
        .iter()
        .flat_map(|(relative, crops)| {
            let made = &pictures.made[relative];
            press_pictures::outputs(relative, made, crops, &pictures.cache)
        })
        .collect();
    files
        .par_iter()
        .try_for_each(|(site, file)| staging.link(site, file))?;
    Ok(())
}
