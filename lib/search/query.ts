import { KIND_PARAM_VALUES, type KindParam } from '../urls/pages';

/**
 * What a reader asked for in `/search?q=…&topic=…&source=…&year=…&kind=…&page=…`, and the
 * SQLite FTS5 query it becomes. Every word a reader types becomes a quoted term, so
 * no input is a syntax error.
 */
export interface SearchFilters {
  topic?: string;
  source?: string;
  year?: number;
  /** One kind of item (`?kind=video`). */
  kind?: KindParam;
}

export interface SearchRequest extends SearchFilters {
  q: string;
  page: number;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The search request in the page's query parameters; anything malformed is dropped. */
export function searchRequest(params: Record<string, string | string[] | undefined>): SearchRequest {
  const slug = (v: string | undefined) => (v && /^[a-z0-9-]{1,200}$/.test(v) ? v : undefined);
  const year = Number(one(params.year));
  const page = Number(one(params.page) ?? 1);
  return {
    q: (one(params.q) ?? '').slice(0, 200).trim(),
    topic: slug(one(params.topic)),
    source: slug(one(params.source)),
    year: Number.isInteger(year) && year >= 1990 && year <= 2100 ? year : undefined,
    kind: (KIND_PARAM_VALUES as readonly (string | undefined)[]).includes(one(params.kind)) ? (one(params.kind) as KindParam) : undefined,
    page: Number.isInteger(page) && page >= 1 && page <= 1000 ? page : 1,
  };
}

/** The words of a query, for marking matches (lib/search/highlight.ts). */
export function queryTerms(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu)?.slice(0, 24) ?? [];
}

/**
 * FTS5 query syntax from what a reader typed: every word a quoted term (so `"`, `*`,
 * `AND (` and the like are just text), words in double quotes a phrase. Null when
 * there is nothing to search for.
 */
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

/** Words of a name as one FTS5 phrase ("who.int" → "who int"), to match it in its own column. */
export function namePhrase(name: string): string {
  // Combining marks stay inside words, as FTS5's unicode61 tokenizer keeps them.
  return `"${(name.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? []).join(' ')}"`;
}
