//! The page trunk built (`dist/index.html`), turned into a template: its
//! inline loader script moves to a hashed file (so the Content-Security-Policy
//! needs no 'unsafe-inline'), and the title, description and body become slots.

use std::hash::Hasher as _;

use anyhow::{bail, Context, Result};
use broadsheet_model::Site;

use broadsheet_model::rules::escape_markup;

use crate::head::script_safe_json;

/// The Content-Security-Policy for every page: scripts only from the site,
/// WebAssembly compiled from them, no inline script or style. Hosts that can
/// send headers send it with `frame-ancestors 'none'` added (deploy/).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' https: data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

/// Marks a page written by this crate, so a second run refuses to use one as the template.
pub const GENERATOR: &str = r#"<meta name="generator" content="broadsheet-render">"#;

/// trunk's page, cut at the slots.
#[derive(Debug, Clone)]
pub struct Shell {
    /// Up to where the page's own head tags go.
    head_start: String,
    /// From there up to and including `<body>`.
    head_end: String,
    /// `</body>` and after.
    tail: String,
    /// The loader script as a file: name (at the site root) and contents.
    pub boot_script: (String, String),
    /// Where the site is hosted: `/`, or `/news/` (trunk's public URL).
    pub public_url: String,
}

/// A JSON file embedded in the page, so the app does not fetch it again.
pub struct Embedded<'a> {
    /// Site-relative path, e.g. `data/front.json`.
    pub path: &'a str,
    pub text: &'a str,
}

/// The development build's reload script and the stamp it watches.
pub const LIVE_RELOAD: &str = "_live/reload.js";
pub const LIVE_STAMP: &str = "_live/build";

impl Shell {
    /// `csp_meta`: also put the policy in a `<meta http-equiv>`, for hosts
    /// that cannot send headers (GitHub Pages). The site's identity replaces
    /// the template's: `<html lang dir>` and the feed link's title.
    pub fn parse(html: &str, csp_meta: bool, site: &Site) -> Result<Shell> {
        if html.contains(GENERATOR) {
            bail!("index.html is already a pre-rendered page: run `trunk build` again first");
        }
        let mut html = html.to_owned();

        let html_open = html.find("<html").context("index.html: no <html>")?;
        let html_close = html_open
            + html[html_open..]
                .find('>')
                .context("index.html: <html> is not closed")?;
        html.replace_range(
            html_open..=html_close,
            &format!(
                r#"<html lang="{}" dir="{}">"#,
                escape_markup(&site.language),
                site.direction()
            ),
        );
        let feed = r#"type="application/atom+xml" title=""#;
        if let Some(start) = html.find(feed).map(|i| i + feed.len()) {
            let end = start
                + html[start..]
                    .find('"')
                    .context("index.html: broken feed link")?;
            html.replace_range(start..end, &escape_markup(&site.name));
        }

        let preloads = take_preloads(&mut html)?;
        // The loader: `<script type="module">import init … from '/app-….js'; …</script>`.
        let open = r#"<script type="module">"#;
        let start = html
            .find(open)
            .context("index.html: no inline `<script type=\"module\">` loader from trunk")?;
        let end = start
            + html[start..]
                .find("</script>")
                .context("index.html: the loader script is not closed")?;
        let code = html[start + open.len()..end].trim().to_owned() + "\n";
        let public_url = public_url(&code)
            .context("index.html: the loader imports no module")?
            .to_owned();
        let code = with_prelude(&code, &preloads);
        // 64-bit FNV-1a: a stable content hash for the loader's file name.
        let mut hash = fnv::FnvHasher::default();
        hash.write(code.as_bytes());
        let name = format!("boot-{:016x}.js", hash.finish());
        let tag = format!(r#"<script type="module" src="{public_url}{name}"></script>"#);
        html.replace_range(start..end + "</script>".len(), &tag);

        // Site-absolute links of the template (icon, feed) follow the site to its sub-path.
        if public_url != "/" {
            let head_end = html.find("</head>").unwrap_or(html.len());
            let head = html[..head_end]
                .replace(r#"href="/"#, &format!(r#"href="{public_url}"#))
                .replace(
                    &format!(r#"href="{public_url}{}"#, &public_url[1..]),
                    &format!(r#"href="{public_url}"#),
                );
            html.replace_range(..head_end, &head);
        }

        // The default title and description are replaced per page.
        let title_start = html.find("<title>").context("index.html: no <title>")?;
        let title_end = title_start
            + html[title_start..]
                .find("</title>")
                .context("index.html: <title> is not closed")?
            + "</title>".len();
        html.replace_range(title_start..title_end, "");
        if let Some(start) = html.find(r#"<meta name="description""#) {
            let end = start + html[start..].find('>').context("index.html: broken meta")? + 1;
            html.replace_range(start..end, "");
        }

        let csp = if csp_meta {
            format!("  <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n")
        } else {
            String::new()
        };
        let base_meta = format!("  <meta name=\"broadsheet-base\" content=\"{public_url}\">\n");
        let body_open = html.find("<body>").context("index.html: no <body>")? + "<body>".len();
        let body_close = html.rfind("</body>").context("index.html: no </body>")?;
        Ok(Shell {
            head_start: html[..title_start].trim_end().to_owned() + "\n",
            head_end: format!(
                "  {GENERATOR}\n{base_meta}{csp}{}",
                html[title_start..body_open].trim_start()
            ),
            tail: html[body_close..].to_owned(),
            boot_script: (name, code),
            public_url,
        })
    }

    /// The search module's start-up file: trunk's glue for it (a classic
    /// script that defines `wasm_bindgen`, built as a "worker" so that trunk
    /// loads it nowhere), then the call that starts the module from
    /// `wasm_name`, named by its content's hash. Every page names it in
    /// `<meta name="broadsheet-search">` (its WebAssembly in `data-wasm`, for
    /// the preload), which the app's search page loads. A module that fails to start marks the search page's placeholder
    /// `data-state="failed"`, which shows its message.
    pub fn add_search_module(&mut self, glue: &str, wasm_name: &str) -> (String, String) {
        let public_url = &self.public_url;
        let code = format!(
            "{glue}\n;wasm_bindgen({{ module_or_path: \"{public_url}{wasm_name}\" }}).catch(function (error) {{\n  var root = window.broadsheet && window.broadsheet.searchRoot;\n  if (root) root.setAttribute(\"data-state\", \"failed\");\n  console.error(error);\n}});\n"
        );
        let name = format!("search-boot-{:016x}.js", content_hash(code.as_bytes()));
        let base_meta = format!("  <meta name=\"broadsheet-base\" content=\"{public_url}\">\n");
        let with_search = format!(
            "{base_meta}  <meta name=\"broadsheet-search\" content=\"{public_url}{name}\" data-wasm=\"{public_url}{wasm_name}\">\n"
        );
        self.head_end = self.head_end.replacen(&base_meta, &with_search, 1);
        (name, code)
    }

    /// Development builds (`cargo xtask serve`): every page loads
    /// `_live/reload.js`, which reloads it when `_live/build` changes.
    /// Returns the files to write: the script, and the build's stamp
    /// (`stamp`, different for every build).
    pub fn add_live_reload(&mut self, stamp: &str) -> [(String, String); 2] {
        let public_url = &self.public_url;
        self.head_end = self.head_end.replacen(
            "</head>",
            &format!(
                "  <script type=\"module\" src=\"{public_url}{LIVE_RELOAD}\"></script>\n</head>"
            ),
            1,
        );
        [
            (
                LIVE_RELOAD.to_owned(),
                include_str!("live_reload.js").to_owned(),
            ),
            (LIVE_STAMP.to_owned(), format!("{stamp}\n")),
        ]
    }

    /// A whole page: its head tags, its body rendered for `pathname`, and
    /// the data files it shows. `<div id="app">` says the path its nodes
    /// were rendered for (`data-path`): the app hydrates them only on that
    /// page (a host answering another URL with this page, as `404.html` or
    /// an SPA fallback, gets the take-over).
    pub fn page(&self, head: &str, pathname: &str, body: &str, embedded: &[Embedded]) -> String {
        let mut page = String::with_capacity(
            self.head_start.len() + head.len() + body.len() * 2 + self.tail.len() + 256,
        );
        page.push_str(&self.head_start);
        page.push_str(head);
        page.push_str(&self.head_end);
        page.push_str("\n<div id=\"app\" class=\"app-root\" data-path=\"");
        page.push_str(&broadsheet_model::rules::escape_markup(pathname));
        page.push_str("\">");
        page.push_str(body);
        page.push_str("</div>\n");
        for file in embedded {
            page.push_str(r#"<script type="application/json" data-broadsheet-file=""#);
            page.push_str(file.path);
            page.push_str("\">");
            page.push_str(&script_safe_json(file.text.trim_end()));
            page.push_str("</script>\n");
        }
        page.push_str(&self.tail);
        page
    }
}

/// What the pre-rendered page needs before the app runs (`prelude.js`),
/// then trunk's loader. The loader's static import becomes a dynamic one,
/// so the prelude runs as soon as this file arrives, not after the app's
/// JavaScript. A loader of another shape keeps its code and gets the prelude
/// in front of it (then it runs once the imports are in).
fn with_prelude(loader: &str, preloads: &str) -> String {
    const PRELUDE: &str = include_str!("prelude.js");
    // Its comments are for the source, not for every reader's download.
    let prelude: String = PRELUDE
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .map(|line| format!("{}\n", line.trim_start()))
        .collect();
    let import = "import init, * as bindings from '";
    let loader = match loader.strip_prefix(import).and_then(|rest| {
        let (module, rest) = rest.split_once('\'')?;
        let rest = rest.strip_prefix(';')?;
        Some(format!(
            "const bindings = await import('{module}');\nconst init = bindings.default;{rest}"
        ))
    }) {
        Some(dynamic) => dynamic,
        None => loader.to_owned(),
    };
    format!("{prelude}{preloads}{loader}")
}

/// trunk's `<link rel="modulepreload">` and `<link rel="preload">` (the
/// app's JavaScript and WebAssembly), taken out of the head and returned as
/// loader code that adds the same links after the first paint. In the head,
/// the WebAssembly's download shares the connection with what the first
/// paint needs, and Lighthouse's simulation counts it before the LCP.
fn take_preloads(html: &mut String) -> Result<String> {
    let head_end = html.find("</head>").context("index.html: no </head>")?;
    let mut links = Vec::new();
    let mut kept = String::with_capacity(html.len());
    let mut rest = &html[..head_end];
    while let Some(start) = rest.find("<link ") {
        let end = start
            + rest[start..]
                .find('>')
                .context("index.html: a <link> in the head is not closed")?
            + 1;
        let tag = &rest[start..end];
        if matches!(attribute(tag, "rel"), Some("modulepreload" | "preload")) {
            let fields: Vec<String> = ["rel", "href", "integrity", "as", "type"]
                .iter()
                .map(|name| js_string(attribute(tag, name).unwrap_or("")))
                .collect();
            links.push(format!("[{}]", fields.join(", ")));
            // The tag goes with the indentation before it and the line break after it.
            kept.push_str(rest[..start].trim_end_matches([' ', '\t']));
            rest = rest[end..].strip_prefix('\n').unwrap_or(&rest[end..]);
        } else {
            kept.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    kept.push_str(rest);
    html.replace_range(..head_end, &kept);
    if links.is_empty() {
        return Ok(String::new());
    }
    Ok(format!(
        "for (const [rel, href, integrity, as, type] of [{}]) {{\nconst link = document.createElement('link');\nlink.rel = rel;\nlink.href = href;\nlink.crossOrigin = 'anonymous';\nif (integrity) link.integrity = integrity;\nif (as) link.as = as;\nif (type) link.type = type;\ndocument.head.append(link);\n}}\n",
        links.join(", ")
    ))
}

/// The value of a tag's attribute, written `name="value"` as trunk writes them.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// A JavaScript string literal (JSON's is one), safe inside a script file.
fn js_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// 64-bit FNV-1a: a stable content hash for file names.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut hash = fnv::FnvHasher::default();
    hash.write(bytes);
    hash.finish()
}

/// `/` or `/news/`: where the loader imports the app module from.
fn public_url(code: &str) -> Option<&str> {
    let from = code.find("from '")? + "from '".len();
    let module = &code[from..from + code[from..].find('\'')?];
    Some(&module[..=module.rfind('/')?])
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Broadsheet</title>
  <link rel="alternate" type="application/atom+xml" title="Broadsheet" href="/feeds/all.xml">
  <meta name="description" content="Default.">
  <link rel="stylesheet" href="/news/main-0123456789abcdef.css">
<link rel="modulepreload" href="/news/app-0123456789abcdef.js" crossorigin="anonymous" integrity="sha384-abc+/=">
<link rel="preload" href="/news/app-0123456789abcdef_bg.wasm" crossorigin="anonymous" integrity="sha384-def" as="fetch" type="application/wasm">
<script type="module">
import init, * as bindings from '/news/app-0123456789abcdef.js';
const wasm = await init({ module_or_path: '/news/app-0123456789abcdef_bg.wasm' });
</script>
</head>
<body>
  <noscript>JavaScript needed.</noscript>
</body>
</html>"#;

    fn site() -> Site {
        Site {
            schema_version: 1,
            name: "The \"Tidewater\" Gazette".into(),
            tagline: String::new(),
            description: String::new(),
            language: "fr-CA".into(),
            base_url: "https://example.org/news".into(),
            sections: Vec::new(),
            ..Site::default()
        }
    }

    #[test]
    fn the_sites_identity_replaces_the_templates() {
        let page = Shell::parse(TRUNK, false, &site())
            .unwrap()
            .page("", "/", "", &[]);
        assert!(page.contains(r#"<html lang="fr-CA" dir="ltr">"#), "{page}");
        assert!(
            page.contains(
                r#"title="The &quot;Tidewater&quot; Gazette" href="/news/feeds/all.xml""#
            ),
            "{page}"
        );
        assert!(!page.contains("Broadsheet"));
    }

    #[test]
    fn moves_the_loader_to_a_file_and_fills_the_slots() {
        let shell = Shell::parse(TRUNK, true, &site()).unwrap();
        let (name, code) = &shell.boot_script;
        assert!(name.starts_with("boot-") && name.ends_with(".js") && name.len() == 24);
        assert!(
            code.starts_with("{\n") && code.contains("_bg.wasm"),
            "{code}"
        );
        assert!(
            !code.contains("// "),
            "the prelude's comments stay in the source: {code}"
        );
        assert!(code.contains(".masthead-date"), "{code}");
        assert!(
            code.contains(
                "const bindings = await import('/news/app-0123456789abcdef.js');\nconst init = bindings.default;\nconst wasm = await init("
            ),
            "{code}"
        );
        assert!(
            !code.contains("\nimport "),
            "no static import is left: {code}"
        );
        let preloads = code
            .find(r#"of [["modulepreload", "/news/app-0123456789abcdef.js", "sha384-abc+/=", "", ""], ["preload", "/news/app-0123456789abcdef_bg.wasm", "sha384-def", "fetch", "application/wasm"]]"#)
            .expect("the preloads move into the loader");
        assert!(
            code.find("first-contentful-paint").unwrap() < preloads
                && preloads < code.find("await import(").unwrap(),
            "they are added after the first paint, before the import: {code}"
        );

        let page = shell.page(
            "  <title>Page</title>\n",
            "/world/a&b",
            "<main>Hi</main>",
            &[Embedded {
                path: "data/x.json",
                text: r#"{"a":"</script>"}"#,
            }],
        );
        assert!(page.contains(&format!(
            r#"<script type="module" src="/news/{name}"></script>"#
        )));
        assert!(!page.contains("import("), "no inline script is left");
        assert!(!page.contains("Default.") && !page.contains("<title>Broadsheet"));
        assert!(!page.contains("noscript"));
        assert!(page.contains("<title>Page</title>"));
        let csp = page.find("http-equiv=\"Content-Security-Policy\"").unwrap();
        assert!(
            csp < page.find("<script").unwrap(),
            "the policy comes before any script"
        );
        assert!(page.contains(
            r#"<div id="app" class="app-root" data-path="/world/a&amp;b"><main>Hi</main></div>"#
        ));
        assert!(
            !page.contains("preload"),
            "no preload is left in the head: {page}"
        );
        assert!(
            page.contains(".css\">\n<script type=\"module\" src="),
            "the lines around a removed link are kept: {page}"
        );
        assert!(page.contains(r#"{"a":"\u003c/script>"}"#));
        assert_eq!(page.matches("</script>").count(), 2);
        assert!(page.find("<title>").unwrap() < page.find("</head>").unwrap());
        assert!(page.trim_end().ends_with("</body>\n</html>"));
    }

    #[test]
    fn follows_trunks_public_url() {
        let trunk = TRUNK.replace(
            "<title>",
            "<link rel=\"icon\" href=\"/favicon.svg\">\n  <title>",
        );
        let page = Shell::parse(&trunk, false, &site())
            .unwrap()
            .page("", "/", "", &[]);
        assert!(page.contains(r#"<meta name="broadsheet-base" content="/news/">"#));
        assert!(page.contains(r#"<link rel="icon" href="/news/favicon.svg">"#));
        assert!(page.contains(r#"href="/news/main-0123456789abcdef.css""#));
    }

    #[test]
    fn refuses_its_own_output() {
        let shell = Shell::parse(TRUNK, false, &site()).unwrap();
        let page = shell.page("", "/", "", &[]);
        assert!(!page.contains("Content-Security-Policy"));
        assert!(Shell::parse(&page, false, &site()).is_err());
    }
}
