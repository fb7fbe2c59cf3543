use crate::components::{description::Description, title::Title};
use broadsheet_model::{Article, AuthorRef, Correction, TagRef};
use leptos::prelude::*;

use crate::components::article::article_body::ArticleBody;
use crate::components::article::figure_block::FigureBlock;
use crate::components::breadcrumb::Breadcrumb;
use crate::components::widgets::related_stories::RelatedStories;
use crate::format;
use crate::links;

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
    view! {
        <Title text=headline.clone() />
        <Description content=description />
        <div class="article-page">
        <div>
        <Breadcrumb trail current=Some(headline.clone()) />
        <article class="article" data-view="article">
            {draft.then(|| view! {
                <p class="draft-banner" role="note">
                    <strong>"Draft"</strong>" — not published. This preview comes from a local build with drafts, and is never indexed."
                </p>
            })}
            <header class="article-header">
                <h1 tabindex="-1">{headline}</h1>
                {(!standfirst.is_empty()).then(|| view! { <p class="standfirst">{standfirst}</p> })}
                <Byline byline authors />
                <p class="article-times">
                    "Published "
                    {match format::month_url(&published) {
                        Some(month) => view! {
                            <a href=links::href(&month) class="article-month" title="More stories from this month">
                                <time datetime=published.clone()>{format::article_time(&published)}</time>
                            </a>
                        }.into_any(),
                        None => view! { <time datetime=published.clone()>{format::article_time(&published)}</time> }.into_any(),
                    }}
                    {updated.map(|updated| view! {
                        " · Updated " <time datetime=updated.clone()>{format::article_time(&updated)}</time>
                    })}
                </p>
            </header>
            {hero.map(|image| view! { <FigureBlock image hero=true /> })}
            <ArticleBody blocks=body />
            {(!corrections.is_empty()).then(|| view! { <Corrections corrections /> })}
            {(!tags.is_empty()).then(|| view! {
                <footer class="article-tags">
                    <h2 class="visually-hidden">"Tags"</h2>
                    <ul>{tag_links(tags, tag_refs).into_iter().map(|(name, url)| view! {
                        <li>{match url {
                            Some(url) => view! { <a href=links::href(&url) rel="tag">{name}</a> }.into_any(),
                            None => name.into_any(),
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
        let parts = byline_parts(&byline, &authors);
        view! {
            <p class="byline">"By "{parts.into_iter().map(|(separator, name, slug)| {
                let name = match slug {
                    Some(slug) => view! { <a href=links::href(&format!("/authors/{slug}")) rel="author">{name}</a> }.into_any(),
                    None => name.into_any(),
                };
                // No text node for the first name's empty separator (SSR writes "" as " ").
                ((!separator.is_empty()).then_some(separator), name)
            }).collect_view()}</p>
        }
    })
}

/// Each byline name with the text before it ("", ", ", " and ") and its
/// profile's slug, if it has one.
pub fn byline_parts(
    names: &[String],
    authors: &[AuthorRef],
) -> Vec<(&'static str, String, Option<String>)> {
    let last = names.len().saturating_sub(1);
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let separator = match i {
                0 => "",
                i if i == last => " and ",
                _ => ", ",
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
        assert_eq!(byline_parts(&[], &authors), vec![]);
        assert_eq!(
            byline_parts(&names(&["Ana"]), &authors),
            vec![("", "Ana".to_owned(), None)]
        );
        assert_eq!(
            byline_parts(&names(&["Ana", "Bo", "Cy"]), &authors),
            vec![
                ("", "Ana".to_owned(), None),
                (", ", "Bo".to_owned(), Some("bo".to_owned())),
                (" and ", "Cy".to_owned(), None),
            ]
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
fn Corrections(corrections: Vec<Correction>) -> impl IntoView {
    let heading = if corrections.len() == 1 {
        "Correction"
    } else {
        "Corrections"
    };
    view! {
        <aside class="article-corrections" aria-labelledby="corrections-heading">
            <h2 id="corrections-heading">{heading}</h2>
            <ul>
                {corrections.into_iter().map(|Correction { date, text }| view! {
                    <li><time datetime=date.clone()>{format::article_time(&date)}</time>": " {text}</li>
                }).collect_view()}
            </ul>
        </aside>
    }
}
