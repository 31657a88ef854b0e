import type Database from 'better-sqlite3';
import { slugify } from '../../content/slug';
import { openStore } from '../connection';

/**
 * Point look-ups for routing decisions made before a page renders (is there such an
 * item? how many pages has this topic?): statements prepared once per store, cheap
 * enough to run on every request. Null when there is no store yet (pages then explain
 * that).
 */
function prepare(db: Database.Database) {
  const row = db.prepare('SELECT contentDigest, ingestedAt FROM StoreInfo WHERE id = 1').get() as { contentDigest: string; ingestedAt: number } | undefined;
  return {
    newsBySlug: db.prepare<[string], { id: number }>('SELECT id FROM NewsItem WHERE slug = ?'),
    topicCount: db.prepare<[string], { newsCount: number }>('SELECT newsCount FROM Topic WHERE slug = ?'),
    // An offering's page lists its items and, on a profile, its topics' items.
    offeringCount: db.prepare<[string], { newsCount: number }>('SELECT listedCount AS newsCount FROM Offering WHERE slug = ?'),
    sourceCount: db.prepare<[string], { newsCount: number }>('SELECT newsCount FROM Source WHERE brand = ?'),
    tagCount: db.prepare<[string], { newsCount: number }>('SELECT newsCount FROM Tag WHERE slug = ?'),
    sectionCount: db.prepare<[string], { newsCount: number }>('SELECT newsCount FROM Section WHERE path = ?'),
    newsCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM NewsItem'),
    aliasTarget: db.prepare<[string, string], { location: string }>(
      "SELECT '/news/' || n.slug AS location FROM Alias a JOIN NewsItem n ON n.id = a.newsId WHERE a.path = ? UNION ALL SELECT '/offering/' || o.slug FROM OfferingAlias a JOIN Offering o ON o.id = a.offeringId WHERE a.path = ? LIMIT 1",
    ),
    stamp: { digest: row?.contentDigest ?? 'none', ingestedAt: new Date(row?.ingestedAt ?? 0) } satisfies StoreStamp,
    collections: new Set((db.prepare('SELECT DISTINCT collection FROM Topic').pluck().all() as string[]).map((c) => slugify(c))),
  };
}

const statements = () => openStore()?.once(prepare) ?? null;

/** What identifies the content of a store: for HTTP validators and caches. */
export interface StoreStamp {
  digest: string;
  ingestedAt: Date;
}

type CountStatement = 'topicCount' | 'offeringCount' | 'sourceCount' | 'tagCount' | 'sectionCount';

/** How many items a topic, offering, source or tag has: undefined when there is no such thing, null without a store. */
function newsCountOf(statement: CountStatement, key: string): number | null | undefined {
  const s = statements();
  return s ? (s[statement].get(key)?.newsCount ?? undefined) : null;
}

export const routing = {
  stamp(): StoreStamp | null {
    return statements()?.stamp ?? null;
  },
  /** Where an old address (a record's `aliases`) now lives: an item's page or an offering's. */
  aliasTarget(path: string): string | undefined {
    return statements()?.aliasTarget.get(path, path)?.location;
  },
  newsExists(slug: string): boolean | null {
    const s = statements();
    return s ? s.newsBySlug.get(slug) !== undefined : null;
  },
  topicNewsCount: (slug: string) => newsCountOf('topicCount', slug),
  offeringNewsCount: (slug: string) => newsCountOf('offeringCount', slug),
  sourceNewsCount: (brand: string) => newsCountOf('sourceCount', brand),
  tagNewsCount: (slug: string) => newsCountOf('tagCount', slug),
  /** A section by its address in its one form (lib/content/addresses.ts). */
  sectionNewsCount: (path: string) => newsCountOf('sectionCount', path),
  collectionExists(slug: string): boolean | null {
    const s = statements();
    return s ? s.collections.has(slug) : null;
  },
  newsCount(): number | null {
    return statements()?.newsCount.get()?.n ?? null;
  },
};
