// "Most popular" and "Related stories": rendered, navigating in-app, lazy, and isolated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, newPage, siteJson, useSuite, waitForApp, waitForView } from './helpers.js';

const suite = useSuite({
  front: 'data/front.json',
  popular: 'data/popular.json',
});

test('the sample site counts its sample log: suite.popular.json comes from logs', () => {
  assert.equal(suite.popular.source, 'logs');
  assert.equal(suite.popular.overall.length, 10);
  assert.ok(suite.popular.window.start < suite.popular.window.end);
});

test('"Most popular" loads near the viewport, ranks 5 to 10 stories and navigates in-app', async () => {
  const page = await newPage(suite.browser, { viewport: { width: 1000, height: 700 } });
  const popularRequests = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/data/popular.json')) popularRequests.push(request.url());
  });
  await page.goto(BASE + suite.front.lead.url);
  await waitForView(page, 'article');
  await page.waitForTimeout(300);
  assert.equal(popularRequests.length, 0, 'not fetched while far below the fold');
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const region = page.getByRole('region', { name: 'Most popular' });
  await region.waitFor();
  assert.equal(popularRequests.length, 1);
  const items = region.locator('ol > li');
  const count = await items.count();
  assert.ok(count >= 5 && count <= 10, `${count} entries`);
  const top = region.locator('ol > li a').first();
  const href = await top.getAttribute('href');
  const headline = await top.textContent();
  const section = suite.front.lead.section.path.split('/')[0];
  const expected = suite.popular.sections.find((s) => s.section.path === section)?.entries ?? [];
  const list = expected.length >= 5 ? expected : suite.popular.overall;
  assert.equal(href, list[0].teaser.url, 'the section list comes first when it is long enough');
  await page.evaluate(() => { window.__sameDocument = true; });
  await top.click();
  await waitForView(page, 'article');
  await page.waitForFunction((h) => document.querySelector('article h1')?.textContent === h, headline);
  assert.equal(new URL(page.url()).pathname, href);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page load');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('"Related stories" shows the article\'s own related teasers and navigates in-app', async () => {
  const article = await siteJson(`data/articles${suite.front.lead.url}.json`);
  const page = await newPage(suite.browser);
  await page.goto(BASE + article.url);
  await waitForView(page, 'article');
  const region = page.getByRole('region', { name: 'Related stories' });
  assert.deepEqual(await region.locator('h3').allTextContents(), article.related.map((t) => t.headline));
  assert.ok((await region.locator('img').count()) >= 1 || article.related.every((t) => !t.thumbnail), 'thumbnails');
  await page.evaluate(() => { window.__sameDocument = true; });
  await region.locator('h3 a').first().click();
  await page.waitForFunction((h) => document.querySelector('article h1')?.textContent === h, article.related[0].headline);
  assert.equal(await page.evaluate(() => window.__sameDocument), true);
  await page.context().close();
});

test('a story with no related story shows "More from" its section instead, never a weak match', async () => {
  // press leaves `related` empty when nothing reaches the similarity floor
  // (docs/related.md); the sample site has such stories.
  const sections = await siteJson('data/site.json');
  let article;
  for (const section of sections.sections) {
    const page = await siteJson(`data/sections/${section.path}/page-1.json`);
    for (const teaser of page.teasers) {
      const candidate = await siteJson(`data/articles${teaser.url}.json`);
      if (candidate.related.length === 0 && candidate.more_from_section?.length) { article = candidate; break; }
    }
    if (article) break;
  }
  assert.ok(article, 'the sample site has a story without related stories');
  assert.ok(article.more_from_section.every((t) => t.section.path === article.section.path && t.url !== article.url));
  const page = await newPage(suite.browser);
  await page.goto(BASE + article.url);
  await waitForView(page, 'article');
  assert.equal(await page.getByRole('region', { name: 'Related stories' }).count(), 0);
  const region = page.getByRole('region', { name: `More from ${article.section.name}` });
  assert.deepEqual(await region.locator('h3').allTextContents(), article.more_from_section.map((t) => t.headline));
  await page.context().close();
});

test('the front and section pages have the box too', async () => {
  const page = await newPage(suite.browser);
  for (const [path, view] of [['/', 'front'], ['/sport', 'section']]) {
    await page.goto(BASE + path);
    await waitForView(page, view);
    await page.waitForTimeout(300);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.getByRole('region', { name: 'Most popular' }).waitFor();
  }
  await page.context().close();
});

// On the pre-rendered page the box is an island: the app hydrates it alone
// and reads its section from its own element (`data-section`), where a
// view the app builds is given it from the page's data. Both must choose
// the section's own list.
test('"Most popular" on a section page is the section\'s own list, on the pre-rendered page and after a click alike', async () => {
  const site = await siteJson('data/site.json');
  const section = site.sections[0];
  const entries = suite.popular.overall.slice(0, 6).map((entry, i) => ({
    ...entry,
    teaser: { ...entry.teaser, headline: `${section.name} favourite ${i + 1}` },
  }));
  const popular = {
    ...suite.popular,
    generated_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    sections: [{ section: { path: section.path, name: section.name }, entries }],
  };
  const page = await newPage(suite.browser);
  await page.route('**/data/popular.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(popular) }));
  // Scrolled to the box until it has loaded: after an in-app navigation
  // the app puts the new view at the top for a few frames.
  const listed = async () => {
    await page.waitForFunction(() => {
      window.scrollTo(0, document.body.scrollHeight);
      return document.querySelector('.popular-slot[data-state="done"] [data-widget="popular"]');
    });
    return page.getByRole('region', { name: 'Most popular' }).locator('ol > li a').allTextContents();
  };
  const favourites = entries.map((entry) => entry.teaser.headline);

  await page.goto(`${BASE}/${section.path}`);
  await waitForApp(page);
  await waitForView(page, 'section');
  assert.deepEqual(await listed(), favourites, 'the pre-rendered section page');

  await page.goto(`${BASE}/`);
  await waitForApp(page);
  await waitForView(page, 'front');
  assert.notDeepEqual(await listed(), favourites, 'the front page has the whole site\'s list');
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.locator(`nav[aria-label="Sections"] a[href="/${section.path}"]`).click();
  await waitForView(page, 'section');
  assert.deepEqual(await listed(), favourites, 'the section page after a click');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page load');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

for (const [name, handler] of [
  ['fails (500)', (route) => route.fulfill({ status: 500, body: 'down' })],
  ['is missing (404)', (route) => route.fulfill({ status: 404, body: 'gone' })],
  ['is malformed', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"schema_version":1,' })],
  ['is stale', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ...suite.popular, generated_at: '2020-01-01T00:00:00Z' }) })],
  ['links to javascript:', (route) => {
    const overall = suite.popular.overall.map((entry) => ({ ...entry, teaser: { ...entry.teaser, url: 'javascript:alert(1)' } }));
    const sections = suite.popular.sections.map((s) => ({ ...s, entries: s.entries.map((entry) => ({ ...entry, teaser: { ...entry.teaser, url: 'javascript:alert(1)' } })) }));
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ...suite.popular, generated_at: new Date().toISOString(), overall, sections }) });
  }],
]) {
  test(`when the popularity file ${name}, the box hides and the article is intact`, async () => {
    const page = await newPage(suite.browser);
    let served = false;
    await page.route('**/data/popular.json', (route) => { served = true; return handler(route); });
    await page.goto(BASE + suite.front.lead.url);
    await waitForView(page, 'article');
    await page.waitForTimeout(300);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    for (let i = 0; i < 20 && !served; i++) await page.waitForTimeout(100);
    assert.ok(served, 'the widget asked for its data');
    await page.waitForTimeout(300);
    assert.equal(await page.getByRole('region', { name: 'Most popular' }).count(), 0);
    assert.equal(await page.locator('article h1').textContent(), suite.front.lead.headline);
    assert.ok((await page.getByRole('region', { name: 'Related stories' }).count()) === 1);
    await page.context().close();
  });
}
