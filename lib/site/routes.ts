/** URLs of the site's pages, in one place so links and pages agree. */
export const routes = {
  home: () => '/',
  newsList: (page = 1) => (page > 1 ? `/news?page=${page}` : '/news'),
  news: (slug: string) => `/news/${slug}`,
  topics: () => '/topics',
  collection: (slug: string) => `/topics/${slug}`,
  topic: (slug: string, page = 1) => (page > 1 ? `/topic/${slug}?page=${page}` : `/topic/${slug}`),
  offerings: () => '/offerings',
  offering: (slug: string, page = 1) => (page > 1 ? `/offering/${slug}?page=${page}` : `/offering/${slug}`),
  source: (brand: string, page = 1) => (page > 1 ? `/source/${encodeURIComponent(brand)}?page=${page}` : `/source/${encodeURIComponent(brand)}`),
  tag: (slug: string, page = 1) => (page > 1 ? `/tag/${slug}?page=${page}` : `/tag/${slug}`),
  /** Feeds of the whole site, of a topic or of an offering. */
  feed: (format: FeedFormat, scope?: { topic: string } | { offering: string }) => {
    const file = FEED_FILES[format];
    if (!scope) return `/feeds/${file}`;
    return 'topic' in scope ? `/topic/${scope.topic}/${file}` : `/offering/${scope.offering}/${file}`;
  },
  sitemapIndex: () => '/sitemap.xml',
  sitemap: (name: string) => `/sitemaps/${name}.xml`,
};

export type FeedFormat = 'rss' | 'atom' | 'json';
export const FEED_FILES: Record<FeedFormat, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };

const SITE_SECTIONS = [/^\/$/, /^\/news\/?$/, /^\/topics\/?$/, /^\/offerings\/?$/, /^\/(news|topic|offering|tag)\/[A-Za-z0-9_-][A-Za-z0-9._-]*\/?$/];

/**
 * Records carry breadcrumb links of Medigy's site (`/communities/…`). Link only
 * those that are pages here; the others show as plain text instead of a 404.
 */
export function siteLink(href: string | null): string | null {
  if (!href) return null;
  if (!SITE_SECTIONS.some((re) => re.test(href))) return null;
  return href.length > 1 ? href.replace(/\/$/, '') : href;
}
