// The app in two modules (issue 34, xtask/src/split_app.rs): a page starts
// with the main module alone, the page views' module comes after the app
// has started, and a click never needs more than what it waits for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, newPage, useSuite, waitForApp, waitForView } from './helpers.js';

const suite = useSuite({
  front: 'data/front.json',
});

const VIEWS = /\/views-[0-9a-f]{16}\.wasm$/;

/** Every request for the views' module, with the page's time it started. */
function viewsRequests(page) {
  const requests = [];
  page.on('request', (request) => {
    if (VIEWS.test(request.url())) requests.push(request.url());
  });
  return requests;
}

/** The page's own record of when the views' module was asked for. */
async function viewsTiming(page) {
  return page.evaluate((source) => performance
    .getEntriesByType('resource')
    .filter((entry) => new RegExp(source).test(entry.name))
    .map((entry) => ({ start: entry.startTime, end: entry.responseEnd })), VIEWS.source);
}

test('the page views are a module of their own, asked for once after the app has started, and a click uses it', async () => {
  const page = await newPage(suite.browser);
  const requests = viewsRequests(page);
  await page.goto(`${BASE}/`, { waitUntil: 'commit' });
  await waitForApp(page);
  const ready = await page.evaluate(() => performance.now());
  assert.equal(await page.locator('link[href*="views-"]').count(), 0, 'the page does not preload the views');
  await page.waitForFunction((source) => performance
    .getEntriesByType('resource')
    .some((entry) => new RegExp(source).test(entry.name) && entry.responseEnd > 0), VIEWS.source, { timeout: 15000 });
  await page.locator('html[data-views="ready"]').waitFor({ state: 'attached', timeout: 15000 });
  const [timing] = await viewsTiming(page);
  assert.ok(timing.start >= ready - 1, `asked for at ${timing.start} ms, before the app was ready at ${ready} ms`);
  const target = suite.front.lead.url;
  await page.locator(`main a[href="${target}"]`).first().click();
  await waitForView(page, 'article');
  assert.equal(new URL(page.url()).pathname, target);
  assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), 1, 'no page load');
  assert.equal(requests.length, 1, `asked for once: ${requests.join(', ')}`);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a click before the views arrive waits for them, then shows the page in the app', async () => {
  const page = await newPage(suite.browser);
  // The module is held back until the click has happened.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(VIEWS, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${BASE}/`, { waitUntil: 'commit' });
  await waitForApp(page);
  const target = suite.front.lead.url;
  await page.locator(`main a[href="${target}"]`).first().click();
  await page.waitForFunction((target) => location.pathname === target, target);
  // Still the front page's view, or nothing yet: the article needs the views.
  assert.equal(await page.locator('[data-view="article"]').count(), 0);
  assert.equal(await page.locator('html[data-views]').count(), 0, 'the views are not marked at hand while held back');
  release();
  await waitForView(page, 'article');
  assert.equal(await page.locator('[data-view="article"] h1').first().textContent(), suite.front.lead.headline);
  assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), 1, 'no page load');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('when the views cannot be loaded, a click loads the page instead, and the reader still gets it', async () => {
  const page = await newPage(suite.browser);
  let refused = 0;
  await page.route(VIEWS, (route) => {
    refused += 1;
    return route.abort('connectionrefused');
  });
  await page.goto(`${BASE}/`, { waitUntil: 'commit' });
  await waitForApp(page);
  const target = suite.front.lead.url;
  const loaded = page.waitForEvent('load', { timeout: 20000 });
  await page.locator(`main a[href="${target}"]`).first().click();
  await loaded;
  await page.locator('[data-view="article"] h1').first().waitFor();
  assert.equal(new URL(page.url()).pathname, target);
  assert.equal(await page.locator('[data-view="article"] h1').first().textContent(), suite.front.lead.headline);
  assert.equal(
    await page.evaluate(() => performance.getEntriesByType('navigation')[0].name),
    new URL(target, BASE).href,
    'the article was loaded as a page',
  );
  assert.ok(refused >= 1, 'the views were asked for');
  await page.context().close();
});
