import { XMLParser } from 'fast-xml-parser';
import { DetectError, MalformedError, parseFeed } from 'feedsmith';
import { parse as parseHtml } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';

/**
 * A feed's text → its items as the feed wrote them (RSS 0.9x, 1.0 (RDF) and 2.0, Atom
 * 0.3 and 1.0, JSON Feed 1.x), through feedsmith, a parser of each format and its
 * common namespaces (content, dc, media, …). Nothing is resolved or cleaned here
 * (lib/desk/entries.ts does): this stage only finds each field where the format keeps it.
 * feedsmith never expands entities a document declares; a feed that declares any is
 * refused before parsing all the same (no feed needs them, and an expansion bomb or an
 * external entity is the reason one would).
 */
export interface RawText {
  value: string;
  /** Markup (HTML or XHTML), or plain text. */
  html: boolean;
}

export interface RawItem {
  title: RawText | null;
  link: string | null;
  /** The publisher's own address when the link goes through a feed proxy (feedburner:origLink). */
  origLink: string | null;
  guid: string | null;
  guidIsPermaLink: boolean;
  /** Other addresses of the same article (a JSON Feed item's external_url). */
  alternates: string[];
  /** The item's xml:base, relative to the feed's. */
  base: string | null;
  published: string | null;
  summary: RawText | null;
  content: RawText | null;
  /** Image addresses, best first: thumbnails, image media, image enclosures. */
  images: string[];
  categories: string[];
  author: string | null;
}

export interface RawFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string | null;
  siteUrl: string | null;
  /** The feed's xml:base, relative to its address. */
  base: string | null;
  items: RawItem[];
}

export type ParseOutcome = { ok: true; feed: RawFeed } | { ok: false; reason: string };

/** Items read from one feed at most: the newest come first in every format's practice. */
export const MAX_ITEMS = 500;

/** Hosts that wrap a publisher's links in their own (the item names the original). */
export const FEED_PROXIES = /^(?:feedproxy\.google\.com|feeds\.feedburner\.com|feeds2\.feedburner\.com|feedproxy\.feedburner\.com|feeds\.feedblitz\.com|rss\.feedsportal\.com)$/i;

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : null);

export function parseFeedText(text: string): ParseOutcome {
  const trimmed = text.replace(/^\uFEFF/, '');
  // The document type's internal subset comes before the first element: entities are declared there.
  const root = trimmed.search(/<[A-Za-z]/);
  const prolog = root < 0 ? trimmed.slice(0, 65_536) : trimmed.slice(0, root);
  if (/<!ENTITY/i.test(prolog)) return { ok: false, reason: 'the feed declares XML entities (<!ENTITY …>), which no feed needs: refused, as entity expansion and external entities are attacks' };
  let parsed: { format: RawFeed['format']; feed: unknown };
  try {
    parsed = parseFeed(trimmed, { maxItems: MAX_ITEMS }) as { format: RawFeed['format']; feed: unknown };
  } catch (err) {
    return { ok: false, reason: notAFeed(trimmed, err) };
  }
  const feed = obj(parsed.feed);
  switch (parsed.format) {
    case 'rss':
    case 'rdf':
      return { ok: true, feed: withOrigLinks(trimmed, rssFeed(parsed.format, feed)) };
    case 'atom':
      return { ok: true, feed: withOrigLinks(trimmed, atomFeed(feed)) };
    default:
      return { ok: true, feed: jsonFeed(feed) };
  }
}

/** Why a text is not a feed, in words an editor can act on. */
function notAFeed(text: string, err: unknown): string {
  const start = text.trimStart().slice(0, 512).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || /<html[\s>]/.test(start)) {
    const found = discoverFeedLink(text);
    return found ? `the address is a web page, not a feed; the page names its feed at ${found}` : 'the address is a web page, not a feed';
  }
  if (err instanceof MalformedError) return `the feed is not well-formed XML${(err.cause as Error | undefined)?.message ? ` (${String((err.cause as Error).message).split('\n')[0]!.slice(0, 160)})` : ''}`;
  if (err instanceof DetectError || (err as Error).message === 'Unrecognized feed format') return 'the document is not RSS, Atom or a JSON Feed';
  return `the feed could not be read: ${(err as Error).message.slice(0, 200)}`;
}

/** A page's `<link rel="alternate" type="application/rss+xml|atom+xml|feed+json" href>`, if it names one. */
function discoverFeedLink(html: string): string | null {
  type Node = DefaultTreeAdapterMap['node'];
  let found: string | null = null;
  const visit = (node: Node) => {
    if (found) return;
    if ('tagName' in node && node.tagName === 'link') {
      const attr = (n: string) => node.attrs.find((a) => a.name === n)?.value ?? '';
      if (/\balternate\b/i.test(attr('rel')) && /(rss|atom)\+xml|feed\+json/i.test(attr('type')) && attr('href')) found = attr('href');
    }
    if ('childNodes' in node) for (const c of node.childNodes) visit(c);
  };
  visit(parseHtml(html.slice(0, 256 * 1024)) as unknown as Node);
  return found;
}

function rssFeed(format: 'rss' | 'rdf', feed: Loose): RawFeed {
  return {
    format,
    title: str(feed.title),
    siteUrl: str(feed.link),
    base: str(obj(feed.xml).base),
    items: arr(feed.items).map((raw) => {
      const item = obj(raw);
      const guid = obj(item.guid);
      const guidValue = str(guid.value) ?? str(item.guid);
      const media = obj(item.media);
      const dc = obj(item.dc);
      return {
        title: textOf(item.title, true),
        link: str(item.link) ?? str(obj(item.rdf).about),
        origLink: null,
        guid: guidValue,
        // RSS 2.0: a guid is a permalink unless it says isPermaLink="false".
        guidIsPermaLink: format === 'rss' && guid.isPermaLink !== false && !!guidValue && /^https?:\/\//i.test(guidValue),
        alternates: [],
        base: str(obj(item.xml).base),
        published: str(item.pubDate) ?? str(arr(dc.dates)[0]) ?? str(dc.date),
        summary: textOf(item.description, true),
        content: textOf(obj(item.content).encoded, true),
        images: [...mediaImages(media), ...arr(item.enclosures).concat(arr(item.enclosure)).flatMap((e) => enclosureImage(obj(e)))],
        categories: arr(item.categories).map((c) => str(obj(c).name) ?? str(c)).filter((c): c is string => !!c),
        author: str(arr(dc.creators)[0]) ?? str(item.author) ?? str(obj(item.authors)[0]),
      } satisfies RawItem;
    }),
  };
}

function atomFeed(feed: Loose): RawFeed {
  const alternate = (links: unknown) => {
    const all = arr(links).map(obj);
    return str((all.find((l) => !l.rel || l.rel === 'alternate') ?? {}).href);
  };
  return {
    format: 'atom',
    title: textOf(feed.title)?.value ?? null,
    siteUrl: alternate(feed.links),
    base: str(obj(feed.xml).base),
    items: arr(feed.entries).map((raw) => {
      const entry = obj(raw);
      const links = arr(entry.links).map(obj);
      return {
        title: textOf(entry.title),
        link: alternate(entry.links),
        origLink: null,
        guid: str(entry.id),
        guidIsPermaLink: false,
        alternates: [],
        base: str(obj(entry.xml).base),
        published: str(entry.published) ?? str(entry.updated) ?? str(entry.issued) ?? str(entry.modified) ?? str(entry.created),
        summary: textOf(entry.summary),
        content: textOf(entry.content),
        images: [...mediaImages(obj(entry.media)), ...links.filter((l) => l.rel === 'enclosure').flatMap((l) => enclosureImage({ url: l.href, type: l.type }))],
        categories: arr(entry.categories).map((c) => str(obj(c).label) ?? str(obj(c).term)).filter((c): c is string => !!c),
        author: str(obj(arr(entry.authors)[0]).name),
      } satisfies RawItem;
    }),
  };
}

function jsonFeed(feed: Loose): RawFeed {
  return {
    format: 'json',
    title: str(feed.title),
    siteUrl: str(feed.home_page_url),
    base: null,
    items: arr(feed.items).map((raw) => {
      const item = obj(raw);
      const summary = str(item.summary);
      return {
        title: str(item.title) ? { value: str(item.title)!, html: false } : null,
        link: str(item.url) ?? str(item.external_url),
        origLink: null,
        guid: str(item.id),
        guidIsPermaLink: false,
        alternates: [str(item.external_url)].filter((u): u is string => !!u),
        base: null,
        published: str(item.date_published) ?? str(item.date_modified),
        summary: summary ? { value: summary, html: false } : null,
        content: str(item.content_html) ? { value: str(item.content_html)!, html: true } : str(item.content_text) ? { value: str(item.content_text)!, html: false } : null,
        images: [str(item.image), str(item.banner_image)].filter((u): u is string => !!u),
        categories: arr(item.tags).map(str).filter((t): t is string => !!t),
        author: str(obj(arr(item.authors)[0]).name) ?? str(obj(item.author).name),
      } satisfies RawItem;
    }),
  };
}

/**
 * An Atom text construct ({value, type}) or an RSS string. RSS titles and descriptions
 * are taken as markup: feeds put escaped HTML in them, and readers show its text.
 */
function textOf(value: unknown, rss = false): RawText | null {
  if (typeof value === 'string') return value.trim() ? { value, html: rss } : null;
  const v = obj(value);
  const text = str(v.value);
  if (!text) return null;
  return { value: text, html: v.type === 'html' || v.type === 'xhtml' || (typeof v.type === 'string' && /html/i.test(v.type)) };
}

function mediaImages(media: Loose): string[] {
  const thumbs = arr(media.thumbnails).map((t) => str(obj(t).url));
  const contents = [...arr(media.contents), ...arr(media.groups).flatMap((g) => arr(obj(g).contents))]
    .map(obj)
    .filter((c) => c.medium === 'image' || (typeof c.type === 'string' && c.type.startsWith('image/')) || (!c.medium && !c.type && /\.(?:jpe?g|png|gif|webp|avif)(?:\?|$)/i.test(String(c.url ?? ''))))
    .map((c) => str(c.url));
  return [...thumbs, ...contents].filter((u): u is string => !!u);
}

function enclosureImage(e: Loose): string[] {
  const url = str(e.url);
  return url && typeof e.type === 'string' && e.type.startsWith('image/') ? [url] : [];
}

/**
 * feedburner:origLink, which feedsmith leaves out: read (only when an item's link goes
 * through a feed proxy) with fast-xml-parser, entities unexpanded, items in order.
 */
function withOrigLinks(text: string, feed: RawFeed): RawFeed {
  if (!feed.items.some((i) => i.link && proxied(i.link))) return feed;
  let doc: Loose;
  try {
    doc = obj(new XMLParser({ ignoreAttributes: true, processEntities: false, htmlEntities: false, parseTagValue: false, ignoreDeclaration: true, ignorePiTags: true, transformTagName: (n) => n.toLowerCase() }).parse(text));
  } catch {
    return feed;
  }
  const channel = obj(obj(doc.rss).channel);
  const nodes = feed.format === 'atom' ? arr(obj(doc.feed).entry) : feed.format === 'rdf' ? arr(obj(doc['rdf:rdf']).item) : arr(channel.item);
  if (nodes.length !== feed.items.length && nodes.length < MAX_ITEMS) return feed;
  feed.items.forEach((item, i) => {
    const orig = str(obj(nodes[i])['feedburner:origlink']);
    if (orig) item.origLink = orig.trim();
  });
  return feed;
}

export function proxied(link: string): boolean {
  try {
    return FEED_PROXIES.test(new URL(link).hostname);
  } catch {
    return false;
  }
}
