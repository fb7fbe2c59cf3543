// Shared set-up for the browser tests: Debian's Chromium through playwright-core,
// against the site that `cargo xtask test` serves with nginx.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const BASE = process.env.BROADSHEET_URL ?? 'http://127.0.0.1:8080';

/** The built site on disk, for the files a host reads but never serves as they are. */
export const DIST = process.env.BROADSHEET_DIST ?? 'dist';

export const LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

/**
 * The throttled profile of the bench and of the tests that time start-up:
 * a mid-range phone on a slow mobile connection (4x CPU, 150 ms round trip,
 * 1.6 Mbps down).
 */
export const PROFILE = { cpuSlowdown: 4, latencyMs: 150, downloadKbps: 1600, uploadKbps: 750 };

/** Applies [`PROFILE`] to a page; returns its DevTools session. */
export async function throttle(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: PROFILE.latencyMs,
    downloadThroughput: (PROFILE.downloadKbps * 1000) / 8,
    uploadThroughput: (PROFILE.uploadKbps * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpuSlowdown });
  return cdp;
}

export function launch() {
  return chromium.launch(LAUNCH);
}

/**
 * The set-up every browser test file shares: one browser for the file, closed
 * after it, and the site's JSON files it names (`{ front: 'data/front.json' }`;
 * a function gets the files read so far), read once before the first test.
 * Returns the object that holds them: `suite.browser`, `suite.front`, ….
 */
export function useSuite(files = {}) {
  const suite = {};
  before(async () => {
    suite.browser = await launch();
    for (const [name, path] of Object.entries(files)) {
      suite[name] = await siteJson(typeof path === 'function' ? path(suite) : path);
    }
  });
  after(async () => {
    await suite.browser?.close();
  });
  return suite;
}

/** Reads one of the site's JSON files, as the app would. */
export async function siteJson(path) {
  const response = await fetch(`${BASE}/${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

/** A new page that records console errors and failed requests. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') page.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => page.consoleErrors.push(String(error)));
  return page;
}

/** Waits until the app runs the page: it has taken over the pre-rendered HTML. */
export async function waitForApp(page, timeout = 15000) {
  await page.locator('html[data-app="ready"]').waitFor({ state: 'attached', timeout });
}

/**
 * Waits until the app has its page views at hand (`<html data-views="ready">`):
 * in the release build they are a module loaded a second after start-up
 * (src/routes/page_views.rs), and a click before then waits for it. Tests
 * about what clicks do with their data wait for this first.
 */
export async function waitForViews(page, timeout = 15000) {
  await waitForApp(page, timeout);
  await page.locator('html[data-views="ready"]').waitFor({ state: 'attached', timeout });
}

/**
 * Scrolls the footer into view and waits for what loads near it to arrive:
 * "Most popular" loads once it nears the viewport and, above the footer,
 * moves it down when it comes (`.popular-slot[data-state]`). A click on a
 * footer link before that may land where the link was, not where it is.
 */
export async function footerInView(page, timeout = 15000) {
  await page.locator('footer.site-footer').scrollIntoViewIfNeeded({ timeout });
  await page.waitForFunction(
    () => [...document.querySelectorAll('.popular-slot')].every((slot) => slot.dataset.state === 'done'),
    null,
    { polling: 16, timeout },
  );
}

/**
 * Waits until the page has settled as a reader sees it: every stylesheet
 * applied, the fonts loaded, and two frames drawn since. Measure layout only
 * after this: a box measured while a stylesheet or a font is still on its
 * way is a moment, not the page's state.
 */
export async function settled(page, timeout = 15000) {
  await page.waitForFunction(() => {
    const sheets = [...document.querySelectorAll('link[rel="stylesheet"]')];
    return document.readyState !== 'loading'
      && sheets.every((link) => link.sheet)
      && document.fonts.status === 'loaded';
  }, null, { polling: 16, timeout });
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))));
}

/**
 * Waits until the app has rendered a view (`data-view` on the view's root).
 * Pre-rendered pages show the view before the app runs, so this also waits
 * for the app to have taken over.
 */
export async function waitForView(page, view, timeout = 15000) {
  await page.locator(`[data-view="${view}"]`).first().waitFor({ timeout });
  await waitForApp(page, timeout);
}

/**
 * The first visible element's box for `selector`, measured in one step in the
 * page: the app's take-over may swap an element between a lookup and a
 * measure (its place stays the same).
 */
export async function visibleBox(page, selector, timeout = 20000) {
  const handle = await page.waitForFunction((selector) => {
    for (const element of document.querySelectorAll(selector)) {
      const r = element.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) return { x: r.x, y: r.y, width: r.width, height: r.height };
    }
    return null;
  }, selector, { polling: 16, timeout });
  return handle.jsonValue();
}
