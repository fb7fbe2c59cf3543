use broadsheet_model::{Article, Correction};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::components::article::article_body::ArticleBody;
use crate::components::article::figure_block::FigureBlock;
use crate::components::breadcrumb::Breadcrumb;
use crate::components::widgets::related_stories::RelatedStories;
use crate::format;

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
        corrections,
        draft,
        ..
    } = article;
    let description = standfirst.clone();
    view! {
        <Title text=headline.clone() />
        <Meta name="description" content=description />
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
                <Byline byline />
                <p class="article-times">
                    "Published " <time datetime=published.clone()>{format::article_time(&published)}</time>
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
                    <ul>{tags.into_iter().map(|tag| view! { <li>{tag}</li> }).collect_view()}</ul>
                </footer>
            })}
        </article>
        </div>
        <RelatedStories teasers=related />
        </div>
    }
}

#[component]
fn Byline(byline: Vec<String>) -> impl IntoView {
    (!byline.is_empty()).then(|| view! { <p class="byline">"By " {join_names(&byline)}</p> })
}

/// "A", "A and B", "A, B and C".
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::join_names;

    #[test]
    fn names() {
        let names =
            |list: &[&str]| join_names(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(names(&[]), "");
        assert_eq!(names(&["Ana"]), "Ana");
        assert_eq!(names(&["Ana", "Bo"]), "Ana and Bo");
        assert_eq!(names(&["Ana", "Bo", "Cy"]), "Ana, Bo and Cy");
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
