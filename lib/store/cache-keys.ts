/**
 * Surrogate keys: what a cached response depends on, named so a cache tier (Varnish's
 * xkey, a CDN's Surrogate-Key or Cache-Tag) can drop exactly the responses a change
 * touched. Pages name their keys (lib/pages/cache-keys.ts, sent by proxy.ts); a change to
 * the store names the keys it touched (lib/store/update.ts), and the ingest purges them
 * (lib/ingest/purge.ts). One naming, here, for both sides.
 */
export const cacheKey = {
  /** Every cacheable response: purged when everything may have changed (a rebuild from scratch). */
  site: 'site',
  /** Listings of everything (home, /news, /topics, /offerings, feeds, sitemaps, search) and 404s and redirects: any published change. */
  lists: 'lists',
  news: (id: number) => `n${id}`,
  topic: (id: number) => `t${id}`,
  offering: (id: number) => `o${id}`,
  source: (id: number) => `s${id}`,
  tag: (id: number) => `g${id}`,
  section: (id: number) => `x${id}`,
};

/** What one change to a store touched, by kind. */
export interface TouchedKeys {
  news: Iterable<number>;
  topics: Iterable<number>;
  offerings: Iterable<number>;
  sources: Iterable<number>;
  tags: Iterable<number>;
  sections: Iterable<number>;
}

/** The keys to purge after a change that touched these (always the listings too). */
export function keysOf(touched: TouchedKeys): string[] {
  const keys = new Set<string>([cacheKey.lists]);
  for (const id of touched.news) keys.add(cacheKey.news(id));
  for (const id of touched.topics) keys.add(cacheKey.topic(id));
  for (const id of touched.offerings) keys.add(cacheKey.offering(id));
  for (const id of touched.sources) keys.add(cacheKey.source(id));
  for (const id of touched.tags) keys.add(cacheKey.tag(id));
  for (const id of touched.sections) keys.add(cacheKey.section(id));
  return [...keys].sort();
}
