//! `render --dist DIR`: pre-renders every route of the site trunk built in DIR.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: render --dist DIR [--csp-meta]\n\n\
Writes an HTML page for every route of the site in DIR (trunk's output, with\n\
press's data/ inside), plus 404.html and the loader script as a file.\n\
--csp-meta also writes the Content-Security-Policy into every page, for\n\
hosts that cannot send it as a header.\n";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dist, csp_meta) = match args.as_slice() {
        [flag, dir] if flag == "--dist" => (PathBuf::from(dir), false),
        [flag, dir, csp] if flag == "--dist" && csp == "--csp-meta" => (PathBuf::from(dir), true),
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match broadsheet_render::render_site(&dist, csp_meta) {
        Ok(summary) => {
            eprintln!(
                "render: {} pages, {:.1} MB of HTML in {:.2} s",
                summary.pages,
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
