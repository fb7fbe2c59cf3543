// The shipped nginx config: MIME types, caching, precompressed files and security headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE } from './helpers.js';

async function head(path, headers = {}) {
  const response = await fetch(BASE + path, { headers });
  await response.arrayBuffer();
  return response;
}

// The page names its loader; the loader names the app's JS and WASM (it
// preloads them after the first paint, render's shell.rs).
async function assets() {
  const html = await (await fetch(`${BASE}/`)).text();
  const boot = html.match(/<script type="module" src="\/(boot-[0-9a-f]{16}\.js)">/)?.[1];
  assert.ok(boot, 'index.html names the hashed loader');
  const loader = await (await fetch(`${BASE}/${boot}`)).text();
  const wasm = loader.match(/"\/([^"]+_bg\.wasm)"/)?.[1];
  const js = loader.match(/import\('\/([^']+-[0-9a-f]{8,16}\.js)'\)/)?.[1];
  assert.ok(wasm && js, 'the loader names the hashed JS and WASM');
  return { wasm: `/${wasm}`, js: `/${js}`, boot: `/${boot}` };
}

test('hashed assets: right MIME type, brotli when accepted, cached for a year', async () => {
  const { wasm, js } = await assets();
  const w = await head(wasm, { 'accept-encoding': 'br, gzip' });
  assert.equal(w.headers.get('content-type'), 'application/wasm');
  assert.equal(w.headers.get('content-encoding'), 'br');
  assert.match(w.headers.get('cache-control'), /immutable/);
  const g = await head(js, { 'accept-encoding': 'gzip' });
  assert.equal(g.headers.get('content-encoding'), 'gzip');
  assert.match(g.headers.get('content-type'), /javascript/);
});

test('HTML and JSON revalidate; every response carries the security headers', async () => {
  const { wasm } = await assets();
  for (const path of ['/', '/world/asia', '/data/front.json', wasm]) {
    const response = await head(path);
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(response.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path);
    if (!path.endsWith('.wasm')) assert.equal(response.headers.get('cache-control'), 'no-cache', path);
  }
  assert.equal((await head('/data/articles/world/no-such.json')).status, 404, 'missing data is a real 404');
});

test('every route is a real page: deep links answer 200, unknown paths 404 with the 404 page', async () => {
  const front = await (await fetch(`${BASE}/data/front.json`)).json();
  for (const path of ['/', '/world', '/world/asia', front.lead.url, `${front.lead.url}/`]) {
    const response = await head(path);
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get('content-type'), /text\/html/, path);
  }
  for (const path of ['/no-such-page', '/world/no-such-place', '/world/2026/01/01/missing', '/index.html/x']) {
    const response = await fetch(BASE + path);
    assert.equal(response.status, 404, path);
    assert.match(await response.text(), /Page not found/, path);
  }
});

test('pages and data are served precompressed with brotli', async () => {
  const front = await (await fetch(`${BASE}/data/front.json`)).json();
  for (const path of ['/', front.lead.url, '/data/front.json', '/no-such-page']) {
    const response = await head(path, { 'accept-encoding': 'br' });
    assert.equal(response.headers.get('content-encoding'), 'br', path);
  }
});

