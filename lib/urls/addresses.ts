import { FEED_FILE_NAMES, PAGE_SHAPES, pageAt, ROUTE_SEGMENTS, type PageKind } from './pages';

/**
 * The site's own addresses, as records may name them in their breadcrumb trails
 * (`breadcrumbLinks`): which are pages of ours (home, /news, a topic…), which belong to
 * the site's machinery and can be nothing else (the editor, feeds, media…), and which
 * are left for sections: the pages Medigy's trails lead to (`/communities/pandemic`,
 * `/feed/latest`), made from the records that name them. One table, read by the schema
 * (a trail into the machinery is an error), the rules across records, and the router.
 */

/** Pages of ours a trail may lead to (`/news`, `/topic/ai`): listings and the pages of one thing, with a key in the form of a slug. */
const TRAIL_PAGES: ReadonlySet<PageKind> = new Set<PageKind>(['newsList', 'events', 'topics', 'offerings', 'search', 'news', 'collection', 'topic', 'offering', 'source', 'tag']);

/**
 * Medigy listed events under `/events/upcoming`, `/events/past`, `/events/canceled`: one
 * page here (`/events`), which decides by the date. A trail step to one of them is shown
 * as text, never refused, never a section.
 */
const OLD_EVENT_LISTINGS = new RegExp(`^${PAGE_SHAPES.events.path}/[a-z0-9._-]+$`);
const TRAIL_PAGE_KEY = /^[a-z0-9_][a-z0-9._-]*$/;

/** One segment of a section's address: what Medigy's trails use, lower case, no dot first. */
const SECTION_SEGMENT = /^[a-z0-9_-][a-z0-9._-]*$/;

/** `other`: a path no page can have (`/a//b`, `/café`): shown as text, never a link. */
export type AddressKind = 'home' | 'page' | 'reserved' | 'section' | 'other';

/**
 * The one form of an internal address: lower case, no trailing slash, no query or
 * fragment (`/communities/Pandemic/` → `/communities/pandemic`). Null for anything
 * that is not a plain path on this site: `''`, `'#'`, `https://…`, `//host`, a path
 * with spaces, backslashes, `..` or percent-escapes.
 */
export function canonicalAddress(raw: string): string | null {
  const path = raw.trim().replace(/[?#].*$/, '');
  if (!path.startsWith('/') || path.startsWith('//') || path.length > 300) return null;
  if (/[\s\\%]/.test(path) || path.split('/').includes('..')) return null;
  const lower = path.toLowerCase().replace(/\/+$/, '');
  return lower === '' ? '/' : lower;
}

/** What an address in canonical form is here. */
export function addressKind(path: string): AddressKind {
  if (path === '/') return 'home';
  const page = pageAt(path);
  if (page && TRAIL_PAGES.has(page.kind) && (page.key === null || TRAIL_PAGE_KEY.test(page.key))) return 'page';
  if (OLD_EVENT_LISTINGS.test(path)) return 'other';
  const segments = path.slice(1).split('/');
  if (ROUTE_SEGMENTS.has(segments[0]!)) return 'reserved';
  // The last segment of a section cannot be a feed file: that is the section's feed.
  if ((FEED_FILE_NAMES as readonly string[]).includes(segments.at(-1)!)) return 'reserved';
  return segments.every((s) => SECTION_SEGMENT.test(s)) ? 'section' : 'other';
}
