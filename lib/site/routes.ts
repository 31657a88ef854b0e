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

export type FeedFormat = 'rss' | 'atom' | 'json';
const [RSS, ATOM, JSON_FEED] = FEED_FILE_NAMES;
export const FEED_FILES: Record<FeedFormat, string> = { rss: RSS, atom: ATOM, json: JSON_FEED };
