// Where a cold load's long tasks go (docs/performance.md, "Start-up, task by
// task"): one load of a URL at 4x CPU, 150 ms RTT and 1.6 Mbps, traced by
// Chromium; prints every main-thread task over 50 ms and what it spent its
// time on. Usage, with `cargo xtask preview` running:
//   node tests/bench/startup-trace.mjs http://127.0.0.1:8081/<path>
// With CLICK=<a link's href>, it traces an in-app click instead: the page
// loads and settles (its links in view are prefetched), then the link is
// clicked (`link.click()`) and the trace runs until the new page's headline
// is painted. MIN_TASK_MS (default 50) sets which tasks are printed.
// TAKE_OVER=1 starts the app as the fallback after a failed hydration does
// (the take-over), for comparing the two starts in one build.
import { chromium } from 'playwright-core';
import { LAUNCH, throttle } from '../e2e/helpers.js';
import { mkdirSync, readFileSync } from 'node:fs';
const url = process.argv[2];
if (!url) throw new Error('usage: node tests/bench/startup-trace.mjs <url>');
mkdirSync('target/bench', { recursive: true });
const browser = await chromium.launch(LAUNCH);
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
await throttle(page);
if (process.env.TAKE_OVER === '1') {
  await page.addInitScript(() => sessionStorage.setItem('broadsheet-take-over', location.pathname + location.search));
}
const CLICK = process.env.CLICK;
const MIN_TASK_US = Number(process.env.MIN_TASK_MS ?? 50) * 1000;
const trace = () => browser.startTracing(page, { path: 'target/bench/startup-trace.json', categories: ['devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
if (!CLICK) await trace();
await page.goto(url, { waitUntil: 'load' });
await page.waitForFunction(() => document.documentElement.dataset.app === 'ready', null, { timeout: 60000 });
await page.waitForTimeout(CLICK ? 3000 : 1500);
if (CLICK) {
  await trace();
  const ms = await page.evaluate((href) => new Promise((resolve, reject) => {
    const link = document.querySelector(`main a[href="${href}"]`);
    if (!link) return reject(new Error(`no link to ${href}`));
    const before = document.querySelector('main h1')?.textContent;
    const start = performance.now();
    const observer = new MutationObserver(() => {
      const now = document.querySelector('main article h1')?.textContent;
      if (!now || now === before) return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    link.click();
  }), CLICK);
  console.log(`click to headline painted: ${ms.toFixed(0)} ms`);
}
await browser.stopTracing();
await browser.close();
const events = JSON.parse(readFileSync('target/bench/startup-trace.json', 'utf8')).traceEvents.filter((e) => e.ph === 'X' && e.dur);
const main = events.filter((e) => e.name === 'RunTask').reduce((acc, e) => { acc[e.tid] = (acc[e.tid] ?? 0) + e.dur; return acc; }, {});
const tid = Number(Object.entries(main).sort((a, b) => b[1] - a[1])[0][0]);
const tasks = events.filter((e) => e.tid === tid && e.name === 'RunTask' && e.dur > MIN_TASK_US).sort((a, b) => a.ts - b.ts);
const t0 = Math.min(...events.filter((e) => e.tid === tid).map((e) => e.ts));
for (const task of tasks) {
  const inside = events.filter((e) => e.tid === tid && e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
  const byName = {};
  for (const e of inside) byName[e.name] = (byName[e.name] ?? 0) + e.dur;
  const top = Object.entries(byName).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([n, d]) => `${n} ${(d / 1000).toFixed(0)}`).join(', ');
  console.log(`task at ${((task.ts - t0) / 1000).toFixed(0)} ms: ${(task.dur / 1000).toFixed(0)} ms — ${top}`);
}
