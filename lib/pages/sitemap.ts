import { config } from '../config/env';
import { store } from '../store/connection';

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

export type SitemapKind = 'pages' | 'news' | 'topics' | 'offerings' | 'sources' | 'tags' | 'sections';

export interface SitemapIndexEntry {
  name: string;
  lastModified: Date;
}

/** The child sitemaps: listing pages, then news, topics and offerings in chunks. */
export async function sitemapIndex(): Promise<SitemapIndexEntry[]> {
  const db = store();
  const [news, topics, offerings, sources, tags, sections, newest] = await Promise.all([
    db.newsItem.count(),
    db.topic.count({ where: { newsCount: { gt: 0 } } }),
    db.offering.count(),
    db.source.count(),
    db.tag.count(),
    db.section.count(),
    latestChange(),
  ]);
  const perFile = urlsPerSitemap();
  const chunks = (kind: SitemapKind, total: number) =>
    Array.from({ length: Math.ceil(total / perFile) }, (_, i) => ({ name: `${kind}-${i + 1}`, lastModified: newest }));
  return [
    { name: 'pages', lastModified: newest },
    ...chunks('news', news),
    ...chunks('topics', topics),
    ...chunks('offerings', offerings),
    ...chunks('sources', sources),
    ...chunks('tags', tags),
    ...chunks('sections', sections),
  ];
}

/** The entries of one child sitemap, by name (`news-2`); null for no such sitemap. */
export async function sitemapEntries(name: string): Promise<SitemapEntry[] | null> {
  const db = store();
  if (name === 'pages') {
    const newest = await latestChange();
    return ['/', '/news', '/topics', '/offerings'].map((path) => ({ path, lastModified: newest }));
  }
  const m = /^(news|topics|offerings|sources|tags|sections)-([1-9]\d{0,4})$/.exec(name);
  if (!m) return null;
  const perFile = urlsPerSitemap();
  const skip = (Number(m[2]) - 1) * perFile;
  let entries: SitemapEntry[];
  if (m[1] === 'news') {
    const rows = await db.newsItem.findMany({ select: { slug: true, date: true, lastMod: true }, orderBy: { id: 'asc' }, skip, take: perFile });
    entries = rows.map((r) => ({ path: `/news/${r.slug}`, lastModified: laterOf(r.date, r.lastMod) }));
  } else if (m[1] === 'topics') {
    // Topics with no news are noindex, so not listed. A topic changes when its newest item arrives.
    const rows = await db.topic.findMany({ where: { newsCount: { gt: 0 } }, select: { id: true, slug: true }, orderBy: { id: 'asc' }, skip, take: perFile });
    const newest = await newestPerTopic(rows.map((r) => r.id));
    entries = rows.map((r) => ({ path: `/topic/${r.slug}`, lastModified: newest.get(r.id) ?? new Date(0) }));
  } else if (m[1] === 'sources') {
    const rows = await db.source.findMany({ select: { id: true, brand: true }, orderBy: { id: 'asc' }, skip, take: perFile });
    const newest = await db.newsItem.groupBy({ by: ['sourceId'], where: { sourceId: { in: rows.map((r) => r.id) } }, _max: { date: true } });
    const byId = new Map(newest.map((n) => [n.sourceId, n._max.date]));
    entries = rows.map((r) => ({ path: `/source/${encodeURIComponent(r.brand)}`, lastModified: byId.get(r.id) ?? new Date(0) }));
  } else if (m[1] === 'tags') {
    const rows = await db.tag.findMany({ select: { id: true, slug: true }, orderBy: { id: 'asc' }, skip, take: perFile });
    const newest = await db.newsTag.groupBy({ by: ['tagId'], where: { tagId: { in: rows.map((r) => r.id) } }, _max: { date: true } });
    const byId = new Map(newest.map((n) => [n.tagId, n._max.date]));
    entries = rows.map((r) => ({ path: `/tag/${r.slug}`, lastModified: byId.get(r.id) ?? new Date(0) }));
  } else if (m[1] === 'sections') {
    const rows = await db.section.findMany({ select: { id: true, path: true }, orderBy: { id: 'asc' }, skip, take: perFile });
    const newest = await db.newsSection.groupBy({ by: ['sectionId'], where: { sectionId: { in: rows.map((r) => r.id) } }, _max: { date: true } });
    const byId = new Map(newest.map((n) => [n.sectionId, n._max.date]));
    entries = rows.map((r) => ({ path: r.path, lastModified: byId.get(r.id) ?? new Date(0) }));
  } else {
    const rows = await db.offering.findMany({ select: { id: true, slug: true, updatedOn: true, createdOn: true }, orderBy: { id: 'asc' }, skip, take: perFile });
    const newest = await db.newsOffering.groupBy({ by: ['offeringId'], where: { offeringId: { in: rows.map((r) => r.id) } }, _max: { date: true } });
    const byId = new Map(newest.map((n) => [n.offeringId, n._max.date]));
    // A profile changes with its record, a list with its newest item.
    entries = rows.map((r) => ({ path: `/offering/${r.slug}`, lastModified: laterOf(byId.get(r.id) ?? new Date(0), r.updatedOn ?? r.createdOn) }));
  }
  return entries.length || skip === 0 ? entries : null;
}

async function newestPerTopic(ids: number[]): Promise<Map<number, Date>> {
  const rows = await store().newsTopic.groupBy({ by: ['topicId'], where: { topicId: { in: ids } }, _max: { date: true } });
  return new Map(rows.map((r) => [r.topicId, r._max.date ?? new Date(0)]));
}

/** When the newest item was published or last changed. */
async function latestChange(): Promise<Date> {
  const agg = await store().newsItem.aggregate({ _max: { date: true, lastMod: true } });
  return laterOf(agg._max.date ?? new Date(0), agg._max.lastMod);
}

function laterOf(a: Date, b: Date | null): Date {
  return b && b > a ? b : a;
}
