// Pre-rendered pages: readable without JavaScript, link previews and search
// data in the HTML, and the app's start (hydration, or the take-over that is
// its fallback) with no flash, shift or refetch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, newPage, settled, siteJson, throttle, useSuite, visibleBox, waitForApp, waitForView } from './helpers.js';

const suite = useSuite({
  site: 'data/site.json',
  front: 'data/front.json',
  article: (s) => `data/articles${s.front.lead.url}.json`,
  section: (s) => `data/sections/${s.article.section.path}/page-1.json`,
});

async function noScriptPage() {
  return newPage(suite.browser, { javaScriptEnabled: false });
}

test('without JavaScript, every view shows its content', async () => {
  const page = await noScriptPage();
  const views = [
    ['/', 'front', suite.front.lead.headline],
    [`/${suite.section.section.path}`, 'section', suite.section.section.name],
    [`/${suite.section.section.path}/page/2`, 'section', null],
    [suite.front.lead.url, 'article', suite.article.headline],
    ['/no-such-page', 'not-found', 'Page not found'],
  ];
  for (const [path, view, text] of views) {
    const response = await page.goto(BASE + path);
    if (path.endsWith('/page/2') && response.status() === 404) continue; // a short section
    assert.equal(response.status(), view === 'not-found' ? 404 : 200, path);
    await page.locator(`[data-view="${view}"]`).first().waitFor({ timeout: 5000 });
    if (text) assert.ok((await page.locator('main').textContent()).includes(text), `${path} shows "${text}"`);
    assert.equal(await page.locator('nav[aria-label="Sections"] a').count(), suite.site.sections.length + 1, `${path}: section navigation`);
  }

  await page.goto(BASE + suite.front.lead.url);
  const a = page.locator('article');
  assert.equal(await a.locator('h1').textContent(), suite.article.headline);
  assert.equal(await a.locator('.standfirst').textContent(), suite.article.standfirst);
  assert.match(await a.locator('.byline').textContent(), new RegExp(suite.article.byline[0]));
  assert.equal(await a.locator('time').first().getAttribute('datetime'), suite.article.published);
  const paragraphs = suite.article.body.filter((b) => b.type === 'paragraph').length;
  assert.ok((await a.locator('.article-body > p').count()) >= paragraphs, 'the whole body is there');
  const crumbs = await page.getByRole('navigation', { name: 'Breadcrumb' }).locator('a').allTextContents();
  assert.deepEqual(crumbs, ['Home', ...suite.article.trail.map((s) => s.name)]);
  assert.equal(await page.title(), `${suite.article.headline} | ${suite.site.name}`);

  // Links are plain links: a click is a page load of another real page.
  await page.locator(`main a[href="/${suite.article.section.path}"]`).first().click();
  await page.locator('[data-view="section"]').waitFor({ timeout: 5000 });
  assert.equal(new URL(page.url()).pathname, `/${suite.article.section.path}`);
  await page.context().close();
});

test('article HTML carries Open Graph, Twitter card and JSON-LD that match the article', async () => {
  const page = await noScriptPage();
  await page.goto(BASE + suite.front.lead.url);
  const meta = await page.evaluate(() => {
    const out = {};
    for (const m of document.querySelectorAll('meta[property], meta[name]')) {
      const key = m.getAttribute('property') ?? m.getAttribute('name');
      (out[key] ??= []).push(m.getAttribute('content'));
    }
    out.canonical = document.querySelector('link[rel="canonical"]')?.href;
    out.ld = [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => JSON.parse(s.textContent));
    return out;
  });
  const url = `${suite.site.base_url}${suite.article.url}`;
  assert.equal(meta.canonical, url);
  assert.deepEqual(meta['og:url'], [url]);
  assert.deepEqual(meta['og:type'], ['article']);
  assert.deepEqual(meta['og:title'], [suite.article.headline]);
  assert.deepEqual(meta['og:description'], [suite.article.standfirst]);
  assert.deepEqual(meta['og:site_name'], [suite.site.name]);
  assert.deepEqual(meta['description'], [suite.article.standfirst]);
  assert.deepEqual(meta['article:published_time'], [suite.article.published]);
  assert.deepEqual(meta['article:tag'] ?? [], suite.article.tags);
  if (suite.article.hero) {
    const image = new URL(suite.article.hero.src, `${suite.site.base_url}/`).href;
    assert.deepEqual(meta['og:image'], [image]);
    assert.deepEqual(meta['og:image:alt'], [suite.article.hero.alt]);
    assert.deepEqual(meta['twitter:card'], ['summary_large_image']);
    assert.deepEqual(meta['twitter:image'], [image]);
  }
  assert.deepEqual(meta['twitter:title'], [suite.article.headline]);

  const news = meta.ld.find((item) => item['@type'] === 'NewsArticle');
  assert.ok(news, 'a NewsArticle');
  assert.equal(news['@context'], 'https://schema.org');
  assert.equal(news.headline, suite.article.headline);
  assert.equal(news.datePublished, suite.article.published);
  assert.equal(news.dateModified, suite.article.updated ?? suite.article.published);
  assert.deepEqual(news.author.map((a) => a.name), suite.article.byline);
  assert.ok(news.author.every((a) => a['@type'] === 'Person'));
  assert.equal(news.publisher.name, suite.site.name);
  assert.equal(news.mainEntityOfPage['@id'], url);
  if (suite.article.hero) assert.deepEqual(news.image, [new URL(suite.article.hero.src, `${suite.site.base_url}/`).href]);

  const crumbs = meta.ld.find((item) => item['@type'] === 'BreadcrumbList');
  assert.ok(crumbs, 'a BreadcrumbList');
  assert.deepEqual(crumbs.itemListElement.map((i) => i.position), crumbs.itemListElement.map((_, i) => i + 1));
  assert.deepEqual(crumbs.itemListElement.map((i) => i.name), [suite.site.name, ...suite.article.trail.map((s) => s.name), suite.article.headline]);
  assert.equal(crumbs.itemListElement.at(-1).item, url);
  await page.context().close();
});

test('the app starts without layout shift, without a flash and without fetching the data again', async () => {
  // At a desktop width and at a phone's, where the masthead wraps: the date
  // written after the first paint must not move anything.
  for (const viewport of [null, { width: 412, height: 823 }]) {
    const page = await newPage(suite.browser, viewport ? { viewport } : {});
    await page.addInitScript(() => {
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__shifts.push(entry.value);
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const requests = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    const views = [
      [suite.front.lead.url, 'article'],
      ['/', 'front'],
      [`/${suite.section.section.path}`, 'section'],
      ['/no-such-page', 'not-found'],
    ];
    for (const [path, view] of views) {
      requests.length = 0;
      await page.goto(BASE + path, { waitUntil: 'commit' });
      await page.locator(`[data-view="${view}"]`).first().waitFor();
      // The pre-rendered page as the reader sees it: styled, its fonts in.
      await settled(page);
      // "Most popular" loads on its own once it nears the viewport: leave it out.
      const before = await page.evaluate(() => ({
        main: (() => { const m = document.querySelector('main').cloneNode(true); m.querySelector('.popular-slot')?.remove(); return m.textContent; })(),
        nav: document.querySelector('nav[aria-label="Sections"]').innerText,
        y: document.querySelector('main h1').getBoundingClientRect().y,
      }));
      await waitForApp(page);
      await settled(page);
      const afterTakeover = await page.evaluate(() => ({
        main: (() => { const m = document.querySelector('main').cloneNode(true); m.querySelector('.popular-slot')?.remove(); return m.textContent; })(),
        nav: document.querySelector('nav[aria-label="Sections"]').innerText,
        y: document.querySelector('main h1').getBoundingClientRect().y,
        roots: document.querySelectorAll('.app-root').length,
        shifts: window.__shifts,
      }));
      assert.equal(afterTakeover.roots, 1, `${path}: one app root after the take-over`);
      assert.equal(afterTakeover.main, before.main, `${path}: the same content`);
      assert.equal(afterTakeover.nav, before.nav, `${path}: the same navigation`);
      assert.equal(afterTakeover.y, before.y, `${path}: the headline did not move`);
      const shift = afterTakeover.shifts.reduce((a, b) => a + b, 0);
      assert.equal(shift, 0, `${path} at ${viewport?.width ?? 'desktop'} px: layout shift ${shift}`);
      // The page's own files (links in view may be prefetched; an unknown path
      // is looked up once, as it could be a section).
      const own = ['/data/site.json', view === 'article' ? `/data/articles${path}.json` : view === 'front' ? '/data/front.json' : view === 'section' ? `/data/sections${path}/page-1.json` : null];
      const data = requests.filter((p) => own.includes(p));
      assert.deepEqual(data, [], `${path}: no data fetched again`);
    }
    // The not-found page itself, and its one lookup, are 404s: nothing else may fail.
    assert.deepEqual(page.consoleErrors.filter((e) => !/status of 404/.test(e)), []);
    await page.context().close();
  }
});

test('the app starts after the first frame and hydrates the pre-rendered page: every node stays, no id is ever twice', async () => {
  const page = await newPage(suite.browser);
  await page.addInitScript(() => {
    window.__start = { duplicates: [] };
    requestAnimationFrame(() => {
      window.__start.firstFrame = performance.now();
    });
    // The pre-rendered nodes, as the parser left them.
    document.addEventListener('DOMContentLoaded', () => {
      // Less the search page's placeholder, which the search module replaces.
      window.__start.prerendered = [...document.querySelectorAll('#app *')].filter((element) => !element.closest('.search-root *'));
    });
    new MutationObserver(() => {
      if (document.documentElement.dataset.app === 'hydrating') window.__start.hydrating ??= performance.now();
      const seen = new Set();
      for (const element of document.querySelectorAll('[id]')) {
        if (seen.has(element.id)) window.__start.duplicates.push(element.id);
        seen.add(element.id);
      }
    }).observe(document, { childList: true, subtree: true, attributes: true });
  });
  const views = [
    [suite.front.lead.url, 'article'],
    ['/', 'front'],
    [`/${suite.section.section.path}`, 'section'],
    ['/tags', 'tags'],
    ['/search', 'search'],
  ];
  for (const [path, view] of views) {
    await page.goto(BASE + path, { waitUntil: 'commit' });
    await waitForApp(page);
    await waitForView(page, view);
    const t = await page.evaluate(() => {
      const { firstFrame, hydrating, duplicates, prerendered } = window.__start;
      const now = new Set(document.querySelectorAll('#app *'));
      const gone = prerendered.filter((element) => !now.has(element)).map((element) => element.outerHTML.slice(0, 80));
      return { firstFrame, hydrating, duplicates, gone, count: prerendered.length, start: document.documentElement.dataset.start ?? null };
    });
    assert.ok(t.firstFrame != null && t.hydrating != null, `${path}: ${JSON.stringify(t)}`);
    assert.ok(t.firstFrame < t.hydrating, `${path}: the app started (${t.hydrating} ms) before the first frame (${t.firstFrame} ms)`);
    assert.equal(t.start, null, `${path}: no take-over was asked for`);
    assert.ok(t.count > 20, `${path}: ${t.count} pre-rendered elements`);
    assert.deepEqual(t.gone, [], `${path}: every pre-rendered element is still in the page`);
    assert.deepEqual(t.duplicates, [], `${path}: no id was ever in the document twice`);
    assert.equal(await page.locator('main h1').count(), 1, `${path}: one view`);
    // The hydrated nodes have their handlers: the skip link moves focus
    // itself, where the browser alone would change the URL's hash.
    await page.locator('.skip-link').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    assert.equal(new URL(page.url()).hash, '', `${path}: the skip link's handler ran`);
  }
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('what the reader typed before the app started is still there once it has hydrated', async () => {
  const page = await newPage(suite.browser);
  // The module waits until the reader has typed: the app cannot start first.
  let release;
  const typed = new Promise((resolve) => { release = resolve; });
  await page.route(/broadsheet-[0-9a-f]+_bg\.wasm$/, async (route) => {
    await typed;
    await route.continue();
  });
  await page.goto(BASE + suite.front.lead.url, { waitUntil: 'domcontentloaded' });
  const box = page.locator('.masthead-search input[name="q"]');
  await box.fill('harbour ferries');
  assert.notEqual(await page.evaluate(() => document.documentElement.dataset.app), 'ready', 'typed before the app started');
  release();
  await waitForApp(page);
  await waitForView(page, 'article');
  assert.equal(await box.inputValue(), 'harbour ferries', 'the same input, with its text');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.start), undefined);
  await page.context().close();
});

// The take-over is the fallback: after a failed hydration the page's script
// asks for it (sessionStorage, read by the prelude). Asked for here directly.
test('a take-over, when asked for, is three tasks: the module, the shell, then the page', async () => {
  const page = await newPage(suite.browser);
  await page.addInitScript(() => {
    sessionStorage.setItem('broadsheet-take-over', location.pathname + location.search);
    window.__takeover = { states: [] };
    requestAnimationFrame(() => {
      window.__takeover.firstFrame = performance.now();
    });
    // The app builds its view in a container outside the document: every
    // <div> created is watched (its class, its children) until one becomes
    // the app's root. Mutation records are delivered at the end of the task
    // (or microtask) that made them: each delivery is one state of the
    // container. Had two steps been one task, the state between them would
    // not appear.
    const createElement = Document.prototype.createElement;
    Document.prototype.createElement = function (tag, ...rest) {
      const element = createElement.call(this, tag, ...rest);
      if (String(tag).toLowerCase() === 'div') {
        const observer = new MutationObserver(() => {
          if (!element.classList.contains('app-root')) return;
          if (element.isConnected) return observer.disconnect();
          window.__takeover.started ??= performance.now();
          const state = element.childElementCount === 0 ? 'empty' : element.querySelector('main h1') ? 'page' : 'shell';
          const states = window.__takeover.states;
          if (states[states.length - 1] !== state) states.push(state);
        });
        observer.observe(element, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
      }
      return element;
    };
    // No id is ever in the document twice: checked at every delivery of
    // mutation records, through the whole take-over.
    window.__takeover.duplicates = [];
    new MutationObserver(() => {
      const seen = new Set();
      for (const element of document.querySelectorAll('[id]')) {
        if (seen.has(element.id)) window.__takeover.duplicates.push(element.id);
        seen.add(element.id);
      }
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] });
  });
  for (const path of [suite.front.lead.url, '/']) {
    await page.goto(BASE + path, { waitUntil: 'commit' });
    await waitForApp(page);
    const t = await page.evaluate(() => window.__takeover);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.start), 'take-over', path);
    assert.ok(t.firstFrame != null && t.started != null, `${path}: ${JSON.stringify(t)}`);
    assert.ok(t.firstFrame < t.started, `${path}: the app started (${t.started} ms) before the first frame (${t.firstFrame} ms)`);
    assert.deepEqual(t.states, ['empty', 'shell', 'page'], `${path}: the module's start, the shell's mount and the page's view are separate tasks`);
    assert.deepEqual(t.duplicates, [], `${path}: no id was ever in the document twice`);
    assert.equal(await page.locator('main h1').count(), 1, `${path}: the page's view after the take-over`);
  }
  await page.context().close();
});

/** `#app`'s nodes written out, each element's attributes in name order,
 * without what differs by design: comments (the renderer's markers), the
 * "Most popular" box's contents (it loads itself) and the attributes'
 * order (render writes `class` last, the browser's DOM first). */
async function appNodes(page) {
  return page.evaluate(() => {
    const write = (node) => {
      if (node.nodeType === Node.TEXT_NODE) return node.data;
      if (node.nodeType !== Node.ELEMENT_NODE) return '';
      const attributes = [...node.attributes].map((a) => `${a.name}="${a.value}"`).sort().join(' ');
      const inside = node.classList.contains('popular-slot') ? '' : [...node.childNodes].map(write).join('');
      return `<${node.localName} ${attributes}>${inside}</${node.localName}>`;
    };
    return [...document.getElementById('app').childNodes].map(write).join('');
  });
}

/** Where two long strings first differ, with a little context. */
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  return i === a.length && i === b.length ? null : `at ${i}: …${a.slice(Math.max(0, i - 60), i + 60)}… against …${b.slice(Math.max(0, i - 60), i + 60)}…`;
}

// The app hydrates the page's shell and, of a page of data, only its
// islands ("Most popular", "N new stories"): a mismatch in either is caught.
const mismatches = () => [
  {
    what: "the shell (the skip link's element made plain text)",
    path: suite.front.lead.url,
    view: 'article',
    heading: suite.article.headline,
    breaks: (html) => html.replace(/<a [^>]*class="skip-link"[^>]*>([^<]*)<\/a>/, '$1'),
  },
  {
    what: 'an island ("N new stories" without its marker)',
    path: '/',
    view: 'front',
    heading: null,
    breaks: (html) => html.replace(/(class="fresh-stories"[^>]*>)<!>/, "$1"),
  },
];

test('a page whose nodes do not match the app falls back to the take-over once, and ends as hydration does', async () => {
  for (const { what, path, view, heading, breaks } of mismatches()) {
    const hydrated = await newPage(suite.browser);
    await hydrated.goto(BASE + path);
    await waitForApp(hydrated);
    await waitForView(hydrated, view);
    const expected = await appNodes(hydrated);
    await hydrated.context().close();

    const page = await newPage(suite.browser);
    const warnings = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    let loads = 0;
    await page.route(BASE + path, async (route) => {
      loads += 1;
      const response = await route.fetch();
      const html = await response.text();
      const broken = breaks(html);
      assert.notEqual(broken, html, `${what}: the element was found`);
      await route.fulfill({ response, body: broken });
    });
    await page.goto(BASE + path, { waitUntil: 'commit' });
    await page.locator('html[data-start="take-over"][data-app="ready"]').waitFor({ state: 'attached', timeout: 20000 });
    await waitForView(page, view);
    assert.equal(loads, 2, `${what}: loaded once more, once`);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.start), 'take-over');
    assert.ok(warnings.some((w) => w.includes('could not be hydrated')), `${what}: the console says why: ${JSON.stringify(warnings)}`);
    if (heading) assert.equal(await page.locator('main h1').textContent(), heading);
    // The take-over builds the view the app's way; hydration left render's.
    assert.equal(firstDifference(await appNodes(page), expected), null, `${what}: the same nodes as the hydrated page`);
    assert.deepEqual(page.consoleErrors, [], `${what}: the failure is a warning, not an error`);
    // The app runs: a click is an in-app navigation.
    await page.evaluate(() => { window.__same = true; });
    await page.locator(`main a[href="/${suite.article.section.path}"]`).first().click();
    await waitForView(page, 'section');
    assert.equal(await page.evaluate(() => window.__same), true, `${what}: no page load`);
    await page.context().close();
  }
});

test('a page answered for another URL (404.html, an SPA fallback) is taken over, not hydrated', async () => {
  const page = await newPage(suite.browser);
  const warnings = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  let loads = 0;
  page.on('request', (request) => {
    if (request.resourceType() === 'document') loads += 1;
  });
  await page.goto(BASE + '/no-such-page');
  await waitForApp(page);
  await waitForView(page, 'not-found');
  assert.equal(await page.evaluate(() => document.getElementById('app').dataset.path), undefined, "the app's own root");
  assert.equal(await page.evaluate(() => document.documentElement.dataset.start), undefined, 'taken over from the start, not after a failed hydration');
  assert.equal(loads, 1, 'loaded once');
  assert.deepEqual(warnings.filter((w) => w.includes('hydrated')), []);
  assert.equal(await page.locator('[data-view="not-found"]').count(), 1);
  await page.context().close();
});

test("the app's JavaScript and WebAssembly are fetched after the first paint, once each", async () => {
  const page = await newPage(suite.browser);
  const requests = [];
  page.on('request', (request) => {
    if (/broadsheet-[0-9a-f]+(_bg\.wasm|\.js)$/.test(request.url())) requests.push(request.url());
  });
  await page.goto(`${BASE}${suite.front.lead.url}`, { waitUntil: 'commit' });
  await waitForApp(page);
  assert.equal(await page.locator('head link[rel="preload"], head link[rel="modulepreload"]').count() > 0, true, 'the loader added the preloads');
  const timing = await page.evaluate(() => ({
    // When the first paint reached the screen (Lighthouse's simulation
    // counts every request that starts before it in the LCP).
    frame: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    files: performance
      .getEntriesByType('resource')
      .filter((entry) => /broadsheet-[0-9a-f]+(_bg\.wasm|\.js)$/.test(entry.name))
      .map((entry) => ({ name: entry.name, start: entry.startTime })),
  }));
  assert.ok(timing.frame != null, JSON.stringify(timing));
  assert.equal(timing.files.length, 2, `the glue and the module: ${JSON.stringify(timing.files)}`);
  for (const file of timing.files) {
    assert.ok(file.start > timing.frame, `${file.name} was requested at ${file.start} ms, before the first paint at ${timing.frame} ms`);
  }
  assert.equal(requests.length, 2, `each file is fetched once (the preload is used): ${requests.join(', ')}`);
  await page.context().close();
});

test("the app's files wait for the pictures in view, so that the largest paint has the connection to itself", async () => {
  const page = await newPage(suite.browser);
  // Every picture is held until the test lets it go.
  const held = [];
  let releaseAt = null;
  await page.route(/\/images\//, (route) => {
    if (releaseAt === null) held.push(route);
    else route.continue();
  });
  // An article with a photo at its top, the front page's first.
  const teasers = [suite.front.lead, ...suite.front.top, ...suite.front.latest];
  let url = null;
  for (const teaser of teasers) {
    if ((await siteJson(`data/articles${teaser.url}.json`)).hero) {
      url = teaser.url;
      break;
    }
  }
  assert.ok(url, 'an article on the front page has a photo');
  await page.goto(BASE + url, { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { polling: 50 });
  const inView = await page.evaluate(() =>
    [...document.images].filter((image) => {
      const box = image.getBoundingClientRect();
      return box.width > 0 && box.bottom > 0 && box.top < innerHeight;
    }).length,
  );
  assert.ok(inView > 0, `${url} has a picture in view`);
  // The pictures in view are asked for; half a second more, and they come.
  for (let waited = 0; held.length === 0 && waited < 10000; waited += 50) await page.waitForTimeout(50);
  assert.ok(held.length > 0, 'the pictures in view are asked for');
  await page.waitForTimeout(500);
  releaseAt = await page.evaluate(() => performance.now());
  for (const route of held.splice(0)) await route.continue();
  await waitForApp(page);
  const timing = await page.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0].startTime,
    files: performance
      .getEntriesByType('resource')
      .filter((entry) => /broadsheet-[0-9a-f]+(_bg\.wasm|\.js)$/.test(entry.name))
      .map((entry) => ({ name: entry.name, start: entry.startTime })),
  }));
  assert.ok(timing.files.length > 0, JSON.stringify(timing));
  for (const file of timing.files) {
    // Not before the pictures came, unless the wait's cap of three seconds
    // after the first paint had passed (a busy machine).
    assert.ok(
      file.start >= releaseAt || file.start - timing.paint >= 3000,
      `${file.name} was requested at ${file.start} ms, while the pictures in view were held (released at ${releaseAt} ms, first paint at ${timing.paint} ms)`,
    );
  }
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test("the masthead's date is in the site's language, English without Intl", async () => {
  const page = await newPage(suite.browser);
  await page.goto(`${BASE}/`);
  await waitForApp(page);
  const dates = await page.evaluate(() => {
    const root = document.documentElement;
    const original = root.lang;
    const at = (lang) => {
      root.lang = lang;
      return window.broadsheet.today();
    };
    // English must not touch Intl (its first use is a long task): it fails if it does.
    const real = Date.prototype.toLocaleDateString;
    Date.prototype.toLocaleDateString = () => 'Intl';
    const english = { en: at('en'), us: at('en-US'), gb: at('en-GB') };
    Date.prototype.toLocaleDateString = real;
    const german = at('de');
    const expectedGerman = new Date().toLocaleDateString('de', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
    root.lang = original;
    return { ...english, german, expectedGerman, masthead: document.querySelector('.masthead-date').textContent };
  });
  const now = new Date();
  const weekday = now.toLocaleDateString('en-US', { weekday: 'long' });
  const month = now.toLocaleDateString('en-US', { month: 'long' });
  assert.equal(dates.en, `${weekday}, ${month} ${now.getDate()}, ${now.getFullYear()}`);
  assert.equal(dates.us, dates.en);
  assert.equal(dates.gb, `${weekday}, ${now.getDate()} ${month} ${now.getFullYear()}`);
  assert.equal(dates.german, dates.expectedGerman);
  assert.equal(dates.masthead, dates.en, 'the sample site is in English');
  await page.context().close();
});

test('the loader script is a file: no inline script in any page', async () => {
  for (const path of ['/', suite.front.lead.url, `/${suite.section.section.path}`, '/no-such-page']) {
    const html = await (await fetch(BASE + path)).text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    for (const [, attributes, body] of scripts) {
      const isData = /type="application\/(ld\+)?json"/.test(attributes);
      assert.ok(isData || (/src="/.test(attributes) && body === ''), `${path}: inline script ${attributes}`);
    }
    assert.ok(scripts.some(([, attributes]) => /type="module" src="\/boot-[0-9a-f]{16}\.js"/.test(attributes)), `${path}: the loader`);
  }
});

test('no Content-Security-Policy violations on any view, including in-app navigation', async () => {
  const page = await newPage(suite.browser);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const response = await page.goto(`${BASE}/`);
  const csp = response.headers()['content-security-policy'];
  assert.ok(csp, 'the page is served with a CSP');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  await waitForView(page, 'front');
  await page.locator(`main a[href="${suite.front.lead.url}"]`).first().click();
  await waitForView(page, 'article');
  await page.locator('.popular-slot').scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  for (const path of [`/${suite.section.section.path}`, '/no-such-page', suite.front.lead.url]) {
    await page.goto(BASE + path);
    await waitForApp(page);
  }
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(page.consoleErrors.filter((e) => /Content Security Policy/i.test(e)), []);
  await page.context().close();
});

test('a tap during start-up is never lost: a click on a link before the app is ready still navigates', async () => {
  // A slow phone (4× CPU, 150 ms round trips), cold each time; the click
  // lands at several moments after the first paint, from well before the
  // app is ready to after it, as a real tap would (mouse down and up at the
  // link's place, no waiting for the page to settle).
  const target = suite.front.lead.url;
  const outcomes = [];
  // The last tap waits for the app, so that one tap is always in it.
  for (const delay of [100, 300, 600, 1000, 1500, 'ready']) {
    const page = await newPage(suite.browser);
    await throttle(page);
    await page.goto(BASE + '/', { waitUntil: 'commit' });
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { polling: 50 });
    if (delay === 'ready') await waitForApp(page, 60000);
    else await page.waitForTimeout(delay);
    // Where the link is, in one step in the page (the take-over may swap the
    // element between a lookup and a measure; the place stays the same).
    const box = await visibleBox(page, `main a[href="${target}"]`);
    const ready = await page.evaluate(() => document.documentElement.dataset.app === 'ready');
    await page.mouse.click(box.x + Math.min(20, box.width / 2), box.y + box.height / 2);
    await page.waitForFunction((target) => location.pathname === target, target, { timeout: 20000 });
    await page.locator('[data-view="article"] h1').first().waitFor({ timeout: 20000 });
    assert.equal(await page.locator('[data-view="article"] h1').first().textContent(), suite.front.lead.headline, `delay ${delay}`);
    outcomes.push(`${delay === 'ready' ? 'once ready' : `${delay} ms`}: ${ready ? 'in the app' : 'before the app'}`);
    await page.context().close();
  }
  // Both kinds of click were tried.
  assert.ok(outcomes.some((o) => o.includes('before')), outcomes.join('; '));
  assert.ok(outcomes.some((o) => o.includes('in the app')), outcomes.join('; '));
});
