// A site in another language (`cargo xtask languages`, part of `cargo xtask
// test`, builds each fixture of tests/fixtures/languages/ and serves it):
// the interface in the site's words, right to left where the language is,
// search that understands the language, and axe.
// BROADSHEET_URL: the site; BROADSHEET_FIXTURE: its content folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { BASE, newPage, settled, useSuite, waitForApp, waitForView } from '../e2e/helpers.js';
import { pagesOfEachKind } from '../layout/pages.js';

const FIXTURE = process.env.BROADSHEET_FIXTURE;
const CATALOGUES = new URL('../../crates/press-content/catalogues/', import.meta.url);
const suite = useSuite({ site: 'data/site.json', front: 'data/front.json' });

/** Every text of a catalogue (a counted text's forms each), as written. */
function catalogueTexts(language) {
  const text = readFileSync(new URL(`${language}.toml`, CATALOGUES), 'utf8');
  const texts = [];
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    for (const match of line.matchAll(/"((?:[^"\\]|\\.)*)"/g)) texts.push(JSON.parse(`"${match[1]}"`));
  }
  return texts;
}

/** The English interface's words: each text cut at its {slots}, the pieces with four letters or more. */
function englishPieces(language) {
  const own = new Set(catalogueTexts(language).flatMap((t) => t.split(/\{[a-z_]+\}/)).map((p) => p.trim()));
  const pieces = new Set();
  for (const text of catalogueTexts('en')) {
    for (const piece of text.split(/\{[a-z_]+\}/)) {
      const words = piece.trim();
      // Words the language shares ("April", "{section}: {period}") are not English leftovers.
      if ((words.match(/\p{L}/gu) ?? []).length >= 4 && !own.has(words)) pieces.add(words);
    }
  }
  return [...pieces];
}

/** What a reader meets on the page: its text, its title and description, and the labels of its controls. */
function readerText() {
  const attributes = [...document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')]
    .flatMap((e) => ['aria-label', 'placeholder', 'title', 'alt'].map((a) => e.getAttribute(a) ?? ''));
  const description = document.querySelector('meta[name="description"]')?.content ?? '';
  return [document.body.innerText, document.title, description, ...attributes].join('\n');
}

/** [{ query, url }] from the fixture's known-items.tsv. */
function knownItems() {
  const lines = readFileSync(join(FIXTURE, 'known-items.tsv'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  return lines.map((line) => {
    const [query, file] = line.split('\t').map((s) => s.trim());
    const text = readFileSync(join(FIXTURE, 'articles', file), 'utf8');
    const section = text.match(/^section = "([^"]+)"/m)[1];
    const [, date, slug] = file.match(/^(\d{4}-\d{2}-\d{2})-(.+)\.md$/);
    return { query, url: `/${section}/${date.replaceAll('-', '/')}/${slug}` };
  });
}

test('every page is in the site\'s language and direction, before and after the app starts', async () => {
  const language = suite.site.language;
  const dir = /^(ar|fa|he|ur)\b/.test(language) ? 'rtl' : 'ltr';
  const english = englishPieces(language);
  assert.ok(english.length > 40, `${english.length} English pieces to look for`);
  const pages = [...await pagesOfEachKind(), { name: 'search', path: '/search' }];
  for (const { name, path } of pages) {
    // The pre-rendered page, as a reader without JavaScript gets it.
    const html = await (await fetch(`${BASE}${path}`)).text();
    assert.match(html, new RegExp(`<html lang="${language}" dir="${dir}">`), `${name}: <html lang dir>`);
    // The app's view of it, and of the same page after an in-app visit.
    const page = await newPage(suite.browser);
    await page.goto(`${BASE}${path}`);
    await waitForApp(page);
    await settled(page);
    assert.equal(await page.getAttribute('html', 'lang'), language);
    assert.equal(await page.getAttribute('html', 'dir'), dir);
    const text = await page.evaluate(readerText);
    const left = english.filter((piece) => text.includes(piece));
    assert.deepEqual(left, [], `${name} (${path}): English left in a ${language} page`);
    // The not-found page is answered with a 404, which the browser reports.
    const errors = page.consoleErrors.filter((e) => !(name === 'not-found' && e.includes('404')));
    assert.deepEqual(errors, [], name);
    await page.context().close();
  }
});

test('the error view and the search view speak the language too', async () => {
  const english = englishPieces(suite.site.language);
  const page = await newPage(suite.browser);
  await page.goto(`${BASE}/${suite.site.sections[0].path}`);
  await waitForView(page, 'section');
  await page.route('**/data/front.json', (route) => route.fulfill({ status: 500 }));
  await page.locator('.masthead-name').click();
  await waitForView(page, 'error');
  let text = await page.evaluate(readerText);
  assert.deepEqual(english.filter((piece) => text.includes(piece)), [], 'error view');
  await page.goto(`${BASE}/search?q=${encodeURIComponent('zzzzqqq')}`);
  await page.waitForSelector('.search-status');
  await page.waitForFunction(() => !document.querySelector('.search-results[aria-busy="true"]'));
  text = await page.evaluate(readerText);
  assert.deepEqual(english.filter((piece) => text.includes(piece)), [], 'search with no results');
  await page.context().close();
});

test('search finds known items by words of their headlines, in the language', async () => {
  const items = knownItems();
  assert.ok(items.length >= 5);
  const page = await newPage(suite.browser);
  for (const { query, url } of items) {
    await page.goto(`${BASE}/search?q=${encodeURIComponent(query)}`);
    await page.waitForSelector('.search-results li a, .search-tips', { timeout: 15000 });
    await page.waitForFunction(() => !document.querySelector('.search-results[aria-busy="true"]'));
    const found = await page.$$eval('.search-results li h2 a', (links) => links.slice(0, 3).map((a) => new URL(a.href).pathname));
    assert.ok(found.includes(url), `${query}: ${url} not in the top 3 (${found.join(', ')})`);
  }
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('no serious or critical axe violations, in the language and its direction', async () => {
  const page = await newPage(suite.browser);
  const views = [['front', '/'], ['article', suite.front.lead?.url ?? suite.front.latest[0].url], ['tags', '/tags'], ['archive', '/archive'], ['search', `/search?q=${encodeURIComponent(knownItems()[0].query)}`]];
  for (const [name, path] of views) {
    await page.goto(BASE + path);
    await waitForApp(page);
    await settled(page);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3)}`), [], name);
  }
  await page.context().close();
});

test('a right-to-left site mirrors: navigation, breadcrumb and teasers start at the right', async (t) => {
  if (suite.site.language !== 'ar') return t.skip('a left-to-right site');
  const page = await newPage(suite.browser, { viewport: { width: 1280, height: 900 } });
  const article = suite.front.latest[0].url;
  await page.goto(`${BASE}${article}`);
  await waitForApp(page);
  const crumbs = await page.$$eval('.breadcrumb li', (items) => items.map((li) => li.getBoundingClientRect().left));
  assert.ok(crumbs.length >= 2 && crumbs[0] > crumbs[1], `the first crumb is right of the next: ${crumbs}`);
  const nav = await page.$$eval('.sections-nav li', (items) => items.slice(0, 2).map((li) => li.getBoundingClientRect().left));
  assert.ok(nav[0] > nav[1], `the navigation runs right to left: ${nav}`);
  const column = await page.locator('.article-header h1').boundingBox();
  const text = await page.locator('.article-header h1').evaluate((h) => getComputedStyle(h).textAlign);
  assert.ok(['start', 'right'].includes(text), text);
  assert.ok(column.x + column.width > 640, 'the article column starts at the right');
  await page.context().close();
});
