//! The access-log formats `press popular` reads, one request per line, and
//! the parser that turns a line of each into a [`LogLine`]. Every format
//! feeds the same counting rules (`Counter`).
//!
//! - `combined`: nginx's and Apache's combined log format.
//! - `cloudfront`: CloudFront standard logs (W3C extended, tab-separated; the
//!   `#Fields:` header names the columns, the user agent is URL-encoded).
//! - `cloudflare`: Cloudflare Logpush, dataset `http_requests` (JSON lines).
//! - `netlify`: Netlify log drains, traffic logs (JSON lines).
//! - a pattern: any other one-line-per-request format, described with named
//!   fields (`{address} - - [{time:clf}] "{method} {target} {_}" …`).

use std::borrow::Cow;

use serde::Deserialize;

/// One request from a log line, in any format. Borrowed from the line
/// buffer where the format allows (always in the combined format).
#[derive(Debug, PartialEq, Eq)]
pub struct LogLine<'a> {
    pub address: Cow<'a, [u8]>,
    /// Seconds since the epoch.
    pub time: i64,
    pub method: Cow<'a, [u8]>,
    pub target: Cow<'a, [u8]>,
    pub status: u16,
    pub user_agent: Cow<'a, [u8]>,
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
    let status = u16::try_from(parse_number(&rest[..status_end])?).ok()?;
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
        address: Cow::Borrowed(address),
        time,
        method: Cow::Borrowed(method),
        target: Cow::Borrowed(target),
        status,
        user_agent: Cow::Borrowed(user_agent),
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

pub fn parse_number(digits: &[u8]) -> Option<i64> {
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
    if !(1..=days_in_month(year, month)).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// Days in `month` (1-12) of `year`, in the Gregorian calendar.
pub fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// One of the formats above.
#[derive(Debug, Clone, PartialEq)]
pub enum LogFormat {
    Combined,
    CloudFront,
    Cloudflare,
    Netlify,
    Pattern(Pattern),
}

/// The names `--format` takes.
pub const FORMAT_NAMES: &str = "combined, cloudfront, cloudflare, netlify, pattern";

impl LogFormat {
    /// `--format NAME` (and `--pattern` for `pattern`).
    pub fn from_name(name: &str, pattern: Option<&str>) -> Result<LogFormat, String> {
        match (name, pattern) {
            ("combined", None) => Ok(LogFormat::Combined),
            ("cloudfront", None) => Ok(LogFormat::CloudFront),
            ("cloudflare", None) => Ok(LogFormat::Cloudflare),
            ("netlify", None) => Ok(LogFormat::Netlify),
            ("pattern", Some(pattern)) => Pattern::compile(pattern).map(LogFormat::Pattern),
            ("pattern", None) => Err(
                "format `pattern` needs a pattern (--pattern, or `log_pattern` in site.toml)"
                    .into(),
            ),
            (_, Some(_)) => Err(format!(
                "a pattern is given, so the format must be `pattern`, not `{name}`"
            )),
            (other, None) => Err(format!(
                "unknown log format `{other}`; known: {FORMAT_NAMES}"
            )),
        }
    }
}

impl LogFormat {
    /// The name `--format` takes for this format.
    pub fn name(&self) -> &'static str {
        match self {
            LogFormat::Combined => "combined",
            LogFormat::CloudFront => "cloudfront",
            LogFormat::Cloudflare => "cloudflare",
            LogFormat::Netlify => "netlify",
            LogFormat::Pattern(_) => "pattern",
        }
    }

    /// The format a log's first non-empty line shows, if it shows one.
    pub fn sniff(line: &[u8]) -> Option<LogFormat> {
        if line.starts_with(b"#Version:") || line.starts_with(b"#Fields:") {
            return Some(LogFormat::CloudFront);
        }
        if !line.starts_with(b"{") {
            return None;
        }
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(line).ok()?;
        if object.contains_key("ClientRequestURI") || object.contains_key("EdgeStartTimestamp") {
            Some(LogFormat::Cloudflare)
        } else if object.contains_key("log_type")
            || (object.contains_key("status_code") && object.contains_key("url"))
        {
            Some(LogFormat::Netlify)
        } else {
            None
        }
    }
}

/// What one line of a log is.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed<'a> {
    Request(LogLine<'a>),
    /// A header or comment line (CloudFront's `#Version:`, `#Fields:`).
    Header,
    /// A well-formed record that is not a request (Netlify's function logs).
    NotRequest,
    Malformed,
}

/// Parses the lines of one log file. CloudFront's `#Fields:` header names
/// the columns of the lines after it, so start a new parser for each file.
pub struct LineParser<'f> {
    format: &'f LogFormat,
    columns: CloudFrontColumns,
}

impl<'f> LineParser<'f> {
    pub fn new(format: &'f LogFormat) -> LineParser<'f> {
        LineParser {
            format,
            columns: CloudFrontColumns::STANDARD,
        }
    }

    pub fn parse<'a>(&mut self, line: &'a [u8]) -> Parsed<'a> {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let request = match self.format {
            LogFormat::Combined => parse_line(line),
            LogFormat::CloudFront => {
                if let Some(header) = line.strip_prefix(b"#") {
                    if let Some(fields) = header.strip_prefix(b"Fields:") {
                        self.columns = CloudFrontColumns::from_header(fields);
                    }
                    return Parsed::Header;
                }
                self.columns.parse(line)
            }
            LogFormat::Cloudflare => parse_cloudflare(line),
            LogFormat::Netlify => match parse_netlify(line) {
                Netlify::Request(request) => Some(request),
                Netlify::Other => return Parsed::NotRequest,
                Netlify::Malformed => None,
            },
            LogFormat::Pattern(pattern) => pattern.parse(line),
        };
        match request {
            Some(request) => Parsed::Request(request),
            None => Parsed::Malformed,
        }
    }
}

/// Where CloudFront's columns are (0-based), from its `#Fields:` header.
#[derive(Debug, Clone, Copy)]
struct CloudFrontColumns {
    date: usize,
    time: usize,
    address: usize,
    method: usize,
    target: usize,
    status: usize,
    user_agent: usize,
}

impl CloudFrontColumns {
    /// The order CloudFront has written since 2019 (33 fields).
    const STANDARD: CloudFrontColumns = CloudFrontColumns {
        date: 0,
        time: 1,
        address: 4,
        method: 5,
        target: 7,
        status: 8,
        user_agent: 10,
    };
    /// A header without one of the fields counting needs: every line is malformed.
    const MISSING: CloudFrontColumns = CloudFrontColumns {
        date: usize::MAX,
        time: 0,
        address: 0,
        method: 0,
        target: 0,
        status: 0,
        user_agent: 0,
    };

    fn from_header(fields: &[u8]) -> CloudFrontColumns {
        let names: Vec<&[u8]> = fields
            .split(|&b| b == b' ' || b == b'\t')
            .filter(|f| !f.is_empty())
            .collect();
        let find = |name: &[u8]| names.iter().position(|&n| n == name);
        let columns = (|| {
            Some(CloudFrontColumns {
                date: find(b"date")?,
                time: find(b"time")?,
                address: find(b"c-ip")?,
                method: find(b"cs-method")?,
                target: find(b"cs-uri-stem")?,
                status: find(b"sc-status")?,
                user_agent: find(b"cs(User-Agent)")?,
            })
        })();
        columns.unwrap_or(CloudFrontColumns::MISSING)
    }

    fn parse<'a>(&self, line: &'a [u8]) -> Option<LogLine<'a>> {
        let fields: Vec<&[u8]> = line.split(|&b| b == b'\t').collect();
        let field = |index: usize| fields.get(index).copied().filter(|f| !f.is_empty());
        let time = parse_date(field(self.date)?)? + parse_clock(field(self.time)?)?;
        let status = parse_number(field(self.status)?)?;
        let user_agent = field(self.user_agent)?;
        Some(LogLine {
            address: Cow::Borrowed(field(self.address)?),
            time,
            method: Cow::Borrowed(field(self.method)?),
            target: Cow::Borrowed(field(self.target)?),
            status: u16::try_from(status)
                .ok()
                .filter(|s| (100..600).contains(s))?,
            // CloudFront writes the agent URL-encoded (spaces as %20): decode it once.
            user_agent: percent_encoding::percent_decode(user_agent).into(),
        })
    }
}

/// `2026-11-27` → seconds since the epoch at its midnight, UTC.
fn parse_date(text: &[u8]) -> Option<i64> {
    if text.len() != 10 || text[4] != b'-' || text[7] != b'-' {
        return None;
    }
    let (year, month, day) = (
        parse_number(&text[..4])?,
        parse_number(&text[5..7])?,
        parse_number(&text[8..])?,
    );
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400)
}

/// `17:59:00` → seconds.
fn parse_clock(text: &[u8]) -> Option<i64> {
    if text.len() != 8 || text[2] != b':' || text[5] != b':' {
        return None;
    }
    let (hour, minute, second) = (
        parse_number(&text[..2])?,
        parse_number(&text[3..5])?,
        parse_number(&text[6..])?,
    );
    (hour < 24 && minute < 60 && second <= 60).then_some(hour * 3600 + minute * 60 + second)
}

/// A timestamp in JSON logs: RFC 3339 text, or a number of seconds,
/// milliseconds, microseconds or nanoseconds since the epoch (told apart by
/// size: Cloudflare's default is nanoseconds). Always whole seconds.
struct Seconds(i64);

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Seconds, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Seconds;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an RFC 3339 time or a number since the epoch")
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Seconds, E> {
                i64::try_from(n)
                    .map_err(|_| E::custom("timestamp out of range"))
                    .and_then(|n| self.visit_i64(n))
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Seconds, E> {
                let divisor = match n.unsigned_abs() {
                    0..100_000_000_000 => 1,
                    100_000_000_000..100_000_000_000_000 => 1_000,
                    100_000_000_000_000..100_000_000_000_000_000 => 1_000_000,
                    _ => 1_000_000_000,
                };
                Ok(Seconds(n.div_euclid(divisor)))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Seconds, E> {
                if n.is_finite() && n.abs() < 9e18 {
                    self.visit_i64(n.floor() as i64)
                } else {
                    Err(E::custom("timestamp out of range"))
                }
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Seconds, E> {
                chrono::DateTime::parse_from_rfc3339(text)
                    .map(|t| Seconds(t.timestamp()))
                    .map_err(|_| E::custom("not an RFC 3339 time"))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

fn bytes(text: Cow<'_, str>) -> Cow<'_, [u8]> {
    match text {
        Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
        Cow::Owned(text) => Cow::Owned(text.into_bytes()),
    }
}

/// Cloudflare Logpush `http_requests`: the fields counting reads (field
/// names as Cloudflare documents them; the others are ignored).
#[derive(Deserialize)]
struct CloudflareRecord<'a> {
    #[serde(rename = "ClientIP", borrow)]
    address: Cow<'a, str>,
    #[serde(rename = "EdgeStartTimestamp")]
    time: Seconds,
    #[serde(rename = "ClientRequestMethod", borrow)]
    method: Cow<'a, str>,
    #[serde(rename = "ClientRequestURI", borrow)]
    target: Cow<'a, str>,
    #[serde(rename = "EdgeResponseStatus")]
    status: u16,
    #[serde(rename = "ClientRequestUserAgent", borrow, default)]
    user_agent: Cow<'a, str>,
}

fn parse_cloudflare(line: &[u8]) -> Option<LogLine<'_>> {
    let record: CloudflareRecord = serde_json::from_slice(line).ok()?;
    request(
        record.address,
        record.time,
        record.method,
        record.target,
        record.status,
        record.user_agent,
    )
}

fn request<'a>(
    address: Cow<'a, str>,
    time: Seconds,
    method: Cow<'a, str>,
    target: Cow<'a, str>,
    status: u16,
    user_agent: Cow<'a, str>,
) -> Option<LogLine<'a>> {
    if address.is_empty() || method.is_empty() || target.is_empty() {
        return None;
    }
    Some(LogLine {
        address: bytes(address),
        time: time.0,
        method: bytes(method),
        target: bytes(target),
        status: Some(status).filter(|s| (100..600).contains(s))?,
        user_agent: bytes(user_agent),
    })
}

/// Netlify log drains, traffic logs: the fields counting reads.
#[derive(Deserialize)]
struct NetlifyRecord<'a> {
    #[serde(borrow, default)]
    log_type: Option<Cow<'a, str>>,
    #[serde(borrow)]
    client_ip: Option<Cow<'a, str>>,
    timestamp: Option<Seconds>,
    #[serde(borrow)]
    method: Option<Cow<'a, str>>,
    /// The request's path and query, or (in some drains) the whole URL.
    #[serde(borrow)]
    url: Option<Cow<'a, str>>,
    status_code: Option<u16>,
    #[serde(borrow, default)]
    user_agent: Cow<'a, str>,
}

enum Netlify<'a> {
    Request(LogLine<'a>),
    Other,
    Malformed,
}

fn parse_netlify(line: &[u8]) -> Netlify<'_> {
    let Ok(record) = serde_json::from_slice::<NetlifyRecord>(line) else {
        return Netlify::Malformed;
    };
    if record.log_type.as_deref().is_some_and(|t| t != "traffic") {
        return Netlify::Other;
    }
    let (Some(address), Some(time), Some(method), Some(url), Some(status)) = (
        record.client_ip,
        record.timestamp,
        record.method,
        record.url,
        record.status_code,
    ) else {
        return Netlify::Malformed;
    };
    let target = match url.find("://") {
        Some(scheme) => {
            let after = scheme + 3;
            let path = url[after..].find('/').map_or(url.len(), |p| after + p);
            match url {
                Cow::Borrowed(url) => Cow::Borrowed(&url[path..]),
                Cow::Owned(url) => Cow::Owned(url[path..].to_owned()),
            }
        }
        None => url,
    };
    match request(address, time, method, target, status, record.user_agent) {
        Some(request) => Netlify::Request(request),
        None => Netlify::Malformed,
    }
}

/// A one-line-per-request format described by named fields between literal
/// text, e.g. `{address} - {_} [{time:clf}] "{method} {target} {_}" {status} {_} "{_}" "{user_agent}"`.
///
/// Fields: `address`, `time` (`:clf` = `10/Oct/2000:13:55:36 -0700`, the
/// default; `:iso` = RFC 3339; `:epoch` = seconds; `:epoch_ms`), `method`,
/// `target` (path and query), `status`, `user_agent`, and `_` for anything
/// to skip. A field runs up to the literal text after it (a `"` escaped as
/// `\"` does not end it) or to the end of the line. Without `method`, every
/// line counts as a GET.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Literal(Vec<u8>),
    Field(Field),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    Address,
    Time(TimeFormat),
    Method,
    Target,
    Status,
    UserAgent,
    Skip,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum TimeFormat {
    Clf,
    Iso,
    Epoch,
    EpochMillis,
}

const FIELD_NAMES: &str =
    "address, time (time:clf, time:iso, time:epoch, time:epoch_ms), method, target, status, user_agent, _";

impl Pattern {
    pub fn compile(text: &str) -> Result<Pattern, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            match rest.find('{') {
                Some(0) => {
                    let close = rest.find('}').ok_or_else(|| {
                        format!("pattern: `{rest}` opens a field with {{ and never closes it")
                    })?;
                    let name = &rest[1..close];
                    let field = match name {
                        "address" => Field::Address,
                        "time" | "time:clf" => Field::Time(TimeFormat::Clf),
                        "time:iso" => Field::Time(TimeFormat::Iso),
                        "time:epoch" => Field::Time(TimeFormat::Epoch),
                        "time:epoch_ms" => Field::Time(TimeFormat::EpochMillis),
                        "method" => Field::Method,
                        "target" => Field::Target,
                        "status" => Field::Status,
                        "user_agent" => Field::UserAgent,
                        "_" => Field::Skip,
                        other => {
                            return Err(format!(
                                "pattern: unknown field {{{other}}}; known: {FIELD_NAMES}"
                            ))
                        }
                    };
                    if let Some(Part::Field(_)) = parts.last() {
                        return Err(format!(
                            "pattern: field {{{name}}} follows another field directly; put the text that separates them between"
                        ));
                    }
                    parts.push(Part::Field(field));
                    rest = &rest[close + 1..];
                }
                found => {
                    let end = found.unwrap_or(rest.len());
                    parts.push(Part::Literal(rest.as_bytes()[..end].to_vec()));
                    rest = &rest[end..];
                }
            }
        }
        for (needed, name) in [
            (Field::Address, "address"),
            (Field::Target, "target"),
            (Field::Status, "status"),
            (Field::UserAgent, "user_agent"),
        ] {
            if !parts.contains(&Part::Field(needed)) {
                return Err(format!("pattern: no {{{name}}} field; counting needs address, time, target, status and user_agent"));
            }
        }
        if !parts
            .iter()
            .any(|p| matches!(p, Part::Field(Field::Time(_))))
        {
            return Err("pattern: no {time} field; counting needs address, time, target, status and user_agent".into());
        }
        Ok(Pattern { parts })
    }

    fn parse<'a>(&self, line: &'a [u8]) -> Option<LogLine<'a>> {
        let mut rest = line;
        let (mut address, mut time, mut method, mut target, mut status, mut user_agent) =
            (None, None, None, None, None, None);
        for (index, part) in self.parts.iter().enumerate() {
            match part {
                Part::Literal(text) => rest = rest.strip_prefix(text.as_slice())?,
                Part::Field(field) => {
                    let end = match self.parts.get(index + 1) {
                        Some(Part::Literal(next)) => find_literal(rest, next)?,
                        _ => rest.len(),
                    };
                    let value = &rest[..end];
                    rest = &rest[end..];
                    match field {
                        Field::Address => address = Some(value),
                        Field::Time(format) => time = Some(parse_time_as(value, *format)?),
                        Field::Method => method = Some(value),
                        Field::Target => target = Some(value),
                        Field::Status => status = Some(parse_number(value)?),
                        Field::UserAgent => user_agent = Some(value),
                        Field::Skip => {}
                    }
                }
            }
        }
        let (address, target) = (
            address.filter(|a| !a.is_empty())?,
            target.filter(|t| !t.is_empty())?,
        );
        Some(LogLine {
            address: Cow::Borrowed(address),
            time: time?,
            method: Cow::Borrowed(method.unwrap_or(b"GET")),
            target: Cow::Borrowed(target),
            status: u16::try_from(status?)
                .ok()
                .filter(|s| (100..600).contains(s))?,
            user_agent: Cow::Borrowed(user_agent?),
        })
    }
}

/// Where `literal` first occurs in `text`; a `"` escaped as `\"` is not a match for a literal starting with `"`.
fn find_literal(text: &[u8], literal: &[u8]) -> Option<usize> {
    let mut from = 0;
    while from + literal.len() <= text.len() {
        let at = from
            + text[from..]
                .windows(literal.len())
                .position(|w| w == literal)?;
        let escaped = literal.first() == Some(&b'"') && at > 0 && text[at - 1] == b'\\';
        if !escaped {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn parse_time_as(value: &[u8], format: TimeFormat) -> Option<i64> {
    match format {
        TimeFormat::Clf => parse_time(value),
        TimeFormat::Iso => chrono::DateTime::parse_from_rfc3339(std::str::from_utf8(value).ok()?)
            .ok()
            .map(|t| t.timestamp()),
        TimeFormat::Epoch => {
            let whole = value.split(|&b| b == b'.').next()?;
            parse_number(whole)
        }
        TimeFormat::EpochMillis => parse_number(value).map(|ms| ms / 1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nginx_and_apache_lines() {
        let line = br#"203.0.113.9 - - [27/Nov/2026:10:15:01 +0100] "GET /world/2026/11/26/x?utm=1 HTTP/1.1" 200 5120 "https://ref.example/" "Mozilla/5.0 (X11; Linux) Firefox/130.0""#;
        let parsed = parse_line(line).unwrap();
        assert_eq!(&*parsed.address, b"203.0.113.9");
        assert_eq!(&*parsed.method, b"GET");
        assert_eq!(&*parsed.target, b"/world/2026/11/26/x?utm=1");
        assert_eq!(parsed.status, 200);
        assert_eq!(
            &*parsed.user_agent,
            b"Mozilla/5.0 (X11; Linux) Firefox/130.0"
        );
        // 2026-11-27T09:15:01Z
        assert_eq!(parsed.time, 1_795_770_901);
        let escaped = br#"::1 - frank [01/Jan/2026:00:00:00 +0000] "GET / HTTP/1.0" 304 0 "-" "Agent \"quoted\" name""#;
        assert_eq!(
            &*parse_line(escaped).unwrap().user_agent,
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
            // Statuses that wrap to 200 as a u16.
            b"1.2.3.4 - - [27/Nov/2026:10:15:01 +0100] \"GET / HTTP/1.1\" 65736 1 \"-\" \"x\"",
            b"1.2.3.4 - - [27/Nov/2026:10:15:01 +0100] \"GET / HTTP/1.1\" 4294967496 1 \"-\" \"x\"",
        ] {
            assert_eq!(parse_line(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }
    #[test]
    fn dates_that_do_not_exist_are_refused_in_every_format() {
        for (date, ok) in [
            (&b"2026-02-31"[..], false),
            (b"2026-02-29", false),
            (b"2024-02-29", true),
            (b"2026-04-31", false),
            (b"2026-12-31", true),
            (b"1900-02-29", false),
            (b"2000-02-29", true),
        ] {
            assert_eq!(
                parse_date(date).is_some(),
                ok,
                "{}",
                String::from_utf8_lossy(date)
            );
        }
        assert!(parse_time(b"31/Feb/2026:10:15:01 +0100").is_none());
        assert!(parse_time(b"29/Feb/2024:10:15:01 +0100").is_some());
    }

    #[test]
    fn epoch_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(parse_time(b"01/Jan/1970:00:00:00 +0000"), Some(0));
        assert_eq!(parse_time(b"01/Jan/1970:01:00:00 +0100"), Some(0));
    }

    /// address, time, method, target, status, user agent.
    type Fields = (String, i64, String, String, u16, String);

    fn request(format: &LogFormat, lines: &[&str]) -> Vec<Option<Fields>> {
        let mut parser = LineParser::new(format);
        lines
            .iter()
            .map(|line| match parser.parse(line.as_bytes()) {
                Parsed::Request(r) => Some((
                    String::from_utf8_lossy(&r.address).into_owned(),
                    r.time,
                    String::from_utf8_lossy(&r.method).into_owned(),
                    String::from_utf8_lossy(&r.target).into_owned(),
                    r.status,
                    String::from_utf8_lossy(&r.user_agent).into_owned(),
                )),
                _ => None,
            })
            .collect()
    }

    /// 2026-11-27T17:59:00Z.
    const T: i64 = 1_795_802_340;

    #[test]
    fn names() {
        assert_eq!(
            LogFormat::from_name("cloudfront", None),
            Ok(LogFormat::CloudFront)
        );
        assert!(LogFormat::from_name("w3c", None)
            .unwrap_err()
            .contains("known: combined"));
        assert!(LogFormat::from_name("pattern", None).is_err());
        assert!(LogFormat::from_name("combined", Some("{address}")).is_err());
    }

    #[test]
    fn patterns_that_cannot_work_are_refused() {
        for (pattern, why) in [
            ("{address} {time} {target} {status}", "no {user_agent}"),
            ("{address} {when} {target}", "unknown field {when}"),
            (
                "{address}{time} {target} {status} {user_agent}",
                "follows another field",
            ),
            ("{address} {time {target}", "unknown field"),
            ("{address} {target} {status} {user_agent}", "no {time}"),
        ] {
            let error = Pattern::compile(pattern).unwrap_err();
            assert!(error.contains(why), "{pattern}: {error}");
        }
    }

    #[test]
    fn a_pattern_reads_its_fields() {
        let format = LogFormat::from_name(
            "pattern",
            Some(r#"{time:iso} {address} "{method} {target} {_}" {status} "{user_agent}" {_}"#),
        )
        .unwrap();
        let parsed = request(
            &format,
            &[
                r#"2026-11-27T17:59:00Z 198.51.100.7 "GET /world/2026/11/27/x?a=1 HTTP/2" 200 "Agent \"q\" 1.0" 512"#,
                r#"2026-11-27T17:59:00Z 198.51.100.7 "GET /x HTTP/2" abc "A" 1"#,
                "nothing like it",
            ],
        );
        assert_eq!(
            parsed[0],
            Some((
                "198.51.100.7".into(),
                T,
                "GET".into(),
                "/world/2026/11/27/x?a=1".into(),
                200,
                r#"Agent \"q\" 1.0"#.into()
            ))
        );
        assert_eq!(parsed[1..], [None, None]);
        let epoch = LogFormat::from_name(
            "pattern",
            Some("{address}|{time:epoch_ms}|{target}|{status}|{user_agent}"),
        )
        .unwrap();
        let parsed = request(&epoch, &[&format!("::1|{}123|/a|304|UA", T)]);
        assert_eq!(
            parsed[0].as_ref().map(|r| (r.1, r.2.as_str())),
            Some((T, "GET"))
        );
    }

    #[test]
    fn cloudfront_follows_its_fields_header_and_decodes_the_agent() {
        let line = "2026-11-27\t17:59:00\tLHR62-C2\t5120\t198.51.100.7\tGET\td111.cloudfront.net\t/world/2026/11/27/x\t200\t-\tMozilla/5.0%20(X11;%20Linux)\ta=1\t-\tHit\tid\tnews.example\thttps\t300\t0.002\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\tHit\tHTTP/2.0\t-\t-\t51234\t0.001\tHit\ttext/html\t5120\t-\t-";
        let parsed = request(
            &LogFormat::CloudFront,
            &["#Version: 1.0", line, "2026-11-27\tgarbled"],
        );
        assert_eq!(parsed[0], None);
        assert_eq!(
            parsed[1],
            Some((
                "198.51.100.7".into(),
                T,
                "GET".into(),
                "/world/2026/11/27/x".into(),
                200,
                "Mozilla/5.0 (X11; Linux)".into()
            ))
        );
        assert_eq!(parsed[2], None);
        // Another order, named by the header.
        let reordered = request(
            &LogFormat::CloudFront,
            &[
                "#Fields: cs(User-Agent) sc-status cs-uri-stem cs-method c-ip time date",
                "UA\t304\t/a\tGET\t::1\t17:59:00\t2026-11-27",
            ],
        );
        assert_eq!(
            reordered[1],
            Some(("::1".into(), T, "GET".into(), "/a".into(), 304, "UA".into()))
        );
        // A header without a needed field: nothing after it can be read.
        let missing = request(
            &LogFormat::CloudFront,
            &["#Fields: date time c-ip", "2026-11-27\t17:59:00\t::1"],
        );
        assert_eq!(missing[1], None);
    }

    #[test]
    fn cloudflare_json_lines_with_any_timestamp_unit() {
        let record = |time: &str| {
            format!(
                r#"{{"ClientIP":"198.51.100.7","ClientRequestHost":"news.example","ClientRequestMethod":"GET","ClientRequestURI":"/a?b=1","EdgeResponseStatus":200,"EdgeStartTimestamp":{time},"ClientRequestUserAgent":"Mozilla/5.0 \"x\""}}"#
            )
        };
        for time in [
            format!("{T}"),
            format!("{T}123"),
            format!("{T}123456"),
            format!("{T}123456789"),
            "\"2026-11-27T17:59:00Z\"".to_string(),
        ] {
            let parsed = request(&LogFormat::Cloudflare, &[&record(&time)]);
            assert_eq!(
                parsed[0],
                Some((
                    "198.51.100.7".into(),
                    T,
                    "GET".into(),
                    "/a?b=1".into(),
                    200,
                    "Mozilla/5.0 \"x\"".into()
                )),
                "{time}"
            );
        }
        assert_eq!(
            request(&LogFormat::Cloudflare, &["{\"ClientIP\":1}", "not json"]),
            [None, None]
        );
    }

    #[test]
    fn netlify_traffic_records_only() {
        let mut parser = LineParser::new(&LogFormat::Netlify);
        let traffic = r#"{"log_type":"traffic","client_ip":"198.51.100.7","method":"GET","url":"https://news.example/a/b?c=1","status_code":200,"user_agent":"UA","timestamp":"2026-11-27T17:59:00Z","request_id":"01H"}"#;
        match parser.parse(traffic.as_bytes()) {
            Parsed::Request(r) => {
                assert_eq!((&*r.target, r.time, r.status), (&b"/a/b?c=1"[..], T, 200));
            }
            other => panic!("{other:?}"),
        }
        let function =
            r#"{"log_type":"functions","message":"hello","timestamp":"2026-11-27T17:59:00Z"}"#;
        assert_eq!(parser.parse(function.as_bytes()), Parsed::NotRequest);
        assert_eq!(
            parser.parse(br#"{"log_type":"traffic"}"#),
            Parsed::Malformed
        );
    }
}
