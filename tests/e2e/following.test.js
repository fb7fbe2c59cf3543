// Following a writer, a subject or a period: author pages, tag pages and
// date archives, by click and by deep link, with and without JavaScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { BASE, footerInView, newPage, siteJson, useSuite, waitForView } from './helpers.js';

const suite = useSuite({
  front: 'data/front.json',
  tags: 'data/tags/index.json',
  archive: 'data/archive/index.json',
});

async function axe(page, name) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3)}`), [], `${name}: axe violations`);
}

/** An article with a profiled byline: the lead's, or the first that has one. */
async function articleWithAuthor() {
  for (const teaser of [suite.front.lead, ...suite.front.latest]) {
    const article = await siteJson(`data/articles${teaser.url}.json`);
    if (article.authors?.length) return article;
  }
  throw new Error('no article with a profiled author on the front page');
}

test('a byline links to the writer, whose page lists their stories newest first', async () => {
  const article = await articleWithAuthor();
  const author = article.authors[0];
  const page = await newPage(suite.browser);
  await page.goto(BASE + article.url);
  await waitForView(page, 'article');
  const link = page.locator(`.byline a[rel="author"][href="/authors/${author.slug}"]`);
  assert.equal(await link.textContent(), author.name);
  await link.click();
  await waitForView(page, 'author');
  assert.equal(new URL(page.url()).pathname, `/authors/${author.slug}`);
  assert.equal(await page.locator('h1').textContent(), author.name);
  assert.equal(await page.title(), `${author.name} | ${(await siteJson('data/site.json')).name}`);
  const data = await siteJson(`data/authors/${author.slug}/page-1.json`);
  assert.equal(data.subject.author.name, author.name);
  const urls = await page.locator('.listing-page .teaser-headline a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  assert.deepEqual(urls, data.teasers.map((t) => t.url));
  assert.ok(urls.includes(article.url), 'the story we came from is listed');
  const dates = data.teasers.map((t) => Date.parse(t.published));
  assert.deepEqual(dates, [...dates].sort((a, b) => b - a), 'newest first');
  // The focus moves to the heading and the new page is announced.
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
  await axe(page, 'author');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('tags are links; a tag page and the tag list work by click and by deep link', async () => {
  const article = await articleWithAuthor();
  const tag = article.tag_refs[0];
  const page = await newPage(suite.browser);
  await page.goto(BASE + article.url);
  await waitForView(page, 'article');
  await page.locator(`.article-tags a[rel="tag"][href="/tags/${tag.slug}"]`).click();
  await waitForView(page, 'tag');
  assert.equal(await page.locator('h1').textContent(), tag.name);
  const count = suite.tags.tags.find((t) => t.slug === tag.slug).count;
  assert.equal(await page.locator('.listing-count').textContent(), count === 1 ? '1 story' : `${count} stories`);
  await axe(page, 'tag');

  await page.goto(`${BASE}/tags`);
  await waitForView(page, 'tags');
  const listed = await page.locator('.tag-group li a').count();
  assert.equal(listed, suite.tags.tags.length);
  const groups = await page.locator('.tag-group h2').allTextContents();
  assert.deepEqual(groups, [...groups].sort((a, b) => (a === '#') - (b === '#') || a.localeCompare(b)), 'grouped alphabetically');
  await axe(page, 'tags');
  await page.locator(`.tag-group a[href="/tags/${tag.slug}"]`).click();
  await waitForView(page, 'tag');
  assert.equal(new URL(page.url()).pathname, `/tags/${tag.slug}`);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('date archives: the parents of an article URL are pages, and /archive browses by month', async () => {
  const article = suite.front.lead;
  const [, section, year, month] = article.url.match(/^\/(.+)\/(\d{4})\/(\d{2})\/\d{2}\/[^/]+$/);
  const page = await newPage(suite.browser);
  for (const [path, title] of [
    [`/${section}/${year}/${month}`, new RegExp(`${year}`)],
    [`/${section}/${year}`, new RegExp(`${year}`)],
    [`/archive/${year}/${month}`, new RegExp(`${year}`)],
  ]) {
    const response = await page.goto(BASE + path);
    assert.equal(response.status(), 200, path);
    await waitForView(page, 'archive');
    assert.match(await page.locator('h1').textContent(), title, path);
    assert.ok(await page.locator('.listing-page .teaser').count() > 0, path);
    await axe(page, path);
  }
  // A year's page links its months.
  await page.goto(`${BASE}/archive/${year}`);
  await waitForView(page, 'archive');
  assert.ok(await page.locator(`.archive-months a[href="/archive/${year}/${month}"]`).count() === 1);

  await page.goto(`${BASE}/archive`);
  await waitForView(page, 'archive-index');
  const months = await page.locator('.archive-year li a').count();
  assert.equal(months, suite.archive.months.length);
  await axe(page, 'archive index');
  await page.locator(`.archive-year a[href="/archive/${year}/${month}"]`).click();
  await waitForView(page, 'archive');
  assert.equal(new URL(page.url()).pathname, `/archive/${year}/${month}`);
  const listed = await page.locator('.listing-page .teaser-headline a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  assert.ok(listed.includes(article.url));
  assert.ok(listed.every((url) => url.includes(`/${year}/${month}/`)), 'only that month');
  // Impossible periods are not pages.
  for (const bad of ['/archive/2026/13', '/world/0000', `/archive/${year}/${month}/page/99`]) {
    const response = await page.goto(BASE + bad);
    assert.equal(response.status(), 404, bad);
  }
  assert.deepEqual(page.consoleErrors.filter((e) => !e.includes('404')), []);
  await page.context().close();
});

test('without JavaScript, author, tag and archive pages are complete pages', async () => {
  const context = await suite.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const article = await articleWithAuthor();
  for (const [path, view] of [
    [`/authors/${article.authors[0].slug}`, 'author'],
    [`/tags/${article.tag_refs[0].slug}`, 'tag'],
    ['/tags', 'tags'],
    ['/archive', 'archive-index'],
  ]) {
    await page.goto(BASE + path);
    assert.equal(await page.locator(`[data-view="${view}"]`).count(), 1, path);
    assert.ok((await page.locator('h1').textContent()).length > 0, path);
    const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
    assert.ok(canonical.endsWith(path), `${path}: canonical ${canonical}`);
  }
  const ld = await page.goto(`${BASE}/authors/${article.authors[0].slug}`).then(() =>
    page.locator('script[type="application/ld+json"]').allTextContents());
  const profile = ld.map((t) => JSON.parse(t)).find((j) => j['@type'] === 'ProfilePage');
  assert.equal(profile.mainEntity['@type'], 'Person');
  assert.equal(profile.mainEntity.name, article.authors[0].name);
  // The article's JSON-LD names its writer as a Person with the profile's URL.
  await page.goto(BASE + article.url);
  const lds = (await page.locator('script[type="application/ld+json"]').allTextContents()).map((t) => JSON.parse(t));
  const news = lds.find((j) => j['@type'] === 'NewsArticle');
  const writer = news.author.find((a) => a.name === article.authors[0].name);
  assert.equal(writer['@type'], 'Person');
  assert.ok(writer.url.endsWith(`/authors/${article.authors[0].slug}`), writer.url);
  await context.close();
});

test('the archive and the tags are one click from every page, with and without JavaScript; an article\'s date opens its month', async () => {
  const article = suite.front.lead;
  const [, , year, month] = article.url.match(/^\/(.+)\/(\d{4})\/(\d{2})\/\d{2}\/[^/]+$/);
  const pages = [
    ['/', 'front'],
    [`/${article.section.path.split('/')[0]}`, 'section'],
    [article.url, 'article'],
    ['/tags', 'tags'],
    ['/search', 'search'],
    ['/no-such-page', 'not-found'],
  ];
  for (const javaScriptEnabled of [true, false]) {
    const context = await suite.browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    for (const [path, view] of pages) {
      for (const [href, expected] of [['/archive', 'archive-index'], ['/tags', 'tags']]) {
        await page.goto(BASE + path);
        if (javaScriptEnabled) {
          await waitForView(page, view);
          await footerInView(page);
        }
        const link = page.locator(`footer nav a[href="${href}"]`);
        assert.equal(await link.count(), 1, `${path}: a link to ${href} in the footer (JavaScript ${javaScriptEnabled})`);
        await link.click();
        await page.waitForURL((url) => url.pathname === href);
        if (javaScriptEnabled) await waitForView(page, expected);
        assert.equal(await page.locator(`[data-view="${expected}"]`).count(), 1, `${path} → ${href}`);
      }
    }
    // The date line links the story's month.
    await page.goto(BASE + article.url);
    if (javaScriptEnabled) await waitForView(page, 'article');
    const date = page.locator(`.article-times a[href="/archive/${year}/${month}"]`);
    assert.equal(await date.count(), 1, `the date links /archive/${year}/${month}`);
    await date.click();
    await page.waitForURL((url) => url.pathname === `/archive/${year}/${month}`);
    if (javaScriptEnabled) await waitForView(page, 'archive');
    const listed = await page.locator('.listing-page .teaser-headline a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(listed.includes(article.url), 'the month lists the story');
    await context.close();
  }
});
