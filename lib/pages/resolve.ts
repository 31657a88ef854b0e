import { lookup } from '../store/lookup';
import { pageNumber, paging } from './paging';

export type Resolution = { kind: 'page' } | { kind: 'not-found' };

/**
 * Whether a request names a page that exists, decided before rendering: an unknown
 * slug or a page past the end is a 404. (Next.js renders notFound() thrown from a
 * dynamic page as an empty shell that needs JavaScript; answering in the proxy gives
 * readers and crawlers a real 404 page.)
 */
export function resolveRoute(pathname: string, params: URLSearchParams): Resolution {
  const page = () => {
    const values = params.getAll('page');
    return pageNumber(values.length === 0 ? undefined : values.length === 1 ? values[0] : values);
  };
  const listing = (count: number | null | undefined): Resolution => {
    if (count === null) return { kind: 'page' }; // no store: let the page explain
    const p = page();
    return count !== undefined && p !== null && paging(p, count) ? { kind: 'page' } : { kind: 'not-found' };
  };

  let m: RegExpExecArray | null;
  if ((m = /^\/news\/([^/]+)$/.exec(pathname))) {
    return lookup.newsExists(decodeSegment(m[1]!)) === false ? { kind: 'not-found' } : { kind: 'page' };
  }
  if ((m = /^\/topic\/([^/]+)$/.exec(pathname))) return listing(lookup.topicNewsCount(decodeSegment(m[1]!)));
  if ((m = /^\/offering\/([^/]+)$/.exec(pathname))) return listing(lookup.offeringNewsCount(decodeSegment(m[1]!)));
  if (pathname === '/news') return listing(lookup.newsCount());
  return { kind: 'page' };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
