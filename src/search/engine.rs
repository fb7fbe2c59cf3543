//! Runs a query against the index files: the shard files it needs, fetched
//! together through `api` (cached, so a second query reuses them), then the
//! model's [`search::run`]. No rules of its own: the relevance tests run the
//! same function natively over press's output.

use std::cell::RefCell;
use std::rc::Rc;

use broadsheet_model::search::{
    self, DocShard, Facet, FacetDocs, Filter, Hit, Order, Outcome, Query, SearchDoc, SearchIndex,
    TermShard,
};
use broadsheet_model::validate::{validate_doc_shard, validate_search_index};
use futures::future::join_all;

use crate::api::{self, FetchError};

thread_local! {
    static INDEX: RefCell<Option<Rc<SearchIndex>>> = const { RefCell::new(None) };
}

/// The index's table of contents, checked, loaded once.
pub async fn index() -> Result<Rc<SearchIndex>, FetchError> {
    if let Some(index) = INDEX.with(|i| i.borrow().clone()) {
        return Ok(index);
    }
    // The view asks for it twice at once (its options and its first run):
    // both wait on one fetch, which finds the page's preload of it.
    api::prefetch(search::INDEX_JSON);
    let index: SearchIndex = api::fetch_json(search::INDEX_JSON).await?;
    let problems = validate_search_index(&index);
    let index = Rc::new(
        broadsheet_model::page::checked(index, problems)
            .map_err(|e| FetchError::Decode(format!("{}: {e}", search::INDEX_JSON)))?,
    );
    INDEX.with(|i| *i.borrow_mut() = Some(Rc::clone(&index)));
    Ok(index)
}

/// A writer's or tag's name and stories (its facet file), for a filter; a
/// slug the index does not know has no stories.
pub async fn facet(facet: Facet, slug: &str) -> Result<(String, Vec<u32>), FetchError> {
    let Some(path) = search::facet_path(facet, slug) else {
        return Ok((slug.to_owned(), Vec::new()));
    };
    match api::fetch_json::<FacetDocs>(&path).await {
        Ok(docs) => {
            let name = match broadsheet_model::validate::field_problem(&docs.name) {
                None if !docs.name.trim().is_empty() => docs.name.clone(),
                _ => slug.to_owned(),
            };
            Ok((name, docs.decode()))
        }
        Err(FetchError::NotFound) => Ok((slug.to_owned(), Vec::new())),
        Err(error) => Err(error),
    }
}

/// Fetches the shards `query` needs, then runs it.
pub async fn run(
    index: &SearchIndex,
    query: &Query,
    filter: &Filter,
    order: Order,
) -> Result<Outcome, FetchError> {
    let keys = search::shards_needed(query, &index.shards);
    let fetched =
        join_all(keys.iter().map(|key| async move {
            api::fetch_json::<TermShard>(&search::terms_path(key)).await
        }))
        .await;
    let mut loaded: Vec<(&str, TermShard)> = Vec::new();
    for (key, shard) in keys.iter().zip(fetched) {
        loaded.push((key, shard?));
    }
    let shard = |key: &str| loaded.iter().find(|(k, _)| *k == key).map(|(_, s)| s);
    Ok(search::run(
        query,
        &index.shards,
        shard,
        filter,
        order,
        index.numbering(),
    ))
}

/// The stories of `hits`, in order, from their docs files (fetched
/// together, each checked). A story missing from its file is skipped.
pub async fn docs(index: &SearchIndex, hits: &[Hit]) -> Result<Vec<SearchDoc>, FetchError> {
    let per_file = index.docs_per_file.max(1);
    let mut files: Vec<u32> = hits.iter().map(|h| h.doc / per_file).collect();
    files.sort_unstable();
    files.dedup();
    let fetched = join_all(files.iter().map(|f| async move {
        let path = search::docs_path(f * per_file, per_file);
        let shard: DocShard = api::fetch_json(&path).await?;
        let problems = validate_doc_shard(&shard);
        broadsheet_model::page::checked(shard, problems)
            .map_err(|e| FetchError::Decode(format!("{path}: {e}")))
    }))
    .await;
    let mut shards = Vec::new();
    for shard in fetched {
        shards.push(shard?);
    }
    Ok(hits
        .iter()
        .filter_map(|hit| {
            let shard = shards
                .iter()
                .find(|s| hit.doc >= s.first && hit.doc - s.first < s.docs.len() as u32)?;
            shard.docs.get((hit.doc - shard.first) as usize).cloned()
        })
        .collect())
}
