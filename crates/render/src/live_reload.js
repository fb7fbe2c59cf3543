// Development only: `render --live-reload`, which `cargo xtask serve` runs,
// puts this file in every page; release builds never have it. It reloads
// the page when the site has been built again: every build writes a new
// `build` beside this file.
const stamp = new URL('build', import.meta.url);
const read = () => fetch(stamp, { cache: 'no-store' }).then((r) => (r.ok ? r.text() : null), () => null);
let seen = await read();
let reloading = false;
setInterval(async () => {
  if (reloading) return;
  const now = await read();
  if (now !== null && seen !== null && now !== seen) {
    reloading = true;
    // The dev server dates a page to the whole second (Last-Modified), so a
    // page built twice within one second would be answered "304 Not
    // Modified" and the reload would show the older one: put a fresh copy
    // in the cache first.
    await fetch(location.href, { cache: 'reload' }).catch(() => null);
    location.reload();
  }
  if (seen === null) seen = now;
}, 150);
