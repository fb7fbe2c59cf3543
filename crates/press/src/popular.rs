//! `press popular`: "Most popular" from the site's own access logs.
//!
//! Logs are streamed line by line (plain or gzip, several files), parsed in
//! the combined log format without allocation, and reduced to counts. Only a
//! hash of (address, user agent, article) is kept, in memory, to count each
//! reader once per article; nothing personal reaches the output.

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

use crate::config::SiteConfig;
use crate::text::{fnv1a, FNV_OFFSET};

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
        }
    }
}

/// One parsed log line. Borrowed from the line buffer.
#[derive(Debug, PartialEq, Eq)]
pub struct LogLine<'a> {
    pub address: &'a [u8],
    /// Seconds since the epoch.
    pub time: i64,
    pub method: &'a [u8],
    pub target: &'a [u8],
    pub status: u16,
    pub user_agent: &'a [u8],
}

/// Parses one line of the combined log format:
/// `addr - user [10/Oct/2000:13:55:36 -0700] "GET /path HTTP/1.1" 200 2326 "referer" "agent"`.
pub fn parse_line(line: &[u8]) -> Option<LogLine<'_>> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let space = line.iter().position(|&b| b == b' ')?;
    let address = &line[..space];
    let open = space + line[space..].iter().position(|&b| b == b'[')?;
    let close = open + line[open..].iter().position(|&b| b == b']')?;
    let time = parse_time(&line[open + 1..close])?;
    let rest = line.get(close + 1..)?;
    let rest = rest.strip_prefix(b" \"")?;
    let (request, rest) = split_quoted(rest)?;
    let mut parts = request.split(|&b| b == b' ');
    let method = parts.next()?;
    let target = parts.next()?;
    let rest = rest.strip_prefix(b" ")?;
    let status_end = rest.iter().position(|&b| b == b' ')?;
    let status = parse_number(&rest[..status_end])? as u16;
    if !(100..600).contains(&status) {
        return None;
    }
    let rest = &rest[status_end + 1..];
    // Bytes sent, then the quoted referer and user agent.
    let bytes_end = rest.iter().position(|&b| b == b' ')?;
    let rest = rest[bytes_end + 1..].strip_prefix(b"\"")?;
    let (_referer, rest) = split_quoted(rest)?;
    let rest = rest.strip_prefix(b" \"")?;
    let (user_agent, _) = split_quoted(rest)?;
    if address.is_empty() || method.is_empty() || target.is_empty() {
        return None;
    }
    Some(LogLine {
        address,
        time,
        method,
        target,
        status,
        user_agent,
    })
}

/// Splits at the closing quote, honouring `\"` escapes. Returns (inside, after).
fn split_quoted(text: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut index = 0;
    while index < text.len() {
        match text[index] {
            b'\\' => index += 2,
            b'"' => return Some((&text[..index], &text[index + 1..])),
            _ => index += 1,
        }
    }
    None
}

fn parse_number(digits: &[u8]) -> Option<i64> {
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0i64, |n, d| n * 10 + (d - b'0') as i64))
}

/// `10/Oct/2000:13:55:36 -0700` → seconds since the epoch.
pub fn parse_time(text: &[u8]) -> Option<i64> {
    if text.len() != 26
        || text[2] != b'/'
        || text[6] != b'/'
        || text[11] != b':'
        || text[20] != b' '
    {
        return None;
    }
    let day = parse_number(&text[0..2])?;
    let month = match &text[3..6] {
        b"Jan" => 1,
        b"Feb" => 2,
        b"Mar" => 3,
        b"Apr" => 4,
        b"May" => 5,
        b"Jun" => 6,
        b"Jul" => 7,
        b"Aug" => 8,
        b"Sep" => 9,
        b"Oct" => 10,
        b"Nov" => 11,
        b"Dec" => 12,
        _ => return None,
    };
    let year = parse_number(&text[7..11])?;
    let hour = parse_number(&text[12..14])?;
    let minute = parse_number(&text[15..17])?;
    let second = parse_number(&text[18..20])?;
    let sign = match text[21] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let offset = sign * (parse_number(&text[22..24])? * 3600 + parse_number(&text[24..26])? * 60);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    };
    if !(1..=month_days).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const BOT_MARKERS: &[&str] = &[
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

pub fn is_bot(user_agent: &[u8]) -> bool {
    if user_agent.is_empty() || user_agent == b"-" {
        return true;
    }
    let lower = user_agent.to_ascii_lowercase();
    BOT_MARKERS
        .iter()
        .any(|marker| lower.windows(marker.len()).any(|w| w == marker.as_bytes()))
}

/// Options of one counting run.
pub struct Counting {
    /// Window end, seconds since the epoch.
    pub end: i64,
    pub window_seconds: i64,
    pub half_life_seconds: Option<i64>,
    /// Path prefix the site is hosted under, e.g. `/news` (empty for the root).
    pub base_path: String,
}

/// Counts per article, plus the reasons lines were skipped.
pub struct Counter<'a> {
    options: &'a Counting,
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
        let line = parse_line(raw).ok_or(Skip::Malformed)?;
        if line.method != b"GET" {
            return Err(Skip::NotGet);
        }
        if !((200..300).contains(&line.status) || line.status == 304) {
            return Err(Skip::Status);
        }
        let age = self.options.end - line.time;
        if age < 0 || age > self.options.window_seconds {
            return Err(Skip::OutsideWindow);
        }
        let path = self.article_path(line.target)?;
        let agent = fnv1a(line.user_agent, FNV_OFFSET);
        if *self
            .agents
            .entry(agent)
            .or_insert_with(|| is_bot(line.user_agent))
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
        let reader = hash_reader(line.address, agent, index);
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

    /// The site-relative article URL a request target points at.
    fn article_path<'l>(&self, target: &'l [u8]) -> Result<&'l [u8], Skip> {
        let end = target
            .iter()
            .position(|&b| b == b'?' || b == b'#')
            .unwrap_or(target.len());
        let mut path = &target[..end];
        let base = self.options.base_path.as_bytes();
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
        // Articles are /section…/yyyy/mm/dd/slug: at least five segments.
        if path.iter().filter(|&&b| b == b'/').count() < 5 {
            return Err(Skip::NotArticle);
        }
        Ok(path)
    }
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
pub fn ranking(
    config: &SiteConfig,
    teasers: &[Teaser],
    readers: &[u64],
    scores: &[f64],
    window: PopularWindow,
    half_life_hours: Option<f64>,
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
        window: Some(window),
        half_life_hours,
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

pub struct PopularOptions {
    pub content: PathBuf,
    pub site: PathBuf,
    pub logs: Vec<PathBuf>,
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
    let (config, all) = crate::pipeline::check(&options.content)?;
    // Only what is published at `--now` can be counted or shown.
    let publication = crate::schedule::Publication {
        now: options.now,
        drafts: false,
    };
    let (drafts, _) = crate::schedule::published(all, &publication);
    let teasers: Vec<Teaser> = drafts
        .iter()
        .map(|draft| crate::api::teaser(draft, options.now))
        .collect();
    let index: HashMap<String, u32> = teasers
        .iter()
        .enumerate()
        .map(|(i, t)| (t.url.clone(), i as u32))
        .collect();
    if options.window_hours.is_nan() || options.window_hours <= 0.0 {
        anyhow::bail!("--window-hours must be more than 0");
    }
    let base_path = match &options.base_path {
        Some(path) => path.trim_end_matches('/').to_owned(),
        None => config.base_path(),
    };
    let counting = Counting {
        end: options.now.timestamp(),
        window_seconds: (options.window_hours * 3600.0) as i64,
        half_life_seconds: options.half_life_hours.map(|h| (h * 3600.0) as i64),
        base_path,
    };
    let (readers, scores, report) = count_logs(&options.logs, &counting, &index)?;
    let start = options.now - chrono::Duration::seconds(counting.window_seconds);
    let utc = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let window = PopularWindow {
        start: utc(start),
        end: utc(options.now),
    };
    let popular = ranking(
        &config,
        &teasers,
        &readers,
        &scores,
        window,
        options.half_life_hours,
        options.now,
    );
    let target = options.site.join(broadsheet_model::paths::POPULAR_JSON);
    let parent = target
        .parent()
        .context("popular.json has a parent folder")?;
    std::fs::create_dir_all(parent)
        .with_context(|| format!("{}: cannot create", parent.display()))?;
    broadsheet_output::replace_file(&target, &crate::api::to_json(&popular)?)?;
    Ok((target, report))
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
    fn parses_nginx_and_apache_lines() {
        let line = br#"203.0.113.9 - - [27/Nov/2026:10:15:01 +0100] "GET /world/2026/11/26/x?utm=1 HTTP/1.1" 200 5120 "https://ref.example/" "Mozilla/5.0 (X11; Linux) Firefox/130.0""#;
        let parsed = parse_line(line).unwrap();
        assert_eq!(parsed.address, b"203.0.113.9");
        assert_eq!(parsed.method, b"GET");
        assert_eq!(parsed.target, b"/world/2026/11/26/x?utm=1");
        assert_eq!(parsed.status, 200);
        assert_eq!(parsed.user_agent, b"Mozilla/5.0 (X11; Linux) Firefox/130.0");
        // 2026-11-27T09:15:01Z
        assert_eq!(parsed.time, 1_795_770_901);
        let escaped = br#"::1 - frank [01/Jan/2026:00:00:00 +0000] "GET / HTTP/1.0" 304 0 "-" "Agent \"quoted\" name""#;
        assert_eq!(
            parse_line(escaped).unwrap().user_agent,
            br#"Agent \"quoted\" name"#
        );
    }

    #[test]
    fn rejects_malformed_lines() {
        for bad in [
            &b""[..],
            b"garbage",
            b"1.2.3.4 - - [27/Nov/2026:10:15:01 +0100] \"GET / HTTP/1.1\" abc 1 \"-\" \"x\"",
            b"1.2.3.4 - - [99/Nov/2026:10:15:01 +0100] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"",
            b"1.2.3.4 - - [27/Nov/2026:10:15:01 +0100] \"GET / HTTP/1.1\" 200 1 \"-\" \"unterminated",
            b"1.2.3.4 - - [27/Foo/2026:10:15:01 +0100] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"",
        ] {
            assert_eq!(parse_line(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn epoch_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(parse_time(b"01/Jan/1970:00:00:00 +0000"), Some(0));
        assert_eq!(parse_time(b"01/Jan/1970:01:00:00 +0100"), Some(0));
    }

    #[test]
    fn bots() {
        assert!(is_bot(b"Mozilla/5.0 (compatible; Googlebot/2.1)"));
        assert!(is_bot(b"curl/8.5.0"));
        assert!(is_bot(b"-"));
        assert!(!is_bot(
            b"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1"
        ));
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
