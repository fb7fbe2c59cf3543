//! Browser end-to-end tests: nginx serves `dist/` with `deploy/nginx.conf`,
//! and Node's test runner drives Debian's Chromium through playwright-core.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{note, output, project_root, run, step, Cmd, Result};

/// A running nginx, stopped when dropped.
pub struct Nginx {
    child: Child,
    pub url: String,
}

impl Drop for Nginx {
    /// A graceful stop (SIGQUIT) lets the master take its workers down with it;
    /// a plain kill would leave them orphaned, holding the port and our stdout.
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-QUIT", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let _ = self.child.wait();
    }
}

/// Starts nginx on a free loopback port, serving `site_root` with the shipped config.
pub fn start_nginx(site_root: &Path) -> Result<Nginx> {
    start_nginx_on(site_root, free_port()?)
}

/// Serves `dist/` as production would, until interrupted.
pub fn preview() -> Result<()> {
    let dist = project_root().join("dist");
    let mut server = start_nginx_on(&dist, 8081)?;
    step(&format!(
        "Serving dist/ with deploy/nginx.conf on {} (Ctrl-C to stop)",
        server.url
    ));
    let _ = server.child.wait();
    Ok(())
}

fn start_nginx_on(site_root: &Path, port: u16) -> Result<Nginx> {
    let root = project_root();
    let work = root.join(format!("target/e2e/nginx-{port}"));
    std::fs::create_dir_all(work.join("temp")).map_err(|e| format!("{}: {e}", work.display()))?;
    let shipped = std::fs::read_to_string(root.join("deploy/nginx.conf"))
        .map_err(|e| format!("deploy/nginx.conf: {e}"))?;
    let site = shipped
        .lines()
        .map(|line| match line.trim_start() {
            l if l.starts_with("listen ") => format!("    listen 127.0.0.1:{port};"),
            l if l.starts_with("root ") => format!("    root {};", site_root.display()),
            l if l.starts_with("include ") && l.contains("redirects/nginx.map") => {
                format!("    include {}/redirects/nginx.map;", site_root.display())
            }
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(work.join("site.conf"), site).map_err(|e| format!("site.conf: {e}"))?;
    let is_root = output("id", &["-u"]).is_some_and(|uid| uid.trim() == "0");
    let temp = work.join("temp");
    let main = format!(
        "{user}worker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/error.log warn;\n{modules}events {{ worker_connections 256; }}\nhttp {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log {work}/access.log combined;\n  client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n  fastcgi_temp_path {temp}/fastcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n  scgi_temp_path {temp}/scgi;\n  sendfile on;\n  include {work}/site.conf;\n}}\n",
        user = if is_root { "user root;\n" } else { "" },
        modules = load_modules(),
        work = work.display(),
        temp = temp.display(),
    );
    let config = work.join("nginx.conf");
    std::fs::write(&config, main).map_err(|e| format!("nginx.conf: {e}"))?;
    let nginx = if Path::new("/usr/sbin/nginx").exists() {
        "/usr/sbin/nginx"
    } else {
        "nginx"
    };
    let child = Command::new(nginx)
        .arg("-p")
        .arg(&work)
        .arg("-c")
        .arg(&config)
        .args(["-g", "daemon off;"])
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start nginx: {e}"))?;
    let server = Nginx {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            let log = std::fs::read_to_string(work.join("error.log")).unwrap_or_default();
            return Err(format!("nginx did not start on port {port}:\n{log}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(server)
}

/// Debian's module snippets use paths relative to nginx's own prefix, so load them by absolute path.
fn load_modules() -> String {
    let brotli = Path::new("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so");
    if brotli.exists() {
        format!("load_module {};\n", brotli.display())
    } else {
        String::new()
    }
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

pub fn run_against_dist() -> Result<()> {
    let dist = project_root().join("dist");
    if !dist.join("index.html").exists() {
        return Err("dist/ is missing; run `cargo xtask dist` first".into());
    }
    step("Browser end-to-end tests (nginx + Chromium via playwright-core)");
    let server = start_nginx(&dist)?;
    note(&format!("nginx serves dist/ on {}", server.url));
    run(Cmd::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(["tests/e2e/", "tests/layout/"])
        .env("BROADSHEET_URL", &server.url))
}

/// The layout tests (`tests/layout/`) again, on a generated archive with no
/// pictures and very long headlines and standfirsts (`press generate --long`):
/// the shapes a real archive has and the sample site does not.
pub fn run_layout_on_generated() -> Result<()> {
    step("Layouts on a generated text-only archive with very long headlines");
    let root = project_root();
    let work = root.join("target/layout-e2e");
    let content = work.join("content");
    // Only this task writes here.
    let _ = std::fs::remove_dir_all(&work);
    crate::util::build_native_tools()?;
    run(
        Cmd::new(root.join("target/native/press").to_string_lossy().as_ref())
            .args([
                "generate",
                "--articles",
                "300",
                "--seed",
                "7",
                "--long",
                "--out",
            ])
            .arg(&content),
    )?;
    crate::build_site(&content, &work.join("www"))?;
    // A newsroom's own content gets no ranking made from a generated log.
    check_popular_source(&work.join("www"), broadsheet_model::PopularSource::Latest)?;
    let server = start_nginx(&work.join("www"))?;
    note(&format!(
        "nginx serves the generated site on {}",
        server.url
    ));
    run(Cmd::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .arg("tests/layout/")
        .env("BROADSHEET_URL", &server.url)
        .env("BROADSHEET_DIST", work.join("www")))
}

/// Which "Most popular" a built site shows (`xtask/hooks/content.sh`): the
/// sample site's is counted from its generated log; any other content's is
/// the stand-in, the newest stories marked as such, until real logs are
/// given (`BROADSHEET_LOGS`).
pub fn check_popular_source(www: &Path, wanted: broadsheet_model::PopularSource) -> Result<()> {
    let file = www.join(broadsheet_model::paths::POPULAR_JSON);
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let popular: broadsheet_model::Popular =
        broadsheet_model::page::decode(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    if popular.source != wanted {
        return Err(format!(
            "{}: \"Most popular\" is {:?}, not {wanted:?} (xtask/hooks/content.sh)",
            file.display(),
            popular.source
        ));
    }
    Ok(())
}

/// Camera photos the picture tests give the sample's stories: (name, size,
/// EXIF orientation). `b` was taken with the camera on its side.
const CAMERA_PHOTOS: &[(&str, &str, &str)] = &[
    ("photo-a.jpg", "4000x3000", "1"),
    ("photo-b.jpg", "4000x3000", "6"),
    ("photo-c.jpg", "3000x2000", "1"),
];

/// The sample site with camera photos: every hero is one of
/// [`CAMERA_PHOTOS`] (4000 × 3000 JPEGs with GPS tags), and every story with
/// a hero also has a figure taken sideways. Served by nginx; the browser
/// tests in `tests/pictures/` check what a reader's browser does with them.
pub fn run_pictures() -> Result<()> {
    step("Pictures: the sample site with camera photos, in the browser");
    let root = project_root();
    let work = root.join("target/pictures-e2e");
    let content = work.join("content");
    let _ = std::fs::remove_dir_all(&work);
    copy_dir(&root.join("content"), &content)?;
    for (i, (name, size, orientation)) in CAMERA_PHOTOS.iter().enumerate() {
        camera_photo(&content.join("images").join(name), size, orientation, i + 1)?;
    }
    let given = give_heroes(
        &content,
        &["photo-a.jpg", "photo-c.jpg"],
        Some("photo-b.jpg"),
    )?;
    note(&format!("{given} stories show camera photos"));
    crate::build_site(&content, &work.join("www"))?;
    let server = start_nginx(&work.join("www"))?;
    note(&format!("nginx serves the site on {}", server.url));
    run(Cmd::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .arg("tests/pictures/")
        .env("BROADSHEET_URL", &server.url)
        .env("BROADSHEET_DIST", work.join("www")))
}

/// A camera's photo at `path`: `size` of fine detail (plasma fractal, a few
/// MB), with an EXIF orientation, a GPS position and a serial number.
pub fn camera_photo(path: &Path, size: &str, orientation: &str, seed: usize) -> Result<()> {
    let path = path.to_string_lossy();
    let seed = seed.to_string();
    run(Cmd::new("convert").args([
        "-size",
        size,
        "plasma:fractal",
        "-seed",
        &seed,
        "-quality",
        "92",
        &path,
    ]))?;
    run(Cmd::new("exiftool").args([
        "-q",
        "-overwrite_original",
        "-n",
        &format!("-Orientation={orientation}"),
        "-GPSLatitude=52.518611",
        "-GPSLatitudeRef=N",
        "-GPSLongitude=13.408333",
        "-GPSLongitudeRef=E",
        "-SerialNumber=BSH-CAMERA-SERIAL-0042",
        &path,
    ]))
}

/// Every story of `content` that has a hero gets one of `heroes` (from
/// `images/`, in turn) instead, and `figure` at the end of its body if
/// given. Returns how many stories it changed.
pub fn give_heroes(content: &Path, heroes: &[&str], figure: Option<&str>) -> Result<usize> {
    let articles = content.join("articles");
    let mut files: Vec<_> = std::fs::read_dir(&articles)
        .map_err(|e| format!("{}: {e}", articles.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut given = 0;
    for file in files {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let Some(start) = text.find("[hero]\nsrc = \"") else {
            continue;
        };
        let start = start + "[hero]\nsrc = \"".len();
        let Some(length) = text[start..].find('"') else {
            continue;
        };
        let photo = heroes[given % heroes.len()];
        given += 1;
        let figure = figure.map_or(String::new(), |figure| format!(
            "\n\n![A harbour crane seen from below, taken with the camera on its side](/images/{figure} \"The crane from the quay | Photo: Broadsheet\")"
        ));
        let edited = format!(
            "{}/images/{photo}{}{figure}\n",
            &text[..start],
            text[start + length..].trim_end()
        );
        std::fs::write(&file, edited).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    Ok(given)
}

/// What the sub-path site changes in the sample's `site.toml`; the tests in
/// `tests/subpath/` check that every page, feed and JSON-LD follows.
const SUB_PATH_IDENTITY: &[(&str, &str)] = &[
    ("base_url", "https://broadsheet.example/news"),
    ("name", "The Tidewater Gazette"),
    ("tagline", "Local news from the estuary"),
    ("language", "en-GB"),
];

/// The site built for a sub-path (`base_url = "https://broadsheet.example/news"`)
/// and another identity, served by nginx at `/news/`, and the browser tests in
/// `tests/subpath/`.
pub fn run_under_sub_path() -> Result<()> {
    step("Sub-path hosting: the sample site built for /news/ and browsed there");
    let root = project_root();
    let work = root.join("target/subpath");
    let content = work.join("content");
    let _ = std::fs::remove_dir_all(&work);
    copy_dir(&root.join("content"), &content)?;
    // The same stories under another identity: the sub-path is one setting,
    // and the name, tagline and language come from site.toml alone.
    let mut site = crate::util::site_toml(&content)?;
    for (key, value) in SUB_PATH_IDENTITY {
        site.insert((*key).to_owned(), toml::Value::String((*value).to_owned()));
    }
    let file = content.join("site.toml");
    std::fs::write(&file, site.to_string()).map_err(|e| format!("{}: {e}", file.display()))?;
    crate::build_site(&content, &work.join("www/news"))?;
    // The shipped config answers 404s with /404.html; a site under /news/ sets
    // `error_page 404 /news/404.html` instead (docs/deploy.md). Same page here.
    std::fs::copy(work.join("www/news/404.html"), work.join("www/404.html"))
        .map_err(|e| format!("404.html: {e}"))?;
    // Likewise the redirect map: its paths already carry /news; a sub-path
    // site points the include at `<root>/news/redirects/nginx.map`.
    std::fs::create_dir_all(work.join("www/redirects")).map_err(|e| e.to_string())?;
    std::fs::copy(
        work.join("www/news/redirects/nginx.map"),
        work.join("www/redirects/nginx.map"),
    )
    .map_err(|e| format!("redirects/nginx.map: {e}"))?;
    let server = start_nginx(&work.join("www"))?;
    note(&format!("nginx serves the site on {}/news/", server.url));
    run(Cmd::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .arg("tests/subpath/")
        .env("BROADSHEET_URL", format!("{}/news", server.url)))
}

/// The fixture sites in other languages (`tests/fixtures/languages/`) that
/// the browser tests visit: German, Arabic (right to left) and Japanese.
/// French is checked natively (crates/press/tests), as all four are.
const LANGUAGE_SITES: &[&str] = &["de", "ar", "ja"];

/// Each site of [`LANGUAGE_SITES`] built, served by nginx, and visited by
/// `tests/languages/` (the interface's words, direction, search, axe) and
/// the layout tests at 360, 768 and 1280 px.
pub fn run_languages() -> Result<()> {
    let root = project_root();
    for language in LANGUAGE_SITES {
        step(&format!("A site in another language: {language}"));
        let content = root.join("tests/fixtures/languages").join(language);
        let www = root.join("target/languages").join(language);
        // Only this task writes here.
        let _ = std::fs::remove_dir_all(&www);
        crate::build_site(&content, &www)?;
        let server = start_nginx(&www)?;
        note(&format!(
            "nginx serves the {language} site on {}",
            server.url
        ));
        run(Cmd::new("node")
            .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
            .args(["tests/languages/", "tests/layout/"])
            .env("BROADSHEET_URL", &server.url)
            .env("BROADSHEET_DIST", &www)
            .env("BROADSHEET_FIXTURE", &content))?;
    }
    Ok(())
}

pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        let relative = entry.path().strip_prefix(from).map_err(|e| e.to_string())?;
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
        } else {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("{}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Serves `dist/` and writes screenshots of every page kind into
/// `target/screenshots/<site name>/` (tests/layout/screenshots.mjs).
pub fn screenshots() -> Result<()> {
    let dist = project_root().join("dist");
    if !dist.join("index.html").exists() {
        return Err("dist/ is missing; run `cargo xtask dist` first".into());
    }
    step("Screenshots of every page kind at 360, 768 and 1280 px, light and dark");
    let server = start_nginx(&dist)?;
    run(Cmd::new("node")
        .arg("tests/layout/screenshots.mjs")
        .env("BROADSHEET_URL", &server.url))
}

/// The counting rules shipped as SQL (deploy/analytics/) against `press
/// popular`, in DuckDB (npm `@duckdb/node-api`): tests/analytics/.
pub fn run_analytics() -> Result<()> {
    step("Most popular on an analytics engine: deploy/analytics/*.sql in DuckDB against press popular");
    crate::util::build_native_tools()?;
    run(Cmd::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .arg("tests/analytics/")
        .env(
            "BROADSHEET_PRESS",
            project_root().join("target/native/press"),
        ))
}
