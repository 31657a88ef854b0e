import { cache } from 'react';
import { byName } from './names';
import { slugify } from '../content/slug';
import { store } from '../store/connection';
import { narrowByKind, type KindFilter } from './kinds';
import { listing, type PageParam, type Paging } from './paging';
import { topicOfferings } from '../store/queries/links';
import { recentActivitySince } from './activity';
import { collectionCounts, sinceTheBeginning, topicsByActivity, type CollectionCount } from '../store/queries/front-page';
import { sharedSubjectOf, subjectsByActivity, type SubjectEntry } from './subject';
import { storedPageImage, type PageImage } from './images';
import { newsCards, newsSummarySelect, type NewsSummary } from './summary';

type TopicLink = { slug: string; name: string; label: string; collection: string; newsCount: number };

export interface TopicPage {
  topic: TopicLink & { description: string | null };
  items: NewsSummary[];
  offerings: { slug: string; label: string; vendor: string | null; logo: PageImage | null }[];
  /** From the taxonomy: root first, the topic's parent last. */
  ancestors: TopicLink[];
  children: TopicLink[];
  equivalents: TopicLink[];
  /** The subject it is part of, with other collections' topics that mean the same (null: none do). */
  subject: { slug: string; name: string; newsCount: number; collections: number } | null;
  paging: Paging;
  kinds: KindFilter | null;
}

const topicLink = { slug: true, name: true, label: true, collection: true, newsCount: true } as const;

/**
 * `/topic/<slug>`: the topic's items newest first. One index range scan on
 * NewsTopic(topicId, date) per page, whatever the topic's size; the count is stored.
 */
async function readTopicPage(slug: string, pageParam: PageParam, kindValue?: PageParam): Promise<TopicPage | null> {
  const db = store();
  const found = await listing(
    pageParam,
    () => db.topic.findUnique({ where: { slug } }),
    (topic, window, kind) =>
      Promise.all([
        db.newsTopic.findMany({ where: { topicId: topic.id, ...(kind ? { news: { kind } } : {}) }, orderBy: [{ date: 'desc' }, { newsId: 'asc' }], select: { news: { select: newsSummarySelect } }, ...window }),
        topicOfferings(topic.id),
        ancestorsOf(topic.id),
        db.topic.findMany({ where: { parentId: topic.id }, select: topicLink, orderBy: { label: 'asc' } }),
        // A relation filter (a subquery): a taxonomy may give a topic any number of equivalents.
        db.topic.findMany({ where: { equivalentTo: { some: { topicId: topic.id } } }, select: topicLink }),
      ]),
    (topic) => narrowByKind(kindValue, { topics: { some: { topicId: topic.id } } }),
  );
  if (!found) return null;
  const [links, offerings, ancestors, children, equivalents] = found.rows;
  return {
    topic: found.owner,
    items: await newsCards(links.map((l) => l.news)),
    offerings: offerings
      .sort((a, b) => a.label.localeCompare(b.label))
      .map(({ slug, label, vendor, logo }) => ({ slug, label, vendor, logo: storedPageImage(logo, '', 64) })),
    ancestors,
    children,
    equivalents: equivalents.sort((a, b) => a.name.localeCompare(b.name)),
    subject: subjectOf(found.owner.id),
    paging: found.paging,
    kinds: found.kinds,
  };
}

function subjectOf(topicId: number): TopicPage['subject'] {
  const s = sharedSubjectOf(topicId);
  return s ? { slug: s.slug, name: s.name, newsCount: s.newsCount, collections: new Set(s.topics.map((t) => t.collection)).size } : null;
}

/** The chain of parents of a topic, root first, in one recursive query. */
async function ancestorsOf(topicId: number): Promise<TopicLink[]> {
  return store().$queryRawUnsafe<TopicLink[]>(
    `WITH RECURSIVE up(id, depth) AS (
       SELECT parentId, 1 FROM Topic WHERE id = ?
       UNION ALL SELECT t.parentId, up.depth + 1 FROM Topic t JOIN up ON t.id = up.id WHERE up.depth < 32)
     SELECT t.slug, t.name, t.label, t.collection, t.newsCount FROM up JOIN Topic t ON t.id = up.id ORDER BY up.depth DESC`,
    topicId,
  );
}

export interface TopicsIndex {
  /** Every subject with news (the topics of every collection that mean the same, as one): the most items lately first, then the most items in all. */
  subjects: SubjectEntry[];
  /** Every collection by name, with its topics and those with news: its page is one click away. */
  collections: (CollectionCount & { slug: string })[];
  /** Where "lately" begins; null when every item counts as recent (a small store) or there are none. */
  since: Date | null;
}

/**
 * `/topics`: the topics with news ordered by activity (a taxonomy can hold thousands
 * without any; collection pages list them all), and the collections.
 */
export async function topicsIndex(): Promise<TopicsIndex> {
  const since = recentActivitySince();
  return {
    subjects: since ? subjectsByActivity(topicsByActivity(since)) : [],
    collections: collectionCounts()
      .map((c) => ({ ...c, slug: slugify(c.name) }))
      .sort((a, b) => byName(a.name, b.name)),
    since: since && !sinceTheBeginning(since) ? since : null,
  };
}

export interface CollectionPage {
  name: string;
  slug: string;
  topics: { slug: string; label: string; newsCount: number; depth: number }[];
}

/** `/topics/<collection>`: every topic of one collection, as the taxonomy nests them. */
async function readCollectionPage(slug: string): Promise<CollectionPage | null> {
  const db = store();
  const names = await db.topic.groupBy({ by: ['collection'] });
  const name = names.map((n) => n.collection).find((c) => slugify(c) === slug);
  if (!name) return null;
  const topics = await db.topic.findMany({ where: { collection: name }, select: { id: true, slug: true, label: true, newsCount: true, parentId: true } });
  // Depth-first by label, so that each topic follows its parent.
  const children = new Map<number | null, typeof topics>();
  const ids = new Set(topics.map((t) => t.id));
  for (const t of topics) {
    const parent = t.parentId !== null && ids.has(t.parentId) ? t.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), t]);
  }
  const out: CollectionPage['topics'] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const t of (children.get(parent) ?? []).sort((a, b) => byName(a.label, b.label))) {
      out.push({ slug: t.slug, label: t.label, newsCount: t.newsCount, depth });
      if (depth < 32) walk(t.id, depth + 1);
    }
  };
  walk(null, 0);
  return { name, slug, topics: out };
}

export { byName } from './names';

/** Deduplicated per request: generateMetadata and the page ask for the same data. */
export const topicPage = cache(readTopicPage);

/** Deduplicated per request: generateMetadata and the page ask for the same data. */
export const collectionPage = cache(readCollectionPage);
