// The search page's cold start (docs/performance.md, "Issue 34: the search
// page"): RUNS (default 5) cold loads of a search URL at 4x CPU, 150 ms RTT
// and 1.6 Mbps, each in a fresh context; prints, per load and as medians,
// when the first result was in the page (from the navigation's start) and
// the page's largest contentful paint. Usage, with `cargo xtask preview`
// running:
//   node tests/bench/search-start.mjs 'http://127.0.0.1:8081/search?q=government'
import { chromium } from 'playwright-core';
import { LAUNCH, throttle } from '../e2e/helpers.js';

const url = process.argv[2];
if (!url) throw new Error("usage: node tests/bench/search-start.mjs '<url of /search?q=…>'");
const RUNS = Number(process.env.RUNS ?? 5);
const browser = await chromium.launch(LAUNCH);
const rows = [];
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await throttle(page);
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('.search-results > li')) {
        window.__firstResult = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__firstResult !== undefined, null, { timeout: 60000 });
  // The LCP entry of the results comes once they are painted.
  const row = await page.evaluate(() => new Promise((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => new PerformanceObserver((list) => {
      const entries = list.getEntries();
      resolve({ result: window.__firstResult, lcp: entries[entries.length - 1].startTime });
    }).observe({ type: 'largest-contentful-paint', buffered: true }), 500)));
  }));
  rows.push(row);
  console.log(`load ${run + 1}: first result ${row.result.toFixed(0)} ms, LCP ${row.lcp.toFixed(0)} ms`);
  await context.close();
}
await browser.close();
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`median of ${RUNS}: first result ${median(rows.map((r) => r.result)).toFixed(0)} ms, LCP ${median(rows.map((r) => r.lcp)).toFixed(0)} ms`);
