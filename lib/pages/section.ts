import { cache } from 'react';
import { openStore, store } from '../store/connection';
import { narrowByKind, type KindFilter } from './kinds';
import { listing, type PageParam, type Paging } from './paging';
import { newsCards, newsSummarySelect, type NewsSummary } from './summary';

/** A section as a link: its address, its label, how many items pass through it. */
export interface SectionLink {
  path: string;
  label: string;
  newsCount: number;
}

export interface SectionPage {
  section: SectionLink;
  /** The sections before it in its records' trails, the first one first. */
  ancestors: SectionLink[];
  children: SectionLink[];
  /** What its latest items are about: their most common topics. */
  topics: { slug: string; name: string; label: string; collection: string; count: number }[];
  items: NewsSummary[];
  paging: Paging;
  kinds: KindFilter | null;
}

/** How many of a section's newest items its topic list is drawn from: a bounded read whatever its size. */
const TOPIC_SAMPLE = 500;
const TOPIC_COUNT = 12;

/**
 * A section's page (`/communities/pandemic`): its items newest first (one range scan on
 * NewsSection(sectionId, date) per page), the sections under it with their counts, the
 * way back up, and its latest items' topics.
 */
async function readSectionPage(path: string, pageParam: PageParam, kindValue?: PageParam): Promise<SectionPage | null> {
  const db = store();
  const found = await listing(
    pageParam,
    () => db.section.findUnique({ where: { path } }),
    (section, window, kind) =>
      Promise.all([
        db.newsSection.findMany({ where: { sectionId: section.id, ...(kind ? { news: { kind } } : {}) }, orderBy: [{ date: 'desc' }, { newsId: 'asc' }], select: { news: { select: newsSummarySelect } }, ...window }),
        ancestorsOf(section.id),
        db.section.findMany({ where: { parentId: section.id }, select: { path: true, label: true, newsCount: true }, orderBy: [{ newsCount: 'desc' }, { label: 'asc' }] }),
        db.$queryRawUnsafe<{ slug: string; name: string; label: string; collection: string; count: bigint | number }[]>(
          `WITH recent AS (SELECT newsId FROM NewsSection WHERE sectionId = ? ORDER BY date DESC LIMIT ${TOPIC_SAMPLE})
           SELECT t.slug, t.name, t.label, t.collection, count(*) AS count FROM recent r JOIN NewsTopic nt ON nt.newsId = r.newsId JOIN Topic t ON t.id = nt.topicId
           GROUP BY t.id ORDER BY count(*) DESC, t.name LIMIT ${TOPIC_COUNT}`,
          section.id,
        ),
      ]),
    (section) => narrowByKind(kindValue, { sections: { some: { sectionId: section.id } } }),
  );
  if (!found) return null;
  const [links, ancestors, children, topics] = found.rows;
  const { path: own, label, newsCount } = found.owner;
  return {
    section: { path: own, label, newsCount },
    ancestors,
    children,
    topics: topics.map((t) => ({ ...t, count: Number(t.count) })),
    items: await newsCards(links.map((l) => l.news)),
    paging: found.paging,
    kinds: found.kinds,
  };
}

/** The chain of sections above one, first first; a cycle (records can disagree) ends it. */
async function ancestorsOf(sectionId: number): Promise<SectionLink[]> {
  const rows = await store().$queryRawUnsafe<(SectionLink & { id: number })[]>(
    `WITH RECURSIVE up(id, depth) AS (
       SELECT parentId, 1 FROM Section WHERE id = ?
       UNION ALL SELECT s.parentId, up.depth + 1 FROM Section s JOIN up ON s.id = up.id WHERE up.depth < 16)
     SELECT s.id, s.path, s.label, s.newsCount FROM up JOIN Section s ON s.id = up.id ORDER BY up.depth`,
    sectionId,
  );
  const seen = new Set<number>([sectionId]);
  const chain: SectionLink[] = [];
  for (const { id, ...link } of rows) {
    if (seen.has(id)) break;
    seen.add(id);
    chain.push(link);
  }
  return chain.reverse();
}

export interface SectionsDirectory {
  /** Sections no other comes before (/communities, /feed/latest), largest first, each with its largest sections. */
  roots: (SectionLink & { children: SectionLink[] })[];
}

/** How many sections the directory shows, and how many of each one's sections. */
const DIRECTORY_SIZE = 12;

/**
 * Where a reader finds the sections: the home page and the header. One statement: the
 * largest roots, each with its largest sections ranked in SQL, so a root with thousands
 * of sections sends twelve.
 */
async function readSectionsDirectory(): Promise<SectionsDirectory> {
  const rows = await store().$queryRawUnsafe<(SectionLink & { rootId: number; isRoot: number })[]>(
    `WITH roots AS (SELECT id, path, label, newsCount, row_number() OVER (ORDER BY newsCount DESC, label, path) AS rank FROM Section WHERE parentId IS NULL
                    ORDER BY rank LIMIT ${DIRECTORY_SIZE}),
     children AS (SELECT c.parentId AS rootId, c.path, c.label, c.newsCount, row_number() OVER (PARTITION BY c.parentId ORDER BY c.newsCount DESC, c.label, c.path) AS rank
                  FROM Section c WHERE c.parentId IN (SELECT id FROM roots))
     SELECT id AS rootId, path, label, newsCount, 1 AS isRoot, rank FROM roots
     UNION ALL SELECT rootId, path, label, newsCount, 0, rank FROM children WHERE rank <= ${DIRECTORY_SIZE}
     ORDER BY isRoot DESC, rank`,
  );
  const roots = new Map<number, SectionsDirectory['roots'][number]>();
  for (const { rootId, isRoot, path, label, newsCount } of rows) {
    if (Number(isRoot)) roots.set(rootId, { path, label, newsCount: Number(newsCount), children: [] });
    else roots.get(rootId)?.children.push({ path, label, newsCount: Number(newsCount) });
  }
  return { roots: [...roots.values()] };
}

/**
 * The largest sections no other comes before, for the header of every page (the 404
 * page too, which can render before any store exists: then none).
 */
async function readNavigationSections(): Promise<{ path: string; label: string }[]> {
  if (!openStore()) return [];
  return store().section.findMany({ where: { parentId: null }, select: { path: true, label: true }, orderBy: [{ newsCount: 'desc' }, { label: 'asc' }], take: 2 });
}

export const navigationSections = cache(readNavigationSections);

/** Deduplicated per request: generateMetadata and the page ask for the same data. */
export const sectionPage = cache(readSectionPage);
export const sectionsDirectory = cache(readSectionsDirectory);
