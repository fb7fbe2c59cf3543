// In-app navigation: no page loads, scroll restored on Back and Forward,
// new pages start at the top, focus moves to the heading and is announced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, newPage, siteJson, useSuite, waitForView } from './helpers.js';

const suite = useSuite({
  front: 'data/front.json',
});

const scrollY = (page) => page.evaluate(() => Math.round(window.scrollY));

test('Back and Forward restore scroll; new pages start at the top; focus and announcement follow', async () => {
  const page = await newPage(suite.browser, { viewport: { width: 1000, height: 700 } });
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  await page.evaluate(() => { window.__sameDocument = true; });
  // Scroll down to a story in the "Latest" list and open it.
  const target = suite.front.latest[suite.front.latest.length - 1];
  const link = page.locator(`.latest a[href="${target.url}"]`);
  await link.evaluate((a) => a.scrollIntoView({ block: 'center' }));
  await page.waitForTimeout(100);
  const frontY = await scrollY(page);
  assert.ok(frontY > 300, `the front page is scrolled (${frontY})`);
  await link.click();
  await waitForView(page, 'article');
  await page.waitForFunction(() => window.scrollY === 0);
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'focus is on the new heading');
  await page.waitForFunction(
    (headline) => document.getElementById('route-announcer')?.textContent?.startsWith(headline),
    target.headline,
  );

  // Scroll the article, go Back: the front page comes back where we left it.
  await page.evaluate(() => window.scrollTo(0, 400));
  await page.waitForTimeout(100);
  const articleY = await scrollY(page);
  const dataRequests = [];
  page.on('request', (request) => {
    if (request.url().includes('/data/')) dataRequests.push(request.url());
  });
  await page.goBack();
  await waitForView(page, 'front');
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 2, frontY, { timeout: 5000 });

  // Forward: the article comes back at its own position.
  await page.goForward();
  await waitForView(page, 'article');
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 2, articleY, { timeout: 5000 });
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page load happened');
  // (Links that come into view may be prefetched; the views' own files must not be fetched again.)
  const own = dataRequests.filter((url) => url.endsWith('/data/front.json') || url.endsWith(`${target.url}.json`));
  assert.deepEqual(own, [], 'Back and Forward are served from the in-memory cache');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('Back and Forward put back the views the reader left, as they were; at most four are kept', async () => {
  const page = await newPage(suite.browser, { viewport: { width: 1000, height: 700 } });
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  await page.evaluate(() => { window.__sameDocument = true; window.__views = {}; });
  const stories = suite.front.latest.slice(0, 5);
  assert.equal(stories.length, 5, 'the sample front page lists five stories');
  // Each view is remembered by its node; ids must stay unique in the document.
  const mark = (name) => page.evaluate((name) => { window.__views[name] = document.querySelector('[data-view]'); }, name);
  const isSame = (name) => page.evaluate((name) => document.querySelector('[data-view]') === window.__views[name], name);
  const duplicateIds = () =>
    page.evaluate(() => {
      const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
      return ids.filter((id, i) => ids.indexOf(id) !== i);
    });
  // A link outside the app's root, clicked like a reader's: an in-app navigation.
  const open = async (url) => {
    await page.evaluate((url) => {
      const a = document.createElement('a');
      a.href = url;
      a.textContent = 'go';
      document.body.append(a);
      a.click();
      a.remove();
    }, url);
  };
  await mark('front');
  // Whether each story's "Most popular" box had not loaded yet when the
  // reader left it: a kept view must still come alive when scrolled to.
  const waiting = [];
  const popularState = () => page.evaluate(() => document.querySelector('main .popular-slot')?.dataset.state);
  for (const [i, story] of stories.entries()) {
    await open(story.url);
    await page.waitForFunction((h) => document.querySelector('main article h1')?.textContent === h, story.headline);
    await mark(`story${i}`);
    waiting[i] = (await popularState()) === 'waiting';
    assert.deepEqual(await duplicateIds(), [], `no id twice in the document on story ${i}`);
    assert.equal(await page.evaluate(() => window.__views.front.isConnected), false, 'the left view is not in the document');
  }
  // Back through the four kept views: the very nodes, titles and headings.
  for (let i = stories.length - 2; i >= 0; i--) {
    await page.goBack();
    await page.waitForFunction((h) => document.querySelector('main article h1')?.textContent === h, stories[i].headline);
    assert.equal(await isSame(`story${i}`), true, `Back to story ${i} puts back the view it left`);
    await page.waitForFunction((h) => document.title.startsWith(h), stories[i].headline);
    if (waiting[i]) {
      // Its reactive parts were kept with it, not disposed of.
      // (Scrolled to on each poll: the restored view's own scroll to the top
      // may come after the first.)
      await page.waitForFunction(
        () => {
          const slot = document.querySelector('main .popular-slot');
          if (slot?.dataset.state === 'done') return true;
          slot?.scrollIntoView({ block: 'center' });
          return false;
        },
        null,
        { timeout: 10000, polling: 100 },
      );
    }
    assert.deepEqual(await duplicateIds(), [], `no id twice after Back to story ${i}`);
  }
  assert.ok(waiting.slice(0, 4).some(Boolean), 'a kept story had its box still waiting when left');
  // The front page was the fifth view left: no longer kept, built again.
  await page.goBack();
  await waitForView(page, 'front');
  assert.equal(await isSame('front'), false, 'a view beyond the four kept is built again');
  assert.equal(await page.locator('main article h1').count(), 0);
  // Forward: the first story's view was kept when the front page came back.
  await page.goForward();
  await page.waitForFunction((h) => document.querySelector('main article h1')?.textContent === h, stories[0].headline);
  assert.equal(await isSame('story0'), true, 'Forward puts back the view left by Back');
  // A click, not Back: the page is shown as it is now, built again.
  await mark('story0');
  await open(stories[1].url);
  await page.waitForFunction((h) => document.querySelector('main article h1')?.textContent === h, stories[1].headline);
  await open(stories[0].url);
  await page.waitForFunction((h) => document.querySelector('main article h1')?.textContent === h, stories[0].headline);
  assert.equal(await isSame('story0'), false, 'a click builds the view again');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page load happened');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('skip link and keyboard: Tab reaches the skip link first, Enter moves to the content', async () => {
  const page = await newPage(suite.browser);
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  // Keyboard-only navigation to an article: focus a teaser link and press Enter.
  await page.locator(`a[href="${suite.front.top[0].url}"]`).first().focus();
  await page.keyboard.press('Enter');
  await waitForView(page, 'article');
  assert.equal(await page.locator('article h1').textContent(), suite.front.top[0].headline);
  await page.context().close();
});

test('time from click to the new headline on screen (in-app navigation)', async () => {
  const page = await newPage(suite.browser);
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  const timings = [];
  for (const teaser of suite.front.top.slice(0, 5)) {
    await page.goto(`${BASE}/`);
    await waitForView(page, 'front');
    const elapsed = await page.evaluate(async ({ url, headline }) => {
      const link = document.querySelector(`a[href="${url}"]`);
      const start = performance.now();
      link.click();
      return await new Promise((resolve) => {
        const check = () => {
          const h1 = document.querySelector('article h1');
          if (h1 && h1.textContent === headline) {
            // Wait for the frame that paints it.
            requestAnimationFrame(() => resolve(performance.now() - start));
          } else {
            requestAnimationFrame(check);
          }
        };
        check();
      });
    }, { url: teaser.url, headline: teaser.headline });
    timings.push(elapsed);
  }
  timings.sort((a, b) => a - b);
  const median = timings[Math.floor(timings.length / 2)];
  console.log(`# click to new headline painted: median ${median.toFixed(1)} ms over ${timings.length} (${timings.map((t) => t.toFixed(0)).join(', ')})`);
  assert.ok(median < 2000, `in-app navigation took ${median} ms`);
  await page.context().close();
});

test('pointing at a link loads its data ahead of the click, and the click does not ask again', async () => {
  const target = suite.front.latest.at(-1);
  const page = await newPage(suite.browser);
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  const json = `/data/articles${target.url}.json`;
  const requests = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === json) requests.push(request.url());
  });
  const link = page.locator(`main a[href="${target.url}"]`).first();
  await link.scrollIntoViewIfNeeded();
  const responded = page.waitForResponse((response) => new URL(response.url()).pathname === json);
  await link.hover();
  await responded;
  await link.click();
  await waitForView(page, 'article');
  assert.equal(await page.locator('main article h1').textContent(), target.headline);
  assert.equal(requests.length, 1, `one request for the article's data: ${requests}`);
  await page.context().close();
});

test('the app takes plain clicks on its own links, and leaves every other click to the browser', async () => {
  const page = await newPage(suite.browser, { viewport: { width: 1000, height: 700 } });
  await page.goto(`${BASE}/`);
  await waitForView(page, 'front');
  const tagsHref = new URL(`${BASE}/tags`).pathname;
  // One link per case, added at the top of the page; the last one's target
  // is far down, for the same-page jump.
  await page.evaluate((tagsHref) => {
    window.__sameDocument = true;
    const add = (id, href, attributes = {}) => {
      const a = document.createElement('a');
      a.id = id;
      a.href = href;
      a.textContent = id;
      for (const [name, value] of Object.entries(attributes)) a.setAttribute(name, value);
      document.body.prepend(a, ' ');
    };
    add('case-plain', tagsHref);
    add('case-blank', tagsHref, { target: '_blank' });
    add('case-external', tagsHref, { rel: 'nofollow external' });
    add('case-jump', '#case-far');
    const far = document.createElement('p');
    far.id = 'case-far';
    far.style.marginTop = '3000px';
    far.textContent = 'far';
    document.body.append(far);
  }, tagsHref);

  // Same page, `#id`: the app keeps the document, the URL gets the hash, the target is in view.
  await page.click('#case-jump');
  await page.waitForFunction(() => location.hash === '#case-far' && window.scrollY > 2000);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'a same-page jump is not a page load');

  // A modifier key or `target="_blank"`: a new tab, this page stays.
  for (const [selector, modifiers] of [['#case-plain', ['ControlOrMeta']], ['#case-blank', []]]) {
    const [opened] = await Promise.all([
      page.context().waitForEvent('page'),
      page.click(selector, { modifiers }),
    ]);
    assert.equal(new URL(opened.url()).pathname, tagsHref, `${selector} ${modifiers} opened the link`);
    await opened.close();
    assert.equal(new URL(page.url()).pathname, new URL(`${BASE}/`).pathname, `${selector} ${modifiers}: this tab stayed`);
  }

  // A plain click: in the app, no page load.
  await page.click('#case-plain');
  await waitForView(page, 'tags');
  assert.equal(new URL(page.url()).pathname, tagsHref);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'a plain click is not a page load');

  // `rel="external"`: a real page load. (The added links are outside the
  // app's root, so they are still there after Back.)
  await page.goBack();
  await waitForView(page, 'front');
  await Promise.all([page.waitForEvent('load'), page.click('#case-external')]);
  await waitForView(page, 'tags');
  assert.equal(await page.evaluate(() => window.__sameDocument), undefined, 'rel="external" loads the page');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});
