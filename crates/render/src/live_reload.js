// Development only: `render --live-reload`, which `cargo xtask serve` runs,
// puts this file in every page; release builds never have it. It reloads
// the page when the site has been built again: every build writes a new
// `build` beside this file.
const stamp = new URL('build', import.meta.url);
const read = () => fetch(stamp, { cache: 'no-store' }).then((r) => (r.ok ? r.text() : null), () => null);
let seen = await read();
setInterval(async () => {
  const now = await read();
  if (now !== null && seen !== null && now !== seen) location.reload();
  if (seen === null) seen = now;
}, 150);
