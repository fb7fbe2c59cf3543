// Drafts, corrections and updates as a reader sees them: the app's views of
// the fields press writes (the data comes through the same decode as ever).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, newPage, siteJson, useSuite, waitForView } from './helpers.js';

const suite = useSuite({
  front: 'data/front.json',
  article: (s) => `data/articles${s.front.lead.url}.json`,
});

async function openArticleWith(article) {
  const page = await newPage(suite.browser);
  await page.route(`**/data/articles${suite.front.lead.url}.json`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(article) }));
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  await page.locator(`main a[href="${suite.front.lead.url}"]`).first().click();
  await waitForView(page, 'article');
  return page;
}

test('a draft (local --drafts build) says so at the top of the article', async () => {
  const page = await openArticleWith({ ...suite.article, draft: true });
  const banner = page.getByRole('note');
  assert.match(await banner.textContent(), /^Draft — not published/);
  await page.context().close();
});

test('a published article has no draft banner', async () => {
  const page = await openArticleWith(suite.article);
  assert.equal(await page.locator('.draft-banner').count(), 0);
  await page.context().close();
});

test('corrections are listed at the foot of the article with their dates, and "Updated" follows the latest', async () => {
  const corrections = [
    { date: '2026-11-20T09:00:00+01:00', text: 'An earlier version misnamed the harbour master.' },
    { date: '2026-11-21T10:30:00+01:00', text: 'The strike lasted nine days, not ten.' },
  ];
  const page = await openArticleWith({ ...suite.article, updated: corrections[1].date, corrections });
  const aside = page.getByRole('complementary', { name: 'Corrections' });
  await aside.waitFor();
  const items = aside.getByRole('listitem');
  assert.equal(await items.count(), 2);
  assert.match(await items.nth(1).textContent(), /The strike lasted nine days, not ten\./);
  assert.equal(await items.nth(1).locator('time').getAttribute('datetime'), corrections[1].date);
  // The correction comes after the body, inside the article.
  const order = await page.evaluate(() => {
    const body = document.querySelector('.article-body');
    const aside = document.querySelector('.article-corrections');
    return body.compareDocumentPosition(aside) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  assert.ok(order, 'after the body');
  assert.match(await page.locator('.article-times').textContent(), /Updated/);
  assert.equal(await page.locator('.article-times time').last().getAttribute('datetime'), corrections[1].date);
  await page.context().close();
});

test('a teaser of a story updated in the last day says "Updated"', async () => {
  const site = await siteJson('data/site.json');
  const section = site.sections[0];
  const data = await siteJson(`data/sections/${section.path}/page-1.json`);
  const updated = '2026-11-27T16:45:00+01:00';
  const teasers = data.teasers.map((t, i) => (i === 0 ? { ...t, updated } : { ...t, updated: undefined }));
  const page = await newPage(suite.browser);
  await page.route(`**/data/sections/${section.path}/page-1.json`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ...data, teasers }) }));
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section.name, exact: true }).click();
  await waitForView(page, 'section');
  const marks = page.locator('[data-view="section"] .teaser-updated');
  assert.equal(await marks.count(), 1);
  assert.match(await marks.first().textContent(), /Updated/);
  assert.equal(await marks.first().locator('time').getAttribute('datetime'), updated);
  await page.context().close();
});
