import { markTerms, snippetRuns, type TextRun } from '../search/highlight';
import { ftsQuery, namePhrase, queryTerms, type SearchRequest } from '../search/query';
import { filterOptions, indexRows, matchKinds, matchWindow, type FilterOptions } from '../store/queries/search';
import { itemKind, kindFilter, type KindFilter } from './kinds';
import { PAGE_SIZE, type Paging } from './paging';

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
const COUNT_CAP = 500;

export interface SearchPage {
  request: SearchRequest;
  results: SearchResult[];
  paging: Paging;
  /** More than COUNT_CAP items match; `paging.total` is the cap. */
  totalIsCapped: boolean;
  /** Choices for the filter form. */
  options: FilterOptions;
  /** The matches by kind (of the newest COUNT_CAP), and the one asked for. */
  kinds: KindFilter;
}

/**
 * `/search`: items matching the query, best first (bm25, with the title weighing most),
 * filtered by topic, source and year, the matched words marked. Null when there is
 * nothing to search for.
 */
export async function searchPage(request: SearchRequest): Promise<SearchPage | null> {
  const options = filterOptions();
  const match = ftsQuery(request.q);
  if (!match) return null;
  const filters = { match, topic: request.topic, source: request.source, year: request.year };
  const { keys, total } = matchWindow({ ...filters, kind: request.kind && itemKind(request.kind) }, namePhrase, COUNT_CAP, PAGE_SIZE, (request.page - 1) * PAGE_SIZE);
  const counts = matchKinds(filters, namePhrase, COUNT_CAP).map(({ kind, n }) => ({ kind, count: n }));
  // A kind none of the matches has: no results, and every kind to choose from.
  const kinds = kindFilter(counts, request.kind ?? null) ?? { ...kindFilter(counts, null)!, current: request.kind ?? null };
  const terms = queryTerms(request.q);
  return {
    request,
    paging: { page: request.page, pageCount: Math.max(1, Math.ceil(Math.min(total, COUNT_CAP) / PAGE_SIZE)), total: Math.min(total, COUNT_CAP) },
    totalIsCapped: total > COUNT_CAP,
    options,
    kinds,
    results: indexRows(keys).map((r) => ({
      slug: r.slug,
      title: markTerms(r.title, terms),
      snippet: snippetRuns(r.body, terms),
      description: r.description,
      date: new Date(r.date),
      source: r.brand,
    })),
  };
}
