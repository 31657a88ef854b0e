import { config } from '../config/env';
import { sitemapCounts, sitemapRows, type SitemapKind } from '../store/queries/sitemaps';
import { subjectIndex } from '../store/queries/subjects';
import { routes } from '../urls/pages';

/**
 * Sitemaps hold at most 50,000 URLs; stay well below. (SITEMAP_URLS_PER_FILE lowers
 * it, so that tests can see the split without a 50,000-record store.)
 */
function urlsPerSitemap(): number {
  return config().sitemapUrlsPerFile;
}

export interface SitemapEntry {
  path: string;
  lastModified: Date;
}

export interface SitemapIndexEntry {
  name: string;
  lastModified: Date;
}

/** The kinds of child sitemaps after `pages`, in the index's order. */
const KINDS: SitemapKind[] = ['news', 'topics', 'offerings', 'sources', 'tags', 'sections'];

/** The address of each kind's pages, from what the store gives (lib/store/queries/sitemaps.ts). */
const PATHS: Record<SitemapKind, (key: string) => string> = {
  news: (slug) => routes.news(slug),
  topics: (slug) => routes.topic(slug),
  offerings: (slug) => routes.offering(slug),
  sources: (brand) => routes.source(brand),
  tags: (slug) => routes.tag(slug),
  sections: (path) => routes.section(path),
};

/** The child sitemaps: listing pages, then news, topics, offerings, sources, tags and sections in chunks. */
export async function sitemapIndex(): Promise<SitemapIndexEntry[]> {
  const counts = sitemapCounts();
  const newest = new Date(counts.newest);
  const perFile = urlsPerSitemap();
  const chunks = (kind: string, total: number) => Array.from({ length: Math.ceil(total / perFile) }, (_, i) => ({ name: `${kind}-${i + 1}`, lastModified: newest }));
  return [{ name: 'pages', lastModified: newest }, ...KINDS.flatMap((kind) => chunks(kind, counts[kind])), ...chunks('subjects', subjectIndex().bySlug.size)];
}

/** The entries of one child sitemap, by name (`news-2`); null for no such sitemap. */
export async function sitemapEntries(name: string): Promise<SitemapEntry[] | null> {
  if (name === 'pages') {
    const newest = new Date(sitemapCounts().newest);
    return [routes.home(), routes.newsList(), routes.events(), routes.topics(), routes.offerings()].map((path) => ({ path, lastModified: newest }));
  }
  const m = /^(news|topics|offerings|sources|tags|sections|subjects)-([1-9]\d{0,4})$/.exec(name);
  if (!m) return null;
  if (m[1] === 'subjects') return subjectEntries((Number(m[2]) - 1) * urlsPerSitemap(), urlsPerSitemap());
  const kind = m[1] as SitemapKind;
  const perFile = urlsPerSitemap();
  const skip = (Number(m[2]) - 1) * perFile;
  const entries = sitemapRows(kind, skip, perFile).map((r) => ({ path: PATHS[kind](r.key), lastModified: new Date(r.lastModified) }));
  return entries.length || skip === 0 ? entries : null;
}

/** Subjects of several topics (their pages), by address, each dated by its newest item. */
function subjectEntries(skip: number, take: number): SitemapEntry[] | null {
  const subjects = [...subjectIndex().bySlug.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)).slice(skip, skip + take);
  return subjects.length || skip === 0 ? subjects.map((s) => ({ path: routes.subject(s.slug), lastModified: new Date(s.newest) })) : null;
}
