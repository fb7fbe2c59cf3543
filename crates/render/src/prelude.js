// Runs from the loader file before the app's WebAssembly arrives (the
// Content-Security-Policy allows no inline script): today's date in the
// masthead, in the site's language and words the app itself writes, and
// the current section brought into view in a navigation that scrolls,
// and `<html class="js">` for the styles of what only scripts can do.
{
  // Scripts run: the search page says "Loading" rather than "needs JavaScript".
  document.documentElement.classList.add('js');
  // The app hydrates this page: its components attach to these nodes.
  // Leptos' hydration reads what a server streamed beside its HTML; a
  // static page streams nothing, so these stay empty.
  window.__RESOLVED_RESOURCES = [];
  window.__SERIALIZED_ERRORS = [];
  window.__INCOMPLETE_CHUNKS = [];
  // A hydration that fails (nodes other than the components make) stops
  // the app's module. The page is then loaded once more and the app takes
  // it over (`<html data-start="take-over">`): its first view is built
  // beside these nodes and swapped in, as before hydration.
  const TAKE_OVER = 'broadsheet-take-over';
  const here = () => location.pathname + location.search;
  try {
    if (sessionStorage.getItem(TAKE_OVER) === here()) {
      sessionStorage.removeItem(TAKE_OVER);
      document.documentElement.dataset.start = 'take-over';
    }
    // Without storage: hydrate.
  } catch {}
  const hydrationFailed = (error) => {
    const root = document.documentElement;
    if (root.dataset.app !== 'hydrating' || !(error instanceof WebAssembly.RuntimeError)) return false;
    root.dataset.app = 'failed';
    console.warn('Broadsheet: the pre-rendered page could not be hydrated; it is loaded again and taken over.', error);
    // The stopped app's listeners must not take clicks or Back: until the
    // page is loaded again (or for good, without storage) links are plain
    // links and Back loads its page.
    addEventListener('click', (event) => event.stopImmediatePropagation(), true);
    addEventListener('popstate', (event) => {
      event.stopImmediatePropagation();
      location.reload();
    }, true);
    try {
      sessionStorage.setItem(TAKE_OVER, here());
      location.reload();
      // Without storage: the page stays as rendered.
    } catch {}
    return true;
  };
  addEventListener('error', (event) => {
    if (hydrationFailed(event.error)) event.preventDefault();
  });
  addEventListener('unhandledrejection', (event) => {
    if (hydrationFailed(event.reason)) event.preventDefault();
  });
  // window.broadsheet: the one interface between this script, the app and
  // the search module (src/browser/page_script.rs declares it for Rust).
  const broadsheet = (window.broadsheet = {
    today: null,
    runSearch: null,
    // Set by the search module when it starts, for later visits.
    mountSearch: null,
    // The search page's placeholder, waiting for the module to start.
    searchRoot: null,
  });
  // Today's date in the site's language (the page's `lang`), as "Saturday,
  // November 28, 2026". The app asks this too, so both write the same words.
  // English is written out here: the first Intl date format in a page costs
  // 80-270 ms at 4x CPU (ICU starting up), a long task right after the
  // first paint. Other languages use Intl.
  broadsheet.today = () => {
    const now = new Date();
    const lang = (document.documentElement.lang || 'en').toLowerCase();
    if (lang !== 'en' && !lang.startsWith('en-')) {
      // In the site's numerals (site.json, embedded in every page): "arab" ٠–٩, else 0–9.
      let numerals = 'latn';
      try {
        const site = document.querySelector('script[data-broadsheet-file="data/site.json"]');
        numerals = JSON.parse(site.textContent).numerals || 'latn';
        // No embedded site: 0–9.
      } catch {}
      return now.toLocaleDateString(`${lang}-u-nu-${numerals}`, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
    }
    const weekday = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][now.getDay()];
    const month = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][now.getMonth()];
    // American English puts the month first; the rest of the English-speaking world the day.
    return lang === 'en' || lang === 'en-us'
      ? `${weekday}, ${month} ${now.getDate()}, ${now.getFullYear()}`
      : `${weekday}, ${now.getDate()} ${month} ${now.getFullYear()}`;
  };
  const date = document.querySelector('.masthead-date');
  if (date && !date.textContent.trim()) {
    date.textContent = broadsheet.today();
  }
  const list = document.querySelector('.sections-nav ul');
  const current = list && list.querySelector('a[aria-current]');
  if (current) {
    // Measured on screen, so it holds right to left too (where scrollLeft runs negative).
    const item = current.parentElement.getBoundingClientRect();
    const box = list.getBoundingClientRect();
    const left = item.left - box.left;
    if (left < 0 || left + item.width > list.clientWidth) {
      // Whole pixels: the app keeps this scroll as a whole number, and a
      // fraction dropped would move the links under the reader (a layout shift).
      list.scrollLeft += Math.round(left - (list.clientWidth - item.width) / 2);
    }
  }
  // Search (docs/search.md). Once the app runs, the masthead's form is an
  // in-app navigation: the app's navigation follows `popstate`. Before that it is the
  // plain GET form it is in the page.
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form.className !== 'masthead-search' || document.documentElement.dataset.app !== 'ready') return;
    event.preventDefault();
    history.pushState(null, '', form.action + '?q=' + encodeURIComponent(form.q.value.trim()));
    dispatchEvent(new PopStateEvent('popstate'));
  });
  // The search module, loaded on first use and mounted again on later visits
  // (the app's search page calls this with its placeholder).
  // `loaded`, if given, is called once its WebAssembly is in (or cannot be).
  broadsheet.runSearch = (root, loaded) => {
    if (broadsheet.mountSearch) return broadsheet.mountSearch(root);
    broadsheet.searchRoot = root;
    if (document.getElementById('search-module')) return;
    const meta = document.querySelector('meta[name="broadsheet-search"]');
    const src = meta?.content;
    const fail = () => {
      root.setAttribute('data-state', 'failed');
      loaded?.();
    };
    if (!src) return fail();
    // Its WebAssembly and the index's table of contents load beside its
    // glue, not after it (the module's own fetches then find them).
    const base = document.querySelector('meta[name="broadsheet-base"]')?.content ?? '/';
    for (const href of [meta.dataset.wasm, base + 'data/search/index.json']) {
      if (!href) continue;
      const link = document.createElement('link');
      link.rel = 'preload';
      link.as = 'fetch';
      link.crossOrigin = 'anonymous';
      link.href = href;
      if (href === meta.dataset.wasm) link.onload = link.onerror = loaded;
      document.head.append(link);
    }
    const script = document.createElement('script');
    script.id = 'search-module';
    script.src = src;
    script.onerror = fail;
    document.head.append(script);
  };
}
// The app starts after the page's first paint, never before it: on a fast
// machine the module can arrive and start before the browser's first frame,
// and then the page's first paint waits for the app (Lighthouse's simulated
// LCP counted the whole start-up). Its files are fetched after that paint
// too: render moves trunk's `modulepreload` and `preload` links from the
// head to just after this wait (shell.rs, `take_preloads`), so the first
// paint does not share the connection with the WebAssembly. "After the
// paint" is the browser's own `first-contentful-paint` entry: a frame's
// animation callback comes before its paint, and a task queued there could
// still run before the paint reached the screen (then Lighthouse counted the
// WebAssembly's download in the LCP again). Without paint timing, or on a
// page with nothing pre-rendered (no `#app`: nothing contentful to paint
// before the app), it starts after a frame; in a background tab (no
// frames), on a timer.
await new Promise((resolve) => {
  const start = () => setTimeout(resolve, 0);
  if (document.visibilityState !== 'visible') return start();
  if (!document.getElementById('app') || !PerformanceObserver.supportedEntryTypes?.includes('paint')) {
    return requestAnimationFrame(start);
  }
  const observer = new PerformanceObserver((list) => {
    if (list.getEntries().some((entry) => entry.name === 'first-contentful-paint')) {
      observer.disconnect();
      start();
    }
  });
  observer.observe({ type: 'paint', buffered: true });
  // A page with nothing to paint still starts.
  setTimeout(() => { observer.disconnect(); resolve(); }, 3000);
});
// Then the pictures in view, if any are still coming: a page's largest
// paint is often its lead photo, and at a slow connection's speed the
// app's files would take the photo's bandwidth (the script-free page's
// photo has the connection to itself). Pictures below the fold, loaded
// lazily, do not hold the app back, and neither does a picture that
// fails; after three seconds the app starts whatever is still coming.
await new Promise((resolve) => {
  const coming = [...document.images].filter((image) => {
    if (image.complete) return false;
    const box = image.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
  });
  let left = coming.length;
  if (left === 0) return resolve();
  const done = () => {
    left -= 1;
    if (left === 0) resolve();
  };
  for (const image of coming) {
    image.addEventListener('load', done, { once: true });
    image.addEventListener('error', done, { once: true });
  }
  setTimeout(resolve, 3000);
});
// The pre-rendered search page: its module starts now, ahead of the app,
// not once the app runs. The app leaves this page's view as rendered
// (src/routes/islands.rs: search has no island) and hands the module the same placeholder when
// it starts, which the module mounts into once. The app's download waits
// for the module's: on this page the results are what the reader waits
// for, and until the app runs its links are plain links. A page taken over
// builds its own placeholder, which the app hands over.
{
  const root = document.querySelector('main .search-root');
  if (root && document.documentElement.dataset.start !== 'take-over') {
    await new Promise((resolve) => {
      window.broadsheet.runSearch(root, resolve);
      setTimeout(resolve, 5000);
    });
  }
}
