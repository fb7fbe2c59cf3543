// The first slice, end to end: JSON on disk, fetched by the WASM app,
// rendered, and checked in a real browser served by nginx.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, newPage, siteJson, useSuite, waitForView } from './helpers.js';

const suite = useSuite({
  front: 'data/front.json',
});

test('an article opens from a deep link as a real page, and the app takes over without fetching it again', async () => {
  const lead = suite.front.lead;
  const page = await newPage(suite.browser);
  const dataRequests = [];
  page.on('request', (request) => {
    if (request.url().includes('/data/')) dataRequests.push(request.url());
  });
  const response = await page.goto(BASE + lead.url);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-type'], /text\/html/);
  const html = await response.text();
  assert.ok(html.includes(`<h1 tabindex="-1">${escapeHtml(lead.headline)}</h1>`), 'the headline is in the HTML itself');
  await waitForView(page, 'article');
  assert.equal(await page.locator('article h1').textContent(), lead.headline);
  assert.ok((await page.locator('.article-body p').count()) > 3, 'the body is rendered');
  const own = dataRequests.filter((url) => url.endsWith('/data/site.json') || url.endsWith(`${lead.url}.json`));
  assert.deepEqual(own, [], 'the page embeds its data');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

function escapeHtml(text) {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

test('an article opens from a click on the front page, without a page load', async () => {
  const page = await newPage(suite.browser);
  await page.goto(BASE + '/');
  await waitForView(page, 'front');
  await page.evaluate(() => { window.__sameDocument = true; });
  const target = suite.front.top[0];
  await page.locator(`a[href="${target.url}"]`).first().click();
  await waitForView(page, 'article');
  assert.equal(await page.locator('article h1').textContent(), target.headline);
  assert.equal(new URL(page.url()).pathname, target.url);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'navigation stayed in the app');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a missing article shows the not-found view with a way home', async () => {
  const page = await newPage(suite.browser);
  const lead = suite.front.lead;
  const missing = lead.url.replace(/[^/]+$/, 'no-such-story-here');
  await page.goto(BASE + missing);
  await waitForView(page, 'not-found');
  assert.equal(await page.locator('h1').textContent(), 'Page not found');
  assert.equal(await page.locator('[data-view="not-found"] a[href="/"]').count(), 1);
  await page.context().close();
});
