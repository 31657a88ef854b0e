import { FEED_FILE_NAMES } from '../content/addresses';

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
  /** A section's page: its address is the one records' trails give it (lib/content/addresses.ts). */
  section: (path: string, page = 1) => (page > 1 ? `${path}?page=${page}` : path),
  /** Feeds of the whole site, of a topic, an offering or a section. */
  feed: (format: FeedFormat, scope?: { topic: string } | { offering: string } | { section: string }) => {
    const file = FEED_FILES[format];
    if (!scope) return `/feeds/${file}`;
    if ('section' in scope) return `${scope.section}/${file}`;
    return 'topic' in scope ? `/topic/${scope.topic}/${file}` : `/offering/${scope.offering}/${file}`;
  },
  sitemapIndex: () => '/sitemap.xml',
  sitemap: (name: string) => `/sitemaps/${name}.xml`,
};

/**
 * The query parameters each page reads; any other is ignored by the page, so caches drop
 * it from their key (lib/serving/request-target.ts) and a made-up one (`/topics?x=1`,
 * `?x=2`, …) cannot make the origin render the same page again and again. Listings page
 * with `page`; sections have records' addresses, so any path not named here may be one.
 */
export function pageQueryParams(pathname: string): readonly string[] {
  if (pathname === '/search') return SEARCH_PARAMS;
  if (pathname === '/offerings') return OFFERINGS_PARAMS;
  if (pathname === '/news' || LISTING_PAGE.test(pathname)) return LISTING_PARAMS;
  if (NO_QUERY_PAGE.test(pathname)) return NO_PARAMS;
  return LISTING_PARAMS;
}

const SEARCH_PARAMS = ['q', 'topic', 'source', 'year', 'page'] as const;
const OFFERINGS_PARAMS = ['topic'] as const;
const LISTING_PARAMS = ['page'] as const;
const NO_PARAMS = [] as const;
const LISTING_PAGE = /^\/(?:topic|offering|source|tag)\/[^/]+$/;
const NO_QUERY_PAGE = /^\/(?:$|topics(?:\/[^/]+)?$|news\/[^/]+$|robots\.txt$|sitemap\.xml$|sitemaps\/|feeds\/|(?:topic|offering)\/[^/]+\/[^/]+$)/;

export type FeedFormat = 'rss' | 'atom' | 'json';
const [RSS, ATOM, JSON_FEED] = FEED_FILE_NAMES;
export const FEED_FILES: Record<FeedFormat, string> = { rss: RSS, atom: ATOM, json: JSON_FEED };
