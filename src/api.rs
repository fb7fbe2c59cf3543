//! All network I/O of the app.
//!
//! Every fetch goes through one cache-aware loader and the model's one decoding
//! step ([`fetch_page`] for a route's data, [`fetch_json`] for the rest): it
//! builds no path itself (paths
//! come from `broadsheet_model::paths`, which only builds them from validated
//! slugs), keeps an in-memory cache so Back and Forward are instant, aborts
//! its request when the view that asked for it is cleaned up, and returns a
//! typed [`FetchError`] so views can tell "not found" from "offline".

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use broadsheet_model::json::FromJson;
use broadsheet_model::paths::{POPULAR_JSON, SITE_JSON};
use broadsheet_model::{PageData, Popular, Route, Site, Text};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

/// Why a file could not be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The server answered 404 (or a host's catch-all page instead of JSON).
    NotFound,
    /// The server answered with another error status.
    Http { status: u16 },
    /// No answer: offline, DNS, connection reset, aborted.
    Network(String),
    /// An answer that is not the JSON we expect.
    Decode(String),
}

impl FetchError {
    /// One sentence for the reader.
    pub fn summary(&self, site: &Site) -> String {
        let status =
            |key, status: &u16| site.fill(key, &[("status", &site.digits(&status.to_string()))]);
        match self {
            FetchError::NotFound => site.text(Text::ErrorNotFound).to_owned(),
            FetchError::Http { status: code } if *code >= 500 => status(Text::ErrorServer, code),
            FetchError::Http { status: code } => status(Text::ErrorRefused, code),
            FetchError::Network(_) => site.text(Text::ErrorNetwork).to_owned(),
            FetchError::Decode(_) => site.text(Text::ErrorDamaged).to_owned(),
        }
    }

    /// What went wrong, for the console: the status, or the browser's or
    /// the decoder's message. (Not `{:?}`: Debug formatting of strings
    /// brings Unicode escape tables into the first load.)
    pub fn detail(&self) -> String {
        match self {
            FetchError::NotFound => "404".to_owned(),
            FetchError::Http { status } => status.to_string(),
            FetchError::Network(message) | FetchError::Decode(message) => message.clone(),
        }
    }

    /// A short label for the kind of failure, also used by tests.
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::NotFound => "not-found",
            FetchError::Http { .. } => "http",
            FetchError::Network(_) => "network",
            FetchError::Decode(_) => "decode",
        }
    }
}

/// Most files kept in memory; beyond this, those not used lately are dropped
/// (at least half).
const CACHE_LIMIT: usize = 128;

/// A file's text with the `ETag` the host sent with it, if any.
type Tagged = (Option<String>, Rc<str>);

/// A prefetch in progress: the text when it succeeds, `None` when it fails.
type Pending = Shared<LocalBoxFuture<'static, Option<Rc<str>>>>;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
    static PREFETCHING: RefCell<HashMap<String, Pending>> = RefCell::new(HashMap::new());
    /// The newest copy seen of each file checked for news, by URL, with its
    /// `ETag` (see [`latest`]).
    static LATEST: RefCell<HashMap<String, Tagged>> = RefCell::new(HashMap::new());
}

#[derive(Default)]
struct Cache {
    entries: HashMap<String, (u64, Rc<str>)>,
    clock: u64,
}

impl Cache {
    fn get(&mut self, key: &str) -> Option<Rc<str>> {
        self.clock += 1;
        let clock = self.clock;
        self.entries.get_mut(key).map(|(used, text)| {
            *used = clock;
            Rc::clone(text)
        })
    }

    fn insert(&mut self, key: String, text: Rc<str>) {
        self.clock += 1;
        if self.entries.len() >= CACHE_LIMIT {
            // Each use ticks the clock once, so at most half the limit was
            // used in the last half-limit ticks: keep those. (No sort: its
            // code is kilobytes of the first load.)
            let cutoff = self.clock.saturating_sub(CACHE_LIMIT as u64 / 2);
            self.entries.retain(|_, (used, _)| *used > cutoff);
        }
        self.entries.insert(key, (self.clock, text));
    }
}

/// The site root as seen by the browser, always ending in `/`: `/` normally,
/// `/news/` when the site is hosted under a sub-path (see `links`).
pub fn base_path() -> String {
    format!("{}/", crate::links::base())
}

/// Puts the JSON files that a pre-rendered page embeds
/// (`<script type="application/json" data-broadsheet-file="data/…">`) into the
/// cache, so the app makes its first view without fetching them again.
pub fn seed_from_page() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(scripts) = document.query_selector_all("script[data-broadsheet-file]") else {
        return;
    };
    let base = base_path();
    for index in 0..scripts.length() {
        let Some(script) = scripts
            .item(index)
            .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let path = script
            .get_attribute("data-broadsheet-file")
            .unwrap_or_default();
        let (true, Some(text)) = (is_embeddable_path(&path), script.text_content()) else {
            continue;
        };
        CACHE.with(|c| c.borrow_mut().insert(format!("{base}{path}"), text.into()));
    }
}

/// Only the site's own JSON files may be seeded: `data/…/x.json`, no `..`.
pub fn is_embeddable_path(path: &str) -> bool {
    path.starts_with("data/")
        && path.ends_with(".json")
        && path
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..")
}

/// Fetches and decodes one JSON file of the site, given its site-relative path
/// (e.g. `data/site.json`).
pub async fn fetch_json<T: FromJson>(relative_path: &str) -> Result<T, FetchError> {
    let text = fetch_text_cached(relative_path).await?;
    broadsheet_model::decode(&text).map_err(|e| FetchError::Decode(e.to_string()))
}

/// One file's text: from the cache, from a prefetch in flight, or fetched.
async fn fetch_text_cached(relative_path: &str) -> Result<Rc<str>, FetchError> {
    let url = format!("{}{}", base_path(), relative_path);
    let mut text = CACHE.with(|c| c.borrow_mut().get(&url));
    if text.is_none() {
        // A prefetch of the same file is on its way: wait for it rather than ask twice.
        if let Some(pending) = PREFETCHING.with(|p| p.borrow().get(&url).cloned()) {
            text = pending.await;
        }
    }
    let text = match text {
        Some(text) => text,
        None => {
            let text: Rc<str> = fetch_text(&url, true).await?.into();
            CACHE.with(|c| c.borrow_mut().insert(url.clone(), Rc::clone(&text)));
            text
        }
    };
    Ok(text)
}

/// Loads a route's data file and decodes it with the model's one decoding
/// step, which also checks that the file is that route's. Not-found has no
/// file and fetches nothing.
pub async fn fetch_page(route: Route) -> Result<PageData, FetchError> {
    let Some(path) = route.json_path() else {
        return Ok(PageData::NotFound);
    };
    let text = fetch_text_cached(&path).await?;
    decode_page(&route, &text)
}

/// A route's data file's text when it is in the cache (the page embedded it,
/// or a prefetch got it), not decoded. `None` when the route has no file or
/// it is not cached.
pub fn cached_text(route: &Route) -> Option<Rc<str>> {
    let url = format!("{}{}", base_path(), route.json_path()?);
    CACHE.with(|c| c.borrow_mut().get(&url))
}

/// A route's data from its file's text: the model's one decoding step,
/// kept out of line so that the route's resource and the check for news
/// share one copy of every page kind's decoder (inlined into each caller's
/// future, it was about 10 KB brotli of the first load per copy).
#[inline(never)]
pub fn decode_page(route: &Route, text: &str) -> Result<PageData, FetchError> {
    PageData::decode(route, text).map_err(|e| FetchError::Decode(e.to_string()))
}

/// Starts loading a file into the cache before the reader asks for it (see
/// `browser::install_prefetch`). It is never aborted, and a failure is only
/// forgotten: the view that needs the file fetches it again and reports it.
pub fn prefetch(relative_path: &str) {
    let url = format!("{}{}", base_path(), relative_path);
    let known = CACHE.with(|c| c.borrow().entries.contains_key(&url))
        || PREFETCHING.with(|p| p.borrow().contains_key(&url));
    if known {
        return;
    }
    let key = url.clone();
    let pending: Pending = async move {
        let text: Option<Rc<str>> = fetch_text(&url, false).await.ok().map(Rc::from);
        if let Some(text) = &text {
            CACHE.with(|c| c.borrow_mut().insert(url.clone(), Rc::clone(text)));
        }
        PREFETCHING.with(|p| p.borrow_mut().remove(&url));
        text
    }
    .boxed_local()
    .shared();
    PREFETCHING.with(|p| p.borrow_mut().insert(key, pending.clone()));
    leptos::task::spawn_local(async move {
        pending.await;
    });
}

/// The newest copy of a file that an open page checks for news (the front
/// page, a section's first page, `breaking.json`), asked for with the `ETag`
/// of the copy seen last (`If-None-Match`): an unchanged file is a `304`
/// with no body, and the copy seen last is returned again. The browser's
/// cache is bypassed, so the answer is the host's. (Boxed: its callers
/// share one copy of the request's code.)
pub fn latest(relative_path: &str) -> LocalBoxFuture<'static, Result<Rc<str>, FetchError>> {
    latest_of(format!("{}{}", base_path(), relative_path)).boxed_local()
}

async fn latest_of(url: String) -> Result<Rc<str>, FetchError> {
    let known = LATEST.with(|l| l.borrow().get(&url).cloned());
    let mut request = gloo_net::http::Request::get(&url).cache(web_sys::RequestCache::NoStore);
    if let Some((Some(etag), _)) = &known {
        request = request.header("If-None-Match", etag);
    }
    let response = request
        .send()
        .await
        .map_err(|e| FetchError::Network(e.to_string()))?;
    match (response.status(), known) {
        (304, Some((_, text))) => Ok(text),
        (200, _) => {
            let etag = response.headers().get("etag");
            let text: Rc<str> = response
                .text()
                .await
                .map_err(|e| FetchError::Network(e.to_string()))?
                .into();
            LATEST.with(|l| l.borrow_mut().insert(url, (etag, Rc::clone(&text))));
            Ok(text)
        }
        (404 | 410, _) => Err(FetchError::NotFound),
        (status, _) => Err(FetchError::Http { status }),
    }
}

/// Makes `text` the cached copy of a file (a newer copy the reader chose to
/// see: the route's view is then made from it, without fetching it again).
pub fn keep(relative_path: &str, text: Rc<str>) {
    let url = format!("{}{}", base_path(), relative_path);
    CACHE.with(|c| c.borrow_mut().insert(url, text));
}

/// `abort_on_cleanup`: abort the request when the view that asked for it goes away.
async fn fetch_text(url: &str, abort_on_cleanup: bool) -> Result<String, FetchError> {
    let controller = abort_on_cleanup
        .then(|| web_sys::AbortController::new().ok())
        .flatten();
    let signal = controller.as_ref().map(|c| c.signal());
    if controller.is_some() {
        let controller = SendWrapper::new(controller);
        on_cleanup(move || {
            if let Some(controller) = controller.take() {
                controller.abort();
            }
        });
    }

    let response = gloo_net::http::Request::get(url)
        .abort_signal(signal.as_ref())
        .send()
        .await
        .map_err(|e| FetchError::Network(e.to_string()))?;
    let status = response.status();
    if status == 404 || status == 410 {
        return Err(FetchError::NotFound);
    }
    if !(200..300).contains(&status) {
        return Err(FetchError::Http { status });
    }
    // A host without a real 404 answers unknown paths with its HTML page.
    let content_type = response.headers().get("content-type").unwrap_or_default();
    if content_type.starts_with("text/html") {
        return Err(FetchError::NotFound);
    }
    response
        .text()
        .await
        .map_err(|e| FetchError::Network(e.to_string()))
}

/// The site's identity and sections, checked by the model like a page.
pub async fn fetch_site() -> Result<Site, FetchError> {
    let site: Site = fetch_json(SITE_JSON).await?;
    let problems = broadsheet_model::validate::validate_site(&site);
    broadsheet_model::page::checked(site, problems)
        .map_err(|e| FetchError::Decode(format!("{SITE_JSON}: {e}")))
}

/// Where a moved story lives now: its old URL's entry in `redirects.json`
/// (the `aliases` press collected), or `None`.
pub async fn moved_to(old_url: &str) -> Option<String> {
    let redirects: broadsheet_model::Redirects =
        fetch_json(broadsheet_model::paths::REDIRECTS_JSON)
            .await
            .ok()?;
    if !broadsheet_model::validate::validate_redirects(&redirects).is_empty() {
        return None;
    }
    redirects.redirects.get(old_url).cloned()
}

/// The breaking stories, checked like a page, from a copy [`latest`] got.
pub fn decode_breaking(text: &str) -> Result<broadsheet_model::Breaking, FetchError> {
    let breaking: broadsheet_model::Breaking =
        broadsheet_model::decode(text).map_err(|e| FetchError::Decode(e.to_string()))?;
    let problems = broadsheet_model::validate::validate_breaking(&breaking);
    broadsheet_model::page::checked(breaking, problems)
        .map_err(|e| FetchError::Decode(format!("{}: {e}", broadsheet_model::paths::BREAKING_JSON)))
}

/// "Most popular", checked like a page: any unsafe link hides the box.
pub async fn fetch_popular() -> Result<Popular, FetchError> {
    let popular: Popular = fetch_json(POPULAR_JSON).await?;
    let problems = broadsheet_model::validate::validate_popular(&popular);
    broadsheet_model::page::checked(popular, problems)
        .map_err(|e| FetchError::Decode(format!("{POPULAR_JSON}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::{is_embeddable_path, Cache, CACHE_LIMIT};
    use std::rc::Rc;

    #[test]
    fn the_cache_keeps_what_was_used_lately_and_at_most_its_limit() {
        let mut cache = Cache::default();
        let text: Rc<str> = "{}".into();
        for i in 0..1000 {
            cache.insert(format!("data/{i}.json"), Rc::clone(&text));
            // One file is read all the time: it is never dropped.
            assert!(cache.get("data/0.json").is_some(), "after {i}");
            assert!(cache.entries.len() <= CACHE_LIMIT);
        }
        assert!(cache.get("data/999.json").is_some());
        assert!(cache.get("data/1.json").is_none());
        assert!(cache.entries.len() > CACHE_LIMIT / 4);
    }

    #[test]
    fn only_the_sites_data_files_are_seeded() {
        assert!(is_embeddable_path("data/site.json"));
        assert!(is_embeddable_path("data/articles/world/2026/11/18/x.json"));
        assert!(!is_embeddable_path("data/../secret.json"));
        assert!(!is_embeddable_path("data//x.json"));
        assert!(!is_embeddable_path("/data/site.json"));
        assert!(!is_embeddable_path("data/site.js"));
        assert!(!is_embeddable_path("https://evil.example/data/x.json"));
    }
}
