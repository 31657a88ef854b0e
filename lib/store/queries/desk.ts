import fs from 'node:fs';
import Database from 'better-sqlite3';
import { meaningfulWords } from '../../catalog/words';
import type { SimilarRecord, VocabularyTopic } from '../../catalog/topic-suggestions';
import { openStore } from '../connection';
import { migrationsCurrent } from '../source-files';

/**
 * What the news desk asks of the store, read only: which record curates an article
 * already, the topics editors use (with the taxonomy's equivalents), curated items like
 * a feed item (the search index, ranked by bm25) and recent curated items (for "the same
 * article under another address"). The desk never writes here: records reach the store
 * through the ingest.
 */
export interface CuratedRecord {
  path: string;
  slug: string | null;
  title: string | null;
}

export interface RecentCurated {
  slug: string;
  title: string;
  linkKey: string;
  date: number;
  brand: string | null;
}

/** At most this many words make an item's query: the title's first, then the summary's. */
const QUERY_WORDS = 16;

export class DeskQueries {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private sql(text: string): Database.Statement {
    let s = this.statements.get(text);
    if (!s) this.statements.set(text, (s = this.db.prepare(text)));
    return s;
  }

  /** The record that curates the article with this link key (drafts too), if any. */
  curated(linkKey: string): CuratedRecord | undefined {
    return this.sql('SELECT path, slug, title FROM SourceFile WHERE linkKey = ? ORDER BY path LIMIT 1').get(linkKey) as CuratedRecord | undefined;
  }

  /**
   * Every topic the store knows that a new record can name ("Collection: Label"; a bare
   * label of an old record cannot be chosen again), with how many items have it and its
   * equivalents.
   */
  vocabulary(): VocabularyTopic[] {
    const rows = this.sql(
      `SELECT t.name, t.label, t.collection, t.newsCount AS uses,
         (SELECT json_group_array(e.name) FROM TopicEquivalent te JOIN Topic e ON e.id = te.equivalentId WHERE te.topicId = t.id) AS equivalents
       FROM Topic t WHERE instr(t.name, ':') > 0`,
    ).all() as (Omit<VocabularyTopic, 'equivalents'> & { equivalents: string })[];
    return rows.map((r) => ({ ...r, equivalents: JSON.parse(r.equivalents) as string[] }));
  }

  /**
   * Published items most like the text (its meaningful words, any of them, through the
   * search index; the title weighs most), with their topics; `exclude` leaves an item out.
   */
  similar(title: string, summary: string, limit = 8, exclude?: number): (SimilarRecord & { id: number })[] {
    const words = [...new Set([...meaningfulWords(title), ...meaningfulWords(summary)])].filter((w) => w.length > 1).slice(0, QUERY_WORDS);
    if (!words.length) return [];
    const match = words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' OR ');
    const rows = this.sql(
      `SELECT s.rowid AS id, n.title, -bm25(NewsSearch, 8.0, 4.0, 1.0, 0.0, 0.0, 0.0) AS score
       FROM NewsSearch s JOIN NewsItem n ON n.id = s.rowid
       WHERE NewsSearch MATCH ? AND s.rowid <> ? ORDER BY rank LIMIT ?`,
    ).all(`{title description body} : (${match})`, exclude ?? -1, limit) as { id: number; title: string; score: number }[];
    if (!rows.length) return [];
    const best = rows[0]!.score || 1;
    // Every found item's topics in one query.
    const topics = new Map<number, string[]>();
    const pairs = this.sql(
      'SELECT nt.newsId AS id, t.name FROM NewsTopic nt JOIN Topic t ON t.id = nt.topicId WHERE nt.newsId IN (SELECT value FROM json_each(?)) ORDER BY nt.newsId, nt.position',
    ).all(JSON.stringify(rows.map((r) => r.id))) as { id: number; name: string }[];
    for (const p of pairs) topics.set(p.id, [...(topics.get(p.id) ?? []), p.name]);
    return rows.map((r) => ({ id: r.id, title: r.title, similarity: Math.max(0, r.score / best), topics: topics.get(r.id) ?? [] }));
  }

  /** Curated items dated since `sinceMs` (for near-identical titles from the same publisher). */
  recentCurated(sinceMs: number, limit = 5000): RecentCurated[] {
    return this.sql(
      `SELECT n.slug, n.title, f.linkKey, n.date, s.brand FROM NewsItem n JOIN SourceFile f ON f.newsId = n.id LEFT JOIN Source s ON s.id = n.sourceId
       WHERE n.date >= ? AND f.linkKey IS NOT NULL ORDER BY n.date DESC LIMIT ?`,
    ).all(sinceMs, limit) as RecentCurated[];
  }

  /** The id and topics of the item a record file published (for measuring suggestions against editors' choices). */
  itemOf(path: string): { id: number; title: string; description: string | null; topics: string[] } | undefined {
    const row = this.sql('SELECT n.id, n.title, n.description FROM SourceFile f JOIN NewsItem n ON n.id = f.newsId WHERE f.path = ?').get(path) as { id: number; title: string; description: string | null } | undefined;
    if (!row) return undefined;
    return { ...row, topics: this.sql('SELECT t.name FROM NewsTopic nt JOIN Topic t ON t.id = nt.topicId WHERE nt.newsId = ? ORDER BY nt.position').pluck().all(row.id) as string[] };
  }
}

/** The desk's queries over a store file, opened read-only for `use`; null when there is no store of this layout yet. */
export function withDeskQueries<T>(databasePath: string, use: (queries: DeskQueries) => T): T | null {
  if (!fs.existsSync(databasePath)) return null;
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    if (!migrationsCurrent(db)) return null;
    return use(new DeskQueries(db));
  } finally {
    db.close();
  }
}

/** The desk's queries over the served store (the web editor), or null before the first ingest. */
export function deskQueries(): DeskQueries | null {
  return openStore()?.once(makeDeskQueries) ?? null;
}

/** One per store: `once` keeps what a function made, by the function. */
const makeDeskQueries = (db: Database.Database) => new DeskQueries(db);
