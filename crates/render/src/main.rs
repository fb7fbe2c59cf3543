//! `render --dist DIR`: pre-renders every route of the site trunk built in DIR.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str =
    "usage: render --dist DIR [--csp-meta] [--cache DIR] [--live-reload] [--in-place]\n\n\
Writes an HTML page for every route of the site in DIR (trunk's output, with\n\
press's data/ inside), plus 404.html and the loader script as a file.\n\
--csp-meta also writes the Content-Security-Policy into every page, for\n\
hosts that cannot send it as a header.\n\
--cache DIR keeps every page by the hash of what it is made from: a page\n\
made from the same bytes is not rendered again.\n\
--live-reload (development builds: `cargo xtask serve`) puts a script in\n\
every page that reloads it when the site is rendered again.\n\
--in-place writes into DIR itself, for a folder nobody serves yet that the\n\
caller swaps in whole (a build's own): without it, pages go into a copy of\n\
DIR that replaces it at the end, so DIR is never seen half-rendered.\n";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut dist, mut csp_meta, mut cache, mut understood) = (None, false, None, true);
    let (mut live_reload, mut in_place) = (false, false);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dist" => dist = args.next().map(PathBuf::from),
            "--csp-meta" => csp_meta = true,
            "--live-reload" => live_reload = true,
            "--in-place" => in_place = true,
            "--cache" => {
                cache = args.next().map(PathBuf::from);
                understood &= cache.is_some();
            }
            _ => understood = false,
        }
    }
    let (Some(dist), true) = (dist, understood) else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    match broadsheet_render::render_site_into(
        &dist,
        csp_meta,
        cache.as_deref(),
        live_reload,
        in_place,
    ) {
        Ok(summary) => {
            eprintln!(
                "render: {} pages ({} rendered, {} from the cache), {:.1} MB of HTML in {:.2} s",
                summary.pages,
                summary.pages - summary.cached,
                summary.cached,
                summary.bytes as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            // Values from the data are quoted in errors: never raw to the terminal.
            let message = format!("render: error: {error:#}");
            eprintln!("{}", broadsheet_model::validate::escape_hostile(&message));
            ExitCode::FAILURE
        }
    }
}
