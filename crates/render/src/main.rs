//! `render --dist DIR`: pre-renders every route of the site trunk built in DIR.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: render --dist DIR\n\n\
Writes an HTML page for every route of the site in DIR (trunk's output, with\n\
press's data/ inside), plus 404.html and the loader script as a file.\n";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dist = match args.as_slice() {
        [flag, dir] if flag == "--dist" => PathBuf::from(dir),
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match broadsheet_render::render_site(&dist) {
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
            eprintln!("render: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
