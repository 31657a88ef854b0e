import { routing } from '../store/queries/routing';
import { pageNumber, paging } from './paging';

export type Resolution = { kind: 'page' } | { kind: 'not-found' } | { kind: 'redirect'; location: string };

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

  // One slash form only: /news/x/ → /news/x, keeping the query.
  if (pathname.length > 1 && pathname.endsWith('/')) {
    const search = params.size ? `?${params.toString()}` : '';
    return { kind: 'redirect', location: (pathname.replace(/\/+$/, '') || '/') + search };
  }

  let m: RegExpExecArray | null;
  if ((m = /^\/news\/([^/]+)$/.exec(pathname))) {
    if (routing.newsExists(decodeSegment(m[1]!)) !== false) return { kind: 'page' };
    return aliasOr(pathname, { kind: 'not-found' });
  }
  if ((m = /^\/topic\/([^/]+)$/.exec(pathname))) return listing(routing.topicNewsCount(decodeSegment(m[1]!)));
  if ((m = /^\/offering\/([^/]+)$/.exec(pathname))) return listing(routing.offeringNewsCount(decodeSegment(m[1]!)));
  if ((m = /^\/topics\/([^/]+)$/.exec(pathname))) {
    return routing.collectionExists(decodeSegment(m[1]!)) === false ? { kind: 'not-found' } : { kind: 'page' };
  }
  if ((m = /^\/source\/([^/]+)$/.exec(pathname))) return listing(routing.sourceNewsCount(decodeSegment(m[1]!)));
  if ((m = /^\/tag\/([^/]+)$/.exec(pathname))) return listing(routing.tagNewsCount(decodeSegment(m[1]!)));
  if (pathname === '/news') return listing(routing.newsCount());
  if (SITE_ROUTES.test(pathname)) return { kind: 'page' };
  // Any other address may be an old one of an item (Medigy's records carry them).
  return aliasOr(pathname, { kind: 'page' });
}

/** Addresses of the site's own pages and files, which no alias may take over. */
const SITE_ROUTES = /^\/(?:$|topics$|topics\/|offerings$|search$|source\/|tag\/|robots\.txt$|sitemap\.xml$|sitemaps\/|feeds\/|topic\/|offering\/|editor$|editor\/|api\/)/;

function aliasOr(pathname: string, otherwise: Resolution): Resolution {
  const slug = routing.aliasTarget(decodeSegment(pathname));
  return slug ? { kind: 'redirect', location: `/news/${encodeURIComponent(slug)}` } : otherwise;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
