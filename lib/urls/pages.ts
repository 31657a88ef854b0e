/**
 * The addresses of the site's own pages, in one table: every link, sitemap, feed, rule
 * across records, cache key and SQL expression that builds a page's path builds it from
 * here (`routes`, `pathSql` in sql.ts), and every part that reads a path (the router,
 * surrogate keys, the front server's cache key, what records' trails may name) matches it
 * here (`pageAt`). Changing a page's address is one edit of PAGE_SHAPES;
 * tests/unit/architecture.test.ts fails when a page path is written anywhere else.
 */

/** Feed files a listing page offers under its own address (`/topic/x/rss.xml`). */
export const FEED_FILE_NAMES = ['rss.xml', 'atom.xml', 'feed.json'] as const;
export type FeedFormat = 'rss' | 'atom' | 'json';
const [RSS, ATOM, JSON_FEED] = FEED_FILE_NAMES;
export const FEED_FILES: Record<FeedFormat, string> = { rss: RSS, atom: ATOM, json: JSON_FEED };

interface PageShape {
  /**
   * The address, with placeholders for what it takes from the thing it shows: one path
   * segment (`<slug>`, `<brand>`, a sitemap's `<file>`), or a feed file's name (`<feed>`).
   */
  path: string;
  /** The query parameters the page reads; caches drop any other from their key (lib/serving/request-target.ts). */
  query: readonly string[];
}

const LISTING = ['page'] as const;
/** Listings a reader can narrow to one kind of item (`?kind=video`). */
const KIND_LISTING = ['page', 'kind'] as const;
const NONE = [] as const;

/**
 * What `?kind=` may say: a kind of item by its name in addresses (`news` is a curated
 * article; lib/pages/kinds.ts maps each to the store's kind).
 */
export const KIND_PARAM_VALUES = ['news', 'video', 'event', 'feed', 'post', 'infographic', 'report', 'offering'] as const;
export type KindParam = (typeof KIND_PARAM_VALUES)[number];

/** Every page of ours, by kind. Sections are not here: their addresses are the ones records' trails give them (addresses.ts). */
export const PAGE_SHAPES = {
  home: { path: '/', query: NONE },
  newsList: { path: '/news', query: KIND_LISTING },
  news: { path: '/news/<slug>', query: NONE },
  /** Events: upcoming first, then past. */
  events: { path: '/events', query: LISTING },
  /** Every upcoming event, as one calendar file. */
  eventsCalendar: { path: '/events.ics', query: NONE },
  /** One event's calendar file (RFC 5545); its page is the item's (`news`). */
  eventCalendar: { path: '/events/<slug>.ics', query: NONE },
  topics: { path: '/topics', query: NONE },
  collection: { path: '/topics/<slug>', query: NONE },
  topic: { path: '/topic/<slug>', query: KIND_LISTING },
  topicFeed: { path: '/topic/<slug>/<feed>', query: NONE },
  subject: { path: '/subject/<slug>', query: LISTING },
  offerings: { path: '/offerings', query: ['topic'] },
  offering: { path: '/offering/<slug>', query: LISTING },
  offeringFeed: { path: '/offering/<slug>/<feed>', query: NONE },
  source: { path: '/source/<brand>', query: KIND_LISTING },
  tag: { path: '/tag/<slug>', query: LISTING },
  search: { path: '/search', query: ['q', 'topic', 'source', 'year', 'kind', 'page'] },
  siteFeed: { path: '/feeds/<feed>', query: NONE },
  sitemapIndex: { path: '/sitemap.xml', query: NONE },
  sitemap: { path: '/sitemaps/<file>', query: NONE },
  robots: { path: '/robots.txt', query: NONE },
} as const satisfies Record<string, PageShape>;

export type PageKind = keyof typeof PAGE_SHAPES;

/** Where the app renders sections and their feeds (proxy.ts rewrites to them); not addresses of their own. */
export const SECTION_ROUTE = '/section';
export const SECTION_FEED_ROUTE = '/section-feed';

/**
 * First path segments of the site's machinery: the web editor, its API, stored images,
 * Next.js's assets and icons, and the routes sections are rendered at. No page, section
 * or old address can be under them.
 */
const MACHINERY_SEGMENTS = ['editor', 'api', 'media', '_next', 'favicon.ico', 'icon.svg', SECTION_ROUTE.slice(1), SECTION_FEED_ROUTE.slice(1)];

/** First path segments that belong to the site's own routes: its pages' and its machinery's. */
export const ROUTE_SEGMENTS: ReadonlySet<string> = new Set([
  ...Object.values(PAGE_SHAPES).flatMap((s: PageShape) => (s.path === '/' ? [] : [s.path.split('/')[1]!])),
  ...MACHINERY_SEGMENTS,
]);

/** A page's path with its placeholders filled in order (none given: the part before the first). */
function fill(kind: PageKind, ...values: string[]): string {
  const path: string = PAGE_SHAPES[kind].path;
  if (values.length === 0) return path.split('<')[0]!;
  let i = 0;
  return path.replace(/<[a-z]+>/g, () => values[i++] ?? '');
}

const withPage = (path: string, page: number) => (page > 1 ? `${path}?page=${page}` : path);
/** A listing's address: narrowed to one kind of item, then its page (`/news?kind=video&page=2`). */
const listingPath = (path: string, page: number, kind: KindParam | null | undefined) => {
  if (!kind) return withPage(path, page);
  return `${path}?kind=${kind}${page > 1 ? `&page=${page}` : ''}`;
};

/** URLs of the site's pages, so links and pages agree. */
export const routes = {
  home: () => fill('home'),
  newsList: (page = 1, kind?: KindParam | null) => listingPath(fill('newsList'), page, kind),
  news: (slug: string) => fill('news', slug),
  events: (page = 1) => withPage(fill('events'), page),
  /** An event's calendar file. */
  eventCalendar: (slug: string) => fill('eventCalendar', slug),
  /** Every upcoming event's, in one calendar file. */
  eventsCalendar: () => fill('eventsCalendar'),
  topics: () => fill('topics'),
  collection: (slug: string) => fill('collection', slug),
  topic: (slug: string, page = 1, kind?: KindParam | null) => listingPath(fill('topic', slug), page, kind),
  /** A subject: the topics of every collection that mean the same (lib/store/queries/subjects.ts). */
  subject: (slug: string, page = 1) => withPage(fill('subject', slug), page),
  offerings: (topic?: string) => (topic ? `${fill('offerings')}?topic=${encodeURIComponent(topic)}` : fill('offerings')),
  offering: (slug: string, page = 1) => withPage(fill('offering', slug), page),
  source: (brand: string, page = 1, kind?: KindParam | null) => listingPath(fill('source', encodeURIComponent(brand)), page, kind),
  tag: (slug: string, page = 1) => withPage(fill('tag', slug), page),
  /** The search page, with its query when there is one. */
  search: (query?: URLSearchParams) => (query && query.size ? `${fill('search')}?${query.toString()}` : fill('search')),
  /** A section's page: its address is the one records' trails give it (addresses.ts). */
  section: (path: string, page = 1, kind?: KindParam | null) => listingPath(path, page, kind),
  /** Feeds of the whole site, of a topic, an offering or a section. */
  feed: (format: FeedFormat, scope?: { topic: string } | { offering: string } | { section: string }) => {
    const file = FEED_FILES[format];
    if (!scope) return fill('siteFeed', file);
    if ('section' in scope) return `${scope.section}/${file}`;
    return 'topic' in scope ? fill('topicFeed', scope.topic, file) : fill('offeringFeed', scope.offering, file);
  },
  sitemapIndex: () => fill('sitemapIndex'),
  sitemap: (name: string) => fill('sitemap', `${name}.xml`),
  robots: () => fill('robots'),
};

/**
 * The part of a page's path before its key (`/news/` for `/news/<slug>`): what Medigy's
 * records call an item's `basePath`, and what SQL puts before a column (sql.ts).
 */
export function pathPrefix(kind: KeyedPageKind): string {
  return fill(kind);
}

/** Pages named by one thing's key, with nothing after it. */
export type KeyedPageKind = 'news' | 'collection' | 'topic' | 'subject' | 'offering' | 'source' | 'tag';

/** A path matched to a page of ours: its kind, and the segment its thing is named by as the path has it (not decoded). */
export type PageMatch = { kind: PageKind; key: string | null; feed: string | null };

const FEED_FILE_PATTERN = FEED_FILE_NAMES.map((f) => f.replace(/\./g, '\\.')).join('|');

const MATCHERS: [PageKind, RegExp][] = (Object.entries(PAGE_SHAPES) as [PageKind, PageShape][]).map(([kind, shape]) => {
  const pattern = shape.path
    .split(/(<[a-z]+>)/)
    .map((part) => (part === '<feed>' ? `(?<feed>${FEED_FILE_PATTERN})` : part.startsWith('<') ? '(?<key>[^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return [kind, new RegExp(`^${pattern}$`)];
});

/**
 * Which page of ours a path is (`/topic/ai/rss.xml` → topicFeed, key `ai`), by its exact
 * shape: null for anything else (a section, an old address, the machinery, a 404).
 */
export function pageAt(pathname: string): PageMatch | null {
  for (const [kind, re] of MATCHERS) {
    const m = re.exec(pathname);
    if (m) return { kind, key: m.groups?.key ?? null, feed: m.groups?.feed ?? null };
  }
  return null;
}

/** A feed's path split into whose feed it is and the file (`/communities/x/rss.xml` → `/communities/x`, `rss.xml`); null when it names no feed file. */
export function splitFeedPath(pathname: string): { owner: string; file: string } | null {
  const slash = pathname.lastIndexOf('/');
  if (slash <= 0) return null;
  const file = pathname.slice(slash + 1);
  return (FEED_FILE_NAMES as readonly string[]).includes(file) ? { owner: pathname.slice(0, slash), file } : null;
}

/** The site's machinery (`/editor`, `/editor/…`, `/api/…`, `/media/…`, `/_next/…`): answered by the app as it is, never a page, section or old address. */
export function isMachineryPath(pathname: string): boolean {
  return pathname === '/editor' || /^\/(?:editor|api|media|_next)\//.test(pathname);
}

/**
 * The query parameters the page at a (decoded) path reads; any other is ignored by the
 * page, so caches drop it from their key (lib/serving/request-target.ts) and a made-up
 * one (`/topics?x=1`, `?x=2`, …) cannot make the origin render the same page again and
 * again. Any other path may be a section (which pages with `page` and narrows with
 * `kind`), or a key with a slash in it (`/source/a%2Fb`, decoded), so it keeps both.
 */
export function pageQueryParams(pathname: string): readonly string[] {
  const page = pageAt(pathname);
  return page ? PAGE_SHAPES[page.kind].query : KIND_LISTING;
}
