//! What goes into a page's `<head>`: title, description, canonical URL, Open
//! Graph and Twitter card tags, and JSON-LD. Pure functions of the data.

use broadsheet::titles;
use broadsheet_model::rules::escape_markup;
use broadsheet_model::{
    Article, ListingPage, PageData, Route, SectionPage, SectionRef, Site, Subject, Text,
};
use serde_json::{json, Value};

/// The facts a page's head is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct PageMeta {
    /// The view's own title ("Asia"), empty for the front page; the document
    /// title adds the site's name (`titles::document_title`).
    pub title: String,
    pub description: String,
    /// Absolute URL; `None` for the 404 page, which has no address of its own.
    pub canonical: Option<String>,
    pub og_type: &'static str,
    /// Absolute image URL and its alt text.
    pub image: Option<(String, String)>,
    /// `article:*` Open Graph properties, in order.
    pub article_properties: Vec<(&'static str, String)>,
    pub json_ld: Vec<Value>,
}

/// `https://news.example/world` from a site-relative URL; absolute URLs are kept.
pub fn absolute_url(site: &Site, url: &str) -> String {
    if url.starts_with("https://") || url.starts_with("http://") {
        url.to_owned()
    } else {
        format!(
            "{}/{}",
            site.base_url.trim_end_matches('/'),
            url.trim_start_matches('/')
        )
    }
}

fn organization(site: &Site) -> Value {
    json!({
        "@type": "NewsMediaOrganization",
        "name": site.name,
        "url": absolute_url(site, "/"),
        "logo": { "@type": "ImageObject", "url": absolute_url(site, "/favicon.svg") },
    })
}

fn breadcrumbs(site: &Site, trail: &[SectionRef], last: Option<(&str, &str)>) -> Value {
    let mut items = vec![(site.name.clone(), absolute_url(site, "/"))];
    items.extend(
        trail
            .iter()
            .map(|s| (s.name.clone(), absolute_url(site, &format!("/{}", s.path)))),
    );
    if let Some((name, url)) = last {
        items.push((name.to_owned(), absolute_url(site, url)));
    }
    let elements: Vec<Value> = items
        .into_iter()
        .enumerate()
        .map(|(i, (name, url))| {
            json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": url })
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": elements,
    })
}

/// The head of any route's page. Exhaustive: a new kind of page data does not
/// compile until it has a head.
pub fn page_meta(site: &Site, route: &Route, data: &PageData) -> PageMeta {
    match data {
        PageData::Front(_) => front_meta(site),
        PageData::Section(page) => {
            let url = route
                .url()
                .unwrap_or_else(|| format!("/{}", page.section.path));
            section_meta(site, page, &url)
        }
        PageData::Article(article) => article_meta(site, article),
        PageData::Listing(page) => listing_meta(site, page, &route.url().unwrap_or_default()),
        PageData::Tags(_) => collection_meta(
            site,
            site.text(Text::Tags),
            site.text(Text::TagsDescription),
            "/tags",
        ),
        PageData::ArchiveIndex(_) => collection_meta(
            site,
            site.text(Text::Archive),
            site.text(Text::ArchiveDescription),
            "/archive",
        ),
        PageData::Search => collection_meta(
            site,
            site.text(Text::Search),
            site.text(Text::SearchDescription),
            "/search",
        ),
        PageData::NotFound => not_found_meta(site),
    }
}

/// A page that lists pages: the tag list, the archive's index.
fn collection_meta(site: &Site, title: &str, description: &str, url: &str) -> PageMeta {
    PageMeta {
        title: title.to_owned(),
        description: description.to_owned(),
        canonical: Some(absolute_url(site, url)),
        og_type: "website",
        image: None,
        article_properties: Vec::new(),
        json_ld: vec![
            json!({
                "@context": "https://schema.org",
                "@type": "CollectionPage",
                "name": title,
                "url": absolute_url(site, url),
                "isPartOf": { "@type": "WebSite", "name": site.name, "url": absolute_url(site, "/") },
            }),
            breadcrumbs(site, &[], Some((title, url))),
        ],
    }
}

/// A writer's page (`ProfilePage` about a `Person`), a tag's or a period's
/// (`CollectionPage`).
pub fn listing_meta(site: &Site, page: &ListingPage, url: &str) -> PageMeta {
    let title = titles::listing_title(site, &page.subject, page.page);
    let description = titles::listing_description(site, &page.subject);
    let canonical = absolute_url(site, url);
    let (json_ld, image, og_type) = match &page.subject {
        Subject::Author { author } => {
            let mut person = person(site, &author.name, &author.slug);
            if !author.role.is_empty() {
                person["jobTitle"] = json!(author.role);
            }
            let bio = broadsheet_model::plain_text(&author.bio);
            if !bio.is_empty() {
                person["description"] = json!(bio);
            }
            let same_as: Vec<&str> = author
                .links
                .iter()
                .filter(|l| l.url.starts_with("http"))
                .map(|l| l.url.as_str())
                .collect();
            if !same_as.is_empty() {
                person["sameAs"] = json!(same_as);
            }
            let image = author
                .photo
                .as_ref()
                .map(|p| (absolute_url(site, &p.src), p.alt.clone()));
            if let Some((src, _)) = &image {
                person["image"] = json!(src);
            }
            person["worksFor"] = organization(site);
            let profile = json!({
                "@context": "https://schema.org",
                "@type": "ProfilePage",
                "url": canonical,
                "mainEntity": person,
            });
            (
                vec![profile, breadcrumbs(site, &[], Some((&author.name, url)))],
                image,
                "profile",
            )
        }
        Subject::Tag { tag } => (
            vec![
                json!({ "@context": "https://schema.org", "@type": "CollectionPage", "name": tag.name, "url": canonical }),
                breadcrumbs(site, &[], Some((&tag.name, url))),
            ],
            None,
            "website",
        ),
        Subject::Archive { trail, .. } => (
            vec![
                json!({ "@context": "https://schema.org", "@type": "CollectionPage", "name": title, "url": canonical }),
                breadcrumbs(site, trail, Some((&title, url))),
            ],
            None,
            "website",
        ),
        Subject::Unknown => (Vec::new(), None, "website"),
    };
    PageMeta {
        title,
        description,
        canonical: Some(canonical),
        og_type,
        image,
        article_properties: Vec::new(),
        json_ld,
    }
}

/// A writer as JSON-LD: a `Person` with their page's URL.
fn person(site: &Site, name: &str, slug: &str) -> Value {
    json!({ "@type": "Person", "name": name, "url": absolute_url(site, &format!("/authors/{slug}")) })
}

pub fn front_meta(site: &Site) -> PageMeta {
    let url = absolute_url(site, "/");
    PageMeta {
        title: String::new(),
        description: titles::front_description(site),
        canonical: Some(url.clone()),
        og_type: "website",
        image: None,
        article_properties: Vec::new(),
        json_ld: vec![json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": site.name,
            "url": url,
            "publisher": organization(site),
        })],
    }
}

pub fn section_meta(site: &Site, page: &SectionPage, url: &str) -> PageMeta {
    let title = titles::section_title(site, &page.section.name, page.page);
    let ancestors = &page.trail[..page.trail.len().saturating_sub(1)];
    PageMeta {
        title,
        description: titles::section_description(site, &page.section.name),
        canonical: Some(absolute_url(site, url)),
        og_type: "website",
        image: None,
        article_properties: Vec::new(),
        json_ld: vec![breadcrumbs(
            site,
            ancestors,
            Some((&page.section.name, &format!("/{}", page.section.path))),
        )],
    }
}

pub fn article_meta(site: &Site, article: &Article) -> PageMeta {
    let url = absolute_url(site, &article.url);
    // Link previews get the 1.91:1 crop press made for them, when it did.
    let image = article.hero.as_ref().map(|hero| {
        let src = hero.share.as_deref().unwrap_or(&hero.src);
        (absolute_url(site, src), hero.alt.clone())
    });
    let mut properties = vec![("article:published_time", article.published.clone())];
    if let Some(updated) = &article.updated {
        properties.push(("article:modified_time", updated.clone()));
    }
    properties.push(("article:section", article.section.name.clone()));
    properties.extend(article.tags.iter().map(|t| ("article:tag", t.clone())));
    let authors: Vec<Value> = if article.byline.is_empty() {
        vec![organization(site)]
    } else {
        article
            .byline
            .iter()
            .map(
                |name| match article.authors.iter().find(|a| a.name == *name) {
                    Some(author) => person(site, name, &author.slug),
                    None => json!({ "@type": "Person", "name": name }),
                },
            )
            .collect()
    };
    let mut news_article = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.standfirst,
        "datePublished": article.published,
        "dateModified": article.updated.as_ref().unwrap_or(&article.published),
        "author": authors,
        "publisher": organization(site),
        "mainEntityOfPage": { "@type": "WebPage", "@id": url },
        "articleSection": article.section.name,
    });
    if let Some((src, _)) = &image {
        news_article["image"] = json!([src]);
    }
    if !article.tags.is_empty() {
        news_article["keywords"] = json!(article.tags);
    }
    if article.word_count > 0 {
        news_article["wordCount"] = json!(article.word_count);
    }
    if !article.corrections.is_empty() {
        news_article["correction"] = article
            .corrections
            .iter()
            .map(|c| json!({ "@type": "CorrectionComment", "text": c.text, "datePublished": c.date }))
            .collect();
    }
    PageMeta {
        title: article.headline.clone(),
        description: article.standfirst.clone(),
        // A draft (local `--drafts` builds only) has no canonical URL: noindex.
        canonical: (!article.draft).then_some(url),
        og_type: "article",
        image,
        article_properties: properties,
        json_ld: vec![
            news_article,
            breadcrumbs(
                site,
                &article.trail,
                Some((&article.headline, &article.url)),
            ),
        ],
    }
}

pub fn not_found_meta(site: &Site) -> PageMeta {
    PageMeta {
        title: site.text(Text::NotFoundTitle).to_owned(),
        description: site.text(Text::NotFoundText).to_owned(),
        canonical: None,
        og_type: "website",
        image: None,
        article_properties: Vec::new(),
        json_ld: Vec::new(),
    }
}

/// `<link rel="preload">` for the picture that is the page's largest paint
/// (an article's hero, the front page's lead), in the best format press
/// made, with the same `srcset` and `sizes` as its `<picture>`: the
/// browser fetches it with the stylesheet instead of after the app has
/// laid the page out. A browser without that format ignores it.
pub fn image_preload(data: &PageData) -> String {
    use broadsheet::components::picture::{sizes, Slot};
    let (image, place) = match data {
        PageData::Article(article) => (article.hero.as_ref(), Slot::Column),
        PageData::Front(front) => (
            front.lead.as_ref().and_then(|lead| lead.thumbnail.as_ref()),
            Slot::Lead,
        ),
        PageData::Section(_)
        | PageData::Listing(_)
        | PageData::Tags(_)
        | PageData::ArchiveIndex(_)
        | PageData::Search
        | PageData::NotFound => (None, Slot::Column),
    };
    let Some(image) = image else {
        return String::new();
    };
    let Some(src) = broadsheet::links::src(&image.src) else {
        return String::new();
    };
    let best = image
        .ladder
        .as_ref()
        .and_then(|ladder| Some((ladder, *ladder.formats.first()?)))
        .and_then(|(ladder, format)| Some((format, broadsheet::links::srcset(ladder, format)?)));
    match best {
        Some((format, srcset)) => format!(
            "  <link rel=\"preload\" as=\"image\" type=\"{}\" imagesrcset=\"{}\" imagesizes=\"{}\" fetchpriority=\"high\">\n",
            format.mime(),
            escape_markup(&srcset),
            escape_markup(sizes(place))
        ),
        None => format!(
            "  <link rel=\"preload\" as=\"image\" href=\"{}\" fetchpriority=\"high\">\n",
            escape_markup(&src)
        ),
    }
}

impl PageMeta {
    /// The tags, one per line, escaped.
    pub fn to_html(&self, site: &Site) -> String {
        let mut out = String::new();
        let mut line = |tag: String| {
            out.push_str("  ");
            out.push_str(&tag);
            out.push('\n');
        };
        let meta = |attr: &str, key: &str, value: &str| {
            format!(
                r#"<meta {attr}="{key}" content="{}">"#,
                escape_markup(value)
            )
        };
        let document_title = titles::document_title(&site.name, &self.title);
        line(format!("<title>{}</title>", escape_markup(&document_title)));
        line(meta("name", "description", &self.description));
        if let Some(canonical) = &self.canonical {
            line(format!(
                r#"<link rel="canonical" href="{}">"#,
                escape_markup(canonical)
            ));
        } else {
            line(meta("name", "robots", "noindex"));
        }
        line(meta("property", "og:site_name", &site.name));
        line(meta("property", "og:type", self.og_type));
        line(meta("property", "og:title", og_title(self, site)));
        line(meta("property", "og:description", &self.description));
        if let Some(canonical) = &self.canonical {
            line(meta("property", "og:url", canonical));
        }
        if let Some((src, alt)) = &self.image {
            line(meta("property", "og:image", src));
            line(meta("property", "og:image:alt", alt));
        }
        for (property, value) in &self.article_properties {
            line(meta("property", property, value));
        }
        let card = if self.image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        };
        line(meta("name", "twitter:card", card));
        line(meta("name", "twitter:title", og_title(self, site)));
        line(meta("name", "twitter:description", &self.description));
        if let Some((src, alt)) = &self.image {
            line(meta("name", "twitter:image", src));
            line(meta("name", "twitter:image:alt", alt));
        }
        for value in &self.json_ld {
            line(format!(
                r#"<script type="application/ld+json">{}</script>"#,
                script_safe_json(&value.to_string())
            ));
        }
        out
    }
}

/// Link previews show the site name on their own (`og:site_name`): the
/// view's title alone, or the site's name for the front page.
fn og_title<'a>(meta: &'a PageMeta, site: &'a Site) -> &'a str {
    if meta.title.is_empty() {
        &site.name
    } else {
        &meta.title
    }
}

/// JSON that can sit inside `<script>`: `<` only occurs inside JSON strings,
/// where `\u003c` means the same, so `</script>` and `<!--` cannot appear.
pub fn script_safe_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}
