import { addressKind, canonicalAddress, FEED_FILE_NAMES } from '../content/addresses';
import { routing } from '../store/queries/routing';
import { pageNumber, paging } from './paging';

/** `rewrite`: the page is rendered by the app's route at `location` (a section's, whose address is the records'). */
export type Resolution = { kind: 'page' } | { kind: 'not-found' } | { kind: 'redirect'; location: string } | { kind: 'rewrite'; location: string };

/** Where the app renders sections and their feeds; not addresses of their own. */
export const SECTION_ROUTE = '/section';
export const SECTION_FEED_ROUTE = '/section-feed';

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
    // Leading slashes collapse too: `//evil.example/` must not become a Location that
    // names another host.
    return { kind: 'redirect', location: (pathname.replace(/\/+$/, '').replace(/^[/\\]+/, '/') || '/') + search };
  }

  let m: RegExpExecArray | null;
  if ((m = /^\/news\/([^/]+)$/.exec(pathname))) {
    if (routing.newsExists(decodeSegment(m[1]!)) !== false) return { kind: 'page' };
    return aliasOr(pathname, { kind: 'not-found' });
  }
  if ((m = /^\/topic\/([^/]+)$/.exec(pathname))) return listing(routing.topicNewsCount(decodeSegment(m[1]!)));
  if ((m = /^\/offering\/([^/]+)$/.exec(pathname))) {
    const count = routing.offeringNewsCount(decodeSegment(m[1]!));
    // An offering record's old address may be under /offering/ too.
    return count === undefined ? aliasOr(pathname, { kind: 'not-found' }) : listing(count);
  }
  if ((m = /^\/topics\/([^/]+)$/.exec(pathname))) {
    return routing.collectionExists(decodeSegment(m[1]!)) === false ? { kind: 'not-found' } : { kind: 'page' };
  }
  if ((m = /^\/source\/([^/]+)$/.exec(pathname))) return listing(routing.sourceNewsCount(decodeSegment(m[1]!)));
  if ((m = /^\/tag\/([^/]+)$/.exec(pathname))) return listing(routing.tagNewsCount(decodeSegment(m[1]!)));
  if (pathname === '/news') return listing(routing.newsCount());
  if (pathname === '/offerings') {
    // Narrowed to a topic: one that exists.
    const topics = params.getAll('topic').filter((t) => t !== '');
    if (topics.length > 1) return { kind: 'not-found' };
    return topics.length === 0 || routing.topicNewsCount(topics[0]!) !== undefined ? { kind: 'page' } : { kind: 'not-found' };
  }
  if (SITE_ROUTES.test(pathname)) return { kind: 'page' };
  if (pathname.startsWith(`${SECTION_ROUTE}/`) || pathname.startsWith(`${SECTION_FEED_ROUTE}/`)) return { kind: 'not-found' };
  // A section (an address records' trails lead to), or its feed; then an old address of
  // an item (Medigy's records carry them); anything else is Next.js's own 404.
  const search = params.size ? `?${params.toString()}` : '';
  const feed = /^(.+)\/([^/]+)$/.exec(pathname);
  if (feed && (FEED_FILE_NAMES as readonly string[]).includes(feed[2]!)) {
    const section = sectionAt(feed[1]!);
    if (section && section.count !== undefined) {
      return section.path === feed[1] ? { kind: 'rewrite', location: `${SECTION_FEED_ROUTE}${section.path}/${feed[2]}` } : { kind: 'redirect', location: `${section.path}/${feed[2]}${search}` };
    }
  }
  const section = sectionAt(pathname);
  if (section && section.count !== undefined) {
    if (section.path !== pathname) return { kind: 'redirect', location: section.path + search };
    const found = listing(section.count);
    return found.kind === 'page' ? { kind: 'rewrite', location: SECTION_ROUTE + section.path } : found;
  }
  return aliasOr(pathname, { kind: 'page' });
}

/**
 * The section a request's path names, in any case or escaping (`/Communities/Pandemic`):
 * its address in its one form and its item count (undefined: no such section; null: no
 * store).
 */
function sectionAt(pathname: string): { path: string; count: number | null | undefined } | null {
  const path = canonicalAddress(decodeSegment(pathname));
  if (path === null || addressKind(path) !== 'section') return null;
  return { path, count: routing.sectionNewsCount(path) };
}

/**
 * Addresses of the site's own pages and files, which no alias may take over. Exact
 * shapes, not prefixes: Medigy's old addresses live under /feeds/ and /offering/ too
 * (`/feeds/<slug>` was a feed item's page there), and they must still redirect.
 */
const FEED_FILE = '(?:rss\\.xml|atom\\.xml|feed\\.json)';
const SITE_ROUTES = new RegExp(
  `^/(?:$|topics$|offerings$|search$|robots\\.txt$|sitemap\\.xml$|sitemaps/[^/]+$|feeds/${FEED_FILE}$|(?:topic|offering)/[^/]+/${FEED_FILE}$|editor$|editor/|api/|media/|_next/)`,
);

function aliasOr(pathname: string, otherwise: Resolution): Resolution {
  const location = routing.aliasTarget(decodeSegment(pathname));
  // Slugs are safe path segments (lib/content/slug.ts): no escaping needed.
  return location ? { kind: 'redirect', location } : otherwise;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
