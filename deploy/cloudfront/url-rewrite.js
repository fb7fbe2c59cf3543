// CloudFront Function (runtime cloudfront-js-2.0), viewer-request event.
// S3 behind CloudFront serves objects by exact key: `/world/asia` must fetch
// the object `world/asia/index.html` that crates/render wrote. Requests for
// files (with an extension) pass through unchanged.
//
// Moved stories: deploy this file with press's `dist/redirects/cloudfront.js`
// in front of it (`cat dist/redirects/cloudfront.js deploy/cloudfront/url-rewrite.js`),
// which defines BROADSHEET_REDIRECTS (old path → new path): an old path
// answers 301 with the new one.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var table = typeof BROADSHEET_REDIRECTS === 'undefined' ? {} : BROADSHEET_REDIRECTS;
  if (Object.prototype.hasOwnProperty.call(table, uri)) {
    return {
      statusCode: 301,
      statusDescription: 'Moved Permanently',
      headers: { location: { value: table[uri] }, 'cache-control': { value: 'public, max-age=3600' } },
    };
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (last.indexOf('.') === -1) {
    request.uri = uri + '/index.html';
  }
  return request;
}
