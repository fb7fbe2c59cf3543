// `cargo xtask serve` while a writer works (issue 31): an edit to a story is
// built, rendered and in the open page, reloaded, within a second, without
// trunk building the app again. `cargo xtask test` starts the server on a
// copy of the sample content (BROADSHEET_CONTENT) and runs this file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BASE, launch, newPage, waitForApp } from '../e2e/helpers.js';

const CONTENT = process.env.BROADSHEET_CONTENT;
const LOG = process.env.BROADSHEET_SERVE_LOG;
const STORY = '2026-10-03-container-lines-add-capacity.md';
const URL_PATH = '/world/2026/10/03/container-lines-add-capacity';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const file = () => path.join(CONTENT, 'articles', STORY);
/** How many times trunk has started a build so far, by its log. */
const trunkBuilds = () => (fs.readFileSync(LOG, 'utf8').match(/starting build/g) ?? []).length;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

test('an edited headline is in the open page, reloaded, within a second, without a build of the app', async () => {
  assert.ok(CONTENT && LOG, 'run by `cargo xtask test` (BROADSHEET_CONTENT, BROADSHEET_SERVE_LOG)');
  const original = fs.readFileSync(file(), 'utf8');
  const page = await newPage(browser);
  await page.goto(BASE + URL_PATH);
  await waitForApp(page);
  const builds = trunkBuilds();
  const times = [];
  try {
    for (const word of ['Ahoy', 'Bulletin', 'Corrected', 'Dispatch', 'Extra']) {
      const reloaded = page.waitForEvent('load', { timeout: 30000 });
      const started = Date.now();
      fs.writeFileSync(file(), original.replace(/^headline = "/m, `headline = "${word}: `));
      await reloaded;
      await page.locator('main h1', { hasText: `${word}:` }).waitFor({ timeout: 30000 });
      times.push(Date.now() - started);
      await waitForApp(page);
    }
  } finally {
    fs.writeFileSync(file(), original);
  }
  console.log(`edit → reloaded page with the new headline: ${times.join(', ')} ms (median ${median(times)} ms)`);
  assert.equal(trunkBuilds(), builds, 'the content path only: trunk built nothing');
  // The target is a second; a busy machine may take longer, a full build
  // of the app (cargo, wasm-bindgen) takes several.
  assert.ok(median(times) < 3000, `median ${median(times)} ms`);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a broken edit leaves the site as it was and says why; the fix is live again', async () => {
  const original = fs.readFileSync(file(), 'utf8');
  const page = await newPage(browser);
  // The last test's story put back may still be building: wait until the
  // site serves the story as the file has it, then open it.
  const headline = original.match(/^headline = "(.*)"$/m)[1];
  const deadline = Date.now() + 30000;
  while (!(await (await page.request.get(`${BASE}${URL_PATH}/index.html`)).text()).includes(`>${headline}</h1>`)) {
    assert.ok(Date.now() < deadline, 'the story as it is in the file is served');
    await new Promise((done) => setTimeout(done, 100));
  }
  await page.goto(BASE + URL_PATH);
  await waitForApp(page);
  assert.equal(await page.locator('main h1').textContent(), headline);
  const logBefore = fs.readFileSync(LOG, 'utf8').length;
  try {
    fs.writeFileSync(file(), original.replace(/^section = "world"/m, 'section = "nowhere"'));
    const logged = Date.now() + 30000;
    while (!fs.readFileSync(LOG, 'utf8').slice(logBefore).includes('unknown section')) {
      assert.ok(Date.now() < logged, 'press\'s error reaches the serve log');
      await new Promise((done) => setTimeout(done, 100));
    }
    const said = fs.readFileSync(LOG, 'utf8').slice(logBefore);
    assert.match(said, new RegExp(`${STORY}:\\d+: field \`section\``), 'the file, the line and the field');
    assert.equal(await page.locator('main h1').textContent(), headline, 'the page is as it was');
    const response = await page.request.get(BASE + URL_PATH + '/index.html');
    assert.equal(response.status(), 200, 'the story is still served');
    const reloaded = page.waitForEvent('load', { timeout: 30000 });
    fs.writeFileSync(file(), original.replace(/^headline = "/m, 'headline = "Fixed: '));
    await reloaded;
    await page.locator('main h1', { hasText: 'Fixed:' }).waitFor({ timeout: 30000 });
  } finally {
    fs.writeFileSync(file(), original);
  }
  await page.context().close();
});
