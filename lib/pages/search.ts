import { store } from '../store/read';
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

export interface SearchPage {
  request: SearchRequest;
  results: SearchResult[];
  paging: Paging;
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
 * double quotes stay a phrase; the last word also matches as a prefix while typing.
 */
export function ftsQuery(text: string): string | null {
  const parts: string[] = [];
  const re = /"([^"]*)"|([\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*)/gu;
  let m: RegExpExecArray | null;
  let lastWord = -1;
  while ((m = re.exec(text))) {
    if (m[1] !== undefined) {
      const words = m[1].match(/[\p{L}\p{N}]+/gu);
      if (words) parts.push(`"${words.join(' ')}"`);
    } else {
      parts.push(`"${m[2]!.replace(/['’]/g, ' ')}"`);
      lastWord = parts.length - 1;
    }
  }
  if (parts.length === 0) return null;
  if (lastWord === parts.length - 1 && /[\p{L}\p{N}]$/u.test(text.trimEnd()) && !/\s$/.test(text)) parts[lastWord] += '*';
  return parts.slice(0, 12).join(' ');
}

/** Marks of highlight() and snippet(): control characters that cannot occur in indexed text. */
const OPEN = '\u0001';
const CLOSE = '\u0002';

export function textRuns(marked: string): TextRun[] {
  const runs: TextRun[] = [];
  for (const piece of marked.split(OPEN)) {
    const close = piece.indexOf(CLOSE);
    if (close < 0) {
      if (piece) runs.push({ text: piece, hit: false });
    } else {
      runs.push({ text: piece.slice(0, close), hit: true });
      if (close + 1 < piece.length) runs.push({ text: piece.slice(close + 1), hit: false });
    }
  }
  return runs;
}

/**
 * `/search`: items matching the query, best first (bm25, with the title weighing most),
 * filtered by topic, source and year. Null when there is nothing to search for.
 */
export async function searchPage(request: SearchRequest): Promise<SearchPage | null> {
  const db = store();
  const options = await filterOptions();
  const match = ftsQuery(request.q);
  if (!match) return null;

  const where = ['NewsSearch MATCH ?'];
  const params: unknown[] = [match];
  if (request.topic) {
    where.push('n.id IN (SELECT newsId FROM NewsTopic WHERE topicId = (SELECT id FROM Topic WHERE slug = ?))');
    params.push(request.topic);
  }
  if (request.source) {
    where.push('n.sourceId = (SELECT id FROM Source WHERE slug = ?)');
    params.push(request.source);
  }
  if (request.year) {
    where.push('n.date >= ? AND n.date < ?');
    params.push(Date.UTC(request.year, 0, 1), Date.UTC(request.year + 1, 0, 1));
  }
  const from = `FROM NewsSearch JOIN NewsItem n ON n.id = NewsSearch.rowid WHERE ${where.join(' AND ')}`;
  const [counted, rows] = await Promise.all([
    db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n ${from}`, ...params),
    db.$queryRawUnsafe<{ slug: string; title: string; snippet: string | null; description: string | null; date: Date; brand: string | null }[]>(
      `SELECT n.slug, highlight(NewsSearch, 0, char(1), char(2)) AS title, snippet(NewsSearch, 2, char(1), char(2), '…', 28) AS snippet,
              n.description, n.date, (SELECT brand FROM Source WHERE id = n.sourceId) AS brand
       ${from} ORDER BY bm25(NewsSearch, 10.0, 4.0, 1.0, 3.0, 2.0, 2.0), n.date DESC LIMIT ? OFFSET ?`,
      ...params,
      PAGE_SIZE,
      (request.page - 1) * PAGE_SIZE,
    ),
  ]);
  const total = Number(counted[0]?.n ?? 0);
  return {
    request,
    paging: { page: request.page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)), total },
    options,
    results: rows.map((r) => {
      const snippet = r.snippet ? textRuns(r.snippet) : null;
      return {
        slug: r.slug,
        title: textRuns(r.title),
        // A snippet without a hit says nothing the description does not say better.
        snippet: snippet && snippet.some((s) => s.hit) ? snippet : null,
        description: r.description,
        date: r.date,
        source: r.brand,
      };
    }),
  };
}

async function filterOptions(): Promise<SearchPage['options']> {
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
