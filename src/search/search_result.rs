use broadsheet_model::search::{highlight, Query, SearchDoc};
use leptos::prelude::*;

use crate::components::picture::{Picture, Slot};

use crate::format;
use crate::links;

/// Text with the query's words marked (`<mark>`), built as nodes.
pub fn marked(text: &str, query: &Query) -> Vec<AnyView> {
    highlight(text, query)
        .into_iter()
        .map(|(part, hit)| {
            let part = part.to_owned();
            if hit {
                view! { <mark>{part}</mark> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect()
}

/// One result: section, linked headline and standfirst with the query's
/// words marked, byline and date, and the thumbnail when there is one.
#[component]
pub fn SearchResult(doc: SearchDoc, query: Query) -> impl IntoView {
    let image = doc
        .thumbnail
        .as_ref()
        .filter(|image| links::src(&image.src).is_some())
        .map(|image| view! { <Picture image=image.clone() place=Slot::Result class_name="teaser-image" /> });
    let class = if image.is_some() {
        "teaser search-result"
    } else {
        "teaser teaser-text search-result"
    };
    let site = crate::site_context::site();
    let byline = list(&site, &doc.byline);
    let time = format::teaser_time(&site, &doc.published);
    view! {
        <article class=class>
            {image}
            <p class="kicker">{doc.section.name.clone()}</p>
            <h2 class="teaser-headline"><a href=links::href(&doc.url)>{marked(&doc.headline, &query)}</a></h2>
            {(!doc.standfirst.is_empty()).then(|| view! {
                <p class="teaser-standfirst">{marked(&doc.standfirst, &query)}</p>
            })}
            <p class="search-result-meta">
                {(!byline.is_empty()).then(|| format!("{byline} · "))}
                <time datetime=doc.published.clone()>{time}</time>
            </p>
        </article>
    }
}

/// "A, B and C" in the site's words.
fn list(site: &broadsheet_model::Site, names: &[String]) -> String {
    let mut out = String::new();
    let last = names.len().saturating_sub(1);
    for (i, name) in names.iter().enumerate() {
        match i {
            0 => {}
            i if i == last => out.push_str(site.text(broadsheet_model::Text::ListAnd)),
            _ => out.push_str(site.text(broadsheet_model::Text::ListComma)),
        }
        out.push_str(name);
    }
    out
}
