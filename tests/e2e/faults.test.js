// The fault matrix: the app must stay calm and helpful when the network or the data fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, newPage, settled, siteJson, useSuite, waitForView, waitForViews } from './helpers.js';

const suite = useSuite({
  front: 'data/front.json',
  article: (s) => `data/articles${s.front.lead.url}.json`,
});

const articleJson = () => `**/data/articles${suite.front.lead.url}.json`;

// A deep link's data is embedded in its pre-rendered page, so the faults are
// provoked where the app does fetch: navigating from the front page to the lead.
// The handler is in place before the front page loads, because the app may
// prefetch the lead's data as soon as it is on screen (a failed prefetch is
// forgotten, and the click fetches again).
async function openWith(handler) {
  const page = await newPage(suite.browser);
  await page.route(articleJson(), handler);
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  await page.locator(`main a[href="${suite.front.lead.url}"]`).first().click();
  return page;
}

test('HTTP 404 for the data shows the not-found view', async () => {
  const page = await openWith((route) => route.fulfill({ status: 404, body: 'gone' }));
  await waitForView(page, 'not-found');
  await page.context().close();
});

test('HTTP 500 shows the error view, and Try again recovers', async () => {
  let failing = true;
  const page = await openWith((route) => (failing ? route.fulfill({ status: 500, body: 'oops' }) : route.continue()));
  await waitForView(page, 'error');
  assert.equal(await page.locator('[data-view="error"]').getAttribute('data-error-kind'), 'http');
  assert.match(await page.locator('[data-view="error"] p').textContent(), /error 500/);
  failing = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await waitForView(page, 'article');
  assert.equal(await page.locator('article h1').textContent(), suite.article.headline);
  await page.context().close();
});

test('malformed JSON shows a decode error, not a crash', async () => {
  const page = await openWith((route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"schema_version": 1, "headl' }));
  await waitForView(page, 'error');
  assert.equal(await page.locator('[data-view="error"]').getAttribute('data-error-kind'), 'decode');
  // The rest of the app still works.
  await page.locator('.masthead-name').click();
  await waitForView(page, 'front');
  await page.context().close();
});

test('a slow response shows the loading state, then the content', async () => {
  // The response is held until the loading state has been measured: the
  // test waits for the state it means, however slow the machine.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const page = await openWith(async (route) => {
    await held;
    await route.continue();
  });
  await page.locator('[data-view="loading"]').waitFor({ timeout: 15000 });
  await settled(page);
  const box = await page.locator('[data-view="loading"]').boundingBox();
  assert.ok(box.height > 300, `the loading state reserves space (${box.height}px)`);
  release();
  await waitForView(page, 'article');
  assert.equal(await page.locator('[data-view="loading"]').count(), 0);
  await page.context().close();
});

test('an aborted request shows a network error, then Try again succeeds', async () => {
  let abort = true;
  const page = await openWith((route) => (abort ? route.abort('connectionreset') : route.continue()));
  await waitForView(page, 'error');
  assert.equal(await page.locator('[data-view="error"]').getAttribute('data-error-kind'), 'network');
  abort = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await waitForView(page, 'article');
  await page.context().close();
});

test('rapid navigation A→B→C ends on C and stays there', async () => {
  const site = await siteJson('data/site.json');
  const [a, b, c] = site.sections;
  const page = await newPage(suite.browser);
  const delays = { [a.path]: 1500, [b.path]: 800, [c.path]: 0 };
  const answered = new Set();
  await page.route('**/data/sections/**', async (route) => {
    const path = new URL(route.request().url()).pathname.replace('/data/sections/', '').replace(/\/page-\d+\.json$/, '');
    await new Promise((resolve) => setTimeout(resolve, delays[path] ?? 0));
    try {
      await route.continue();
    } catch {
      // The app aborted this request when the reader moved on: that is the point.
    }
    answered.add(path);
  });
  const aborted = [];
  page.on('requestfailed', (request) => {
    if (request.url().includes('/data/sections/')) aborted.push(request.url());
  });
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  // Each click asks for its data at once (not after the views' module).
  await waitForViews(page);
  const nav = page.getByRole('navigation', { name: 'Sections' });
  // Clicks without pointing first: pointing would prefetch, and prefetches are never aborted.
  await nav.getByRole('link', { name: a.name, exact: true }).dispatchEvent('click');
  await nav.getByRole('link', { name: b.name, exact: true }).dispatchEvent('click');
  await nav.getByRole('link', { name: c.name, exact: true }).dispatchEvent('click');
  await waitForView(page, 'section');
  assert.equal(await page.locator('main h1').textContent(), c.name);
  // Once A's and B's responses have come (or been aborted), and the page
  // has had frames to show them, it must still be C.
  for (let i = 0; i < 300 && !(answered.has(a.path) && answered.has(b.path)); i++) await page.waitForTimeout(50);
  assert.ok(answered.has(a.path) && answered.has(b.path), 'A and B were answered');
  await settled(page);
  assert.equal(await page.locator('main h1').textContent(), c.name);
  assert.equal(new URL(page.url()).pathname, `/${c.path}`);
  assert.ok(aborted.some((url) => url.includes(`/data/sections/${a.path}/`)), `A's request was aborted: ${aborted}`);
  await page.context().close();
});

test('unknown block types, missing optional fields and a very large article all render', async () => {
  const large = {
    ...suite.article,
    byline: undefined,
    hero: undefined,
    updated: undefined,
    tags: undefined,
    related: undefined,
    standfirst: undefined,
    body: [
      { type: 'video', src: '/x.mp4' },
      ...Array.from({ length: 3000 }, (_, i) => ({ type: 'paragraph', content: [{ type: 'text', text: `Paragraph ${i}.` }, { type: 'sparkle' }] })),
    ],
  };
  const page = await openWith((route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(large) }));
  await waitForView(page, 'article');
  assert.equal(await page.locator('.article-body > p').count(), 3000);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

// The app does not trust its JSON: a file with an unsafe link or image, or
// text that can spoof a reader, fails the model's validation as it is
// decoded and becomes the error view; nothing of it is rendered.
const unsafeArticles = [
  ['a javascript: link in the body', (a) => ({ ...a, body: [{ type: 'paragraph', content: [{ type: 'link', href: 'javascript:alert(1)', content: [{ type: 'text', text: 'unsafe' }] }] }] })],
  ['a javascript: related story', (a) => ({ ...a, related: [{ ...suite.front.lead, url: 'javascript:alert(1)' }] })],
  ['a data: thumbnail on a related story', (a) => ({ ...a, related: [{ ...suite.front.lead, thumbnail: { src: 'data:image/svg+xml,<svg onload=alert(1)>', alt: 'x' } }] })],
  ['a protocol-relative hero image', (a) => ({ ...a, hero: { src: '//evil.example/x.png', alt: 'x' } })],
  ['an unbalanced right-to-left override in the headline', (a) => ({ ...a, headline: 'Invoice \u202egpj.exe' })],
  ['emphasis nested 40 deep', (a) => {
    let inline = { type: 'text', text: 'deep' };
    for (let i = 0; i < 40; i += 1) inline = { type: 'emphasis', content: [inline] };
    return { ...a, body: [{ type: 'paragraph', content: [inline] }] };
  }],
];
for (const [name, mutate] of unsafeArticles) {
  test(`an article with ${name} is an error view, not rendered`, async () => {
    const body = JSON.stringify(mutate(suite.article));
    const page = await openWith((route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
    await waitForView(page, 'error');
    assert.equal(await page.locator('[data-view="error"]').getAttribute('data-error-kind'), 'decode');
    assert.equal(await page.locator('a[href^="javascript"], img[src^="data:"], img[src^="//"]').count(), 0);
    await page.context().close();
  });
}

test('a section page whose teaser links to javascript: is an error view', async () => {
  const site = await siteJson('data/site.json');
  const section = site.sections[0];
  const page = await newPage(suite.browser);
  await page.route(`**/data/sections/${section.path}/page-1.json`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        schema_version: 1,
        section: { path: section.path, name: section.name },
        page: 1,
        total_pages: 1,
        total_articles: 1,
        teasers: [{ ...suite.front.lead, url: 'javascript:alert(1)' }],
      }),
    }));
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section.name, exact: true }).dispatchEvent('click');
  await waitForView(page, 'error');
  assert.equal(await page.locator('a[href^="javascript"]').count(), 0);
  await page.context().close();
});

test('a file from a newer, incompatible press is refused with a clear error', async () => {
  const page = await openWith((route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ...suite.article, schema_version: 99 }) }));
  await waitForView(page, 'error');
  assert.equal(await page.locator('[data-view="error"]').getAttribute('data-error-kind'), 'decode');
  await page.context().close();
});
