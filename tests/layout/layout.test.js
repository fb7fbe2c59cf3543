// Layouts that hold for any archive: every page kind at 360, 768 and 1280 px.
// `cargo xtask test` runs this file on the sample site and on a generated
// text-only site with very long headlines and standfirsts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, newPage, settled, useSuite, waitForApp } from '../e2e/helpers.js';
import { pagesOfEachKind, WIDTHS } from './pages.js';

const suite = useSuite({ site: 'data/site.json' });

/** Blank space under an item of a grid, beside a taller item of its row. Over this, it is a hole. */
const HOLE_PX = 400;

/**
 * The layout facts of the page in the browser: horizontal overflow, and for
 * every grid in <main> the largest blank under an item whose row neighbour is
 * taller (each item measured by its content, not its stretched box).
 */
function measure() {
  const contentBottom = (element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return range.getBoundingClientRect().bottom;
  };
  let hole = { px: 0, where: '' };
  for (const grid of document.querySelectorAll('main *')) {
    if (getComputedStyle(grid).display !== 'grid') continue;
    const items = [...grid.children].filter((c) => c.getBoundingClientRect().height > 0);
    const rows = new Map();
    for (const item of items) {
      const top = Math.round(item.getBoundingClientRect().top);
      rows.set(top, [...(rows.get(top) ?? []), item]);
    }
    for (const row of rows.values()) {
      if (row.length < 2) continue;
      const bottoms = row.map(contentBottom);
      const lowest = Math.max(...bottoms);
      row.forEach((item, i) => {
        const px = lowest - bottoms[i];
        if (px > hole.px) hole = { px: Math.round(px), where: `${grid.className} > ${item.className || item.tagName}` };
      });
    }
  }
  const root = document.documentElement;
  return { overflow: root.scrollWidth - root.clientWidth, hole };
}

/** Whether the current section's link lies wholly inside the visible part of the navigation. */
function currentSectionInView() {
  const list = document.querySelector('.sections-nav ul');
  const link = list?.querySelector('a[aria-current]');
  if (!link) return null;
  const box = list.getBoundingClientRect();
  const item = link.getBoundingClientRect();
  return { visible: item.left >= box.left - 1 && item.right <= box.right + 1, name: link.textContent };
}

for (const width of WIDTHS) {
  test(`${width} px: no page overflows sideways or leaves a hole`, async () => {
    const page = await newPage(suite.browser, { viewport: { width, height: 900 } });
    for (const { name, path } of await pagesOfEachKind()) {
      await page.goto(`${BASE}${path}`);
      await waitForApp(page);
      await settled(page);
      const { overflow, hole } = await page.evaluate(measure);
      assert.ok(overflow <= 0, `${name} (${path}) at ${width} px: the page is ${overflow} px wider than the screen`);
      assert.ok(hole.px < HOLE_PX, `${name} (${path}) at ${width} px: ${hole.px} px of blank under ${hole.where}`);
    }
    await page.context().close();
  });

  test(`${width} px: the current section is in view in the navigation, before and after the app starts`, async () => {
    const pages = (await pagesOfEachKind()).filter((p) => p.section);
    assert.ok(pages.length > 0, 'an article in the last section of the navigation');
    for (const { path, section } of pages) {
      const expected = suite.site.sections.find((s) => s.path === section.split('/')[0]).name;
      for (const withApp of [false, true]) {
        const page = await newPage(suite.browser, { viewport: { width, height: 900 } });
        // Without the app: its WebAssembly never arrives.
        if (!withApp) await page.route('**/*.wasm', () => {});
        await page.goto(`${BASE}${path}`);
        if (withApp) await waitForApp(page);
        await settled(page);
        const current = await page.evaluate(currentSectionInView);
        assert.equal(current?.name, expected, path);
        assert.ok(current.visible, `${path} at ${width} px ${withApp ? 'with' : 'before'} the app: ${expected} is scrolled out of the navigation`);
        await page.context().close();
      }
    }
  });
}

test('360 px: a navigation that scrolls sideways shows that more sections follow', async () => {
  const page = await newPage(suite.browser, { viewport: { width: 360, height: 900 } });
  await page.goto(`${BASE}/`);
  await settled(page);
  const nav = await page.evaluate(() => {
    const list = document.querySelector('.sections-nav ul');
    const style = getComputedStyle(list);
    return {
      scrolls: list.scrollWidth > list.clientWidth,
      gradients: (style.backgroundImage.match(/linear-gradient/g) ?? []).length,
      attachment: style.backgroundAttachment,
    };
  });
  if (nav.scrolls) {
    // Shades at the edges (attached to the box), covered at the ends by
    // paper-coloured gradients that scroll with the list.
    assert.equal(nav.gradients, 4, JSON.stringify(nav));
    assert.match(nav.attachment, /local, local, scroll, scroll/);
  }
  await page.context().close();
});

test('the date line is filled before the app is ready, and the app keeps it', async () => {
  const page = await newPage(suite.browser, { viewport: { width: 360, height: 900 } });
  await page.route('**/*.wasm', () => {});
  await page.goto(`${BASE}/`);
  await page.waitForFunction(() => document.querySelector('.masthead-date')?.textContent.trim(), null, { timeout: 10000 });
  const before = await page.locator('.masthead-date').textContent();
  assert.match(before, /\d{4}/, before);
  assert.equal(await page.locator('html[data-app="ready"]').count(), 0, 'the app did not start');
  await page.context().close();

  const withApp = await newPage(suite.browser);
  await withApp.goto(`${BASE}/`);
  await waitForApp(withApp);
  assert.equal(await withApp.locator('.masthead-date').textContent(), before);
  assert.deepEqual(withApp.consoleErrors, []);
  await withApp.context().close();
});

test('1280 px: the breadcrumb lines up with the article column', async () => {
  const article = (await pagesOfEachKind()).find((p) => p.name === 'article');
  const page = await newPage(suite.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${BASE}${article.path}`);
  await waitForApp(page);
  const crumb = await page.locator('.breadcrumb ol').boundingBox();
  const headline = await page.locator('.article-header h1').boundingBox();
  assert.ok(Math.abs(crumb.x - headline.x) <= 1, `breadcrumb at ${crumb.x} px, article at ${headline.x} px`);
  await page.context().close();
});

test('1280 px: a lead story without a picture spans the page, with the top stories under it', async () => {
  const front = await (await fetch(`${BASE}/data/front.json`)).json();
  const page = await newPage(suite.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${BASE}/`);
  await waitForApp(page);
  const lead = await page.locator('.front-top .teaser-lead').boundingBox();
  const top = await page.locator('.front-top > .teaser-list').boundingBox();
  if (front.lead?.thumbnail) {
    assert.ok(top.x > lead.x + lead.width - 1, 'a lead with a picture sits beside the top stories');
  } else {
    assert.ok(top.y >= lead.y + lead.height - 1, `the top stories sit under the lead (${JSON.stringify({ lead, top })})`);
    assert.equal(await page.locator('.front-top .teaser-lead img').count(), 0);
  }
  await page.context().close();
});
