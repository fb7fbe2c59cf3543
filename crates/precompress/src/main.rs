//! `precompress DIR [--cache DIR]`: `.br` and `.gz` beside every text file
//! of a built site (see the library).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let mut site = None;
    let mut cache = None;
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--cache") => cache = args.next().map(PathBuf::from),
            Some("-h" | "--help") => {
                println!("usage: precompress SITE [--cache DIR]\n\nWrites SITE/**/x.br and x.gz beside every text file (HTML, CSS, JS, WebAssembly, JSON, XML, SVG, text).\nBytes compressed before are taken from the cache (default: SITE/../.precompress-cache).");
                return ExitCode::SUCCESS;
            }
            _ if site.is_none() => site = Some(PathBuf::from(arg)),
            _ => {
                eprintln!("precompress: unexpected argument {arg:?} (see --help)");
                return ExitCode::from(2);
            }
        }
    }
    let Some(site) = site else {
        eprintln!("precompress: which folder? (see --help)");
        return ExitCode::from(2);
    };
    let cache = cache.unwrap_or_else(|| broadsheet_precompress::default_cache(&site));
    match broadsheet_precompress::precompress(&site, &cache) {
        Ok(report) => {
            println!(
                "precompress: {} files, {} compressed, {} from the cache, in {:.2?} ({:.1} MB in; {:.1} MB compressed to {:.1} MB brotli)",
                report.files,
                report.compressed,
                report.cached,
                report.time,
                report.bytes_in as f64 / 1e6,
                report.bytes_compressed as f64 / 1e6,
                report.bytes_brotli as f64 / 1e6,
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("precompress: {error:#}");
            ExitCode::FAILURE
        }
    }
}
