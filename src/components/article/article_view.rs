use crate::components::{description::Description, title::Title};
use broadsheet_model::{Article, AuthorRef, Correction, Site, TagRef, Text};
use leptos::prelude::*;
use leptos::tachys::view::any_view::IntoAnyUnhydrated;

use crate::components::article::article_body::ArticleBody;
use crate::components::article::figure_block::FigureBlock;
use crate::components::breadcrumb::Breadcrumb;
use crate::components::widgets::related_stories::RelatedStories;
use crate::components::worded::around_one;
use crate::format;
use crate::links;
use crate::site_context::site;

/// A whole article: breadcrumb, headline, standfirst, byline, times, hero, body, tags.
#[component]
pub fn ArticleView(article: Article) -> impl IntoView {
    let Article {
        headline,
        standfirst,
        trail,
        byline,
        published,
        updated,
        tags,
        hero,
        body,
        related,
        more_from_section,
        section,
        corrections,
        draft,
        authors,
        tag_refs,
        ..
    } = article;
    let description = standfirst.clone();
    let site = site();
    let time = |datetime: &str| format::article_time(&site, datetime);
    let month_title = site.text(Text::MoreFromMonth).to_owned();
    let (published_before, published_after) = around_one(site.text(Text::Published));
    let published_time = time(&published);
    let published_view = match format::month_url(&published) {
        Some(month) => view! {
            <a href=links::href(&month) class="article-month" title=month_title>
                <time datetime=published.clone()>{published_time}</time>
            </a>
        }
        .into_any_unhydrated(),
        None => {
            view! { <time datetime=published.clone()>{published_time}</time> }.into_any_unhydrated()
        }
    };
    let (updated_before, updated_after) = around_one(site.text(Text::Updated));
    let updated_line = updated.map(|updated| {
        let text = time(&updated);
        view! { " · " {updated_before} <time datetime=updated>{text}</time> {updated_after} }
    });
    view! {
        <Title text=headline.clone() />
        <Description content=description />
        <div class="article-page">
        <div>
        <Breadcrumb trail current=Some(headline.clone()) />
        <article class="article" data-view="article">
            {draft.then(|| view! {
                <p class="draft-banner" role="note">
                    <strong>{site.text(Text::Draft).to_owned()}</strong>{site.text(Text::DraftNote).to_owned()}
                </p>
            })}
            <header class="article-header">
                <h1 tabindex="-1">{headline}</h1>
                {(!standfirst.is_empty()).then(|| view! { <p class="standfirst">{standfirst}</p> })}
                <Byline byline authors />
                <p class="article-times">
                    {published_before}
                    {published_view}
                    {published_after}
                    {updated_line}
                </p>
            </header>
            {hero.map(|image| view! { <FigureBlock image hero=true /> })}
            <ArticleBody blocks=body />
            {(!corrections.is_empty()).then(|| view! { <Corrections corrections site=site.clone() /> })}
            {(!tags.is_empty()).then(|| view! {
                <footer class="article-tags">
                    <h2 class="visually-hidden">{site.text(Text::Tags).to_owned()}</h2>
                    <ul>{tag_links(tags, tag_refs).into_iter().map(|(name, url)| view! {
                        <li>{match url {
                            Some(url) => view! { <a href=links::href(&url) rel="tag">{name}</a> }.into_any_unhydrated(),
                            None => name.into_any_unhydrated(),
                        }}</li>
                    }).collect_view()}</ul>
                </footer>
            })}
        </article>
        </div>
        <RelatedStories teasers=related more_from=more_from_section section=section.name />
        </div>
    }
}

/// "By A, B and C", each name with a profile a link to it (`rel="author"`).
#[component]
fn Byline(byline: Vec<String>, authors: Vec<AuthorRef>) -> impl IntoView {
    (!byline.is_empty()).then(|| {
        let site = site();
        let parts = byline_parts(&site, &byline, &authors);
        let (before, after) = around_one(site.text(Text::By));
        let names = parts.into_iter().map(|(separator, name, slug)| {
            let name = match slug {
                Some(slug) => view! { <a href=links::href(&format!("/authors/{slug}")) rel="author">{name}</a> }.into_any_unhydrated(),
                None => name.into_any_unhydrated(),
            };
            // No text node for the first name's empty separator (SSR writes "" as " ").
            ((!separator.is_empty()).then_some(separator), name)
        }).collect_view();
        view! { <p class="byline">{before}{names}{after}</p> }
    })
}

/// Each byline name with the text before it ("", ", ", " and ") and its
/// profile's slug, if it has one.
pub fn byline_parts(
    site: &Site,
    names: &[String],
    authors: &[AuthorRef],
) -> Vec<(String, String, Option<String>)> {
    let last = names.len().saturating_sub(1);
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let separator = match i {
                0 => String::new(),
                i if i == last => site.text(Text::ListAnd).to_owned(),
                _ => site.text(Text::ListComma).to_owned(),
            };
            let slug = authors
                .iter()
                .find(|a| a.name == *name)
                .map(|a| a.slug.clone());
            (separator, name.clone(), slug)
        })
        .collect()
}

/// Each tag with its page's URL, when press gave the slugs (`tag_refs`, in
/// the same order); plain text otherwise.
pub fn tag_links(tags: Vec<String>, refs: Vec<TagRef>) -> Vec<(String, Option<String>)> {
    if refs.len() == tags.len() {
        refs.into_iter()
            .map(|r| (r.name, Some(format!("/tags/{}", r.slug))))
            .collect()
    } else {
        tags.into_iter().map(|t| (t, None)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_read_as_a_list_and_link_profiles() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let authors = vec![AuthorRef {
            name: "Bo".into(),
            slug: "bo".into(),
        }];
        let site = crate::test_sites::english();
        let parts = |list: &[&str]| byline_parts(&site, &names(list), &authors);
        let owned = |list: &[(&str, &str, Option<&str>)]| {
            list.iter()
                .map(|(s, n, slug)| (s.to_string(), n.to_string(), slug.map(str::to_owned)))
                .collect::<Vec<_>>()
        };
        assert_eq!(parts(&[]), vec![]);
        assert_eq!(parts(&["Ana"]), owned(&[("", "Ana", None)]));
        assert_eq!(
            parts(&["Ana", "Bo", "Cy"]),
            owned(&[
                ("", "Ana", None),
                (", ", "Bo", Some("bo")),
                (" and ", "Cy", None)
            ])
        );
        let german = crate::test_sites::site("de");
        assert_eq!(
            byline_parts(&german, &names(&["Ana", "Cy"]), &authors)[1].0,
            " und "
        );
    }

    #[test]
    fn tags_link_only_when_every_tag_has_its_slug() {
        let tags = vec!["rail".to_owned(), "Москва".to_owned()];
        let refs = vec![
            TagRef {
                slug: "rail".into(),
                name: "Rail".into(),
            },
            TagRef {
                slug: "moskva".into(),
                name: "Москва".into(),
            },
        ];
        assert_eq!(
            tag_links(tags.clone(), refs.clone()),
            vec![
                ("Rail".to_owned(), Some("/tags/rail".to_owned())),
                ("Москва".to_owned(), Some("/tags/moskva".to_owned())),
            ]
        );
        assert_eq!(
            tag_links(tags, refs[..1].to_vec())[1],
            ("Москва".to_owned(), None)
        );
    }
}

/// The corrections at the foot of an article, each with its date.
#[component]
fn Corrections(corrections: Vec<Correction>, site: std::sync::Arc<Site>) -> impl IntoView {
    let heading = site.count(Text::Correction, corrections.len() as u64, &[]);
    view! {
        <aside class="article-corrections" aria-labelledby="corrections-heading">
            <h2 id="corrections-heading">{heading}</h2>
            <ul>
                {corrections.into_iter().map(|Correction { date, text }| view! {
                    <li><time datetime=date.clone()>{format::article_time(&site, &date)}</time>": " {text}</li>
                }).collect_view()}
            </ul>
        </aside>
    }
}
