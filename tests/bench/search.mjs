// The search half of `cargo xtask bench` (docs/performance.md, "Search").
//
// For each generated site (SITES: [{articles, url, dir}]), the release app
// with that site's search index, on nginx, in Chromium under the bench's
// profile (4× CPU, 150 ms RTT, 1.6 Mbps down):
//   open    /search in a new browser context (cold cache), until its box is ready;
//   first   a query entered (one input event) until its results are painted,
//           right after opening (the index's shards and docs are cold);
//   second  another query, the same way.
// Bytes are those transferred (headers included) for scripts, WebAssembly
// and JSON in each phase, the worker's too.
// With PAGEFIND ({articles, url}), Pagefind's own API over the same stories,
// on the main thread (as Broadsheet's search runs; the throttling is the
// page's): a first and a second query, cold, until the top 10 results'
// data is in.
// Relevance (unthrottled): known-item queries (the two longest words of a
// story's headline), the share of stories in their query's top 3, for
// both engines over the same queries.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { LAUNCH, PROFILE, throttle } from '../e2e/helpers.js';

const SITES = JSON.parse(process.env.SITES ?? '[]');
const PAGEFIND = process.env.PAGEFIND ? JSON.parse(process.env.PAGEFIND) : null;
const RUNS = Number(process.env.RUNS ?? 3);
const KNOWN_ITEMS = Number(process.env.KNOWN_ITEMS ?? 100);
const OUT = process.env.OUT;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function throttled(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await throttle(page);
  // Bytes of scripts, WebAssembly and data (not the results' thumbnails),
  // and of those, the index's (JSON; Pagefind's .pf_* files). Counted from
  // Playwright's request events, which include a worker's requests
  // (Pagefind searches in one), headers included.
  const pending = [];
  const meter = { bytes: 0, index: 0, settle: () => Promise.all(pending.splice(0)) };
  context.on('requestfinished', (request) => {
    const type = request.resourceType();
    if (type === 'image' || type === 'font' || type === 'stylesheet') return;
    const url = request.url();
    pending.push(request.sizes().then((s) => {
      const bytes = s.responseBodySize + s.responseHeadersSize;
      meter.bytes += bytes;
      if (/\/data\/search\/|\.pf_|pagefind-entry\.json/.test(url)) meter.index += bytes;
    }, () => {}));
  });
  return { context, page, meter };
}

/** Known-item queries from the site's own docs files: the two longest headline words. */
function knownItems(dir, documents, count) {
  const items = [];
  const step = Math.max(1, Math.floor(documents / count));
  const perFile = JSON.parse(readFileSync(join(dir, 'data/search/index.json'), 'utf8')).docs_per_file ?? 16;
  for (let doc = 0; doc < documents && items.length < count; doc += step) {
    const shard = JSON.parse(readFileSync(join(dir, `data/search/docs/${Math.floor(doc / perFile)}.json`), 'utf8'));
    const story = shard.docs[doc % perFile];
    // Two different words (Tridahar and tridahar are one).
    const words = story.headline.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4);
    const distinct = [...new Map(words.map((w) => [w.toLowerCase(), w])).values()];
    const longest = distinct.sort((a, b) => b.length - a.length).slice(0, 2);
    if (longest.length) items.push({ q: longest.join(' '), url: story.url });
  }
  return items;
}

async function query(page, meter, q) {
  await meter.settle?.();
  meter.bytes = 0;
  meter.index = 0;
  // From the input event itself (not from the harness's own commands).
  await page.evaluate(() => {
    window.__inputAt = null;
    document.addEventListener('input', (e) => { window.__inputAt = e.timeStamp; }, { capture: true, once: true });
  });
  await page.locator('#search-q').fill(q);
  await page.waitForFunction((q) => {
    const status = document.querySelector('.search-status')?.textContent ?? '';
    const list = document.querySelector('.search-results');
    return new URL(location.href).searchParams.get('q') === q && /result|match/.test(status)
      && list && !list.hasAttribute('aria-busy');
  }, q, { polling: 'raf', timeout: 120000 });
  const end = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
  const start = await page.evaluate(() => window.__inputAt);
  await meter.settle?.();
  if (process.env.WATERFALL) {
    // Diagnosis: each fetch of this query, from its start, in ms.
    const lines = await page.evaluate((start) => performance.getEntriesByType('resource')
      .filter((e) => e.startTime >= start - 1)
      .map((e) => `${Math.round(e.startTime - start)}–${Math.round(e.responseEnd - start)} ${e.name.replace(/^https?:\/\/[^/]+/, '')} ${e.transferSize}`), start);
    console.log(`${q}: ${Math.round(end - start)} ms\n  ${lines.join('\n  ')}`);
  }
  const top = await page.locator('.search-results > li h2 a').evaluateAll((a) => a.slice(0, 3).map((x) => x.getAttribute('href')));
  return { ms: Math.round(end - start), bytes: meter.bytes, index: meter.index, top };
}

async function broadsheet(browser, site) {
  const items = knownItems(site.dir, site.documents, KNOWN_ITEMS);
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const { context, page, meter } = await throttled(browser);
    const t0 = Date.now();
    await page.goto(`${site.url}/search`);
    await page.locator('#search-q').waitFor({ timeout: 120000 });
    const opened = Date.now() - t0;
    await meter.settle();
    const open = { ms: opened, bytes: meter.bytes, index: meter.index };
    const first = await query(page, meter, items[run * 2].q);
    const second = await query(page, meter, items[run * 2 + 1].q);
    runs.push({ open, first, second });
    await context.close();
  }
  // Relevance, unthrottled, through the same view.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.url}/search`);
  await page.locator('#search-q').waitFor();
  let found = 0;
  for (const item of items) {
    const { top } = await query(page, { bytes: 0, index: 0 }, item.q);
    if (top.includes(item.url)) found += 1;
  }
  await context.close();
  return { runs, relevance: { found, asked: items.length, share: found / items.length } };
}

async function pagefind(browser, site, items) {
  const search = async (page, q) => page.evaluate(async (q) => {
    const start = performance.now();
    // On the main thread, like Broadsheet's search: the throttling is set
    // on the page, and a worker would escape it.
    if (!window.__pf) {
      const pf = await import('/pagefind/pagefind.js');
      await pf.options({ noWorker: true });
      window.__pf = pf;
    }
    const found = await window.__pf.search(q);
    const data = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
    return { ms: Math.round(performance.now() - start), top: data.slice(0, 3).map((d) => d.url) };
  }, q);
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const { context, page, meter } = await throttled(browser);
    await page.goto(`${site.url}/`);
    await meter.settle();
    meter.bytes = 0;
    meter.index = 0;
    const first = await search(page, items[run * 2].q);
    await meter.settle();
    Object.assign(first, { bytes: meter.bytes, index: meter.index });
    meter.bytes = 0;
    meter.index = 0;
    const second = await search(page, items[run * 2 + 1].q);
    await meter.settle();
    Object.assign(second, { bytes: meter.bytes, index: meter.index });
    runs.push({ first, second });
    await context.close();
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.url}/`);
  let found = 0;
  for (const item of items) {
    const { top } = await search(page, item.q);
    if (top.includes(item.url)) found += 1;
  }
  await context.close();
  return { runs, relevance: { found, asked: items.length, share: found / items.length } };
}

const summary = (runs, phase) => ({
  ms: median(runs.map((r) => r[phase].ms)),
  worst_ms: Math.max(...runs.map((r) => r[phase].ms)),
  kb: Math.round(median(runs.map((r) => r[phase].bytes)) / 102.4) / 10,
  index_kb: Math.round(median(runs.map((r) => r[phase].index)) / 102.4) / 10,
});

const browser = await chromium.launch(LAUNCH);
const results = { profile: PROFILE, runs: RUNS, sites: [], pagefind: null };
for (const site of SITES) {
  const measured = await broadsheet(browser, site);
  results.sites.push({
    articles: site.articles,
    index_seconds: site.index_seconds,
    index_mb: site.index_mb,
    open: summary(measured.runs, 'open'),
    first: summary(measured.runs, 'first'),
    second: summary(measured.runs, 'second'),
    relevance: measured.relevance,
  });
}
if (PAGEFIND) {
  const items = knownItems(PAGEFIND.dir, PAGEFIND.documents, KNOWN_ITEMS);
  const measured = await pagefind(browser, PAGEFIND, items);
  results.pagefind = {
    articles: PAGEFIND.articles,
    index_seconds: PAGEFIND.index_seconds,
    index_mb: PAGEFIND.index_mb,
    first: summary(measured.runs, 'first'),
    second: summary(measured.runs, 'second'),
    relevance: measured.relevance,
  };
}
await browser.close();

console.log('\nSearch (4× CPU, 150 ms RTT, 1.6 Mbps; medians of', RUNS, 'runs, worst in brackets)');
console.log('| engine | articles | index build (s) | index on disk (MB) | open search: ms, KB (index KB) | first query: ms, KB (index KB) | second query: ms, KB (index KB) | known items in top 3 |');
console.log('|---|---:|---:|---:|---|---|---|---:|');
const cell = (s) => (s ? `${s.ms} [${s.worst_ms}] ms, ${s.kb} KB (${s.index_kb})` : '—');
for (const s of results.sites) {
  console.log(`| Broadsheet | ${s.articles} | ${s.index_seconds} | ${s.index_mb} | ${cell(s.open)} | ${cell(s.first)} | ${cell(s.second)} | ${s.relevance.found}/${s.relevance.asked} |`);
}
if (results.pagefind) {
  const p = results.pagefind;
  console.log(`| Pagefind 1.6 | ${p.articles} | ${p.index_seconds} | ${p.index_mb} | — | ${cell(p.first)} | ${cell(p.second)} | ${p.relevance.found}/${p.relevance.asked} |`);
}
if (OUT) writeFileSync(OUT, JSON.stringify(results, null, 2));
