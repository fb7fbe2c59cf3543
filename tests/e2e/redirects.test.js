// Moved stories: every host Broadsheet ships a config for sends an old URL
// (a story's `aliases`) to its new one. nginx for real, the CloudFront
// function in Node, Netlify's file as written, the HTML fallback page, and
// the app, which follows an old link without a page load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { BASE, DIST, newPage, siteJson, useSuite, waitForView } from './helpers.js';

const suite = useSuite({ redirects: 'data/redirects.json' });
const moved = () => {
  const entries = Object.entries(suite.redirects.redirects);
  assert.ok(entries.length > 0, 'the sample content has a moved story');
  return entries[0];
};

test('nginx answers an old URL with 301 to the new one, with or without a trailing slash', async () => {
  const [old, now] = moved();
  for (const path of [old, `${old}/`]) {
    const response = await fetch(BASE + path, { redirect: 'manual' });
    assert.equal(response.status, 301, path);
    assert.equal(new URL(response.headers.get('location'), BASE).pathname, now);
  }
  const followed = await fetch(BASE + old);
  assert.equal(followed.status, 200);
  assert.equal(new URL(followed.url).pathname, now);
});

test('the CloudFront function, with the table press wrote, redirects the old URL and rewrites the rest', () => {
  const [old, now] = moved();
  const code = readFileSync(`${DIST}/redirects/cloudfront.js`, 'utf8') + readFileSync('deploy/cloudfront/url-rewrite.js', 'utf8');
  const context = vm.createContext({});
  vm.runInContext(code, context);
  const moved301 = context.handler({ request: { uri: old, headers: {} } });
  assert.equal(moved301.statusCode, 301);
  assert.equal(moved301.headers.location.value, now);
  const page = context.handler({ request: { uri: now, headers: {} } });
  assert.equal(page.uri, `${now}/index.html`);
});

test('Netlify\'s _redirects has the 301 before the 404 rule', () => {
  const [old, now] = moved();
  const lines = readFileSync(`${DIST}/_redirects`, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const rule = lines.findIndex((l) => l.split(/\s+/).join(' ') === `${old} ${now} 301`);
  assert.ok(rule >= 0, lines.join('\n'));
  assert.ok(rule < lines.findIndex((l) => l.startsWith('/*')), 'before the catch-all');
});

test('hosts without redirects get a page at the old path that sends readers and crawlers on', () => {
  const [old, now] = moved();
  const html = readFileSync(`${DIST}${old}/index.html`, 'utf8');
  assert.match(html, new RegExp(`<meta http-equiv="refresh" content="0; url=${now}">`));
  assert.match(html, new RegExp(`<link rel="canonical" href="https?://[^"]+${now}">`));
  assert.match(html, /<meta name="robots" content="noindex">/);
});

test('the app follows an old link to the new URL without a page load', async () => {
  const [old, now] = moved();
  const page = await newPage(suite.browser);
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  await page.evaluate(() => { window.__stillHere = true; });
  await page.evaluate((href) => {
    const link = document.createElement('a');
    link.href = href;
    link.textContent = 'An old link';
    link.id = 'old-link';
    document.querySelector('main').prepend(link);
  }, old);
  await page.locator('#old-link').click();
  await page.waitForURL(`${BASE}${now}`);
  await waitForView(page, 'article');
  assert.equal(await page.evaluate(() => window.__stillHere), true, 'no page load');
  const article = await siteJson(`data/articles${now}.json`);
  assert.equal(await page.locator('article h1').textContent(), article.headline);
  await page.context().close();
});
