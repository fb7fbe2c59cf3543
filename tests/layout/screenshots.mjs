// `cargo xtask screenshots`: every page kind at 360, 768 and 1280 px, in the
// light and the dark theme, as the reader sees it once the app runs, into
// target/screenshots/<site>/<page>-<width>-<theme>.png. For looking, not for
// comparing: the layout tests (layout.test.js) are what fails a build.
import { mkdir } from 'node:fs/promises';
import { launch } from '../e2e/helpers.js';
import { pagesOfEachKind, WIDTHS } from './pages.js';

const BASE = process.env.BROADSHEET_URL ?? 'http://127.0.0.1:8080';
const OUT = process.env.BROADSHEET_SCREENSHOTS ?? 'target/screenshots';

const site = await (await fetch(`${BASE}/data/site.json`)).json();
const label = site.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const folder = `${OUT}/${label}`;
await mkdir(folder, { recursive: true });
const browser = await launch();
let count = 0;
try {
  for (const theme of ['light', 'dark']) {
    for (const width of WIDTHS) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: theme });
      const page = await context.newPage();
      for (const { name, path } of await pagesOfEachKind()) {
        await page.goto(`${BASE}${path}`);
        await page.locator('html[data-app="ready"]').waitFor({ state: 'attached', timeout: 15000 });
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: `${folder}/${name}-${width}-${theme}.png`, fullPage: true });
        count += 1;
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
console.log(`wrote ${count} screenshots into ${folder}/`);
