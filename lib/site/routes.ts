/** URLs of the site's pages, in one place so links and pages agree. */
export const routes = {
  home: () => '/',
  newsList: (page = 1) => (page > 1 ? `/news?page=${page}` : '/news'),
  news: (slug: string) => `/news/${slug}`,
  topics: () => '/topics',
  topic: (slug: string, page = 1) => (page > 1 ? `/topic/${slug}?page=${page}` : `/topic/${slug}`),
  offerings: () => '/offerings',
  offering: (slug: string, page = 1) => (page > 1 ? `/offering/${slug}?page=${page}` : `/offering/${slug}`),
  media: (path: string) => `/media/${path.split('/').map(encodeURIComponent).join('/')}`,
};

const SITE_SECTIONS = [/^\/$/, /^\/news\/?$/, /^\/topics\/?$/, /^\/offerings\/?$/, /^\/(news|topic|offering)\/[a-z0-9-]+\/?$/];

/**
 * Records carry breadcrumb links of Medigy's site (`/communities/…`). Link only
 * those that are pages here; the others show as plain text instead of a 404.
 */
export function siteLink(href: string | null): string | null {
  if (!href) return null;
  if (!SITE_SECTIONS.some((re) => re.test(href))) return null;
  return href.length > 1 ? href.replace(/\/$/, '') : href;
}
