//! `sitemap.xml` (split into `sitemaps/N.xml` plus an index past 45,000 URLs),
//! and `robots.txt` pointing at it.

use std::fmt::Write as _;

use anyhow::Result;

use crate::pipeline::Library;
use crate::text::xml_escape;
use broadsheet_output::Staging;

/// URLs per sitemap file (the protocol allows 50,000).
pub const URLS_PER_SITEMAP: usize = 45_000;

pub fn write(library: &Library, staging: &Staging) -> Result<()> {
    let (config, drafts) = (&library.config, &library.drafts);
    let base = &config.base_url;
    let mut urls: Vec<(String, Option<&str>)> = vec![(
        format!("{base}/"),
        drafts.first().map(|d| d.published.as_str()),
    )];
    urls.extend(
        config
            .sections
            .iter()
            .map(|s| (format!("{base}/{}", s.path), None)),
    );
    // Drafts (a local `--drafts` build) are never indexable.
    urls.extend(drafts.iter().filter(|d| !d.draft).map(|d| {
        (
            format!("{base}{}", d.path.url()),
            Some(d.updated.as_deref().unwrap_or(&d.published)),
        )
    }));
    let chunks: Vec<&[(String, Option<&str>)]> = urls.chunks(URLS_PER_SITEMAP).collect();
    if chunks.len() == 1 {
        staging.write("sitemap.xml", urlset(chunks[0]).as_bytes())?;
    } else {
        let mut index = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (number, chunk) in chunks.iter().enumerate() {
            let name = format!("sitemaps/{}.xml", number + 1);
            staging.write(&name, urlset(chunk).as_bytes())?;
            let _ = writeln!(
                index,
                "<sitemap><loc>{}</loc></sitemap>",
                xml_escape(&format!("{base}/{name}"))
            );
        }
        index.push_str("</sitemapindex>\n");
        staging.write("sitemap.xml", index.as_bytes())?;
    }
    let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n");
    Ok(staging.write("robots.txt", robots.as_bytes())?)
}

fn urlset(urls: &[(String, Option<&str>)]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (loc, lastmod) in urls {
        let _ = write!(xml, "<url><loc>{}</loc>", xml_escape(loc));
        if let Some(lastmod) = lastmod {
            let _ = write!(xml, "<lastmod>{}</lastmod>", xml_escape(lastmod));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
