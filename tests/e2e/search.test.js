// Search: the masthead's form, the search view and its states, the URL,
// keyboard use, screen-reader announcements, and the module loaded only here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { BASE, newPage, siteJson, useSuite, waitForView } from './helpers.js';

const suite = useSuite({ index: 'data/search/index.json' });

const TANMAE = '/world/asia/2026/10/08/tanmae-reservoirs-fall-rice-planting';
const PRESSES = '/culture/2026/11/13/small-presses-translated-fiction';

/** In how many stories a word (already in its indexed form) is, from the index files. */
async function storiesWith(term) {
  const keys = suite.index.shards;
  const chars = [...term];
  // The longest key that begins the term (keys may have any length).
  for (let n = chars.length; n > 0; n--) {
    const key = chars.slice(0, n).join('');
    if (!keys.includes(key)) continue;
    const hex = [...new TextEncoder().encode(key)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const shard = await siteJson(`data/search/terms/${hex}.json`);
    return (shard.terms[term]?.length ?? 0) / 3;
  }
  return 0;
}

/** Opens /search (with `search`, e.g. `?q=…`) and waits for the module's form. */
async function openSearch(page, search = '') {
  await page.goto(`${BASE}/search${search}`);
  await waitForView(page, 'search');
  await page.locator('#search-q').waitFor();
}

async function results(page) {
  await page.locator('.search-results:not([aria-busy])').waitFor();
  return page.locator('.search-results > li h2 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
}

async function status(page) {
  const line = page.locator('.search-status');
  await line.waitFor();
  await page.waitForFunction(() => !/Searching/.test(document.querySelector('.search-status')?.textContent ?? 'Searching'));
  return line.textContent();
}

test('the masthead searches in-app, and only the search page loads the search module', async () => {
  const page = await newPage(suite.browser);
  const moduleRequests = [];
  const tocRequests = [];
  page.on('request', (r) => {
    if (/\/search-[^/]*\.(js|wasm)$/.test(r.url())) moduleRequests.push(r.url());
    if (r.url().endsWith('/data/search/index.json')) tocRequests.push(r.url());
  });
  await page.goto(BASE + '/');
  await waitForView(page, 'front');
  await page.waitForTimeout(500);
  assert.deepEqual(moduleRequests, [], 'the front page does not load search');
  await page.evaluate(() => { window.__sameDocument = true; });
  const form = page.getByRole('search').first();
  await form.getByRole('searchbox', { name: 'Search the archive' }).fill('Tanmae reservoirs');
  await form.getByRole('searchbox').press('Enter');
  await waitForView(page, 'search');
  assert.equal(new URL(page.url()).pathname, '/search');
  assert.equal(new URL(page.url()).searchParams.get('q'), 'Tanmae reservoirs');
  assert.deepEqual((await results(page))[0], TANMAE);
  assert.match(await status(page), /^1 result for “Tanmae reservoirs”\.$|^\d+ results for “Tanmae reservoirs”\.$/);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page load');
  assert.ok(moduleRequests.some((u) => u.endsWith('.wasm')), 'the module came with the search page');
  // Its WebAssembly and the index's table of contents were preloaded, and
  // each fetched once (the module's own fetches found the preloads).
  assert.equal(moduleRequests.filter((u) => u.endsWith('.wasm')).length, 1, moduleRequests.join(', '));
  assert.equal(tocRequests.length, 1, tocRequests.join(', '));
  assert.equal(await page.locator('link[rel="preload"][href$="data/search/index.json"]').count(), 1);
  assert.equal(await page.locator('#search-q').inputValue(), 'Tanmae reservoirs');
  // The matched words are marked in the headline and standfirst.
  const marks = await page.locator('.search-results > li').first().locator('mark').allTextContents();
  assert.ok(marks.some((m) => /tanmae/i.test(m)) && marks.some((m) => /reservoir/i.test(m)), marks.join(', '));
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('the pre-rendered search page starts its module ahead of the app, which leaves the view to it', async () => {
  const page = await newPage(suite.browser);
  await page.addInitScript(() => {
    window.__formsAdded = 0;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1) continue;
          if (node.matches('.search-form')) window.__formsAdded += 1;
          window.__formsAdded += node.querySelectorAll('.search-form').length;
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${BASE}/search?q=marathon`);
  await waitForView(page, 'search');
  assert.ok((await results(page)).length >= 1);
  // The app hands the module the same placeholder once it runs (a frame
  // after its start, then the module's two turns): it is mounted once.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 500))));
  const timing = await page.evaluate(() => {
    const entry = (pattern) => performance.getEntriesByType('resource').find((e) => pattern.test(e.name));
    const search = entry(/\/search-[0-9a-f]+_bg\.wasm$/);
    const app = entry(/\/broadsheet-[0-9a-f]+_bg\.wasm$/);
    return {
      searchStart: search?.startTime,
      searchEnd: search?.responseEnd,
      appStart: app?.startTime,
      formsAdded: window.__formsAdded,
      forms: document.querySelectorAll('.search-form').length,
    };
  });
  assert.ok(timing.searchStart < timing.appStart, `the module was asked for before the app's own: ${JSON.stringify(timing)}`);
  assert.ok(timing.appStart >= timing.searchEnd, `the app's download waited for the module's: ${JSON.stringify(timing)}`);
  assert.equal(timing.formsAdded, 1, 'the view was mounted once');
  assert.equal(timing.forms, 1);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('results follow the typing, the URL follows the results, and Back restores them', async () => {
  const page = await newPage(suite.browser);
  await openSearch(page);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-q', 'an empty search page focuses its box');
  assert.match(await status(page), /Type a word or two/);
  await page.locator('#search-q').pressSequentially('tanmae reserv', { delay: 40 });
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'tanmae reserv');
  assert.equal((await results(page))[0], TANMAE, 'a word being typed matches the words it begins');
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.locator('.search-results > li h2 a').first().click();
  await waitForView(page, 'article');
  assert.equal(new URL(page.url()).pathname, TANMAE);
  await page.goBack();
  await waitForView(page, 'search');
  await page.locator('#search-q').waitFor();
  assert.equal(await page.locator('#search-q').inputValue(), 'tanmae reserv');
  assert.equal((await results(page))[0], TANMAE);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'in-app both ways');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a shared link with filters and order restores them; filters narrow the results', async () => {
  const page = await newPage(suite.browser);
  await openSearch(page, '?q=marathon');
  const all = await results(page);
  assert.ok(all.length >= 2, `${all.length} results for marathon`);
  await page.getByLabel('Section', { exact: true }).selectOption('sport');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('section') === 'sport');
  const sport = await results(page);
  assert.ok(sport.length >= 1 && sport.length < all.length, `${sport.length} of ${all.length}`);
  assert.ok(sport.every((url) => url.startsWith('/sport/')), sport.join(', '));
  assert.match(await status(page), /with these filters/);
  await page.getByLabel('Order', { exact: true }).selectOption('newest');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === 'newest');
  // The same link in a new tab: everything comes back.
  const shared = page.url();
  const other = await newPage(suite.browser);
  await other.goto(shared);
  await waitForView(other, 'search');
  await other.locator('#search-q').waitFor();
  assert.equal(await other.locator('#search-q').inputValue(), 'marathon');
  assert.equal(await other.getByLabel('Section', { exact: true }).inputValue(), 'sport');
  assert.equal(await other.getByLabel('Order', { exact: true }).inputValue(), 'newest');
  const times = await other.locator('.search-results time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
  assert.deepEqual(times, [...times].sort((a, b) => Date.parse(b) - Date.parse(a)), 'newest first');
  const years = suite.index.years.map((y) => String(y.year));
  await other.getByLabel('Year', { exact: true }).selectOption(years[0]);
  await other.waitForFunction((y) => new URL(location.href).searchParams.get('year') === y, years[0]);
  await results(other);
  assert.deepEqual([...page.consoleErrors, ...other.consoleErrors], []);
  await page.context().close();
  await other.context().close();
});

test('a link can narrow a search to a writer or a tag, and the page says so', async () => {
  const page = await newPage(suite.browser);
  await openSearch(page, '?q=marathon&author=kwame-mensah');
  assert.deepEqual(await results(page), ['/sport/2026/11/08/port-ellery-marathon-course-record']);
  assert.equal(new URL(page.url()).searchParams.get('author'), 'kwame-mensah', 'the URL keeps the filter');
  assert.match(await page.locator('.search-only').textContent(), /Only stories by Kwame Mensah/);
  await page.getByRole('button', { name: 'Search all stories' }).click();
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('author'));
  await page.waitForFunction(() => document.querySelectorAll('.search-results > li').length >= 2);
  await openSearch(page, '?q=port%20ellery&tag=athletics');
  assert.match(await page.locator('.search-only').textContent(), /tagged athletics/i);
  assert.equal((await results(page)).length, 2);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('"More results" pages by keyboard and moves focus to the first new result', async () => {
  // A word in more stories than one page of results.
  let word;
  for (const candidate of ['citi', 'govern', 'first', 'local', 'nation', 'two']) {
    if ((await storiesWith(candidate)) > 10) { word = candidate; break; }
  }
  assert.ok(word, 'a word in more than 10 stories');
  const page = await newPage(suite.browser);
  await openSearch(page, `?q=${word}%20`);
  // The first results are painted first; the page fills to 10 at once.
  await page.waitForFunction(() => document.querySelectorAll('.search-results > li').length === 10);
  assert.equal((await results(page)).length, 10);
  const more = page.getByRole('button', { name: 'More results' });
  await more.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('.search-results > li').length > 10);
  await page.waitForFunction(() => document.activeElement?.closest('.search-results > li:nth-child(11)'));
  assert.match(await status(page), /^\d+ results for/);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('the no-results, misspelled, other-script and stop-word states say what happened', async () => {
  const page = await newPage(suite.browser);
  await openSearch(page, '?q=xqzvw');
  assert.equal(await status(page), 'No stories match “xqzvw”.');
  assert.equal(await page.locator('.search-tips a').getAttribute('href'), '/archive');
  assert.equal(await page.locator('.search-results > li').count(), 0);

  await openSearch(page, '?q=resevoirs%20tanmae');
  assert.ok((await results(page)).includes(TANMAE), 'the nearest word is searched instead');
  assert.match(await page.locator('.search-note').textContent(), /nearest word/);

  await openSearch(page, '?q=%D0%BF%D1%80%D0%B5%D0%B1%D1%80%D0%BE%D1%8F%D0%B2%D0%B0%D0%BD%D0%B5');
  assert.deepEqual(await results(page), [PRESSES], 'a word in Cyrillic');
  assert.deepEqual(await page.locator('.search-results mark').allTextContents(), []);

  await openSearch(page, '?q=the%20of%20and');
  assert.match(await status(page), /made only of very common words/);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('an index that cannot load shows an error with a retry, and the retry recovers', async () => {
  const page = await newPage(suite.browser);
  await page.route('**/data/search/index.json', (route) => route.fulfill({ status: 503 }));
  await page.goto(`${BASE}/search?q=marathon`);
  await waitForView(page, 'search');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Search is not available right now/);
  await page.unroute('**/data/search/index.json');
  await alert.getByRole('button', { name: 'Try again' }).click();
  assert.ok((await results(page)).length >= 1);
  await page.context().close();
});

test('the search status is announced, and the view has no serious axe violations (both themes)', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await newPage(suite.browser, { colorScheme });
    await openSearch(page, '?q=marathon');
    await results(page);
    const line = page.locator('.search-status');
    assert.equal(await line.getAttribute('role'), 'status');
    assert.equal(await line.getAttribute('aria-live'), 'polite');
    const scan = await new AxeBuilder({ page }).analyze();
    const serious = scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], colorScheme);
    await page.context().close();
  }
});

test('without JavaScript the search page says what search needs and where else to look', async () => {
  const page = await newPage(suite.browser, { javaScriptEnabled: false });
  await page.goto(`${BASE}/search?q=marathon`);
  const message = page.locator('.search-unavailable');
  assert.ok(await message.isVisible());
  assert.match(await message.textContent(), /needs JavaScript/);
  assert.deepEqual(
    await message.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ['/archive', '/tags'],
  );
  assert.equal(await page.locator('.search-loading').isVisible(), false);
  // The masthead's form is a plain GET form to the search page.
  const form = page.locator('form.masthead-search');
  assert.equal(await form.getAttribute('action'), '/search');
  assert.equal(await form.getAttribute('method'), 'get');
  await page.context().close();
});
