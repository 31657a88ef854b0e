import { store } from '../store/read';
import { listing, type Paging } from './paging';
import { newsSummarySelect, type NewsSummary } from './summary';

export interface TopicPage {
  topic: { slug: string; name: string; collection: string; label: string; newsCount: number };
  items: NewsSummary[];
  offerings: { slug: string; label: string }[];
  paging: Paging;
}

/**
 * `/topic/<slug>`: the topic's items newest first. One index range scan on
 * NewsTopic(topicId, date) per page, whatever the topic's size; the count is stored.
 */
export async function topicPage(slug: string, pageParam: string | string[] | undefined): Promise<TopicPage | null> {
  const db = store();
  const found = await listing(
    pageParam,
    () => db.topic.findUnique({ where: { slug } }),
    (topic, window) =>
      Promise.all([
        db.newsTopic.findMany({ where: { topicId: topic.id }, orderBy: [{ date: 'desc' }, { newsId: 'asc' }], select: { news: { select: newsSummarySelect } }, ...window }),
        db.offeringTopic.findMany({ where: { topicId: topic.id }, select: { offering: { select: { slug: true, label: true } } } }),
      ]),
  );
  if (!found) return null;
  const [links, offerings] = found.rows;
  const sorted = offerings.map((o) => o.offering).sort((a, b) => a.label.localeCompare(b.label));
  return { topic: found.owner, items: links.map((l) => l.news), offerings: sorted, paging: found.paging };
}

export interface TopicsIndex {
  collections: { name: string; topics: { slug: string; label: string; newsCount: number }[] }[];
}

/** `/topics`: every topic grouped by collection, alphabetically. */
export async function topicsIndex(): Promise<TopicsIndex> {
  const topics = await store().topic.findMany({ orderBy: [{ collection: 'asc' }, { label: 'asc' }] });
  const collections = new Map<string, TopicsIndex['collections'][number]>();
  for (const t of topics) {
    let c = collections.get(t.collection);
    if (!c) collections.set(t.collection, (c = { name: t.collection, topics: [] }));
    c.topics.push({ slug: t.slug, label: t.label, newsCount: t.newsCount });
  }
  // SQLite sorts by code point (HIMSS before Healthcare IT News); readers expect dictionary order.
  const byName = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' });
  const sorted = [...collections.values()].sort((a, b) => byName(a.name, b.name));
  for (const c of sorted) c.topics.sort((a, b) => byName(a.label, b.label));
  return { collections: sorted };
}

/** The topics with the most items, for the home page. */
export async function mainTopics(limit: number) {
  return store().topic.findMany({ where: { newsCount: { gt: 0 } }, orderBy: [{ newsCount: 'desc' }, { name: 'asc' }], take: limit });
}
