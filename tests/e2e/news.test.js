// News while a page is open (issue 31): the front page and a section's first
// page check their data file every minute while the tab is visible, with
// If-None-Match (an unchanged file is a 304), and offer new stories behind a
// button; a story marked breaking shows a banner on every page.
//
// Time is Playwright's clock (`page.clock`): a minute passes when the test
// says so, not when the machine gets round to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, newPage, settled, useSuite, waitForApp, waitForView } from './helpers.js';

const suite = useSuite({
  front: 'data/front.json',
  site: 'data/site.json',
});

const MINUTE = 60_000;

/** A page whose timers run on Playwright's clock, at the front page. */
async function openWithClock(path = '/', options = {}) {
  const page = await newPage(suite.browser, options);
  await page.clock.install();
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__shifts.push(entry.value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(BASE + path);
  await waitForApp(page);
  await settled(page);
  return page;
}

/** Every request the page makes for its site's data files, as paths. */
function dataRequests(page) {
  const seen = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/data/')) seen.push({ path, ifNoneMatch: request.headers()['if-none-match'] });
  });
  return seen;
}

/** The front page as the host would serve it once `teaser` is published. */
function frontWith(teaser) {
  const front = structuredClone(suite.front);
  const old = front.lead;
  front.lead = teaser;
  front.top = [old, ...front.top].slice(0, front.top.length);
  front.latest = [teaser, ...front.latest].slice(0, front.latest.length);
  return front;
}

/** A story of the site that the front page does not show, as a teaser published now. */
async function storyNotOnTheFront(page) {
  const shown = new Set([suite.front.lead, ...suite.front.top, ...suite.front.rails.flatMap((r) => r.teasers), ...suite.front.latest].map((t) => t.url));
  const section = suite.site.sections[0].path;
  for (let number = 1; number < 10; number += 1) {
    const response = await page.request.get(`${BASE}/data/sections/${section}/page-${number}.json`);
    if (!response.ok()) break;
    const teaser = (await response.json()).teasers.find((t) => !shown.has(t.url));
    if (teaser) return { ...teaser, headline: `${teaser.headline} (just in)`, published: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
  }
  throw new Error('every story of the first section is on the front page');
}

test('a story published while the front page is open waits behind a "1 new story" button, and comes when asked', async () => {
  const page = await openWithClock('/');
  const fresh = await storyNotOnTheFront(page);
  await page.route('**/data/front.json', (route) => route.fulfill({
    status: 200,
    contentType: 'application/json',
    headers: { etag: '"published-one"' },
    body: JSON.stringify(frontWith(fresh)),
  }));
  const leadBefore = await page.locator('main h2, main h3').first().textContent();
  await page.evaluate(() => window.scrollTo(0, 400));
  const scrolled = await page.evaluate(() => window.scrollY);

  await page.clock.runFor(MINUTE + 1000);
  const button = page.getByRole('button', { name: '1 new story' });
  await button.waitFor();
  // Offered, not applied: nothing moved under the reader's eyes.
  assert.equal(await page.locator('main h2, main h3').first().textContent(), leadBefore);
  assert.equal(await page.evaluate(() => window.scrollY), scrolled);
  assert.equal(await page.evaluate(() => window.__shifts.reduce((a, b) => a + b, 0)), 0, 'no layout shift');
  assert.equal(await button.evaluate((b) => b.closest('[aria-live]')?.getAttribute('aria-live')), 'polite', 'announced politely');
  assert.ok(!(await page.getByText(fresh.headline).isVisible()), 'the new story is not shown before the reader asks');

  await button.click();
  await page.getByText(fresh.headline).first().waitFor();
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'shown from the top');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus at the start of the content');
  assert.equal(await button.count(), 0, 'the button is gone');
  // The new story is a link into the app like any other.
  await page.getByRole('link', { name: fresh.headline }).first().click();
  await waitForView(page, 'article');
  assert.equal(new URL(page.url()).pathname, fresh.url);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('an unchanged front page answers 304: each check after the first sends the ETag it was given', async () => {
  const page = await openWithClock('/');
  const requests = dataRequests(page);
  const statuses = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/data/front.json') statuses.push(response.status());
  });
  for (let minute = 1; minute <= 3; minute += 1) {
    const answered = page.waitForResponse((response) => new URL(response.url()).pathname === '/data/front.json');
    await page.clock.runFor(MINUTE);
    await answered;
  }
  const checks = requests.filter((r) => r.path === '/data/front.json');
  assert.equal(checks.length, 3, 'one check a minute');
  assert.equal(checks[0].ifNoneMatch, undefined, 'the first check has no ETag yet');
  assert.ok(checks[1].ifNoneMatch && checks[1].ifNoneMatch === checks[2].ifNoneMatch, 'then the ETag the host gave');
  assert.deepEqual(statuses, [200, 304, 304]);
  assert.equal(await page.locator('.fresh-stories button').count(), 0, 'nothing new offered');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a hidden tab makes no requests, and checks at once when it is shown again', async () => {
  const page = await openWithClock(`/${suite.site.sections[0].path}`);
  // The banner's first check, a second after start-up.
  await page.clock.runFor(2000);
  await page.waitForLoadState('networkidle');
  const requests = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  const setHidden = (hidden) => page.evaluate((hidden) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
  await setHidden(true);
  await page.clock.runFor(10 * MINUTE);
  // Give anything the timers started a chance to reach the network.
  await page.waitForTimeout(500);
  assert.deepEqual(requests, [], 'no request in ten minutes hidden');
  await setHidden(false);
  await page.waitForFunction(() => true);
  const section = `/data/sections/${suite.site.sections[0].path}/page-1.json`;
  await page.waitForRequest((request) => new URL(request.url()).pathname === section, { timeout: 5000 }).catch(() => null);
  await page.waitForTimeout(200);
  assert.ok(requests.includes(section), `the section's news checked when shown: ${requests}`);
  assert.ok(requests.includes('/data/breaking.json'), `breaking news checked when shown: ${requests}`);
  assert.equal(requests.filter((path) => path === section).length, 1, 'once, not once per missed minute');
  await page.context().close();
});

/** A browser context whose host answers `data/breaking.json` with one story. */
function serveBreaking(context, teaser, until) {
  return context.route('**/data/breaking.json', (route) => route.fulfill({
    status: 200,
    contentType: 'application/json',
    body: breakingWith(teaser, until),
  }));
}

/** `data/breaking.json` with one story, its banner up until `until`. */
function breakingWith(teaser, until) {
  return JSON.stringify({ schema_version: 1, stories: [{ until, teaser }] });
}

test('a breaking story shows a banner on every page, not on its own, until dismissed or its time is up', async () => {
  const story = suite.front.top[0];
  const until = new Date(Date.now() + 30 * MINUTE).toISOString().replace(/\.\d+Z$/, 'Z');
  const context = await suite.browser.newContext();
  await serveBreaking(context, story, until);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.clock.install();
  await page.goto(`${BASE}/`);
  await waitForApp(page);
  await settled(page);
  const shiftBefore = await page.evaluate(() => new Promise((done) => {
    let total = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) total += e.value; }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => done(total), 0);
  }));
  await page.clock.runFor(1500);
  const banner = page.getByRole('complementary', { name: 'Breaking news' });
  await banner.waitFor();
  assert.equal(await banner.getByRole('link').textContent(), story.headline);
  assert.equal(await banner.evaluate((b) => getComputedStyle(b).position), 'fixed', 'it floats: nothing on the page moves');
  const shiftAfter = await page.evaluate(() => new Promise((done) => {
    let total = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) total += e.value; }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => done(total), 0);
  }));
  assert.equal(shiftAfter, shiftBefore, 'no layout shift when the banner comes');
  assert.equal(await banner.evaluate((b) => b.closest('[aria-live]')?.getAttribute('aria-live')), 'polite');

  // To the story, in the app: no banner on its own page; back, and it is there.
  await banner.getByRole('link').click();
  await waitForView(page, 'article');
  assert.equal(new URL(page.url()).pathname, story.url);
  assert.equal(await banner.count(), 0, 'not on the story itself');
  await page.goBack();
  await waitForView(page, 'front');
  await banner.waitFor();

  // Dismissed: gone, and still gone after a reload in the same visit.
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await banner.count(), 0);
  await page.reload();
  await waitForApp(page);
  await page.clock.runFor(1500);
  await page.waitForLoadState('networkidle');
  assert.equal(await banner.count(), 0, 'dismissed for the visit');
  assert.deepEqual(errors, []);
  await context.close();

  // Its time up: a banner ends on the reader's clock, even if no build ran.
  const later = await suite.browser.newContext();
  await serveBreaking(later, story, until);
  const next = await later.newPage();
  await next.clock.install();
  await next.goto(`${BASE}/`);
  await waitForApp(next);
  await next.clock.runFor(1500);
  await next.getByRole('complementary', { name: 'Breaking news' }).waitFor();
  await next.clock.runFor(31 * MINUTE);
  await next.getByRole('complementary', { name: 'Breaking news' }).waitFor({ state: 'detached' });
  await later.close();
});

test('the site publishes its breaking stories: an empty list when there are none', async () => {
  const response = await fetch(`${BASE}/data/breaking.json`);
  assert.equal(response.status, 200);
  const breaking = await response.json();
  assert.equal(breaking.schema_version, 1);
  assert.ok(Array.isArray(breaking.stories));
});
