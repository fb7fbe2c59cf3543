// The pages the layout tests and the screenshots look at: one of each kind,
// found from the site's own JSON, so they work on any content folder.
const BASE = process.env.BROADSHEET_URL ?? 'http://127.0.0.1:8080';

async function json(path) {
  const response = await fetch(`${BASE}/${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

/** `[{ name, path, section? }]`: front, the first section, a subsection, the last section in the navigation, page 2 of a section, an article, not found. */
export async function pagesOfEachKind() {
  const site = await json('data/site.json');
  const front = await json('data/front.json');
  const sections = site.sections;
  const top = sections[0];
  const sub = sections.find((s) => s.children.length > 0)?.children[0] ?? top;
  const last = sections[sections.length - 1];
  const topData = await json(`data/sections/${top.path}/page-1.json`);
  const article = front.lead?.url ?? front.latest[0].url;
  const pages = [
    { name: 'front', path: '/' },
    { name: 'section', path: `/${top.path}` },
    { name: 'subsection', path: `/${sub.path}` },
    { name: 'last-section', path: `/${last.path}` },
    { name: 'article', path: article },
    { name: 'not-found', path: '/no-such-page' },
  ];
  if ((topData.total_pages ?? 1) > 1) pages.push({ name: 'section-page-2', path: `/${top.path}/page/2` });
  // The pages that follow a writer, a subject or a period.
  const lead = await json(`data/articles${article}.json`);
  if (lead.authors?.length) pages.push({ name: 'author', path: `/authors/${lead.authors[0].slug}` });
  const tags = await json('data/tags/index.json');
  pages.push({ name: 'tags', path: '/tags' });
  if (tags.tags.length) pages.push({ name: 'tag', path: `/tags/${tags.tags[0].slug}` });
  pages.push({ name: 'archive', path: '/archive' });
  pages.push({ name: 'section-month', path: article.replace(/\/\d{2}\/[^/]+$/, '') });
  // An article in the last section: its section link is the one furthest along the navigation.
  const lastData = await json(`data/sections/${last.path}/page-1.json`);
  if (lastData.teasers?.[0]) pages.push({ name: 'article-last-section', path: lastData.teasers[0].url, section: last.path });
  return pages;
}

export const WIDTHS = [360, 768, 1280];
