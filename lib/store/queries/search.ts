import type Database from 'better-sqlite3';
import { dayKey } from '../../catalog/ids';
import { requireStore } from '../connection';

/**
 * The search index's SQL (table NewsSearch: SQLite FTS5 over titles, descriptions,
 * bodies, topics, sources and offerings, ranked by bm25 with the title weighing most).
 * Its rowid is the item's id, and ids run in date order (lib/catalog/ids.ts): the
 * newest matches come straight off the index, and a year is one range of it.
 */
export interface IndexQuery {
  /** FTS5 query syntax (lib/search/query.ts). */
  match: string;
  topic?: string;
  source?: string;
  year?: number;
  /** The store's kind of item (`article`, `video`, …). */
  kind?: string;
}

export interface IndexRow {
  key: number;
  slug: string;
  title: string;
  body: string;
  description: string | null;
  date: number;
  brand: string | null;
}

/** Statements by SQL text, prepared once per store (the filters make a few shapes). */
const statementCache = (db: Database.Database) => ({ db, statements: new Map<string, Database.Statement>() });

function run<T>(sql: string, ...args: unknown[]): T[] {
  const { db, statements } = requireStore().once(statementCache);
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement.all(...args) as T[];
}

function one<T>(sql: string, ...args: unknown[]): T | undefined {
  return run<T>(sql, ...args)[0];
}

/**
 * The newest `cap` matches of a query (plus one, to tell "more than cap"), ranked by
 * bm25: the keys of the window `offset`…`offset + limit`, and how many matched (at
 * most cap + 1). `phrase` writes a topic's or source's name as a phrase of its column.
 */
export function matchWindow(q: IndexQuery, phrase: (name: string) => string, cap: number, limit: number, offset: number): { keys: number[]; total: number } {
  const { join, where, params } = matchClause(q, phrase);
  // Ranking every match of a broad query ("digital health" on a digital-health site)
  // costs time in proportion to the corpus: bm25 ranks the newest `cap` matches only.
  const window = run<{ key: number; total: number }>(
    `WITH recent AS MATERIALIZED (
       SELECT NewsSearch.rowid AS key, rank FROM NewsSearch ${join} WHERE ${where}
       ORDER BY NewsSearch.rowid DESC LIMIT ${cap + 1})
     SELECT key, (SELECT count(*) FROM recent) AS total FROM recent ORDER BY rank LIMIT ? OFFSET ?`,
    ...params,
    limit,
    offset,
  );
  const total = window.length ? window[0]!.total : one<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM NewsSearch ${join} WHERE ${where} LIMIT ${cap + 1})`, ...params)!.n;
  return { keys: window.map((w) => w.key), total };
}

/** How many of the newest `cap` matches (plus one) are of each kind, whatever kind `q` asks for: the choices of the kind filter. */
export function matchKinds(q: IndexQuery, phrase: (name: string) => string, cap: number): { kind: string; n: number }[] {
  const { join, where, params } = matchClause({ ...q, kind: undefined }, phrase);
  return run<{ kind: string; n: number }>(
    `SELECT item.kind AS kind, count(*) AS n FROM (SELECT NewsSearch.rowid AS key FROM NewsSearch ${join} WHERE ${where} ORDER BY NewsSearch.rowid DESC LIMIT ${cap + 1}) r
     JOIN NewsItem item ON item.id = r.key GROUP BY item.kind`,
    ...params,
  );
}

/** The FROM … WHERE of a query's matches with its filters, and the parameters in order. */
function matchClause(q: IndexQuery, phrase: (name: string) => string): { join: string; where: string; params: unknown[] } {
  // The full-text match drives the query (CROSS JOIN fixes that order in SQLite);
  // filters are checked per match through primary keys and indexes. Written as
  // `rowid IN (…)`, SQLite would instead run the whole match once per candidate row.
  // A topic or source filter is also a phrase in the index's own column for it, so
  // the index skips what cannot pass instead of the join checking every match (the
  // exact check stays: a phrase can match across two topics' names).
  const columnFilters: string[] = [];
  const where = ['NewsSearch MATCH ?'];
  const params: unknown[] = [];
  if (q.topic) {
    const name = one<{ name: string }>('SELECT name FROM Topic WHERE slug = ?', q.topic)?.name;
    if (name) columnFilters.push(`topics : ${phrase(name)}`);
    where.push('EXISTS (SELECT 1 FROM NewsTopic WHERE newsId = n.id AND topicId = (SELECT id FROM Topic WHERE slug = ?))');
    params.push(q.topic);
  }
  if (q.source) {
    const brand = one<{ brand: string }>('SELECT brand FROM Source WHERE slug = ?', q.source)?.brand;
    if (brand) columnFilters.push(`source : ${phrase(brand)}`);
    where.push('n.sourceId = (SELECT id FROM Source WHERE slug = ?)');
    params.push(q.source);
  }
  if (q.kind) {
    where.push('n.kind = ?');
    params.push(q.kind);
  }
  params.unshift(columnFilters.length ? `(${q.match}) AND ${columnFilters.join(' AND ')}` : q.match);
  const join = where.length > 1 ? 'CROSS JOIN NewsItem n ON n.id = NewsSearch.rowid' : '';
  if (q.year) {
    where.push('NewsSearch.rowid >= ? AND NewsSearch.rowid < ?');
    params.push(dayKey(Date.UTC(q.year, 0, 1)), dayKey(Date.UTC(q.year + 1, 0, 1)));
  }
  return { join, where: where.join(' AND '), params };
}

/** The items of a page of results, in the order of `keys`: plain rowid look-ups, no second match. */
export function indexRows(keys: number[]): IndexRow[] {
  if (!keys.length) return [];
  const rows = run<IndexRow>(
    `SELECT s.rowid AS key, n.slug, n.title, s.body, n.description, n.date, (SELECT brand FROM Source WHERE id = n.sourceId) AS brand
     FROM NewsSearch s JOIN NewsItem n ON n.id = s.rowid WHERE s.rowid IN (SELECT value FROM json_each(?))`,
    JSON.stringify(keys),
  );
  const order = new Map(keys.map((k, i) => [k, i]));
  return rows.sort((a, b) => order.get(a.key)! - order.get(b.key)!);
}

export interface FilterOptions {
  topics: { slug: string; name: string }[];
  sources: { slug: string; brand: string }[];
  years: number[];
}

/** Choices for the search form's filters: they change only with the store, so made once per store. */
export function filterOptions(): FilterOptions {
  return requireStore().once(readFilterOptions);
}

function readFilterOptions(db: Database.Database): FilterOptions {
  const topics = db.prepare('SELECT slug, name FROM Topic WHERE newsCount > 0 ORDER BY newsCount DESC, name LIMIT 60').all() as FilterOptions['topics'];
  const sources = db.prepare('SELECT slug, brand FROM Source ORDER BY brand').all() as FilterOptions['sources'];
  const range = db.prepare('SELECT min(date) AS first, max(date) AS last FROM NewsItem').get() as { first: number | null; last: number | null };
  const first = range.first === null ? undefined : new Date(range.first).getUTCFullYear();
  const last = range.last === null ? undefined : new Date(range.last).getUTCFullYear();
  const years = first && last ? Array.from({ length: last - first + 1 }, (_, i) => last - i) : [];
  return { topics: topics.sort((a, b) => a.name.localeCompare(b.name)), sources, years };
}
