// The browser half of `cargo xtask bench` (docs/performance.md).
//
// Three sites on nginx, built from the same dist/:
//   AFTER     the site as shipped: pre-rendered pages, then the app;
//   BEFORE    the same site as a client-only app: every page is the empty
//             app shell, which mounts and fetches its data (what issue 6 replaced);
//   BASELINE  the pre-rendered pages with every script removed: plain static
//             HTML and the same CSS, the physical limit.
// Chromium runs under one fixed profile through the DevTools protocol: 4×
// CPU slowdown, 150 ms round trip, 1.6 Mbps down and 750 kbps up.
// Writes the results as JSON to OUT and prints tables.
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { LAUNCH, PROFILE, throttle, visibleBox } from '../e2e/helpers.js';
import { lighthousePages, median } from './lighthouse.mjs';

const AFTER = process.env.AFTER;
const BEFORE = process.env.BEFORE;
const BASELINE = process.env.BASELINE;
const RUNS = Number(process.env.RUNS ?? 5);
const NAVIGATIONS = Number(process.env.NAVIGATIONS ?? 200);
const OUT = process.env.OUT;
// `ONLY=navigation`: the clicks, Back and the heap alone (no cold loads,
// tap or Lighthouse), for a quick look at in-app navigation.
// `ONLY=lighthouse`: Lighthouse alone, on the pages named in `PAGES`
// (comma-separated: front, section, article, tag, search; all unless set).
const ONLY = process.env.ONLY;
const PAGES = process.env.PAGES?.split(',');
// `TAKE_OVER=1`: the in-app part starts the app as the fallback after a
// failed hydration does (the take-over), for comparing the two starts.
const TAKE_OVER = process.env.TAKE_OVER === '1';


// Runs in every page before its own scripts.
function collector() {
  window.__bench = { lcp: null, ready: null };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.lcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  const check = () => {
    if (window.__bench.ready == null && document.documentElement.getAttribute('data-app') === 'ready') {
      window.__bench.ready = performance.now();
    }
  };
  // The document element may not exist yet when this runs.
  document.addEventListener('DOMContentLoaded', () => {
    check();
    new MutationObserver(check).observe(document.documentElement, { attributes: true });
  });
  addEventListener('TrunkApplicationStarted', (event) => {
    window.__wasm = event.detail.wasm;
  });
}

function kindOf(url) {
  const path = new URL(url).pathname;
  if (/\.css$/.test(path)) return 'css';
  if (/\.js$/.test(path)) return 'js';
  if (/\.wasm$/.test(path)) return 'wasm';
  if (/\.json$/.test(path)) return 'json';
  if (/\.(svg|png|jpe?g|webp|avif|gif)$/.test(path)) return 'images';
  return 'other';
}

async function coldLoad(browser, base, path, { app }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await throttle(page);
  await page.addInitScript(collector);
  await page.goto(base + path, { waitUntil: 'load', timeout: 120000 });
  if (app) await page.waitForFunction(() => window.__bench.ready != null, null, { timeout: 120000 });
  await page.waitForTimeout(500);
  const result = await page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation');
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
    const resources = performance.getEntriesByType('resource').map((r) => [r.name, r.transferSize]);
    return { fcp, lcp: window.__bench.lcp, ready: window.__bench.ready, load: nav.loadEventEnd, html: nav.transferSize, resources };
  });
  const bytes = { html: result.html, css: 0, js: 0, wasm: 0, json: 0, images: 0, other: 0 };
  for (const [url, size] of result.resources) bytes[kindOf(url)] += size;
  bytes.total = Object.values(bytes).reduce((a, b) => a + b, 0);
  await context.close();
  return { fcp: result.fcp, lcp: result.lcp, interactive: app ? result.ready : result.load, load: result.load, bytes };
}

async function coldLoads(browser, base, path, options) {
  const runs = [];
  for (let i = 0; i < RUNS; i += 1) runs.push(await coldLoad(browser, base, path, options));
  const pick = (key) => median(runs.map((r) => r[key]));
  const bytes = {};
  for (const kind of Object.keys(runs[0].bytes)) bytes[kind] = median(runs.map((r) => r.bytes[kind]));
  return { fcp: pick('fcp'), lcp: pick('lcp'), interactive: pick('interactive'), load: pick('load'), bytes, runs: runs.map((r) => ({ fcp: r.fcp, lcp: r.lcp, interactive: r.interactive })) };
}

// Click on a link in the page to the new view's heading painted (the frame after it is in the DOM).
function timedClick(page, selector, done) {
  return page.evaluate(
    ({ selector, done }) =>
      new Promise((resolve, reject) => {
        const link = document.querySelector(selector);
        if (!link) return reject(new Error(`no ${selector}`));
        const start = performance.now();
        const finished = () => {
          const [kind, text] = done;
          if (kind === 'headline') return document.querySelector('main article h1')?.textContent === text;
          return document.querySelector(`[data-view="${text}"]`) != null && document.querySelector('main article h1') == null;
        };
        const observer = new MutationObserver(() => {
          if (!finished()) return;
          observer.disconnect();
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        link.click();
      }),
    { selector, done },
  );
}

// In-app clicks from the front page to its teasers' articles, each followed
// by Back. Each link is first scrolled to the middle of the window, so that
// Back has a scroll position to restore. A click counts as prefetched when
// the article's JSON was fetched before it (the app prefetches the first
// links in view and a link under the pointer); the click itself is
// `link.click()`, with no pointer over the link first, so the others really
// wait for the network. Back is timed to the front page painted with its
// scroll position restored.
async function inAppNavigation(browser, base, teasers) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await throttle(page);
  await page.addInitScript(collector);
  if (TAKE_OVER) {
    await page.addInitScript(() => sessionStorage.setItem('broadsheet-take-over', location.pathname + location.search));
  }
  await page.goto(`${base}/`, { waitUntil: 'load', timeout: 120000 });
  await page.waitForFunction(() => window.__bench.ready != null, null, { timeout: 120000 });
  await page.waitForTimeout(3000); // the front page settles: popular box, idle work
  const clicks = [];
  const backs = [];
  for (const teaser of teasers) {
    const kinds = (prefetched) => clicks.filter((c) => c.prefetched === prefetched).length;
    if (kinds(true) >= RUNS && kinds(false) >= RUNS) break;
    const selector = `main a[href="${teaser.url}"]`;
    const y = await page.evaluate(async (selector) => {
      document.querySelector(selector)?.scrollIntoView({ block: 'center' });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return window.scrollY;
    }, selector);
    const prefetched = await page.evaluate(
      (file) => performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname.endsWith(file)),
      `/data/articles${teaser.url}.json`,
    );
    if (kinds(prefetched) >= RUNS) continue;
    clicks.push({ prefetched, ms: await timedClick(page, selector, ['headline', teaser.headline]) });
    await page.waitForTimeout(1500);
    backs.push(
      await page.evaluate(
        (y) =>
          new Promise((resolve) => {
            const start = performance.now();
            let painted = null;
            // One ending for all three watchers, so none outlives this Back.
            const finish = (result) => {
              observer.disconnect();
              removeEventListener('scroll', check);
              clearTimeout(timeout);
              resolve(result);
            };
            const check = () => {
              if (painted == null && document.querySelector('[data-view="front"]') && !document.querySelector('main article h1')) {
                painted = performance.now() - start;
              }
              if (painted != null && Math.abs(window.scrollY - y) < 2) {
                observer.disconnect();
                removeEventListener('scroll', check);
                requestAnimationFrame(() => setTimeout(() => finish({ ms: performance.now() - start, restored: true }), 0));
              }
            };
            const observer = new MutationObserver(check);
            observer.observe(document.body, { childList: true, subtree: true });
            addEventListener('scroll', check);
            const timeout = setTimeout(() => finish({ ms: painted, restored: false }), 5000);
            history.back();
          }),
        y,
      ),
    );
    await page.waitForTimeout(1500);
  }
  await context.close();
  const ms = (list) => list.map((c) => c.ms).filter((v) => v != null);
  const worst = (values) => (values.length ? Math.max(...values) : null);
  const prefetched = ms(clicks.filter((c) => c.prefetched));
  const fetched = ms(clicks.filter((c) => !c.prefetched));
  return {
    click_to_headline_ms: median(ms(clicks)),
    prefetched_ms: median(prefetched),
    prefetched_worst_ms: worst(prefetched),
    not_prefetched_ms: median(fetched),
    not_prefetched_worst_ms: worst(fetched),
    back_ms: median(ms(backs)),
    back_worst_ms: worst(ms(backs)),
    back_scroll_restored: backs.filter((b) => b.restored).length,
    runs: { clicks, back: backs },
  };
}

// Runs in every page: the longest interaction (Event Timing), kept in
// sessionStorage so that it outlives a page load the click starts.
function interactionRecorder() {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.interactionId) continue;
      const before = Number(sessionStorage.getItem('__inp') ?? 0);
      if (entry.duration > before) sessionStorage.setItem('__inp', String(entry.duration));
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
}

// A tap 100 ms after the front page's first paint, before the app is ready
// (cold, throttled): whether it navigates (a page load or in the app), the
// time from the tap to the article's headline on screen (measured from the
// harness, so a few ms of its own), and the tap's interaction time where
// the page lived long enough to report it.
async function tapDuringStartup(browser, base, lead) {
  const runs = [];
  for (let i = 0; i < RUNS; i += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await throttle(page);
    await page.addInitScript(collector);
    await page.addInitScript(interactionRecorder);
    await page.goto(`${base}/`, { waitUntil: 'commit', timeout: 120000 });
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { polling: 16, timeout: 120000 });
    await page.waitForTimeout(100);
    const box = await visibleBox(page, `main a[href="${lead.url}"]`, 120000);
    const ready = await page.evaluate(() => { window.__firstDocument = true; return document.documentElement.dataset.app === 'ready'; });
    const tapped = Date.now();
    await page.mouse.click(box.x + Math.min(20, box.width / 2), box.y + box.height / 2);
    await page.waitForFunction((headline) => document.querySelector('main article h1')?.textContent === headline, lead.headline, { polling: 'raf', timeout: 120000 });
    const painted = Date.now() - tapped;
    const { sameDocument, inp } = await page.evaluate(() => ({ sameDocument: window.__firstDocument === true, inp: Number(sessionStorage.getItem('__inp') ?? 0) || null }));
    runs.push({ app_ready_at_tap: ready, navigation: sameDocument ? 'in app' : 'page load', tap_to_article_ms: painted, inp_ms: inp });
    await context.close();
  }
  return { tap_to_article_ms: median(runs.map((r) => r.tap_to_article_ms)), worst_ms: Math.max(...runs.map((r) => r.tap_to_article_ms)), runs };
}

async function heapAfterNavigations(browser, base, lead) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.addInitScript(collector);
  await page.goto(`${base}/`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__bench.ready != null);
  const sample = async (navigations) => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const { wasm, nodes } = await page.evaluate(() => ({ wasm: window.__wasm?.memory?.buffer?.byteLength ?? null, nodes: document.getElementsByTagName('*').length }));
    return { navigations, js_heap_bytes: usedSize, wasm_memory_bytes: wasm, dom_elements: nodes };
  };
  // Front → article → one of its tags → Back → a search from the masthead → front.
  const search = async () => {
    await page.locator('.masthead-search input[name="q"]').fill(lead.headline.split(' ').slice(0, 2).join(' '));
    await page.locator('.masthead-search input[name="q"]').press('Enter');
    await page.waitForFunction(() => /result|match/.test(document.querySelector('.search-status')?.textContent ?? ''));
  };
  const samples = [];
  let n = 0;
  const sampled = new Set();
  while (n < NAVIGATIONS) {
    for (const at of [20, NAVIGATIONS / 2]) {
      if (n >= at && !sampled.has(at)) {
        sampled.add(at);
        samples.push(await sample(n));
      }
    }
    await timedClick(page, `main a[href="${lead.url}"]`, ['headline', lead.headline]);
    const tagLink = page.locator('main article a[href*="/tags/"]').first();
    if (await tagLink.count()) {
      await tagLink.click();
      await page.waitForFunction(() => /\/tags\//.test(location.pathname) && !document.querySelector('main article h1'));
      n += 1;
      // Back to the article: its view was kept (issue 34).
      await page.goBack();
      await page.waitForFunction((h) => document.querySelector('main article h1')?.textContent === h, lead.headline);
      n += 1;
    }
    await search();
    await timedClick(page, 'a.masthead-name', ['view', 'front']);
    n += 3;
  }
  samples.push(await sample(NAVIGATIONS));
  await context.close();
  const [warm, last] = [samples[0], samples[samples.length - 1]];
  return { samples, js_heap_growth_ratio: last.js_heap_bytes / warm.js_heap_bytes };
}

async function readJsonUrl(url) {
  // Plain Node fetch: not throttled.
  const response = await fetch(url);
  return response.json();
}


const fmt = (ms) => (ms == null ? 'n/a' : `${Math.round(ms)} ms`);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (value, base) => (value == null || base == null ? 'n/a' : `${(value / base).toFixed(2)}×`);

async function main() {
  const front = await readJsonUrl(`${AFTER}/data/front.json`);
  const article = front.lead.url;
  const teasers = [...front.top, ...front.latest].filter((t) => t.url !== front.lead.url);
  const results = { profile: PROFILE, runs: RUNS, article, cold: {} };
  if (ONLY !== 'lighthouse') await browserPart(results, article, teasers, front);
  if (process.env.SKIP_LIGHTHOUSE !== '1' && ONLY !== 'navigation') {
    process.stderr.write('lighthouse\n');
    const site = await readJsonUrl(`${AFTER}/data/site.json`);
    // A tag page: the first tag the lead article links to (issue 34 measures
    // front, section, article, tag and search pages).
    const articleHtml = await (await fetch(`${AFTER}${article}`)).text();
    const tag = articleHtml.match(/href="(\/tags\/[^"?#]+)"/)?.[1];
    const word = front.lead.headline.split(/\s+/).find((w) => w.length > 4) ?? 'news';
    let pages = [['front', '/'], ['section', `/${site.sections[0].path}/`], ['article', article]];
    if (tag) pages.push(['tag', tag]);
    pages.push(['search', `/search?q=${encodeURIComponent(word)}`]);
    if (PAGES) pages = pages.filter(([name]) => PAGES.includes(name));
    results.lighthouse = lighthousePages(pages, BASELINE, AFTER);
  }
  report(results);
}

// Cold loads, in-app navigation, a tap during start-up and the heap.
async function browserPart(results, article, teasers, front) {
  const browser = await chromium.launch(LAUNCH);
  for (const [name, path] of ONLY === 'navigation' ? [] : [['front', '/'], ['article', article]]) {
    process.stderr.write(`cold load: ${name}\n`);
    results.cold[name] = {
      baseline: await coldLoads(browser, BASELINE, path, { app: false }),
      before: await coldLoads(browser, BEFORE, path, { app: true }),
      after: await coldLoads(browser, AFTER, path, { app: true }),
    };
  }
  process.stderr.write('in-app navigation\n');
  results.navigation = await inAppNavigation(browser, AFTER, teasers);
  if (ONLY !== 'navigation') {
    process.stderr.write('a tap during start-up\n');
    results.tap = await tapDuringStartup(browser, AFTER, front.lead);
  }
  process.stderr.write(`heap over ${NAVIGATIONS} navigations\n`);
  results.heap = await heapAfterNavigations(browser, AFTER, front.lead);
  await browser.close();
}

function report(results) {
  const lines = [];
  lines.push(`Profile: ${PROFILE.cpuSlowdown}× CPU, ${PROFILE.latencyMs} ms RTT, ${PROFILE.downloadKbps / 1000} Mbps down; median of ${RUNS} cold loads each.`, '');
  if (Object.keys(results.cold).length) {
    lines.push('| page | site | FCP | LCP | interactive | FCP ÷ baseline | LCP ÷ baseline | bytes (HTML / CSS / JS / WASM / JSON / images) |');
    lines.push('|---|---|---:|---:|---:|---:|---:|---|');
    for (const [name, sites] of Object.entries(results.cold)) {
      for (const site of ['baseline', 'before', 'after']) {
        const r = sites[site];
        const b = r.bytes;
        lines.push(`| ${name} | ${site} | ${fmt(r.fcp)} | ${fmt(r.lcp)} | ${fmt(r.interactive)} | ${ratio(r.fcp, sites.baseline.fcp)} | ${ratio(r.lcp, sites.baseline.lcp)} | ${kb(b.total)} (${[b.html, b.css, b.js, b.wasm, b.json, b.images].map(kb).join(' / ')}) |`);
      }
    }
  }
  const n = results.navigation;
  if (n) {
    const list = (runs) => runs.map((r) => Math.round(r.ms)).join(', ');
    lines.push('', `In-app navigation, front page → article, click to headline painted: prefetched ${fmt(n.prefetched_ms)} median, worst ${fmt(n.prefetched_worst_ms)} (${list(n.runs.clicks.filter((c) => c.prefetched))}); not prefetched ${fmt(n.not_prefetched_ms)} median, worst ${fmt(n.not_prefetched_worst_ms)} (${list(n.runs.clicks.filter((c) => !c.prefetched))}); Back to the front page, painted at its scroll position: ${fmt(n.back_ms)} median, worst ${fmt(n.back_worst_ms)}, restored in ${n.back_scroll_restored} of ${n.runs.back.length}.`);
  }
  const t = results.tap;
  if (t) lines.push(`A tap 100 ms after the first paint: tap to article painted ${fmt(t.tap_to_article_ms)} (worst ${fmt(t.worst_ms)}); runs: ${t.runs.map((r) => `${Math.round(r.tap_to_article_ms)} ms ${r.navigation}${r.app_ready_at_tap ? '' : ' (before the app)'}${r.inp_ms ? `, INP ${Math.round(r.inp_ms)} ms` : ''}`).join('; ')}.`);
  const s = results.heap?.samples;
  if (s) lines.push(`Heap after navigations (front → article → tag → Back → search → front): ${s.map((x) => `${x.navigations}: JS ${kb(x.js_heap_bytes)}, WASM ${kb(x.wasm_memory_bytes ?? 0)}, ${x.dom_elements} elements`).join('; ')}.`);
  if (results.lighthouse) {
    lines.push('', `Lighthouse 12, mobile, simulated throttling; median of ${process.env.LIGHTHOUSE_RUNS ?? 2} runs each (performance, accessibility, best practices, SEO):`, '');
    lines.push('| page | site | performance | TBT | scripts\' long tasks over 50 ms | LCP | TTI | LCP ÷ baseline | a11y / BP / SEO |');
    lines.push('|---|---|---:|---:|---:|---:|---:|---:|---|');
    for (const [name, sites] of Object.entries(results.lighthouse)) {
      for (const site of ['baseline', 'after']) {
        const l = sites[site];
        lines.push(`| ${name} | ${site} | ${l.performance} | ${fmt(l.tbt_ms)} | ${fmt(l.script_blocking_ms)} | ${fmt(l.lcp_ms)} | ${fmt(l.tti_ms)} | ${ratio(l.lcp_ms, sites.baseline.lcp_ms)} | ${l.accessibility} / ${l.best_practices} / ${l.seo}${l.failed_audits.length ? ` (failing: ${l.failed_audits.join(', ')})` : ''} |`);
      }
    }
  }
  console.log(lines.join('\n'));
  if (OUT) writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
}

await main();
