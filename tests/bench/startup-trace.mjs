// Where a cold load's long tasks go (docs/performance.md, "Start-up, task by
// task"): one load of a URL at 4x CPU, 150 ms RTT and 1.6 Mbps, traced by
// Chromium; prints every main-thread task over 50 ms and what it spent its
// time on. Usage, with `cargo xtask preview` running:
//   node tests/bench/startup-trace.mjs http://127.0.0.1:8081/<path>
import { chromium } from 'playwright-core';
import { LAUNCH } from '../e2e/helpers.js';
import { mkdirSync, readFileSync } from 'node:fs';
const url = process.argv[2];
if (!url) throw new Error('usage: node tests/bench/startup-trace.mjs <url>');
mkdirSync('target/bench', { recursive: true });
const browser = await chromium.launch(LAUNCH);
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 200000, uploadThroughput: 93750 });
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await browser.startTracing(page, { path: 'target/bench/startup-trace.json', categories: ['devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
await page.goto(url, { waitUntil: 'load' });
await page.waitForFunction(() => document.documentElement.dataset.app === 'ready', null, { timeout: 60000 });
await page.waitForTimeout(1500);
await browser.stopTracing();
await browser.close();
const events = JSON.parse(readFileSync('target/bench/startup-trace.json', 'utf8')).traceEvents.filter((e) => e.ph === 'X' && e.dur);
const main = events.filter((e) => e.name === 'RunTask').reduce((acc, e) => { acc[e.tid] = (acc[e.tid] ?? 0) + e.dur; return acc; }, {});
const tid = Number(Object.entries(main).sort((a, b) => b[1] - a[1])[0][0]);
const tasks = events.filter((e) => e.tid === tid && e.name === 'RunTask' && e.dur > 50000).sort((a, b) => a.ts - b.ts);
const t0 = Math.min(...events.filter((e) => e.tid === tid).map((e) => e.ts));
for (const task of tasks) {
  const inside = events.filter((e) => e.tid === tid && e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
  const byName = {};
  for (const e of inside) byName[e.name] = (byName[e.name] ?? 0) + e.dur;
  const top = Object.entries(byName).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([n, d]) => `${n} ${(d / 1000).toFixed(0)}`).join(', ');
  console.log(`task at ${((task.ts - t0) / 1000).toFixed(0)} ms: ${(task.dur / 1000).toFixed(0)} ms — ${top}`);
}
