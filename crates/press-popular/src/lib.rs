//! `press popular`: "Most popular" from the site's own access logs, or from
//! counts made elsewhere.
//!
//! Logs are streamed line by line (plain or gzip, several files), parsed in
//! one of the formats of [`log_format`] (the combined format without
//! allocation), and reduced to counts. Only a hash of (address, user agent,
//! article) is kept, in memory, to count each reader once per article;
//! nothing personal reaches the output. `--counts` skips the logs: an
//! analytics engine ran the same rules (deploy/analytics/) and press only ranks.

pub mod built;
pub mod sample_logs;

pub use press_logs as log_format;
pub use press_logs::{parse_line, parse_time, LogLine};

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};

use broadsheet_model::limits::MAX_LOG_LINE_BYTES;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use broadsheet_model::{
    Popular, PopularEntry, PopularSection, PopularSource, PopularWindow, SectionRef, Teaser,
    SCHEMA_VERSION,
};
use chrono::{DateTime, Utc};

use press_content::config::SiteConfig;
use press_content::text::{fnv1a, FNV_OFFSET};

/// Entries per list.
pub const TOP: usize = 10;

/// Why a line was not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Skip {
    Malformed,
    TooLong,
    NotGet,
    Status,
    Bot,
    Asset,
    NotArticle,
    UnknownArticle,
    OutsideWindow,
    RepeatReader,
    Header,
    NotRequest,
}

impl Skip {
    pub fn label(self) -> &'static str {
        match self {
            Skip::Malformed => "malformed lines",
            Skip::TooLong => "lines longer than 16 KiB (not read whole)",
            Skip::NotGet => "not GET",
            Skip::Status => "status not 2xx/304",
            Skip::Bot => "bots and crawlers",
            Skip::Asset => "assets and data files",
            Skip::NotArticle => "not an article page",
            Skip::UnknownArticle => "article not on the site",
            Skip::OutsideWindow => "outside the time window",
            Skip::RepeatReader => "same reader again",
            Skip::Header => "header and comment lines",
            Skip::NotRequest => "records that are not requests",
        }
    }
}

/// The bot list: the isbot crate's patterns and Broadsheet's additions
/// (`bot_patterns.txt`), matched by isbot against the lower-cased
/// user agent. The SQL in deploy/analytics/ carries the same list.
const BOT_PATTERNS: &str = include_str!("bot_patterns.txt");

/// The patterns of [`BOT_PATTERNS`], without comments, sorted.
pub fn bot_patterns() -> Vec<&'static str> {
    let mut patterns: Vec<&str> = BOT_PATTERNS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    patterns.sort_unstable();
    patterns.dedup();
    patterns
}

/// The whole list as one regular expression (`press bot-pattern`), as the
/// SQL files use it.
pub fn bot_pattern() -> String {
    bot_patterns().join("|")
}

fn bots() -> &'static isbot::Bots {
    static BOTS: std::sync::OnceLock<isbot::Bots> = std::sync::OnceLock::new();
    BOTS.get_or_init(|| isbot::Bots::new(&bot_patterns().join("\n")))
}

/// Whether a user agent is a bot: empty, `-`, or on the list.
pub fn is_bot(user_agent: &[u8]) -> bool {
    if user_agent.is_empty() || user_agent == b"-" {
        return true;
    }
    bots().is_bot(&String::from_utf8_lossy(user_agent))
}

/// Options of one counting run.
pub struct Counting {
    /// Window end, seconds since the epoch.
    pub end: i64,
    pub window_seconds: i64,
    pub half_life_seconds: Option<i64>,
    /// Path prefix the site is hosted under, e.g. `/news` (empty for the root).
    pub base_path: String,
    pub format: log_format::LogFormat,
}

/// Counts per article, plus the reasons lines were skipped.
pub struct Counter<'a> {
    options: &'a Counting,
    parser: log_format::LineParser<'a>,
    articles: &'a HashMap<String, u32>,
    seen: HashSet<u64, PassThrough>,
    /// Bot verdicts by user-agent hash: agents repeat, so each is judged once.
    agents: HashMap<u64, bool, PassThrough>,
    pub readers: Vec<u64>,
    pub scores: Vec<f64>,
    pub lines: u64,
    pub bytes: u64,
    pub counted: u64,
    pub skipped: HashMap<Skip, u64>,
}

impl<'a> Counter<'a> {
    pub fn new(options: &'a Counting, articles: &'a HashMap<String, u32>) -> Counter<'a> {
        Counter {
            options,
            parser: log_format::LineParser::new(&options.format),
            articles,
            seen: HashSet::default(),
            agents: HashMap::default(),
            readers: vec![0; articles.len()],
            scores: vec![0.0; articles.len()],
            lines: 0,
            bytes: 0,
            counted: 0,
            skipped: HashMap::new(),
        }
    }

    /// Call before the lines of each file: a header names the columns of its own file only.
    pub fn start_file(&mut self) {
        self.parser = log_format::LineParser::new(&self.options.format);
    }

    pub fn too_long(&mut self, length: u64) {
        self.lines += 1;
        self.bytes += length;
        *self.skipped.entry(Skip::TooLong).or_default() += 1;
    }

    pub fn line(&mut self, line: &[u8]) {
        self.lines += 1;
        self.bytes += line.len() as u64;
        if let Err(reason) = self.count(line) {
            *self.skipped.entry(reason).or_default() += 1;
        }
    }

    fn count(&mut self, raw: &[u8]) -> Result<(), Skip> {
        let line = match self.parser.parse(raw) {
            log_format::Parsed::Request(line) => line,
            log_format::Parsed::Header => return Err(Skip::Header),
            log_format::Parsed::NotRequest => return Err(Skip::NotRequest),
            log_format::Parsed::Malformed => return Err(Skip::Malformed),
        };
        if *line.method != *b"GET" {
            return Err(Skip::NotGet);
        }
        if !((200..300).contains(&line.status) || line.status == 304) {
            return Err(Skip::Status);
        }
        let age = self.options.end - line.time;
        if age < 0 || age > self.options.window_seconds {
            return Err(Skip::OutsideWindow);
        }
        let path = self.article_path(&line.target)?;
        let agent = fnv1a(&line.user_agent, FNV_OFFSET);
        if *self
            .agents
            .entry(agent)
            .or_insert_with(|| is_bot(&line.user_agent))
        {
            return Err(Skip::Bot);
        }
        let index = match std::str::from_utf8(path)
            .ok()
            .and_then(|p| self.articles.get(p))
        {
            Some(&index) => index,
            None => return Err(Skip::UnknownArticle),
        };
        let reader = hash_reader(&line.address, agent, index);
        if !self.seen.insert(reader) {
            return Err(Skip::RepeatReader);
        }
        let weight = match self.options.half_life_seconds {
            Some(half_life) if half_life > 0 => 0.5f64.powf(age as f64 / half_life as f64),
            _ => 1.0,
        };
        self.readers[index as usize] += 1;
        self.scores[index as usize] += weight;
        self.counted += 1;
        Ok(())
    }

    fn article_path<'l>(&self, target: &'l [u8]) -> Result<&'l [u8], Skip> {
        article_path(target, &self.options.base_path)
    }
}

/// The site-relative article URL a request target points at: without query,
/// base path, `/index.html` or trailing `/`; not an asset or data file; at
/// least five segments (`/section…/yyyy/mm/dd/slug`). The SQL in
/// deploy/analytics/ applies the same rules.
pub fn article_path<'l>(target: &'l [u8], base_path: &str) -> Result<&'l [u8], Skip> {
    let end = target
        .iter()
        .position(|&b| b == b'?' || b == b'#')
        .unwrap_or(target.len());
    let mut path = &target[..end];
    let base = base_path.as_bytes();
    if !base.is_empty() {
        path = path.strip_prefix(base).ok_or(Skip::NotArticle)?;
    }
    path = path.strip_suffix(b"/index.html").unwrap_or(path);
    if path.len() > 1 {
        path = path.strip_suffix(b"/").unwrap_or(path);
    }
    let last = path.rsplit(|&b| b == b'/').next().unwrap_or_default();
    if path.starts_with(b"/data/") || last.contains(&b'.') {
        return Err(Skip::Asset);
    }
    if path.iter().filter(|&&b| b == b'/').count() < 5 {
        return Err(Skip::NotArticle);
    }
    Ok(path)
}

fn hash_reader(address: &[u8], agent_hash: u64, article: u32) -> u64 {
    fnv1a(
        address,
        agent_hash ^ ((article as u64) << 32 | article as u64),
    )
}

/// A hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        // One multiply spreads FNV's low bits over the table's index bits.
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv1a(bytes, self.0);
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

impl std::hash::BuildHasher for PassThrough {
    type Hasher = PassThrough;

    fn build_hasher(&self) -> PassThrough {
        PassThrough(0)
    }
}

/// Opens a log file, decompressing `.gz` transparently.
fn open_log(path: &Path) -> Result<Box<dyn BufRead>> {
    // `-`: standard input, named explicitly (`zcat logs | press popular --logs -`).
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufReader::with_capacity(
            1 << 20,
            std::io::stdin(),
        )));
    }
    // A device or FIFO (`/dev/zero`, a pipe nobody closes) would be read forever.
    let metadata =
        std::fs::metadata(path).with_context(|| format!("{}: cannot open log", path.display()))?;
    if !metadata.is_file() {
        anyhow::bail!(
            "{}: not a plain file (a device, FIFO or folder); give log files",
            path.display()
        );
    }
    let file = std::fs::File::open(path)
        .with_context(|| format!("{}: cannot open log", path.display()))?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(
            1 << 16,
            file,
        )))
    } else {
        Box::new(file)
    };
    Ok(Box::new(BufReader::with_capacity(1 << 20, reader)))
}

pub struct PopularReport {
    pub lines: u64,
    pub bytes: u64,
    pub counted: u64,
    pub skipped: Vec<(Skip, u64)>,
    pub seconds: f64,
}

enum Line {
    Whole,
    /// A line longer than the limit, skipped; its length in bytes.
    TooLong(u64),
    End,
}

/// Reads one line into `buffer`, holding at most `limit` bytes of it: the
/// rest of a longer line is skipped, never stored (`BufRead::read_until`
/// would hold the whole line, however long).
fn read_line_limited(
    reader: &mut dyn BufRead,
    buffer: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Line> {
    let mut length: u64 = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok(match length {
                0 => Line::End,
                n if n > limit as u64 => Line::TooLong(n),
                _ => Line::Whole,
            });
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(end) => (&available[..=end], true),
            None => (available, false),
        };
        let used = chunk.len();
        if length + used as u64 <= limit as u64 {
            buffer.extend_from_slice(chunk);
        } else {
            buffer.clear();
        }
        length += used as u64;
        reader.consume(used);
        if done {
            return Ok(if length > limit as u64 {
                Line::TooLong(length)
            } else {
                Line::Whole
            });
        }
    }
}

/// Counts every log file and returns the popularity file and a summary.
pub fn count_logs(
    logs: &[PathBuf],
    options: &Counting,
    articles: &HashMap<String, u32>,
) -> Result<(Vec<u64>, Vec<f64>, PopularReport)> {
    let started = Instant::now();
    let mut counter = Counter::new(options, articles);
    let mut buffer = Vec::with_capacity(4096);
    for log in logs {
        let mut reader = open_log(log)?;
        counter.start_file();
        loop {
            buffer.clear();
            let read = read_line_limited(&mut reader, &mut buffer, MAX_LOG_LINE_BYTES)
                .with_context(|| format!("{}: cannot read log", log.display()))?;
            match read {
                Line::End => break,
                Line::Whole => counter.line(&buffer),
                Line::TooLong(length) => counter.too_long(length),
            }
        }
    }
    let mut skipped: Vec<(Skip, u64)> = counter.skipped.iter().map(|(k, v)| (*k, *v)).collect();
    skipped.sort();
    let report = PopularReport {
        lines: counter.lines,
        bytes: counter.bytes,
        counted: counter.counted,
        skipped,
        seconds: started.elapsed().as_secs_f64(),
    };
    Ok((counter.readers, counter.scores, report))
}

/// Turns counts into the popularity file: top 10 overall and per top-level section.
/// Turns counts into the popularity file: top 10 overall and per top-level
/// section. The caller sets `window` and `half_life_hours` for counts from logs.
pub fn ranking(
    config: &SiteConfig,
    teasers: &[Teaser],
    readers: &[u64],
    scores: &[f64],
    generated_at: DateTime<Utc>,
) -> Popular {
    let mut order: Vec<usize> = (0..teasers.len()).filter(|&i| readers[i] > 0).collect();
    order.sort_by(|&a, &b| {
        scores[b]
            .total_cmp(&scores[a])
            .then(readers[b].cmp(&readers[a]))
            .then(a.cmp(&b))
    });
    let entry = |i: usize| PopularEntry {
        teaser: teasers[i].clone(),
        readers: readers[i],
        score: (scores[i] * 1000.0).round() / 1000.0,
    };
    let overall = order.iter().take(TOP).map(|&i| entry(i)).collect();
    let sections = config
        .top_level()
        .map(|section| {
            let top = section.path.as_path();
            PopularSection {
                section: section.reference(),
                entries: order
                    .iter()
                    .filter(|&&i| teasers[i].section.top_level() == top)
                    .take(TOP)
                    .map(|&i| entry(i))
                    .collect(),
            }
        })
        .filter(|s| !s.entries.is_empty())
        .collect();
    Popular {
        schema_version: SCHEMA_VERSION,
        generated_at: generated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        source: PopularSource::Logs,
        window: None,
        half_life_hours: None,
        overall,
        sections,
    }
}

/// The stand-in for a site without logs: the newest stories, marked as such.
/// `teasers` is newest first.
pub fn fallback(config: &SiteConfig, teasers: &[Teaser], generated_at: &str) -> Popular {
    let entry = |t: &Teaser| PopularEntry {
        teaser: t.clone(),
        readers: 0,
        score: 0.0,
    };
    let sections = config
        .top_level()
        .map(|section| {
            let top = section.path.as_path();
            PopularSection {
                section: SectionRef {
                    path: top.clone(),
                    name: section.name.clone(),
                },
                entries: teasers
                    .iter()
                    .filter(|t| t.section.top_level() == top)
                    .take(TOP)
                    .map(entry)
                    .collect(),
            }
        })
        .filter(|s| !s.entries.is_empty())
        .collect();
    Popular {
        schema_version: SCHEMA_VERSION,
        generated_at: generated_at.to_owned(),
        source: PopularSource::Latest,
        window: None,
        half_life_hours: None,
        overall: teasers.iter().take(TOP).map(entry).collect(),
        sections,
    }
}

/// What `press popular` counts from.
pub enum Input {
    /// Access logs, in a format (`None`: site.toml's, else combined).
    Logs {
        logs: Vec<PathBuf>,
        format: Option<log_format::LogFormat>,
    },
    /// `path,count` made elsewhere.
    Counts(PathBuf),
}

pub struct PopularOptions {
    pub content: PathBuf,
    pub site: PathBuf,
    pub input: Input,
    /// Also write the counts made from the logs here (`path,count`).
    pub counts_out: Option<PathBuf>,
    pub window_hours: f64,
    pub half_life_hours: Option<f64>,
    pub now: DateTime<Utc>,
    /// Overrides the path prefix taken from `base_url` in `site.toml`.
    pub base_path: Option<String>,
}

/// `press popular`: counts the logs and writes `data/popular.json` into the
/// built site (replacing the file atomically). Returns the file and the report.
pub fn run(options: &PopularOptions) -> Result<(PathBuf, PopularReport)> {
    broadsheet_output::check_target(&options.site, &[&options.content], true)?;
    if !broadsheet_output::is_stamped(&options.site) {
        anyhow::bail!(
            "{}: not a site press built (no {} file); run `press build --out {}` first",
            options.site.display(),
            broadsheet_output::STAMP,
            options.site.display()
        );
    }
    // Only what the built site has can be counted or shown: its manifest's
    // stories (published at the build, drafts never), each read from its
    // own file once it was counted (`built`).
    let config = SiteConfig::load(&options.content.join("site.toml"))?;
    let urls = built::urls(&options.site)?;
    let index: HashMap<String, u32> = urls
        .iter()
        .enumerate()
        .map(|(i, url)| (url.clone(), i as u32))
        .collect();
    if options.window_hours.is_nan() || options.window_hours <= 0.0 {
        anyhow::bail!("--window-hours must be more than 0");
    }
    let report;
    let base_path = match &options.base_path {
        Some(path) => path.trim_end_matches('/').to_owned(),
        None => config.base_path(),
    };
    let utc = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let popular = match &options.input {
        Input::Logs { logs, format } => {
            let counting = Counting {
                end: options.now.timestamp(),
                window_seconds: (options.window_hours * 3600.0) as i64,
                half_life_seconds: options.half_life_hours.map(|h| (h * 3600.0) as i64),
                base_path,
                format: format
                    .clone()
                    .or_else(|| config.log_format.clone())
                    .or_else(|| sniff_format(logs))
                    .unwrap_or(log_format::LogFormat::Combined),
            };
            let (readers, scores, counted) = count_logs(logs, &counting, &index)?;
            if counted.counted == 0 {
                let looks_like = sniff_format(logs)
                    .filter(|sniffed| {
                        std::mem::discriminant(sniffed) != std::mem::discriminant(&counting.format)
                    })
                    .map(|sniffed| {
                        format!(
                            "; the log looks like `{}`: try --format {}",
                            sniffed.name(),
                            sniffed.name()
                        )
                    })
                    .unwrap_or_default();
                bail_nothing_counted(&counted, &target_of(options), &looks_like)?;
            }
            report = counted;
            let (teasers, readers, scores) = counted_stories(options, &urls, &readers, &scores)?;
            if let Some(out) = &options.counts_out {
                write_counts(out, &teasers, &readers)?;
            }
            let start = options.now - chrono::Duration::seconds(counting.window_seconds);
            let window = PopularWindow {
                start: utc(start),
                end: utc(options.now),
            };
            let mut popular = ranking(&config, &teasers, &readers, &scores, options.now);
            popular.window = Some(window);
            popular.half_life_hours = options.half_life_hours;
            popular
        }
        Input::Counts(file) => {
            let (readers, counted) = read_counts(file, &base_path, &index)?;
            if counted.counted == 0 {
                bail_nothing_counted(&counted, &target_of(options), "")?;
            }
            report = counted;
            let scores: Vec<f64> = readers.iter().map(|&r| r as f64).collect();
            let (teasers, readers, scores) = counted_stories(options, &urls, &readers, &scores)?;
            let mut popular = ranking(&config, &teasers, &readers, &scores, options.now);
            popular.source = PopularSource::Counts;
            popular
        }
    };
    let target = target_of(options);
    let parent = target
        .parent()
        .context("popular.json has a parent folder")?;
    std::fs::create_dir_all(parent)
        .with_context(|| format!("{}: cannot create", parent.display()))?;
    broadsheet_output::replace_file(
        &target,
        &serde_json::to_vec(&popular).context("cannot serialise JSON")?,
    )?;
    Ok((target, report))
}

/// The counted stories (`readers[i] > 0`) as teasers newest first, with
/// their readers and scores in the same order.
fn counted_stories(
    options: &PopularOptions,
    urls: &[String],
    readers: &[u64],
    scores: &[f64],
) -> Result<(Vec<Teaser>, Vec<u64>, Vec<f64>)> {
    let wanted: Vec<(usize, &str)> = (0..urls.len())
        .filter(|&i| readers[i] > 0)
        .map(|i| (i, urls[i].as_str()))
        .collect();
    let stories = built::stories(&options.site, &wanted, options.now)?;
    Ok((
        stories.iter().map(|s| s.teaser.clone()).collect(),
        stories.iter().map(|s| readers[s.index]).collect(),
        stories.iter().map(|s| scores[s.index]).collect(),
    ))
}

fn target_of(options: &PopularOptions) -> PathBuf {
    options.site.join(broadsheet_model::paths::POPULAR_JSON)
}

/// Nothing counted is a mistake (a wrong `--format`, an empty or foreign
/// log), never a ranking: the error says why, and the old file stays.
fn bail_nothing_counted(report: &PopularReport, target: &Path, hint: &str) -> Result<()> {
    let reasons: Vec<String> = report
        .skipped
        .iter()
        .map(|(reason, count)| format!("{count} {}", reason.label()))
        .collect();
    let reasons = if reasons.is_empty() {
        String::new()
    } else {
        format!(" ({})", reasons.join(", "))
    };
    anyhow::bail!(
        "{} lines read and not one read of a published article counted{reasons}{hint}; {} was kept as it was",
        report.lines,
        target.display()
    )
}

/// The format a log's first line shows: W3C's `#Version:`/`#Fields:`
/// header (CloudFront), or a JSON object with Cloudflare's or Netlify's
/// fields. `None` for anything else (combined and patterns have no mark).
pub fn sniff_format(logs: &[PathBuf]) -> Option<log_format::LogFormat> {
    let mut reader = open_log(logs.first()?).ok()?;
    let mut buffer = Vec::new();
    for _ in 0..8 {
        buffer.clear();
        match read_line_limited(&mut reader, &mut buffer, MAX_LOG_LINE_BYTES).ok()? {
            Line::End => return None,
            Line::TooLong(_) => continue,
            Line::Whole => {}
        }
        let line = buffer.trim_ascii();
        if line.is_empty() {
            continue;
        }
        return log_format::LogFormat::sniff(line);
    }
    None
}

/// Writes the counts press made (`--counts-out`): `path,count` CSV, most
/// read first; the same shape as `--counts` reads and the SQL writes. It
/// replaces only a file of that shape (one it wrote before).
fn write_counts(out: &Path, teasers: &[Teaser], readers: &[u64]) -> Result<()> {
    const HEADER: &str = "path,count\n";
    if out.exists() {
        let mut start = [0u8; HEADER.len()];
        let ours = std::fs::File::open(out)
            .and_then(|mut f| f.read_exact(&mut start))
            .is_ok()
            && start == HEADER.as_bytes();
        if !ours {
            anyhow::bail!(
                "{}: refusing to overwrite a file that is not a counts file press wrote (it does not start with `path,count`)",
                out.display()
            );
        }
    }
    let mut order: Vec<usize> = (0..teasers.len()).filter(|&i| readers[i] > 0).collect();
    order.sort_by(|&a, &b| {
        readers[b]
            .cmp(&readers[a])
            .then(teasers[a].url.cmp(&teasers[b].url))
    });
    let mut text = String::from(HEADER);
    for i in order {
        text.push_str(&format!("{},{}\n", teasers[i].url, readers[i]));
    }
    broadsheet_output::replace_file(out, text.as_bytes())
        .with_context(|| format!("{}: cannot write the counts", out.display()))
}

/// The columns a counts file may name: the page, and how many read it.
/// Exports name them differently (Plausible: `name`, `visitors`; GA4: `Page
/// path and screen class`, `Total users`); readers are preferred to views.
const PATH_COLUMNS: &[&str] = &[
    "path",
    "page",
    "name",
    "url",
    "page path",
    "page path and screen class",
    "page_path",
    "pagepath",
];
const COUNT_COLUMNS: &[&str] = &[
    "count",
    "readers",
    "visitors",
    "unique visitors",
    "users",
    "total users",
    "active users",
    "views",
    "pageviews",
    "page views",
];

/// Reads `--counts`: `path,count` CSV (a header optional; `#` lines are
/// comments) or JSON lines `{"path": "/…", "count": 12}`. Rows for the same
/// article (`/a` and `/a/`) add up; rows that are not a published article
/// are counted as skipped, with the reason.
fn read_counts(
    file: &Path,
    base_path: &str,
    index: &HashMap<String, u32>,
) -> Result<(Vec<u64>, PopularReport)> {
    let started = Instant::now();
    let mut reader = open_log(file)?;
    let mut readers = vec![0u64; index.len()];
    let mut skipped: HashMap<Skip, u64> = HashMap::new();
    let (mut lines, mut bytes, mut counted) = (0u64, 0u64, 0u64);
    let mut columns: Option<(usize, usize)> = None;
    let mut buffer = Vec::with_capacity(4096);
    let mut line_number = 0u64;
    loop {
        buffer.clear();
        let read = read_line_limited(&mut reader, &mut buffer, MAX_LOG_LINE_BYTES)
            .with_context(|| format!("{}: cannot read", file.display()))?;
        line_number += 1;
        let row = match read {
            Line::End => break,
            Line::TooLong(length) => {
                lines += 1;
                bytes += length;
                *skipped.entry(Skip::TooLong).or_default() += 1;
                continue;
            }
            Line::Whole => buffer.trim_ascii(),
        };
        bytes += buffer.len() as u64;
        if row.is_empty() || row.starts_with(b"#") {
            continue;
        }
        lines += 1;
        let (path, count) = if row.starts_with(b"{") {
            #[derive(serde::Deserialize)]
            struct Record {
                #[serde(alias = "page", alias = "url")]
                path: String,
                #[serde(alias = "readers", alias = "visitors", alias = "users")]
                count: u64,
            }
            match serde_json::from_slice::<Record>(row) {
                Ok(record) => (record.path, record.count),
                Err(_) => {
                    *skipped.entry(Skip::Malformed).or_default() += 1;
                    continue;
                }
            }
        } else {
            let fields = csv_fields(row);
            let (path_at, count_at) = match columns {
                Some(columns) => columns,
                None => {
                    let header: Vec<String> =
                        fields.iter().map(|f| f.trim().to_lowercase()).collect();
                    let is_header = fields
                        .get(1)
                        .is_some_and(|f| f.trim().parse::<u64>().is_err());
                    if is_header {
                        let find = |names: &[&str]| {
                            header.iter().position(|h| names.contains(&h.as_str()))
                        };
                        let (Some(path_at), Some(count_at)) =
                            (find(PATH_COLUMNS), find(COUNT_COLUMNS))
                        else {
                            anyhow::bail!(
                                "{}:{line_number}: no path and count columns among {:?}; name them `path` and `count` (or {} and {})",
                                file.display(),
                                fields,
                                PATH_COLUMNS.join("/"),
                                COUNT_COLUMNS.join("/")
                            );
                        };
                        columns = Some((path_at, count_at));
                        lines -= 1;
                        continue;
                    }
                    columns = Some((0, 1));
                    (0, 1)
                }
            };
            let count = fields
                .get(count_at)
                .and_then(|c| c.trim().replace(',', "").parse::<u64>().ok());
            match (fields.get(path_at), count) {
                (Some(path), Some(count)) => (path.trim().to_owned(), count),
                _ => {
                    *skipped.entry(Skip::Malformed).or_default() += 1;
                    continue;
                }
            }
        };
        let article = article_path(path.as_bytes(), base_path).and_then(|p| {
            std::str::from_utf8(p)
                .ok()
                .and_then(|p| index.get(p))
                .copied()
                .ok_or(Skip::UnknownArticle)
        });
        match article {
            Ok(article) => {
                let sum = &mut readers[article as usize];
                *sum = sum.saturating_add(count);
                counted += 1;
            }
            Err(reason) => *skipped.entry(reason).or_default() += 1,
        }
    }
    let mut skipped: Vec<(Skip, u64)> = skipped.into_iter().collect();
    skipped.sort();
    Ok((
        readers,
        PopularReport {
            lines,
            bytes,
            counted,
            skipped,
            seconds: started.elapsed().as_secs_f64(),
        },
    ))
}

/// The fields of one CSV row (RFC 4180 quoting: `"a,b"`, `""` for a quote).
fn csv_fields(row: &[u8]) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(row);
    reader
        .records()
        .next()
        .and_then(|record| record.ok())
        .map(|record| record.iter().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Peak resident memory of this process, from /proc (Linux), in bytes.
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bots() {
        for bot in [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0; +https://openai.com/bot",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)",
            "meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)",
            "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse",
            "facebookexternalhit/1.1",
            "curl/8.5.0",
            "Wget/1.21.4",
            "python-requests/2.32.3",
            "Go-http-client/2.0",
            "okhttp/4.12.0",
            "axios/1.7.7",
            "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
            "Scrapy/2.11.2 (+https://scrapy.org)",
            "UptimeRobot/2.0",
            "-",
            "",
        ] {
            assert!(is_bot(bot.as_bytes()), "{bot}");
        }
        for reader in [
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
            "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
        ] {
            assert!(!is_bot(reader.as_bytes()), "{reader}");
        }
    }

    /// The list holds every pattern of the isbot crate's own list: removing
    /// ours from the crate's default set leaves it empty (the crate then
    /// matches only the empty user agent, with `^$`). A newer crate with new patterns fails here
    /// until bot_patterns.txt (and the SQL, `press bot-pattern`) take them.
    #[test]
    fn the_bot_list_covers_the_isbot_crates() {
        let mut theirs = isbot::Bots::default();
        assert!(!theirs.is_bot(""));
        theirs.remove(&bot_patterns());
        assert!(
            theirs.is_bot(""),
            "the isbot crate has patterns bot_patterns.txt lacks"
        );
    }

    /// The cost of a bot verdict for a user agent not seen before (each
    /// distinct agent is judged once, then cached), against the 25 substrings
    /// press used before isbot's list. Run with
    /// `cargo test --profile native -p broadsheet-press --bin press bot_verdict_cost -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn bot_verdict_cost() {
        const OLD: &[&str] = &[
            "bot",
            "crawl",
            "spider",
            "slurp",
            "curl/",
            "wget/",
            "python-requests",
            "python-urllib",
            "httpclient",
            "go-http-client",
            "java/",
            "libwww",
            "headlesschrome",
            "phantomjs",
            "facebookexternalhit",
            "preview",
            "monitor",
            "uptime",
            "scanner",
            "feedfetcher",
            "scrapy",
            "axios/",
            "node-fetch",
            "okhttp",
            "lighthouse",
        ];
        let agents: Vec<String> = (0..200_000)
            .map(|i| format!("Mozilla/5.0 (Linux; Android {}; Build/{i}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{}.0.0.0 Mobile Safari/537.36", i % 15, 100 + i % 31))
            .collect();
        let started = Instant::now();
        let new = agents.iter().filter(|a| is_bot(a.as_bytes())).count();
        let isbot = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let old = agents
            .iter()
            .filter(|a| {
                let lower = a.to_ascii_lowercase();
                OLD.iter().any(|m| lower.contains(m))
            })
            .count();
        let substrings = started.elapsed().as_secs_f64();
        println!(
            "bot verdicts for {} distinct agents: isbot list {:.2} µs each ({new} bots), old substrings {:.2} µs each ({old} bots)",
            agents.len(),
            isbot * 1e6 / agents.len() as f64,
            substrings * 1e6 / agents.len() as f64
        );
    }

    #[test]
    fn long_lines_are_skipped_without_being_held() {
        let long = "x".repeat(100_000);
        let text = format!("short\n{long}\nafter\n{long}");
        let mut reader = std::io::BufReader::with_capacity(64, text.as_bytes());
        let mut buffer = Vec::new();
        let mut lines = Vec::new();
        loop {
            buffer.clear();
            match read_line_limited(&mut reader, &mut buffer, 1000).unwrap() {
                Line::End => break,
                Line::Whole => lines.push(String::from_utf8(buffer.clone()).unwrap()),
                Line::TooLong(n) => {
                    assert!(buffer.capacity() <= 2048, "never held whole");
                    lines.push(format!("too long: {n}"));
                }
            }
        }
        assert_eq!(
            lines,
            ["short\n", "too long: 100001", "after\n", "too long: 100000"]
        );
    }
}
