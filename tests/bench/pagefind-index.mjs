// Builds a Pagefind index (npm `pagefind`, its prebuilt binary through the
// Node API) from a press site's article JSON: one custom record per story,
// with the same fields and filters as Broadsheet's own index. For the search
// benchmark's comparison only (docs/search.md, "Why not Pagefind").
// Usage: node tests/bench/pagefind-index.mjs SITE_DIR OUT_DIR → prints JSON timings.
import * as pagefind from 'pagefind';
import fs from 'node:fs';
import path from 'node:path';

const [site, out] = process.argv.slice(2);
const walk = (dir, acc = []) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, acc);
    else if (p.endsWith('.json')) acc.push(p);
  }
  return acc;
};
const inline = (c) => (c ?? []).map((i) => i.text ?? inline(i.content)).join('');
const blockText = (b) => b.text ?? (b.content ? inline(b.content) : b.items ? b.items.map(inline).join(' ') : '');

const started = Date.now();
const { index } = await pagefind.createIndex({ forceLanguage: 'en' });
let pending = [];
let records = 0;
for (const file of walk(path.join(site, 'data/articles'))) {
  const a = JSON.parse(fs.readFileSync(file, 'utf8'));
  pending.push(index.addCustomRecord({
    url: a.url,
    content: [a.headline, a.standfirst ?? '', ...a.body.map(blockText)].join('\n'),
    language: 'en',
    meta: { title: a.headline, date: a.published, section: a.section.name, standfirst: a.standfirst ?? '' },
    filters: { section: [a.section.name], year: [a.published.slice(0, 4)], author: a.byline, tag: a.tags },
    sort: { date: a.published },
  }));
  records += 1;
  if (pending.length >= 500) { await Promise.all(pending); pending = []; }
}
await Promise.all(pending);
const added = Date.now();
const written = await index.writeFiles({ outputPath: out });
await pagefind.close();
if (written.errors?.length) throw new Error(written.errors.join('\n'));
console.log(JSON.stringify({ records, add_seconds: (added - started) / 1000, write_seconds: (Date.now() - added) / 1000, seconds: (Date.now() - started) / 1000 }));
