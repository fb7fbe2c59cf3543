// The deploy configurations for other hosts say the same as deploy/nginx.conf,
// and the CloudFront function maps every route to the file render wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { BASE } from './helpers.js';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');

async function servedPolicy() {
  const response = await fetch(`${BASE}/`);
  const html = await response.text();
  return { header: response.headers.get('content-security-policy'), html };
}

test('one Content-Security-Policy: nginx header, Netlify, CloudFront and the pages agree', async () => {
  const { header, html } = await servedPolicy();
  assert.ok(header.endsWith("; frame-ancestors 'none'"));
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
  assert.equal(meta, header.replace("; frame-ancestors 'none'", ''), 'the page carries the same policy (for hosts without headers)');
  assert.ok(read('deploy/netlify/_headers').includes(`Content-Security-Policy: ${header}\n`));
  const cloudfront = JSON.parse(read('deploy/cloudfront/response-headers-policy.json'));
  assert.equal(cloudfront.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy, header);
});

test('Netlify files are published with the site', () => {
  for (const file of ['_headers', '_redirects']) {
    assert.ok(existsSync(new URL(`dist/${file}`, root)), `dist/${file}`);
  }
});

test('the CloudFront function maps routes to index.html files and leaves files alone', async () => {
  const handler = new Function(`${read('deploy/cloudfront/url-rewrite.js')}; return handler;`)();
  const rewrite = (uri) => handler({ request: { uri } }).uri;
  const cases = [
    ['/', '/index.html'],
    ['/world', '/world/index.html'],
    ['/world/asia/', '/world/asia/index.html'],
    ['/world/2026/11/18/weather-data-compact-draft', '/world/2026/11/18/weather-data-compact-draft/index.html'],
    ['/data/front.json', '/data/front.json'],
    ['/broadsheet-0123456789abcdef_bg.wasm', '/broadsheet-0123456789abcdef_bg.wasm'],
    ['/images/harbour.svg', '/images/harbour.svg'],
  ];
  for (const [uri, expected] of cases) assert.equal(rewrite(uri), expected, uri);
  // Every rewritten route is a file that exists on this site.
  for (const uri of ['/', '/world', '/world/asia']) {
    const response = await fetch(BASE + rewrite(uri));
    assert.equal(response.status, 200, rewrite(uri));
  }
});
