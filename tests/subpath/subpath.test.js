// The site hosted under a sub-path: `cargo xtask test` builds the sample site
// with base_url "https://broadsheet.example/news" and serves it at /news/.
// BROADSHEET_URL is that root without the trailing slash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, siteJson, waitForView } from '../e2e/helpers.js';

const PREFIX = new URL(BASE).pathname; // "/news"
let browser;
let front;

before(async () => {
  browser = await launch();
  front = await siteJson('data/front.json');
});

after(async () => {
  await browser?.close();
});

test('pages, assets and links carry the sub-path', async () => {
  assert.equal(PREFIX, '/news');
  const html = await (await fetch(`${BASE}/`)).text();
  assert.ok(html.includes('<meta name="broadsheet-base" content="/news/">'));
  assert.match(html, /<link rel="stylesheet" href="\/news\/main-[0-9a-f]{16}\.css"/);
  assert.match(html, /<script type="module" src="\/news\/boot-[0-9a-f]{16}\.js"><\/script>/);
  assert.ok(html.includes(`<a href="/news${front.lead.url}">`), 'teaser links');
  assert.ok(html.includes('<a href="/news/world"'), 'section links');
  assert.ok(html.includes('href="/news/favicon.svg"'), 'the icon');
  assert.ok(!/href="\/(?!news\/)[a-z]/.test(html.replace(/href="\/\/?[^"]*broadsheet\.example[^"]*"/g, '')), 'no link leaves the sub-path');
  assert.ok(html.includes(`<link rel="canonical" href="https://broadsheet.example/news/">`));
  const article = await fetch(`${BASE}${front.lead.url}`);
  assert.equal(article.status, 200);
  assert.ok((await article.text()).includes(`<link rel="canonical" href="https://broadsheet.example/news${front.lead.url}">`));
});

test('the app runs under the sub-path: deep link, in-app navigation, data from /news/data/', async () => {
  const page = await newPage(browser);
  const data = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.includes('/data/')) data.push(path);
  });
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  await page.evaluate(() => {
    window.__sameDocument = true;
  });
  await page.locator(`main a[href="/news${front.lead.url}"]`).first().click();
  await waitForView(page, 'article');
  assert.equal(await page.locator('main article h1').textContent(), front.lead.headline);
  assert.equal(new URL(page.url()).pathname, `/news${front.lead.url}`);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page load');
  assert.ok(data.length > 0 && data.every((path) => path.startsWith('/news/data/')), `data requests: ${data}`);

  const top = front.lead.section.path.split('/')[0];
  const section = page.getByRole('navigation', { name: 'Sections' }).locator(`a[href="/news/${top}"]`);
  assert.equal(await section.getAttribute('aria-current'), 'true', `the article is inside ${top}`);
  await section.click();
  await waitForView(page, 'section');
  assert.equal(new URL(page.url()).pathname, `/news/${top}`);
  assert.equal(await section.getAttribute('aria-current'), 'page');
  await page.locator('.masthead-name').click();
  await waitForView(page, 'front');
  assert.equal(new URL(page.url()).pathname, '/news/');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'still no page load');

  await page.goto(`${BASE}/world/no-such-place`);
  await waitForView(page, 'not-found');
  assert.deepEqual(page.consoleErrors.filter((e) => !/status of 404/.test(e)), []);
  await page.context().close();
});
