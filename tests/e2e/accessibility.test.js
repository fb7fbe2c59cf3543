// axe-core on every view: no serious or critical violations, and no skipped heading level.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { BASE, newPage, siteJson, useSuite, waitForView } from './helpers.js';

const suite = useSuite({
  front: 'data/front.json',
  tags: 'data/tags/index.json',
  lead: (s) => `data/articles${s.front.lead.url}.json`,
});
// The lead's first profiled writer and the first tag of the site.
Object.defineProperty(suite, 'author', { get: () => suite.lead.authors[0].slug });
Object.defineProperty(suite, 'tag', { get: () => suite.tags.tags[0].slug });

async function check(page, name) {
  const results = await new AxeBuilder({ page }).analyze();
  // Serious and critical ones, and a heading outline that skips a level
  // (moderate for axe, but it is what screen readers' heading lists show;
  // Lighthouse found h1 → h3 on section pages).
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'heading-order');
  const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  assert.deepEqual(summary, [], `${name}: axe violations`);
}

for (const scheme of ['light', 'dark']) {
  test(`no serious or critical axe violations on any view (${scheme} theme)`, async () => {
    const page = await newPage(suite.browser, { colorScheme: scheme });
    const views = [
      ['front', '/', 'front'],
      ['section', '/world', 'section'],
      ['subsection', '/world/asia', 'section'],
      ['article', suite.front.lead.url, 'article'],
      ['not found', '/no-such-page', 'not-found'],
      ['author', `/authors/${suite.author}`, 'author'],
      ['tag list', '/tags', 'tags'],
      ['tag', `/tags/${suite.tag}`, 'tag'],
      ['archive index', '/archive', 'archive-index'],
      ['section archive', suite.front.lead.url.replace(/\/\d{2}\/[^/]+$/, ''), 'archive'],
    ];
    for (const [name, path, view] of views) {
      await page.goto(BASE + path);
      await waitForView(page, view);
      await check(page, name);
    }
    // The error view: pages embed their own data, so fail the next view's fetch.
    await page.goto(`${BASE}/world`);
    await waitForView(page, 'section');
    await page.route('**/data/front.json', (route) => route.fulfill({ status: 500 }));
    await page.locator('.masthead-name').click();
    await waitForView(page, 'error');
    await check(page, 'error');
    await page.context().close();
  });
}
