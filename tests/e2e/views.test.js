// Every view, reached by a click and by a deep link with a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, newPage, siteJson, useSuite, waitForView } from './helpers.js';

const suite = useSuite({
  front: 'data/front.json',
  site: 'data/site.json',
});

async function checkMasthead(page) {
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await nav.getByRole('link', { name: suite.site.sections[0].name, exact: true }).waitFor();
  for (const section of suite.site.sections) {
    assert.equal(await nav.locator(`a[href="/${section.path}"]`).count(), 1, section.path);
  }
  const date = await page.locator('.masthead-date').textContent();
  assert.match(date, /(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \w+ \d{1,2}, \d{4}/);
  assert.equal(await page.locator('.masthead-name').getAttribute('href'), '/');
  assert.equal(await page.locator('footer.site-footer').count(), 1);
}

test('front page: deep link and reload', async () => {
  const page = await newPage(suite.browser);
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  await page.reload();
  await waitForView(page, 'front');
  await checkMasthead(page);
  assert.equal(await page.title(), suite.site.name);
  const lead = page.locator('.teaser-lead');
  assert.equal(await lead.locator('h3').textContent(), suite.front.lead.headline);
  assert.equal(await lead.locator('.kicker').textContent(), suite.front.lead.section.name);
  assert.equal(await lead.locator('time').getAttribute('datetime'), suite.front.lead.published);
  for (const rail of suite.front.rails) {
    const region = page.getByRole('region', { name: rail.section.name, exact: true });
    assert.equal(await region.locator('.teaser').count(), rail.teasers.length, rail.section.name);
  }
  assert.equal(await page.locator('.latest .teaser').count(), suite.front.latest.length);
  assert.ok((await page.locator('.teaser img[alt]').count()) > 0, 'thumbnails');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('section page: by click, then deep link with reload, subsections, breadcrumb and pages in the URL', async () => {
  const page = await newPage(suite.browser);
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  const world = suite.site.sections.find((s) => s.children.length > 0);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: world.name, exact: true }).click();
  await waitForView(page, 'section');
  assert.equal(await page.locator('main h1').textContent(), world.name);
  // The title is set by an effect of the new view: wait for it, not a moment.
  await page.waitForFunction((title) => document.title === title, `${world.name} | ${suite.site.name}`);
  const data = await siteJson(`data/sections/${world.path}/page-1.json`);
  assert.equal(await page.locator('[data-view="section"] .teaser').count(), data.teasers.length);
  const subsections = page.getByRole('navigation', { name: 'Subsections' });
  assert.equal(await subsections.getByRole('link').count(), world.children.length);
  assert.ok(data.total_pages > 1, 'the sample has a section with several pages');
  await page.getByRole('link', { name: 'Older stories' }).click();
  await page.waitForURL(`${BASE}/${world.path}/page/2`);
  await page.locator('.pager-status', { hasText: `Page 2 of ${data.total_pages}` }).waitFor();
  await page.reload();
  // The pre-rendered page: the app hydrates it.
  await waitForView(page, 'section');
  await page.locator('.pager-status', { hasText: `Page 2 of ${data.total_pages}` }).waitFor();
  const page2 = await siteJson(`data/sections/${world.path}/page-2.json`);
  assert.equal(await page.locator('[data-view="section"] h3').first().textContent(), page2.teasers[0].headline);

  const child = world.children[0];
  await page.goto(`${BASE}/${child.path}`);
  await waitForView(page, 'section');
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link');
  assert.deepEqual(await crumbs.allTextContents(), ['Home', world.name, child.name]);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('article page: breadcrumb, headline in <article>, byline, times, hero, body, tags, title and description', async () => {
  let withHero;
  for (const child of suite.site.sections.flatMap((s) => s.children)) {
    const listing = await siteJson(`data/sections/${child.path}/page-1.json`);
    withHero ??= listing.teasers.find((t) => t.thumbnail);
  }
  assert.ok(withHero, 'the sample has a nested-section story with a hero');
  const article = await siteJson(`data/articles${withHero.url}.json`);
  const page = await newPage(suite.browser);
  await page.goto(BASE + article.url);
  await waitForView(page, 'article');
  await page.reload();
  await waitForView(page, 'article');
  await checkMasthead(page);
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link');
  assert.deepEqual(await crumbs.allTextContents(), ['Home', ...article.trail.map((s) => s.name)]);
  assert.equal(await page.locator('article h1').textContent(), article.headline);
  assert.equal(await page.locator('article .standfirst').textContent(), article.standfirst);
  assert.match(await page.locator('article .byline').textContent(), new RegExp(article.byline[0]));
  assert.equal(await page.locator('article time').first().getAttribute('datetime'), article.published);
  assert.equal(await page.locator('article .hero img').getAttribute('alt'), article.hero.alt);
  assert.equal(await page.locator('article .hero figcaption .credit').textContent(), article.hero.credit);
  const paragraphs = article.body.filter((b) => b.type === 'paragraph').length;
  assert.equal(await page.locator('.article-body > p').count(), paragraphs);
  assert.deepEqual(await page.locator('.article-tags li').allTextContents(), article.tags);
  assert.equal(await page.title(), `${article.headline} | ${suite.site.name}`);
  assert.equal(await page.locator('meta[name="description"]').last().getAttribute('content'), article.standfirst);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('every block type renders with its own element', async () => {
  // Find articles in the sample that use each block type, and check each renders.
  const expectations = {
    quote: '.article-body figure.quote blockquote',
    pull_quote: '.article-body aside.pull-quote',
    list: '.article-body ul, .article-body ol',
    subheading: '.article-body h2.subheading',
    divider: '.article-body hr.divider',
    figure: '.article-body figure.figure img',
  };
  const page = await newPage(suite.browser);
  const pending = new Set(Object.keys(expectations));
  // sitemap.xml is an index: the pages are in the sitemaps it names.
  const index = await (await fetch(`${BASE}/sitemap.xml`)).text();
  const parts = [...index.matchAll(/<loc>https?:\/\/[^/]+(\/sitemaps\/\d+\.xml)<\/loc>/g)].map((m) => m[1]);
  assert.ok(parts.length >= 1, index);
  let sitemap = '';
  for (const part of parts) sitemap += await (await fetch(BASE + part)).text();
  const urls = [...sitemap.matchAll(/<loc>https?:\/\/[^/]+(\/[^<]*\/\d{4}\/\d{2}\/\d{2}\/[^<]+)<\/loc>/g)].map((m) => m[1]);
  assert.ok(urls.length >= 40, `${urls.length} article URLs in the sitemap`);
  for (const url of urls) {
    if (pending.size === 0) break;
    const teaser = { url };
    const article = await siteJson(`data/articles${teaser.url}.json`);
    const types = new Set(article.body.map((b) => b.type).filter((t) => pending.has(t)));
    if (types.size === 0) continue;
    await page.goto(BASE + teaser.url);
    await waitForView(page, 'article');
    for (const type of types) {
      const expected = article.body.filter((b) => b.type === type).length;
      const count = await page.locator(expectations[type]).count();
      assert.ok(count >= expected, `${type} on ${teaser.url}: ${count} < ${expected}`);
      pending.delete(type);
    }
  }
  assert.deepEqual([...pending], [], 'every block type appears in the sample and renders');
  await page.context().close();
});

test('unknown sections and malformed URLs get the not-found view', async () => {
  const page = await newPage(suite.browser);
  for (const path of ['/no-such-section', '/world/no-such-place', '/World', '/world/asia/2026/13/40/x']) {
    await page.goto(BASE + path);
    await waitForView(page, 'not-found');
    assert.equal(await page.title(), `Page not found | ${suite.site.name}`);
  }
  await page.getByRole('link', { name: 'Go to the front page' }).click();
  await waitForView(page, 'front');
  await page.context().close();
});
