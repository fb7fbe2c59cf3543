//! Moved stories keep their old URLs working, on every host Broadsheet
//! supports. From the `aliases` of the published stories, press writes:
//!
//! - `_redirects`: Netlify's rules, 301 from each old path, then the 404 rule;
//! - `redirects/nginx.map`: a `map` that `deploy/nginx.conf` includes;
//! - `redirects/cloudfront.js`: the table the CloudFront function reads;
//! - an HTML page at each old path (canonical link and meta refresh), for
//!   hosts without redirects (GitHub Pages, plain S3);
//! - `data/redirects.json`: the same table for the app, which follows an old
//!   link without a page load.
//!
//! Only published stories' aliases are written: a scheduled story's old
//! paths appear when it does.

use std::collections::BTreeMap;

use anyhow::Result;
use broadsheet_model::paths::REDIRECTS_JSON;
use broadsheet_model::{Redirects, SCHEMA_VERSION};
use broadsheet_output::Staging;

use crate::library::Library;
use crate::write::to_json;
use press_content::text::xml_escape;

/// Old site-relative URL → (new site-relative URL, headline).
fn table(library: &Library) -> BTreeMap<String, (String, String)> {
    let mut table = BTreeMap::new();
    for draft in &library.drafts {
        for alias in &draft.aliases {
            table.insert(alias.clone(), (draft.path.url(), draft.headline.clone()));
        }
    }
    table
}

pub fn write(library: &Library, staging: &Staging) -> Result<()> {
    let table = table(library);
    let base = library.config.base_path();
    let absolute = |url: &str| format!("{}{url}", library.config.base_url);

    let mut netlify = String::from(
        "# Written by press: moved stories (their `aliases`), then unknown paths to the\n\
         # 404 page with status 404 (Netlify does that by default; the rule keeps it so).\n",
    );
    let mut nginx =
        String::from("# Written by press: old path → new path, for deploy/nginx.conf's map.\n");
    let mut cloudfront = BTreeMap::new();
    for (old, (new, headline)) in &table {
        for from in [format!("{base}{old}"), format!("{base}{old}/")] {
            netlify.push_str(&format!("{from}  {base}{new}  301\n"));
            nginx.push_str(&format!("{from} {base}{new};\n"));
            cloudfront.insert(from, format!("{base}{new}"));
        }
        staging.write(
            &format!("{}/index.html", old.trim_start_matches('/')),
            moved_page(
                &library.config.language,
                headline,
                &format!("{base}{new}"),
                &absolute(new),
            )
            .as_bytes(),
        )?;
    }
    netlify.push_str("/*  /404.html  404\n");
    staging.write("_redirects", netlify.as_bytes())?;
    staging.write("redirects/nginx.map", nginx.as_bytes())?;
    let script = format!(
        "// Written by press: the CloudFront function's redirect table (deploy/cloudfront/url-rewrite.js).\nvar BROADSHEET_REDIRECTS = {};\n",
        serde_json::to_string_pretty(&cloudfront)?
    );
    staging.write("redirects/cloudfront.js", script.as_bytes())?;
    let redirects = Redirects {
        schema_version: SCHEMA_VERSION,
        // The app follows old article URLs only (the file's contract); an
        // old path of another system is served by the host's redirects above.
        redirects: table
            .into_iter()
            .filter(|(old, _)| broadsheet_model::paths::ArticlePath::parse(old).is_some())
            .map(|(old, (new, _))| (old, new))
            .collect(),
    };
    staging.write(REDIRECTS_JSON, &to_json(&redirects)?)?;
    Ok(())
}

/// The page at an old path, for hosts that cannot redirect: it sends
/// browsers on at once, and tells crawlers where the story lives now.
fn moved_page(language: &str, headline: &str, href: &str, canonical: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {title}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n<p>This story has moved: <a href=\"{href}\">{title}</a>.</p>\n</body>\n</html>\n",
        lang = xml_escape(language),
        title = xml_escape(headline),
        href = xml_escape(href),
        canonical = xml_escape(canonical),
    )
}
