//! press's pictures: each picture of the content folder's `images/` that a
//! story or a profile shows, made once into what a reader's browser needs.
//!
//! A photo (JPEG, PNG or WebP) has its header checked against the limits
//! before it is decoded; then it is turned upright (EXIF orientation), into
//! sRGB (its ICC profile), and written as a ladder of widths ([`ladder`]) in
//! AVIF, WebP and JPEG (PNG for a picture with transparency), never wider
//! than it is. Every file is encoded from pixels, so none of the source's
//! metadata (GPS position, camera serial, comments) survives. SVG and GIF
//! pass through as they are, checked. Every output is named by the source's
//! content, so a host may cache it for ever.
//!
//! The work is cached ([`cache`]), keyed by the source's content and the
//! settings: a rebuild with no new photo decodes nothing, and reads no
//! photo it has seen at the same size and time.

pub mod cache;
mod decode;
mod encode;
pub mod ladder;
pub mod svg;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use broadsheet_model::{Image, ImageFormat, Ladder};
use serde::{Deserialize, Serialize};

pub use cache::Cache;

/// Where a crop keeps its centre, in percent across and down.
pub type Focus = (u8, u8);

/// What press made of one picture: the facts the JSON records, and what
/// the cache holds for the output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Made {
    /// The source's content and the settings, hashed: the files' names.
    pub key: String,
    /// Upright, in pixels.
    pub width: u32,
    pub height: u32,
    /// `#rrggbb`: the picture's average colour, painted until it loads.
    pub placeholder: Option<String>,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// A photo: one file a width and a format.
    Ladder {
        widths: Vec<u32>,
        formats: Vec<ImageFormat>,
    },
    /// Served as it is (SVG, GIF), under a name with its key.
    AsIs { extension: String },
}

/// One picture to make: its path under `images/`, its file, and the crops
/// for link previews its stories ask for.
#[derive(Clone, Debug)]
pub struct Job {
    pub relative: String,
    pub path: PathBuf,
    pub crops: BTreeSet<Focus>,
}

/// What [`make_all`] found and did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// By path under `images/`.
    pub made: BTreeMap<String, Made>,
    /// Pictures that cannot be shown: the file and why.
    pub problems: Vec<(PathBuf, String)>,
    /// Pictures decoded and encoded in this run (not found in the cache).
    pub processed: usize,
}

type JobResult = Result<(Made, bool), String>;

/// The stack of each thread that makes pictures (address space; only what
/// is used is memory).
const PICTURE_THREAD_STACK: usize = 64 << 20;

/// Makes every job's files, or finds them in the cache; in parallel.
/// Fails only when the cache itself cannot be written.
pub fn make_all(jobs: &[Job], cache: &Cache) -> anyhow::Result<Outcome> {
    use rayon::prelude::*;
    let index = cache.index();
    // As many pictures at a time as there are threads, each made by all of
    // them (its widths and formats in parallel): a photo's pixels take
    // hundreds of MB, and 10,000 in flight at once would not fit.
    // Threads of their own, with room on their stacks: rav1e keeps large
    // arrays there, and a thread waiting on one picture's encoders takes
    // up another's (work stealing), one above the other. On the default
    // 2 MB, a build of 200 small pictures overflowed.
    let pool = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("pictures-{i}"))
        .stack_size(PICTURE_THREAD_STACK)
        .build()?;
    let threads = pool.current_num_threads().max(1);
    let mut results: Vec<(usize, JobResult)> = Vec::with_capacity(jobs.len());
    pool.install(|| {
        for (c, chunk) in jobs.chunks(threads).enumerate() {
            let made: Vec<(usize, JobResult)> = chunk
                .par_iter()
                .enumerate()
                .map(|(i, job)| (c * threads + i, cache.make(job, &index)))
                .collect();
            results.extend(made);
        }
    });
    let mut outcome = Outcome::default();
    let mut entries = BTreeMap::new();
    for (i, result) in results {
        let job = &jobs[i];
        match result {
            Ok((made, processed)) => {
                outcome.processed += usize::from(processed);
                if let Ok(stamp) = cache::Stamp::of(&job.path, made.key.clone()) {
                    entries.insert(job.relative.clone(), (stamp, made.clone()));
                }
                outcome.made.insert(job.relative.clone(), made);
            }
            Err(why) => outcome.problems.push((job.path.clone(), why)),
        }
    }
    if entries != index.into_iter().collect() {
        cache.save_index(&entries)?;
    }
    Ok(outcome)
}

/// The output file of one picture's ladder rung, crop or original, under
/// `images/`, beside the source's own name: `harbour.<key>-640.avif`.
pub fn output_name(relative: &str, key: &str, suffix: &str) -> String {
    let stem = relative.rsplit_once('.').map_or(relative, |(stem, _)| stem);
    format!("images/{stem}.{key}{suffix}")
}

/// Every output file of one picture (its path in the site, and the cached
/// file to link there): the whole ladder, or the file as it is; and the
/// crops asked for.
pub fn outputs(
    relative: &str,
    made: &Made,
    crops: &BTreeSet<Focus>,
    cache: &Cache,
) -> Vec<(String, PathBuf)> {
    let folder = cache.folder_of(&made.key);
    let mut files = Vec::new();
    match &made.kind {
        Kind::Ladder { widths, formats } => {
            for width in widths {
                for format in formats {
                    let name = format!("{width}.{}", format.extension());
                    let suffix = format!("-{name}");
                    files.push((output_name(relative, &made.key, &suffix), folder.join(name)));
                }
            }
            for focus in crops {
                let name = cache::crop_name(*focus);
                files.push((
                    output_name(relative, &made.key, &format!("-{name}")),
                    folder.join(name),
                ));
            }
        }
        Kind::AsIs { extension } => {
            files.push((
                output_name(relative, &made.key, &format!(".{extension}")),
                folder.join(format!("original.{extension}")),
            ));
        }
    }
    files
}

/// The `src` of a picture once made: the widest file every browser shows,
/// or the file as it is.
pub fn src_of(relative: &str, made: &Made) -> String {
    let suffix = match &made.kind {
        Kind::Ladder { widths, formats } => match (widths.last(), formats.last()) {
            (Some(widest), Some(fallback)) => format!("-{widest}.{}", fallback.extension()),
            _ => String::new(),
        },
        Kind::AsIs { extension } => format!(".{extension}"),
    };
    format!("/{}", output_name(relative, &made.key, &suffix))
}

/// Gives `image` (whose source is `/images/<relative>`) what press made of
/// it: its size, placeholder and ladder, its `src` the file every browser
/// shows, and the crop for link previews at `crop`, when asked.
pub fn annotate(image: &mut Image, relative: &str, made: &Made, crop: Option<Focus>) {
    image.width = Some(made.width);
    image.height = Some(made.height);
    image.placeholder.clone_from(&made.placeholder);
    match &made.kind {
        Kind::Ladder { widths, formats } => {
            let base = format!("/{}", output_name(relative, &made.key, ""));
            let ladder = Ladder {
                base,
                widths: widths.clone(),
                formats: formats.clone(),
            };
            image.src = src_of(relative, made);
            image.ladder = Some(ladder);
            image.share = crop.map(|focus| {
                format!(
                    "/{}",
                    output_name(
                        relative,
                        &made.key,
                        &format!("-{}", cache::crop_name(focus))
                    )
                )
            });
        }
        Kind::AsIs { .. } => {
            image.src = src_of(relative, made);
            image.ladder = None;
            image.share = None;
        }
    }
}

/// The path under `images/` of a site-relative source, if it is one.
pub fn relative_of(src: &str) -> Option<&str> {
    src.strip_prefix("/images/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_named_by_key_beside_the_source() {
        assert_eq!(
            output_name("authors/jane.jpg", "0123456789abcdef", "-640.avif"),
            "images/authors/jane.0123456789abcdef-640.avif"
        );
        assert_eq!(
            output_name("harbour.svg", "0123456789abcdef", ".svg"),
            "images/harbour.0123456789abcdef.svg"
        );
    }

    #[test]
    fn an_annotated_photo_shows_its_widest_fallback() {
        let made = Made {
            key: "0123456789abcdef".into(),
            width: 4000,
            height: 3000,
            placeholder: Some("#808080".into()),
            kind: Kind::Ladder {
                widths: vec![320, 2048],
                formats: vec![ImageFormat::Avif, ImageFormat::Webp, ImageFormat::Jpeg],
            },
        };
        let mut image = Image {
            src: "/images/a.jpg".into(),
            alt: "A".into(),
            ..Image::default()
        };
        annotate(&mut image, "a.jpg", &made, Some((50, 30)));
        assert_eq!(image.src, "/images/a.0123456789abcdef-2048.jpg");
        assert_eq!((image.width, image.height), (Some(4000), Some(3000)));
        let ladder = image.ladder.unwrap();
        assert_eq!(
            ladder.url(320, ImageFormat::Avif),
            "/images/a.0123456789abcdef-320.avif"
        );
        assert_eq!(ladder.widths, [320, 2048]);
        assert_eq!(
            image.share.as_deref(),
            Some("/images/a.0123456789abcdef-share-50-30.jpg")
        );
    }
}
