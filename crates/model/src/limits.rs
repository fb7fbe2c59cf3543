//! Every size and depth Broadsheet accepts, in one place. press enforces
//! them with a diagnostic; the app and render check the depth again when
//! they decode. Each limit is far above real news content and far below
//! what would hurt a build or a reader (see `docs/authoring.md`).

/// Deepest nesting of inline markup (emphasis, strong, links) inside one
/// block. `***[a](/b)***` is 3. An article's JSON is then at most
/// `2 × 8 + 5 = 21` levels deep, well inside [`MAX_JSON_DEPTH`].
pub const MAX_INLINE_DEPTH: usize = 8;

/// Deepest nesting of Markdown block containers (lists in lists, quotes in
/// list items). Lists nest to this depth; deeper is an error before press
/// recurses, so no input can overflow its stack.
pub const MAX_BLOCK_DEPTH: usize = 8;

/// Largest article file: about 150,000 words, thirty times a long read.
pub const MAX_ARTICLE_BYTES: u64 = 1 << 20;

/// Largest `site.toml`: hundreds of sections fit in a few kilobytes.
pub const MAX_SITE_TOML_BYTES: u64 = 256 << 10;

/// Most article files in one build: `cargo xtask bench` builds 100,000;
/// this is twice that and more, and bounds memory for a mistaken folder.
pub const MAX_ARTICLES: usize = 250_000;

/// Longest access-log line `press popular` reads. Longer lines (no real
/// request line and user agent come close) are skipped and counted, and
/// never held in memory whole.
pub const MAX_LOG_LINE_BYTES: usize = 16 << 10;

/// Largest JSON file the app and render decode. An article built from the
/// largest Markdown file press accepts is a few MiB; anything bigger is not
/// press's and is refused before it is parsed.
pub const MAX_JSON_BYTES: usize = 8 << 20;

/// Deepest nesting of arrays and objects the JSON reader accepts
/// (the `json` reader): serde_json refuses the 128th level too. No file can make a
/// reader recurse deeper than this.
pub const MAX_JSON_DEPTH: usize = 127;

/// Longest headline, standfirst, byline name or caption, in characters.
pub const MAX_FIELD_CHARS: usize = 2_000;

/// Most problems press lists for one file; the rest are counted in one
/// more line. A file of a million broken lines then costs a hundred
/// messages, not gigabytes of them, and the first ones are what an author
/// fixes first anyway.
pub const MAX_DIAGNOSTICS_PER_FILE: usize = 100;

/// Most stories in `data/breaking.json`: the banner shows one, and a
/// newsroom rarely has more than a couple of breaking stories at once.
pub const MAX_BREAKING_STORIES: usize = 5;

/// Most tags on one story. Newsrooms use a handful; each tag is a page and
/// a feed, so a story with a hundred thousand would write that many files.
pub const MAX_TAGS_PER_STORY: usize = 50;

/// Most names in one byline: each is a writer's page.
pub const MAX_BYLINE_NAMES: usize = 20;

/// Most old URLs (`aliases`) of one story: each is a redirect on every host.
pub const MAX_ALIASES_PER_STORY: usize = 50;

/// Most corrections on one story.
pub const MAX_CORRECTIONS_PER_STORY: usize = 100;

/// Largest picture press accepts: a camera's full-size JPEG is 3-8 MB,
/// a large PNG graphic a few tens. A bigger file is refused before it is
/// read.
pub const MAX_IMAGE_BYTES: u64 = 40 << 20;

/// Most pictures in the content folder's `images/`.
pub const MAX_IMAGE_FILES: usize = 500_000;

/// Most pixels in one picture: a 61-megapixel camera's frame fits. The
/// header is read first; a picture over this (a "decompression bomb" PNG of
/// a few KB that would unpack to gigabytes) is refused before it is decoded.
pub const MAX_IMAGE_PIXELS: u64 = 80_000_000;

/// Longest side of one picture, in pixels.
pub const MAX_IMAGE_SIDE: u32 = 20_000;

/// Widest file press makes of a photo: wider than a 1280-pixel layout at
/// twice the density needs. A smaller photo is never enlarged.
pub const MAX_IMAGE_WIDTH_MADE: u32 = 2048;
