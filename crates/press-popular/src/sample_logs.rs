//! `press sample-logs`: an access log with a known true ranking, for the
//! default site's "Most popular" box, for tests and for throughput benchmarks.
//!
//! Article `r` in a fixed shuffled order gets `A / (r + 1)^0.8` distinct
//! readers, each of whom reads it one to three times. Around them the log
//! holds the noise a real one has: crawlers (aimed at unpopular stories, to
//! tempt a naive counter), POSTs, errors, assets and data files, section
//! pages, malformed lines, and views older than the window. The true ranking
//! (distinct readers per article) is written beside the log as JSON.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;

use press_content::random::Random;
use press_logs::LogFormat;

const BROWSERS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
];
const BOTS: &[&str] = &[
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "facebookexternalhit/1.1",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

#[derive(Debug, Serialize)]
pub struct TruthEntry {
    pub url: String,
    pub readers: u64,
}

/// Writes about `lines` log lines ending at `end` (over the 24 hours before it).
/// `urls` are the site's article URLs. Returns the true ranking.
pub fn write(
    urls: &[String],
    out: &Path,
    format: &LogFormat,
    lines: u64,
    seed: u64,
    end: DateTime<Utc>,
) -> Result<Vec<TruthEntry>> {
    if matches!(format, LogFormat::Pattern(_)) {
        anyhow::bail!("sample logs are written in combined, cloudfront, cloudflare or netlify");
    }
    let mut random = Random(seed);
    let mut order: Vec<usize> = (0..urls.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, random.below(i as u64 + 1) as usize);
    }
    // 80 % of lines are real reads, two per reader on average.
    let harmonic: f64 = (0..urls.len())
        .map(|r| 1.0 / ((r + 1) as f64).powf(0.8))
        .sum();
    let scale = (lines as f64 * 0.8 / 2.0 / harmonic.max(1e-9)).max(1.0);
    let readers: Vec<u64> = (0..urls.len())
        .map(|r| (scale / ((r + 1) as f64).powf(0.8)).floor() as u64)
        .collect();

    // `-`: standard output, for streaming a log of any size into `press
    // popular --logs -` without storing it; no truth file is written.
    let to_stdout = out.as_os_str() == "-";
    let mut writer: Box<dyn Write> = if to_stdout {
        Box::new(std::io::BufWriter::with_capacity(
            1 << 20,
            std::io::stdout().lock(),
        ))
    } else {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create", parent.display()))?;
        }
        // Replace only a sample log press made (its truth file beside it), never a real log.
        if out.exists() && !truth_path(out).exists() {
            anyhow::bail!(
                "{}: refusing to overwrite a file that is not a sample log press wrote (no {} beside it)",
                out.display(),
                truth_path(out).display()
            );
        }
        let file = std::fs::File::create(out)
            .with_context(|| format!("{}: cannot create log", out.display()))?;
        if out.extension().is_some_and(|e| e == "gz") {
            Box::new(flate2::write::GzEncoder::new(
                std::io::BufWriter::with_capacity(1 << 20, file),
                flate2::Compression::fast(),
            ))
        } else {
            Box::new(std::io::BufWriter::with_capacity(1 << 20, file))
        }
    };
    if *format == LogFormat::CloudFront {
        writer.write_all(CLOUDFRONT_HEADER.as_bytes())?;
    }
    let end_seconds = end.timestamp();
    let mut line = String::with_capacity(512);
    let mut noise_budget = 0.0;
    for (rank, &article) in order.iter().enumerate() {
        let url = &urls[article];
        for reader in 0..readers[rank] {
            let address = format!(
                "10.{}.{}.{}",
                (reader >> 16) & 255,
                (reader >> 8) & 255,
                reader & 255
            );
            let agent = BROWSERS[(reader % BROWSERS.len() as u64) as usize];
            for _ in 0..1 + random.below(3) {
                let time = end_seconds - random.below(23 * 3600) as i64 - 60;
                let status = if random.below(10) == 0 { 304 } else { 200 };
                let query = if random.below(5) == 0 {
                    "?utm_source=newsletter"
                } else {
                    ""
                };
                entry(
                    &mut line,
                    format,
                    &address,
                    time,
                    "GET",
                    &format!("{url}{query}"),
                    status,
                    agent,
                );
                writer.write_all(line.as_bytes())?;
                noise_budget += 0.25;
                while noise_budget >= 1.0 {
                    noise_budget -= 1.0;
                    noise(&mut line, format, &mut random, urls, &order, end_seconds);
                    writer.write_all(line.as_bytes())?;
                }
            }
        }
    }
    writer.flush()?;
    drop(writer);
    let mut truth: Vec<TruthEntry> = order
        .iter()
        .enumerate()
        .filter(|(rank, _)| readers[*rank] > 0)
        .map(|(rank, &article)| TruthEntry {
            url: urls[article].clone(),
            readers: readers[rank],
        })
        .collect();
    truth.sort_by_key(|entry| std::cmp::Reverse(entry.readers));
    if to_stdout {
        return Ok(truth);
    }
    let truth_path = truth_path(out);
    std::fs::write(&truth_path, serde_json::to_vec_pretty(&truth)?)
        .with_context(|| format!("{}: cannot write", truth_path.display()))?;
    Ok(truth)
}

pub fn truth_path(log: &Path) -> std::path::PathBuf {
    let mut name = log.as_os_str().to_owned();
    name.push(".truth.json");
    name.into()
}

/// CloudFront's two header lines, with the fields of its standard logs.
const CLOUDFRONT_HEADER: &str = "#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end\n";

/// What CloudFront encodes in the user agent it logs: controls, space and
/// the characters that would break the line or the encoding.
const CLOUDFRONT_AGENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'%')
    .add(b'\\')
    .add(b'<')
    .add(b'>');

/// One request, as a host in `format` logs it.
#[allow(clippy::too_many_arguments)]
fn entry(
    line: &mut String,
    format: &LogFormat,
    address: &str,
    time: i64,
    method: &str,
    target: &str,
    status: u16,
    agent: &str,
) {
    line.clear();
    let when = DateTime::from_timestamp(time, 0).unwrap_or_default();
    let bytes = 1000 + time % 40_000;
    use chrono::{Datelike, Timelike};
    match format {
        LogFormat::Combined | LogFormat::Pattern(_) => {
            let _ = writeln!(
                line,
                "{address} - - [{:02}/{}/{:04}:{:02}:{:02}:{:02} +0000] \"{method} {target} HTTP/1.1\" {status} {bytes} \"-\" \"{agent}\"",
                when.day(),
                MONTHS[when.month0() as usize],
                when.year(),
                when.hour(),
                when.minute(),
                when.second(),
            );
        }
        LogFormat::CloudFront => {
            let (stem, query) = target.split_once('?').unwrap_or((target, "-"));
            let agent = percent_encoding::utf8_percent_encode(agent, CLOUDFRONT_AGENT);
            let _ = writeln!(
                line,
                "{}\t{}\tLHR62-C2\t{bytes}\t{address}\t{method}\td111111abcdef8.cloudfront.net\t{stem}\t{status}\t-\t{agent}\t{query}\t-\tHit\tsample{time}\tbroadsheet.example\thttps\t310\t0.002\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\tHit\tHTTP/2.0\t-\t-\t51234\t0.001\tHit\ttext/html\t{bytes}\t-\t-",
                when.format("%Y-%m-%d"),
                when.format("%H:%M:%S"),
            );
        }
        LogFormat::Cloudflare => {
            let record = serde_json::json!({
                "ClientIP": address,
                "ClientRequestHost": "broadsheet.example",
                "ClientRequestMethod": method,
                "ClientRequestURI": target,
                "EdgeResponseStatus": status,
                "EdgeStartTimestamp": time * 1_000_000_000 + 123_456_789,
                "ClientRequestUserAgent": agent,
                "RayID": format!("{time:x}"),
            });
            let _ = writeln!(line, "{record}");
        }
        LogFormat::Netlify => {
            let record = serde_json::json!({
                "log_type": "traffic",
                "client_ip": address,
                "method": method,
                "url": target,
                "status_code": status,
                "user_agent": agent,
                "timestamp": when.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                "request_id": format!("01SAMPLE{time:x}"),
                "site_id": "sample",
                "response_size": bytes,
            });
            let _ = writeln!(line, "{record}");
        }
    }
}

/// One line of the kind a counter must ignore.
fn noise(
    line: &mut String,
    format: &LogFormat,
    random: &mut Random,
    urls: &[String],
    order: &[usize],
    end: i64,
) {
    let time = end - random.below(23 * 3600) as i64 - 60;
    // The least popular stories: crawlers and stale views there would change the ranking if counted.
    let unpopular =
        &urls[order[order.len() - 1 - random.below(order.len().min(5) as u64) as usize]];
    let address = format!("192.0.2.{}", random.below(250));
    let browser = BROWSERS[random.below(BROWSERS.len() as u64) as usize];
    match random.below(9) {
        0 | 1 => {
            let bot = BOTS[random.below(BOTS.len() as u64) as usize];
            entry(line, format, &address, time, "GET", unpopular, 200, bot)
        }
        2 => entry(
            line, format, &address, time, "POST", unpopular, 200, browser,
        ),
        3 => entry(
            line,
            format,
            &address,
            time,
            "GET",
            unpopular,
            [404, 500, 301][random.below(3) as usize],
            browser,
        ),
        4 => {
            let asset = [
                "/broadsheet-1a2b3c.wasm",
                "/main-9f8e.css",
                "/images/harbour.svg",
                "/favicon.svg",
            ][random.below(4) as usize];
            entry(line, format, &address, time, "GET", asset, 200, browser)
        }
        5 => entry(
            line,
            format,
            &address,
            time,
            "GET",
            &format!("/data/articles{unpopular}.json"),
            200,
            browser,
        ),
        6 => entry(
            line,
            format,
            &address,
            time,
            "GET",
            ["/", "/world", "/sport/page/2", "/feeds/all.xml"][random.below(4) as usize],
            200,
            browser,
        ),
        7 => {
            line.clear();
            line.push_str(
                [
                    "-\n",
                    "not a log line at all\n",
                    "10.0.0.1 - - [garbled\n",
                    "\n",
                ][random.below(4) as usize],
            );
        }
        _ => {
            // A real read, but two to five days old: outside a 24-hour window.
            let old = end - (2 + random.below(3) as i64) * 86_400;
            entry(
                line,
                format,
                &format!("10.99.{}.{}", random.below(250), random.below(250)),
                old,
                "GET",
                unpopular,
                200,
                browser,
            )
        }
    }
}
