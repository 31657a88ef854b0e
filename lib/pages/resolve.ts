import { addressKind, canonicalAddress } from '../urls/addresses';
import { isMachineryPath, pageAt, SECTION_FEED_ROUTE, SECTION_ROUTE, splitFeedPath } from '../urls/pages';
import { routing } from '../store/queries/routing';
import { subjectIndexIfAny } from '../store/queries/subjects';
import { pageNumber, paging } from './paging';

/** `rewrite`: the page is rendered by the app's route at `location` (a section's, whose address is the records'). */
export type Resolution = { kind: 'page' } | { kind: 'not-found' } | { kind: 'redirect'; location: string } | { kind: 'rewrite'; location: string };

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

  const shape = pageAt(pathname);
  switch (shape?.kind) {
    case 'news':
      if (routing.newsExists(decodeSegment(shape.key!)) !== false) return { kind: 'page' };
      return aliasOr(pathname, { kind: 'not-found' });
    case 'topic':
      return listing(routing.topicNewsCount(decodeSegment(shape.key!)));
    case 'subject': {
      const subjects = subjectIndexIfAny();
      return subjects ? listing(subjects.bySlug.get(decodeSegment(shape.key!))?.newsCount) : { kind: 'page' };
    }
    case 'offering': {
      const count = routing.offeringNewsCount(decodeSegment(shape.key!));
      // An offering record's old address may be under /offering/ too.
      return count === undefined ? aliasOr(pathname, { kind: 'not-found' }) : listing(count);
    }
    case 'collection':
      return routing.collectionExists(decodeSegment(shape.key!)) === false ? { kind: 'not-found' } : { kind: 'page' };
    case 'source':
      return listing(routing.sourceNewsCount(decodeSegment(shape.key!)));
    case 'tag':
      return listing(routing.tagNewsCount(decodeSegment(shape.key!)));
    case 'newsList':
      return listing(routing.newsCount());
    case 'events':
      return listing(routing.eventCount());
    case 'eventCalendar':
      return routing.datedEventExists(decodeSegment(shape.key!)) === false ? { kind: 'not-found' } : { kind: 'page' };
    case 'offerings': {
      // Narrowed to a topic: one that exists.
      const topics = params.getAll('topic').filter((t) => t !== '');
      if (topics.length > 1) return { kind: 'not-found' };
      return topics.length === 0 || routing.topicNewsCount(topics[0]!) !== undefined ? { kind: 'page' } : { kind: 'not-found' };
    }
    case undefined:
      break;
    // The site's other pages and files (home, topics, search, feeds, sitemaps, robots.txt):
    // exact shapes, not prefixes, so Medigy's old addresses under /feeds/ and /offering/
    // (`/feeds/<slug>` was a feed item's page there) still redirect.
    default:
      return { kind: 'page' };
  }
  if (isMachineryPath(pathname)) return { kind: 'page' };
  if (pathname.startsWith(`${SECTION_ROUTE}/`) || pathname.startsWith(`${SECTION_FEED_ROUTE}/`)) return { kind: 'not-found' };
  // A section (an address records' trails lead to), or its feed; then an old address of
  // an item (Medigy's records carry them); anything else is Next.js's own 404.
  const search = params.size ? `?${params.toString()}` : '';
  const feed = splitFeedPath(pathname);
  if (feed) {
    const section = sectionAt(feed.owner);
    if (section && section.count !== undefined) {
      return section.path === feed.owner ? { kind: 'rewrite', location: `${SECTION_FEED_ROUTE}${section.path}/${feed.file}` } : { kind: 'redirect', location: `${section.path}/${feed.file}${search}` };
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
