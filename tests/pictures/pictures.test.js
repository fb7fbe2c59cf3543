// Camera photos in a reader's browser: `cargo xtask pictures` (and `test`)
// builds the sample site with 4000 × 3000 JPEGs as every hero and a sideways
// photo in every story, and serves it here. Every page kind at 360 px (two
// pixels a point, a phone) and 1280 px: no image shifts the layout, the
// browser picks a file no wider than twice its slot, AVIF where it can, and
// the placeholder colour is there before the photo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, newPage, settled, siteJson, useSuite, waitForApp } from '../e2e/helpers.js';
import { pagesOfEachKind } from '../layout/pages.js';

const suite = useSuite({ front: 'data/front.json' });

const VIEWPORTS = [
  { name: 'phone', viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 },
  { name: 'desktop', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
];

/** Holds every picture's response for `ms`, so the page lays out before any arrives. */
async function slowPictures(page, ms) {
  await page.route('**/images/**', async (route) => {
    await new Promise((done) => setTimeout(done, ms));
    await route.continue();
  });
}

/** Starts counting layout shifts before the page's first byte. */
async function countShifts(page) {
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) {
          window.__shifts.push({
            value: entry.value,
            sources: entry.sources.map((s) => s.node?.nodeName + '.' + (s.node?.className ?? '')),
          });
        }
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** Scrolls through the page (lazy pictures load) and waits until every shown picture has loaded. */
async function loadEveryPicture(page) {
  await page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight / 2) {
      window.scrollTo(0, y);
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    }
    window.scrollTo(0, 0);
  });
  await page.waitForFunction(() => [...document.querySelectorAll('main img')]
    .filter((img) => img.getBoundingClientRect().width > 0)
    .every((img) => img.complete && img.naturalWidth > 0), null, { timeout: 30000 });
}

/** Every shown picture: its slot, what the browser chose, and its attributes. */
function pictures() {
  return [...document.querySelectorAll('main img')]
    .filter((img) => img.getBoundingClientRect().width > 0)
    .map((img) => ({
      where: `${img.closest('[class]')?.className ?? ''} ${img.className}`.trim(),
      slot: img.getBoundingClientRect().width,
      chosen: img.currentSrc,
      width: img.getAttribute('width'),
      height: img.getAttribute('height'),
      hasSrcset: img.hasAttribute('srcset'),
      inPicture: img.parentElement?.nodeName === 'PICTURE',
    }));
}

/** The first story the front page shows with a photo (a hero press made a ladder of). */
function storyWithPhoto(front) {
  const teasers = [front.lead, ...(front.top ?? []), ...(front.rails ?? []).flatMap((rail) => rail.teasers ?? [])];
  const teaser = teasers.find((t) => t?.thumbnail?.ladder);
  assert.ok(teaser, 'a story on the front page has a photo');
  return teaser.url;
}

/** The width in a ladder file's name: `…-640.avif` → 640. */
const widthOf = (url) => Number(/-(\d+)\.(avif|webp|jpg|png)$/.exec(new URL(url).pathname)?.[1]);

test('every page kind: pictures keep their space, and the browser picks a small enough AVIF', async () => {
  const pages = await pagesOfEachKind();
  let checked = 0;
  for (const { name: device, viewport, deviceScaleFactor } of VIEWPORTS) {
    for (const { name, path } of pages) {
      const page = await newPage(suite.browser, { viewport, deviceScaleFactor });
      await countShifts(page);
      await slowPictures(page, 300);
      // "Most popular" fills its slot below the story when the app starts, and
      // can move the footer (a shift of its own, not a picture's): left out.
      await page.route('**/data/popular.json', (route) => route.abort());
      await page.goto(`${BASE}${path}`);
      await settled(page);
      await waitForApp(page);
      await page.waitForLoadState('networkidle');
      await loadEveryPicture(page);
      const shown = await page.evaluate(pictures);
      const shifts = await page.evaluate(() => window.__shifts);
      const total = shifts.reduce((sum, s) => sum + s.value, 0);
      assert.ok(total < 0.001, `${device} ${name}: layout shifted by ${total.toFixed(4)}: ${JSON.stringify(shifts)}`);
      for (const picture of shown) {
        const at = `${device} ${name} ${picture.where}`;
        assert.ok(picture.width && picture.height, `${at}: width and height on the <img>`);
        if (!picture.hasSrcset) continue;
        checked += 1;
        assert.ok(picture.inPicture, `${at}: inside a <picture>`);
        assert.match(new URL(picture.chosen).pathname, /\.avif$/, `${at}: AVIF where the browser has it (chose ${picture.chosen})`);
        const chosen = widthOf(picture.chosen);
        const needed = picture.slot * deviceScaleFactor;
        assert.ok(
          chosen <= 2 * needed,
          `${at}: chose ${chosen} px for a slot of ${Math.round(picture.slot)} px at ${deviceScaleFactor}x: more than twice what it needs`,
        );
      }
      await page.context().close();
    }
  }
  assert.ok(checked >= 10, `photos were checked on the pages (${checked})`);
});

test('the placeholder colour is there before the photo, and the hero is preloaded once', async () => {
  const url = storyWithPhoto(suite.front);
  const article = await siteJson(`data/articles${url}.json`);
  assert.ok(article.hero?.ladder, 'the story has a photo hero');
  assert.match(article.hero.placeholder, /^#[0-9a-f]{6}$/);
  const page = await newPage(suite.browser, { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
  const requested = [];
  let release;
  const held = new Promise((done) => { release = done; });
  await page.route('**/images/**', async (route) => {
    requested.push(new URL(route.request().url()).pathname);
    await held;
    await route.continue();
  });
  await page.goto(`${BASE}${url}`, { waitUntil: 'domcontentloaded' });
  await settled(page);
  const before = await page.evaluate(() => {
    const img = document.querySelector('.hero img');
    return { complete: img.complete && img.naturalWidth > 0, background: getComputedStyle(img).backgroundColor, placeholder: img.dataset.placeholder };
  });
  assert.equal(before.complete, false, 'the photo is still on its way');
  assert.equal(before.placeholder, article.hero.placeholder);
  const hex = article.hero.placeholder.slice(1).match(/../g).map((h) => parseInt(h, 16));
  assert.equal(before.background, `rgb(${hex.join(', ')})`, 'the placeholder colour is painted');
  const preload = await page.evaluate(() => document.querySelector('link[rel="preload"][as="image"]')?.getAttribute('imagesrcset'));
  assert.ok(preload?.includes('.avif'), `the pre-rendered page preloads the hero: ${preload}`);
  release();
  await page.waitForFunction(() => {
    const img = document.querySelector('.hero img');
    return img.complete && img.naturalWidth > 0;
  }, null, { timeout: 30000 });
  const hero = await page.evaluate(() => new URL(document.querySelector('.hero img').currentSrc).pathname);
  assert.equal(requested.filter((p) => p === hero).length, 1, `the hero is fetched once (preload and picture agree): ${requested.join(', ')}`);
  await page.context().close();
});

test('link previews get the 1200 × 630 crop, and pictures are cached for a year', async () => {
  const url = storyWithPhoto(suite.front);
  const html = await (await fetch(`${BASE}${url}`)).text();
  const image = /<meta property="og:image" content="([^"]+)"/.exec(html)?.[1];
  assert.match(image ?? '', /-share-50-50\.jpg$/, `og:image is the share crop: ${image}`);
  const response = await fetch(`${BASE}${new URL(image).pathname}`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'image/jpeg');
  assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const article = await siteJson(`data/articles${url}.json`);
  const avif = await fetch(`${BASE}${article.hero.ladder.base}-320.avif`);
  assert.equal(avif.headers.get('content-type'), 'image/avif');
  assert.equal(avif.headers.get('cache-control'), 'public, max-age=31536000, immutable');
});
