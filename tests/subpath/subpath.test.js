// The site hosted under a sub-path: `cargo xtask test` builds the sample site
// with base_url "https://broadsheet.example/news" and another name, tagline and
// language (xtask/src/e2e.rs), and serves it at /news/.
// BROADSHEET_URL is that root without the trailing slash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, newPage, siteJson, useSuite, waitForView } from '../e2e/helpers.js';

const PREFIX = new URL(BASE).pathname; // "/news"
const suite = useSuite({
  front: 'data/front.json',
});

test('pages, assets and links carry the sub-path', async () => {
  assert.equal(PREFIX, '/news');
  const html = await (await fetch(`${BASE}/`)).text();
  assert.ok(html.includes('<meta name="broadsheet-base" content="/news/">'));
  assert.match(html, /<link rel="stylesheet" href="\/news\/main-[0-9a-f]{8,16}\.css"/);
  assert.match(html, /<script type="module" src="\/news\/boot-[0-9a-f]{16}\.js"><\/script>/);
  assert.ok(html.includes(`<a href="/news${suite.front.lead.url}">`), 'teaser links');
  assert.ok(html.includes('<a href="/news/world"'), 'section links');
  assert.ok(html.includes('href="/news/favicon.svg"'), 'the icon');
  assert.ok(!/href="\/(?!news\/)[a-z]/.test(html.replace(/href="\/\/?[^"]*broadsheet\.example[^"]*"/g, '')), 'no link leaves the sub-path');
  assert.ok(html.includes(`<link rel="canonical" href="https://broadsheet.example/news/">`));
  const article = await fetch(`${BASE}${suite.front.lead.url}`);
  assert.equal(article.status, 200);
  assert.ok((await article.text()).includes(`<link rel="canonical" href="https://broadsheet.example/news${suite.front.lead.url}">`));
});

test('the app runs under the sub-path: deep link, in-app navigation, data from /news/data/', async () => {
  const page = await newPage(suite.browser);
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
  await page.locator(`main a[href="/news${suite.front.lead.url}"]`).first().click();
  await waitForView(page, 'article');
  assert.equal(await page.locator('main article h1').textContent(), suite.front.lead.headline);
  assert.equal(new URL(page.url()).pathname, `/news${suite.front.lead.url}`);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page load');
  assert.ok(data.length > 0 && data.every((path) => path.startsWith('/news/data/')), `data requests: ${data}`);

  const top = suite.front.lead.section.path.split('/')[0];
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

test("the site's identity comes from site.toml alone: titles, footer, language, feeds, JSON-LD", async () => {
  const NAME = 'The Tidewater Gazette';
  const site = await siteJson('data/site.json');
  assert.equal(site.name, NAME);
  assert.equal(site.language, 'en-GB');
  const lead = suite.front.lead;
  const pages = [
    ['/', ''],
    [`/${lead.section.path}`, null],
    [lead.url, lead.headline],
    ['/no-such-page', 'Page not found'],
  ];
  for (const [path, viewTitle] of pages) {
    const html = await (await fetch(BASE + path)).text();
    const head = html.slice(0, html.indexOf('</head>'));
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en-GB" dir="ltr">'), `${path}: <html lang>`);
    assert.ok(!head.includes('Broadsheet'), `${path}: the head names only the new site`);
    const title = head.match(/<title>([^<]*)<\/title>/)[1].replaceAll('&amp;', '&');
    const ogTitle = head.match(/<meta property="og:title" content="([^"]*)">/)[1];
    assert.equal(head.match(/<meta property="og:site_name" content="([^"]*)">/)[1], NAME);
    if (viewTitle === '') {
      assert.equal(title, NAME);
      assert.equal(ogTitle, NAME);
    } else {
      assert.equal(title, `${ogTitle} | ${NAME}`, `${path}: og:title is the view's title alone`);
      if (viewTitle) assert.equal(ogTitle, viewTitle);
    }
    assert.ok(head.includes(`<link rel="alternate" type="application/atom+xml" title="${NAME}" href="/news/feeds/all.xml">`), `${path}: feed link`);
    assert.ok(html.includes(`<a href="/news/">${NAME}</a> · Local news from the estuary `), `${path}: footer`);
    for (const [, json] of html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)) {
      const ld = JSON.parse(json);
      if (ld.publisher) assert.equal(ld.publisher.name, NAME, `${path}: ${ld['@type']} publisher`);
      if (ld['@type'] === 'BreadcrumbList') assert.equal(ld.itemListElement[0].name, NAME);
      assert.ok(!json.includes('Broadsheet'), `${path}: ${ld['@type']}`);
    }
  }
  const feed = await (await fetch(`${BASE}/feeds/all.xml`)).text();
  assert.ok(feed.includes('xml:lang="en-GB"') && feed.includes(`<title>${NAME}</title>`), 'the Atom feed');

  // The app keeps it: titles after in-app navigation use the same name.
  const page = await newPage(suite.browser);
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  assert.equal(await page.title(), NAME);
  await page.locator(`main a[href="/news${lead.url}"]`).first().click();
  await waitForView(page, 'article');
  await page.waitForFunction((t) => document.title === t, `${lead.headline} | ${NAME}`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en-GB');
  assert.match(await page.locator('footer.site-footer').textContent(), /The Tidewater Gazette · Local news from the estuary/);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('author, tag and archive pages and their links carry the sub-path', async () => {
  const article = await siteJson(`data/articles${suite.front.lead.url}.json`);
  const author = article.authors[0];
  const html = await (await fetch(`${BASE}${suite.front.lead.url}`)).text();
  assert.ok(html.includes(`href="/news/authors/${author.slug}" rel="author"`), 'the byline link');
  assert.ok(html.includes(`href="/news/tags/${article.tag_refs[0].slug}" rel="tag"`), 'the tag links');
  const page = await newPage(suite.browser);
  await page.goto(`${BASE}/authors/${author.slug}`);
  await waitForView(page, 'author');
  assert.equal(await page.locator('link[rel="canonical"]').getAttribute('href'), `https://broadsheet.example/news/authors/${author.slug}`);
  await page.locator('.breadcrumb a').first().click();
  await waitForView(page, 'front');
  assert.equal(new URL(page.url()).pathname, '/news/');
  for (const path of ['/tags', '/archive']) {
    const response = await page.goto(`${BASE}${path}`);
    assert.equal(response.status(), 200, path);
  }
  const index = await (await fetch(`${BASE}/sitemap.xml`)).text();
  assert.ok(index.includes('<loc>https://broadsheet.example/news/news-sitemap.xml</loc>'), index);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('search runs under the sub-path: the masthead form, the module, the index and result links', async () => {
  const page = await newPage(suite.browser);
  const requests = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  assert.equal(await page.locator('form.masthead-search').getAttribute('action'), '/news/search');
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.locator('form.masthead-search input').fill('marathon');
  await page.locator('form.masthead-search input').press('Enter');
  await waitForView(page, 'search');
  await page.locator('.search-results > li h2 a').first().waitFor();
  assert.equal(new URL(page.url()).pathname, '/news/search');
  assert.equal(new URL(page.url()).searchParams.get('q'), 'marathon');
  const links = await page.locator('.search-results > li h2 a').evaluateAll((a) => a.map((x) => x.getAttribute('href')));
  assert.ok(links.length > 0 && links.every((href) => href.startsWith('/news/')), links.join(', '));
  const search = requests.filter((p) => /search/.test(p));
  assert.ok(search.some((p) => /^\/news\/search-boot-[0-9a-f]{16}\.js$/.test(p)), search.join(', '));
  assert.ok(search.some((p) => p === '/news/data/search/index.json'), search.join(', '));
  await page.locator('.search-results > li h2 a').first().click();
  await waitForView(page, 'article');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page load');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});
