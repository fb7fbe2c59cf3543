// Runs from the loader file before the app's WebAssembly arrives (the
// Content-Security-Policy allows no inline script): today's date in the
// masthead, in the reader's locale and words the app itself writes, and
// the current section brought into view in a navigation that scrolls.
{
  const date = document.querySelector('.masthead-date');
  if (date && !date.textContent.trim()) {
    date.textContent = new Date().toLocaleDateString('default', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
  }
  const list = document.querySelector('.sections-nav ul');
  const current = list && list.querySelector('a[aria-current]');
  if (current) {
    const item = current.parentElement;
    if (item.offsetLeft < list.scrollLeft || item.offsetLeft + item.offsetWidth > list.scrollLeft + list.clientWidth) {
      list.scrollLeft = item.offsetLeft - (list.clientWidth - item.offsetWidth) / 2;
    }
  }
}
