import { databasePath } from '../store/location';
import { lookup } from '../store/lookup';
import { store, StoreMissingError, storeVersion } from '../store/read';
import { SEARCH_KEY_IDS, searchKey } from '../store/search-key';
import { markTerms, snippetRuns } from './highlight';
import { PAGE_SIZE, type Paging } from './paging';

/** A run of text, `hit` where it matched the query. Rendered as text: never as HTML. */
export interface TextRun {
  text: string;
  hit: boolean;
}

export interface SearchFilters {
  topic?: string;
  source?: string;
  year?: number;
}

export interface SearchRequest extends SearchFilters {
  q: string;
  page: number;
}

export interface SearchResult {
  slug: string;
  title: TextRun[];
  snippet: TextRun[] | null;
  description: string | null;
  date: Date;
  source: string | null;
}

/**
 * Matches counted and ranked per query: the newest this many. Nobody reads page 51 of
 * a search, and on a news site the best of the recent matches is what readers want.
 */
export const COUNT_CAP = 500;

export interface SearchPage {
  request: SearchRequest;
  results: SearchResult[];
  paging: Paging;
  /** More than COUNT_CAP items match; `paging.total` is the cap. */
  totalIsCapped: boolean;
  /** Choices for the filter form. */
  options: { topics: { slug: string; name: string }[]; sources: { slug: string; brand: string }[]; years: number[] };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The search request in `/search?q=…&topic=…&source=…&year=…&page=…`; anything malformed is dropped. */
export function searchRequest(params: Record<string, string | string[] | undefined>): SearchRequest {
  const slug = (v: string | undefined) => (v && /^[a-z0-9-]{1,200}$/.test(v) ? v : undefined);
  const year = Number(one(params.year));
  const page = Number(one(params.page) ?? 1);
  return {
    q: (one(params.q) ?? '').slice(0, 200).trim(),
    topic: slug(one(params.topic)),
    source: slug(one(params.source)),
    year: Number.isInteger(year) && year >= 1990 && year <= 2100 ? year : undefined,
    page: Number.isInteger(page) && page >= 1 && page <= 1000 ? page : 1,
  };
}

/**
 * FTS5 query syntax from what a reader typed. Every word becomes a quoted term (so
 * `"`, `*`, `AND (` and the like are just text, never a syntax error); words in
 * double quotes stay a phrase.
 */
export function queryTerms(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu)?.slice(0, 24) ?? [];
}

export function ftsQuery(text: string): string | null {
  const parts: string[] = [];
  const re = /"([^"]*)"|([\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*)/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[1] !== undefined) {
      const words = m[1].match(/[\p{L}\p{N}]+/gu);
      if (words) parts.push(`"${words.join(' ')}"`);
    } else {
      parts.push(`"${m[2]!.replace(/['’]/g, ' ')}"`);
    }
  }
  // No prefix matching ("digit*"): a submitted form has whole words, Porter stemming
  // already joins word forms, and a prefix term costs a full merge of every matching
  // term's postings (5× slower on 100,000 items).
  return parts.length ? parts.slice(0, 12).join(' ') : null;
}

/** Words of a name as one FTS5 phrase ("who.int" → "who int"). */
function phrase(name: string): string {
  // Combining marks stay inside words, as FTS5's unicode61 tokenizer keeps them.
  return `"${(name.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? []).join(' ')}"`;
}

/**
 * `/search`: items matching the query, best first (bm25, with the title weighing most),
 * filtered by topic, source and year. Null when there is nothing to search for.
 */
export async function searchPage(request: SearchRequest): Promise<SearchPage | null> {
  const options = await filterOptions();
  const match = ftsQuery(request.q);
  if (!match) return null;

  // The full-text match drives the query (CROSS JOIN fixes that order in SQLite);
  // filters are checked per match through primary keys and indexes. Written as
  // `rowid IN (…)`, SQLite would instead run the whole match once per candidate row.
  // A topic or source filter is also a phrase in the index's own column for it, so
  // the index skips what cannot pass instead of the join checking every match (the
  // exact check stays: a phrase can match across two topics' names).
  const columnFilters: string[] = [];
  const where = ['NewsSearch MATCH ?'];
  const params: unknown[] = [];
  if (request.topic) {
    const name = (lookup.statement('SELECT name FROM Topic WHERE slug = ?')?.get(request.topic) as { name: string } | undefined)?.name;
    if (name) columnFilters.push(`topics : ${phrase(name)}`);
    where.push('EXISTS (SELECT 1 FROM NewsTopic WHERE newsId = n.id AND topicId = (SELECT id FROM Topic WHERE slug = ?))');
    params.push(request.topic);
  }
  if (request.source) {
    const brand = (lookup.statement('SELECT brand FROM Source WHERE slug = ?')?.get(request.source) as { brand: string } | undefined)?.brand;
    if (brand) columnFilters.push(`source : ${phrase(brand)}`);
    where.push('n.sourceId = (SELECT id FROM Source WHERE slug = ?)');
    params.push(request.source);
  }
  params.unshift(columnFilters.length ? `(${match}) AND ${columnFilters.join(' AND ')}` : match);
  const join = where.length > 1 ? `CROSS JOIN NewsItem n ON n.id = NewsSearch.rowid % ${SEARCH_KEY_IDS}` : '';
  if (request.year) {
    // The rowid starts with the date: a year is one range of the index.
    where.push('NewsSearch.rowid >= ? AND NewsSearch.rowid < ?');
    params.push(searchKey(Date.UTC(request.year, 0, 1)), searchKey(Date.UTC(request.year + 1, 0, 1)));
  }

  // Ranking every match of a broad query ("digital health" on a digital-health site)
  // costs time in proportion to the corpus. The index's rowids run in date order, so
  // the newest COUNT_CAP matches come straight off the index; bm25 ranks those.
  // Straight through better-sqlite3 with statements prepared once per store: at a few
  // milliseconds per search, Prisma's raw-query path cost as much as SQLite's work.
  const query = (sql: string, ...args: unknown[]) => {
    const statement = lookup.statement(sql);
    if (!statement) throw new StoreMissingError(databasePath());
    return statement.all(...args);
  };
  const window = query(
    `WITH recent AS MATERIALIZED (
       SELECT NewsSearch.rowid AS key, rank FROM NewsSearch ${join} WHERE ${where.join(' AND ')}
       ORDER BY NewsSearch.rowid DESC LIMIT ${COUNT_CAP + 1})
     SELECT key, (SELECT count(*) FROM recent) AS total FROM recent ORDER BY rank LIMIT ? OFFSET ?`,
    ...params,
    PAGE_SIZE,
    (request.page - 1) * PAGE_SIZE,
  ) as { key: number; total: number }[];
  const total = window.length
    ? window[0]!.total
    : (query(`SELECT count(*) AS n FROM (SELECT 1 FROM NewsSearch ${join} WHERE ${where.join(' AND ')} LIMIT ${COUNT_CAP + 1})`, ...params) as { n: number }[])[0]!.n;

  // The page's items, with the matched words marked (lib/pages/highlight.ts). Plain
  // rowid look-ups: no second full-text match.
  const keys = window.map((w) => w.key);
  const rows = keys.length
    ? (query(
        `SELECT s.rowid AS key, n.slug, n.title, s.body, n.description, n.date, (SELECT brand FROM Source WHERE id = n.sourceId) AS brand
         FROM NewsSearch s JOIN NewsItem n ON n.id = s.rowid % ${SEARCH_KEY_IDS} WHERE s.rowid IN (SELECT value FROM json_each(?))`,
        JSON.stringify(keys),
      ) as { key: number; slug: string; title: string; body: string; description: string | null; date: number; brand: string | null }[])
    : [];
  const order = new Map(keys.map((k, i) => [k, i]));
  rows.sort((a, b) => order.get(a.key)! - order.get(b.key)!);
  const terms = queryTerms(request.q);

  return {
    request,
    paging: { page: request.page, pageCount: Math.max(1, Math.ceil(Math.min(total, COUNT_CAP) / PAGE_SIZE)), total: Math.min(total, COUNT_CAP) },
    totalIsCapped: total > COUNT_CAP,
    options,
    results: rows.map((r) => ({
      slug: r.slug,
      title: markTerms(r.title, terms),
      snippet: snippetRuns(r.body, terms),
      description: r.description,
      date: new Date(r.date),
      source: r.brand,
    })),
  };
}

// The filter choices change only with an ingest: computed once per store.
let cachedOptions: { version: string; options: Promise<SearchPage['options']> } | null = null;

function filterOptions(): Promise<SearchPage['options']> {
  const version = storeVersion();
  if (cachedOptions?.version !== version) {
    const options = readFilterOptions();
    cachedOptions = { version, options };
    options.catch(() => (cachedOptions = null));
  }
  return cachedOptions.options;
}

async function readFilterOptions(): Promise<SearchPage['options']> {
  const db = store();
  const [topics, sources, range] = await Promise.all([
    db.topic.findMany({ where: { newsCount: { gt: 0 } }, orderBy: [{ newsCount: 'desc' }, { name: 'asc' }], take: 60, select: { slug: true, name: true } }),
    db.source.findMany({ orderBy: { brand: 'asc' }, select: { slug: true, brand: true } }),
    db.newsItem.aggregate({ _min: { date: true }, _max: { date: true } }),
  ]);
  const first = range._min.date?.getUTCFullYear();
  const last = range._max.date?.getUTCFullYear();
  const years = first && last ? Array.from({ length: last - first + 1 }, (_, i) => last - i) : [];
  return { topics: topics.sort((a, b) => a.name.localeCompare(b.name)), sources, years };
}
