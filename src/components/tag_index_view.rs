use crate::components::{description::Description, title::Title};
use broadsheet_model::{TagCount, TagIndex, Text};
use leptos::prelude::*;

use crate::components::breadcrumb::Breadcrumb;
use crate::links;
use crate::site_context::site;

/// Every tag with its number of stories, grouped by initial.
#[component]
pub fn TagIndexView(index: TagIndex) -> impl IntoView {
    let groups = group_by_initial(index.tags);
    let site = site();
    let tags = site.text(Text::Tags).to_owned();
    view! {
        <Title text=tags.clone() />
        <Description content=site.text(Text::TagsDescription).to_owned() />
        <div class="tag-index" data-view="tags">
            <Breadcrumb trail=Vec::new() current=Some(tags.clone()) />
            <h1 tabindex="-1">{tags}</h1>
            <nav class="tag-initials" aria-label=site.text(Text::Initials).to_owned()>
                <ul>
                    {groups.iter().map(|(initial, _)| view! {
                        <li><a href=format!("#tags-{}", anchor(initial))>{initial.clone()}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
            {groups.into_iter().map(|(initial, tags)| {
                let id = format!("tags-{}", anchor(&initial));
                let labelled_by = id.clone();
                view! {
                    <section class="tag-group" aria-labelledby=labelled_by>
                        <h2 id=id>{initial}</h2>
                        <ul>
                            {tags.into_iter().map(|tag| view! {
                                <li>
                                    <a href=links::href(&format!("/tags/{}", tag.slug))>{tag.name}</a>
                                    " "<span class="count">{site.digits(&format!("({})", tag.count)).into_owned()}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }
            }).collect_view()}
        </div>
    }
}

/// An id-safe name for a group: the slug-like initial, `other` for "#".
/// Initials are ASCII (`group_by_initial`), so the ASCII lowercase does; the
/// Unicode one would bring its case tables into the first load (about 26 KB
/// of data segments).
fn anchor(initial: &str) -> String {
    if initial == "#" {
        "other".to_owned()
    } else {
        initial.to_ascii_lowercase()
    }
}

/// Tags grouped by their slug's first letter, A to Z, then "#" for the rest
/// (digits). `tags` is in slug order, as the model's validation guarantees
/// (no sort here: a sort's code is kilobytes of the first load).
pub fn group_by_initial(tags: Vec<TagCount>) -> Vec<(String, Vec<TagCount>)> {
    let mut groups: Vec<(String, Vec<TagCount>)> = Vec::new();
    let mut other = Vec::new();
    for tag in tags {
        let initial = tag.slug.chars().next().filter(char::is_ascii_lowercase);
        match initial {
            Some(c) => {
                let key = c.to_ascii_uppercase().to_string();
                match groups.last_mut() {
                    Some((last, list)) if *last == key => list.push(tag),
                    _ => groups.push((key, vec![tag])),
                }
            }
            None => other.push(tag),
        }
    }
    if !other.is_empty() {
        groups.push(("#".to_owned(), other));
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_tags_by_initial() {
        let tag = |slug: &str, name: &str| TagCount {
            slug: slug.into(),
            name: name.into(),
            count: 1,
        };
        let groups = group_by_initial(vec![
            tag("2026-budget", "2026 budget"),
            tag("airports", "Airports"),
            tag("athina", "Αθήνα"),
            tag("rail", "Rail"),
            tag("rain", "rain"),
        ]);
        let shape: Vec<(String, Vec<String>)> = groups
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().map(|t| t.name).collect()))
            .collect();
        assert_eq!(
            shape,
            vec![
                (
                    "A".to_owned(),
                    vec!["Airports".to_owned(), "Αθήνα".to_owned()]
                ),
                ("R".to_owned(), vec!["Rail".to_owned(), "rain".to_owned()]),
                ("#".to_owned(), vec!["2026 budget".to_owned()]),
            ]
        );
    }

    #[test]
    fn every_group_has_an_id_safe_anchor() {
        let tags = ["7-days", "alpha", "mango", "zebra"].map(|slug| TagCount {
            slug: slug.into(),
            name: slug.into(),
            count: 1,
        });
        let anchors: Vec<String> = group_by_initial(tags.to_vec())
            .iter()
            .map(|(initial, _)| anchor(initial))
            .collect();
        assert_eq!(anchors, ["a", "m", "z", "other"]);
    }
}
