import Database from 'better-sqlite3';
import { slugify } from '../content/slug';
import { databasePath, storeFileIdentity } from './location';

/**
 * Point look-ups for routing decisions made before a page renders (is there such an
 * item? how many pages has this topic?): prepared statements on a read-only
 * connection, reopened when an ingest swaps in a new store. Cheap enough to run on
 * every request.
 */
interface Lookup {
  identity: string;
  db: Database.Database;
  newsBySlug: Database.Statement<[string], { id: number }>;
  topicCount: Database.Statement<[string], { newsCount: number }>;
  offeringCount: Database.Statement<[string], { newsCount: number }>;
  newsCount: Database.Statement<[], { n: number }>;
  aliasTarget: Database.Statement<[string], { slug: string }>;
  sourceCount: Database.Statement<[string], { newsCount: number }>;
  tagCount: Database.Statement<[string], { newsCount: number }>;
  stamp: StoreStamp;
  collections: Set<string>;
  statements: Map<string, Database.Statement>;
}

/** What identifies the content of a store: for HTTP validators and caches. */
export interface StoreStamp {
  digest: string;
  ingestedAt: Date;
}

let current: Lookup | null = null;

function open(): Lookup | null {
  const file = databasePath();
  const identity = storeFileIdentity(file);
  if (identity === null) return null;
  if (current?.identity === identity) return current;
  const previous = current;
  // Not opened read-only: after an update killed mid-write (lib/store/update.ts), the
  // first reader must be able to roll its journal back. Nothing here writes.
  const db = new Database(file, { fileMustExist: true });
  db.pragma('query_only = ON');
  current = {
    identity,
    db,
    newsBySlug: db.prepare('SELECT id FROM NewsItem WHERE slug = ?'),
    topicCount: db.prepare('SELECT newsCount FROM Topic WHERE slug = ?'),
    offeringCount: db.prepare('SELECT newsCount FROM Offering WHERE slug = ?'),
    newsCount: db.prepare('SELECT count(*) AS n FROM NewsItem'),
    aliasTarget: db.prepare('SELECT n.slug FROM Alias a JOIN NewsItem n ON n.id = a.newsId WHERE a.path = ?'),
    sourceCount: db.prepare('SELECT newsCount FROM Source WHERE brand = ?'),
    tagCount: db.prepare('SELECT newsCount FROM Tag WHERE slug = ?'),
    stamp: readStamp(db),
    collections: new Set((db.prepare('SELECT DISTINCT collection FROM Topic').all() as { collection: string }[]).map((c) => slugify(c.collection))),
    statements: new Map(),
  };
  // Let statements running on the old store finish before closing it.
  if (previous) setTimeout(() => previous.db.close(), 30_000).unref();
  return current;
}

function readStamp(db: Database.Database): StoreStamp {
  const row = db.prepare('SELECT contentDigest, ingestedAt FROM StoreInfo WHERE id = 1').get() as { contentDigest: string; ingestedAt: number } | undefined;
  return { digest: row?.contentDigest ?? 'none', ingestedAt: new Date(row?.ingestedAt ?? 0) };
}

/** How many items a topic, offering, source or tag has: undefined when there is no such thing, null without a store. */
function newsCountOf(statement: 'topicCount' | 'offeringCount' | 'sourceCount' | 'tagCount', key: string): number | null | undefined {
  const l = open();
  return l ? (l[statement].get(key)?.newsCount ?? undefined) : null;
}

/** Null when there is no store yet (pages then explain that). */
export const lookup = {
  stamp(): StoreStamp | null {
    return open()?.stamp ?? null;
  },
  /** The slug of the item an old address (a record's `aliases`) now lives at. */
  aliasTarget(path: string): string | undefined {
    return open()?.aliasTarget.get(path)?.slug;
  },
  newsExists(slug: string): boolean | null {
    const l = open();
    return l ? l.newsBySlug.get(slug) !== undefined : null;
  },
  topicNewsCount: (slug: string) => newsCountOf('topicCount', slug),
  offeringNewsCount: (slug: string) => newsCountOf('offeringCount', slug),
  sourceNewsCount: (brand: string) => newsCountOf('sourceCount', brand),
  tagNewsCount: (slug: string) => newsCountOf('tagCount', slug),
  collectionExists(slug: string): boolean | null {
    const l = open();
    return l ? l.collections.has(slug) : null;
  },
  newsCount(): number | null {
    const l = open();
    return l ? l.newsCount.get()!.n : null;
  },
  /**
   * The same connection, with its statements prepared once per store, for the one
   * page whose queries Prisma cannot express and whose speed is a target: search.
   */
  statement(sql: string): Database.Statement | null {
    const l = open();
    if (!l) return null;
    let prepared = l.statements.get(sql);
    if (!prepared) l.statements.set(sql, (prepared = l.db.prepare(sql)));
    return prepared;
  },
};
