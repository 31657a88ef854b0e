import { store } from '../store/connection';
import { entryLinks } from '../store/queries/links';
import { routes } from '../urls/pages';

/** Entries per feed: a feed is for following what is new, not an archive. */
const FEED_SIZE = 30;

export type FeedScope = { kind: 'site' } | { kind: 'topic'; slug: string } | { kind: 'offering'; slug: string } | { kind: 'section'; path: string };

// Topics and authors are joined in SQL afterwards (entryLinks): an item may name thousands.
const entrySelect = {
  id: true,
  slug: true,
  title: true,
  description: true,
  bodyHtml: true,
  date: true,
  lastMod: true,
  url: true,
  kind: true,
  source: { select: { brand: true } },
};

export interface FeedData {
  title: string;
  description: string;
  /** Path of the page the feed follows. */
  path: string;
  entries: {
    slug: string;
    title: string;
    description: string | null;
    bodyHtml: string;
    date: Date;
    lastMod: Date | null;
    url: string;
    kind: string;
    source: { brand: string } | null;
    authors: string[];
    topics: { name: string; slug: string }[];
  }[];
}

/** The newest items of the site, a topic, an offering or a section; null when it does not exist. */
export async function feedData(scope: FeedScope): Promise<FeedData | null> {
  const db = store();
  let head: Omit<FeedData, 'entries'>;
  let rows;
  if (scope.kind === 'site') {
    head = { title: 'Latest news', description: 'Curated digital-health news, newest first.', path: routes.home() };
    rows = await db.newsItem.findMany({ select: entrySelect, orderBy: [{ date: 'desc' }, { id: 'asc' }], take: FEED_SIZE });
  } else if (scope.kind === 'topic') {
    const topic = await db.topic.findUnique({ where: { slug: scope.slug } });
    if (!topic) return null;
    head = { title: topic.name, description: `Curated news on ${topic.label} (${topic.collection}), newest first.`, path: routes.topic(topic.slug) };
    const links = await db.newsTopic.findMany({ where: { topicId: topic.id }, orderBy: [{ date: 'desc' }, { newsId: 'asc' }], take: FEED_SIZE, select: { news: { select: entrySelect } } });
    rows = links.map((l) => l.news);
  } else if (scope.kind === 'section') {
    const section = await db.section.findUnique({ where: { path: scope.path } });
    if (!section) return null;
    head = { title: section.label, description: `Curated news in ${section.label}, newest first.`, path: section.path };
    const links = await db.newsSection.findMany({ where: { sectionId: section.id }, orderBy: [{ date: 'desc' }, { newsId: 'asc' }], take: FEED_SIZE, select: { news: { select: entrySelect } } });
    rows = links.map((l) => l.news);
  } else {
    const offering = await db.offering.findUnique({ where: { slug: scope.slug } });
    if (!offering) return null;
    head = { title: offering.label, description: `Curated news that relates to ${offering.label}, newest first.`, path: routes.offering(offering.slug) };
    const links = await db.newsOffering.findMany({ where: { offeringId: offering.id }, orderBy: [{ date: 'desc' }, { newsId: 'asc' }], take: FEED_SIZE, select: { news: { select: entrySelect } } });
    rows = links.map((l) => l.news);
  }
  const links = entryLinks(rows.map((r) => r.id));
  return {
    ...head,
    entries: rows.map(({ id, ...r }) => ({ ...r, authors: links.get(id)!.authors, topics: links.get(id)!.topics })),
  };
}
