// CloudFront Function (runtime cloudfront-js-2.0), viewer-request event.
// S3 behind CloudFront serves objects by exact key: `/world/asia` must fetch
// the object `world/asia/index.html` that crates/render wrote. Requests for
// files (with an extension) pass through unchanged.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (last.indexOf('.') === -1) {
    request.uri = uri + '/index.html';
  }
  return request;
}
