import { markTerms, snippetRuns, type TextRun } from '../search/highlight';
import { ftsQuery, namePhrase, queryTerms, type SearchRequest } from '../search/query';
import { filterOptions, indexRows, matchWindow, type FilterOptions } from '../store/queries/search';
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
  const { keys, total } = matchWindow({ match, topic: request.topic, source: request.source, year: request.year }, namePhrase, COUNT_CAP, PAGE_SIZE, (request.page - 1) * PAGE_SIZE);
  const terms = queryTerms(request.q);
  return {
    request,
    paging: { page: request.page, pageCount: Math.max(1, Math.ceil(Math.min(total, COUNT_CAP) / PAGE_SIZE)), total: Math.min(total, COUNT_CAP) },
    totalIsCapped: total > COUNT_CAP,
    options,
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
