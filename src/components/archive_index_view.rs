use crate::components::{description::Description, title::Title};
use broadsheet_model::{ArchiveIndex, ArchiveMonth, Text};
use leptos::prelude::*;

use crate::components::breadcrumb::Breadcrumb;
use crate::links;
use crate::site_context::site;
use crate::titles;

/// Browse by month: every year with stories, newest first, and its months.
#[component]
pub fn ArchiveIndexView(index: ArchiveIndex) -> impl IntoView {
    let years = by_year(index.months);
    let site = site();
    let archive = site.text(Text::Archive).to_owned();
    view! {
        <Title text=archive.clone() />
        <Description content=site.text(Text::ArchiveDescription).to_owned() />
        <div class="archive-index" data-view="archive-index">
            <Breadcrumb trail=Vec::new() current=Some(archive.clone()) />
            <h1 tabindex="-1">{archive}</h1>
            {years.into_iter().map(|(year, months)| {
                let id = format!("archive-{year}");
                let labelled_by = id.clone();
                view! {
                    <section class="archive-year" aria-labelledby=labelled_by>
                        <h2 id=id><a href=links::href(&titles::archive_url(None, year, None))>{site.digits(&year.to_string()).into_owned()}</a></h2>
                        <ul>
                            {months.into_iter().map(|m| view! {
                                <li>
                                    <a href=links::href(&titles::archive_url(None, m.year, Some(m.month)))>{titles::month_name(&site, m.month)}</a>
                                    " "<span class="count">{site.digits(&format!("({})", m.count)).into_owned()}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }
            }).collect_view()}
        </div>
    }
}

/// Months grouped by year, newest year first, months in calendar order.
/// `months` is newest first, as the model's validation guarantees (no sort
/// here: a sort's code is kilobytes of the first load).
pub fn by_year(months: Vec<ArchiveMonth>) -> Vec<(u16, Vec<ArchiveMonth>)> {
    let mut years: Vec<(u16, Vec<ArchiveMonth>)> = Vec::new();
    for month in months {
        match years.last_mut() {
            Some((year, list)) if *year == month.year => list.push(month),
            _ => years.push((month.year, vec![month])),
        }
    }
    for (_, list) in &mut years {
        list.reverse();
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_by_year() {
        let m = |year, month| ArchiveMonth {
            year,
            month,
            count: 1,
        };
        let years = by_year(vec![m(2026, 11), m(2026, 10), m(2025, 12), m(2025, 1)]);
        assert_eq!(
            years,
            vec![
                (2026, vec![m(2026, 10), m(2026, 11)]),
                (2025, vec![m(2025, 1), m(2025, 12)])
            ]
        );
    }
}
