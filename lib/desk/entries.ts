import { parseFragment, serialize } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { cleanLink, linkKey } from '../content/link';
import { renderBodies } from '../ingest/preparation';
import { parseFeedDate } from './dates';
import { proxied, type RawFeed, type RawItem, type RawText } from './parse';

/**
 * A feed's items as the desk uses them, every field cleaned here and only here: titles
 * as plain text (entities decoded, markup dropped), links absolute (against the item's
 * and the feed's xml:base and the feed's own address), http(s) only, without tracking
 * parameters, the publisher's own address instead of a feed proxy's; dates read
 * (lib/desk/dates.ts); summaries and bodies through the site's own sanitizer
 * (lib/content/render.ts); an image from the media, enclosures or the first image of
 * the content. An item a reader could not open (no usable link) is left out, with why.
 */
export interface FeedEntry {
  title: string;
  /** The article's address, cleaned as `curate` cleans it. */
  link: string;
  /** linkKey(link): what "the same article" means. */
  key: string;
  /** Link keys of other addresses the item gives for itself (a proxy's, a permalink guid, an external URL). */
  alternateKeys: string[];
  published: Date | null;
  /** Sanitized HTML, short (an excerpt when the feed gives the whole article). */
  summaryHtml: string;
  summaryText: string;
  image: string | null;
  /**
   * Sanitized HTML of the whole content (a feed-item record's body), or the summary's:
   * made when asked (publish mode), as sanitizing whole articles is most of a poll's work.
   */
  body: () => Promise<string>;
  categories: string[];
  author: string | null;
}

export interface SkippedEntry {
  title: string | null;
  reason: string;
}

/** Longer summaries become a plain-text excerpt of this many characters. */
const SUMMARY_CHARS = 600;
const TITLE_CHARS = 300;

/**
 * A feed's items as the desk uses them. Summaries are sanitized together, off this thread
 * and under the record deadline (lib/ingest/preparation.ts), like every body the site
 * renders: a feed is as untrusted as a record.
 */
export async function feedEntries(feed: RawFeed, feedUrl: string, now = Date.now()): Promise<{ entries: FeedEntry[]; skipped: SkippedEntry[] }> {
  const feedBase = absolute(feed.base, feedUrl) ?? feedUrl;
  const made: { entry: FeedEntry; summary: Prepared | null }[] = [];
  const skipped: SkippedEntry[] = [];
  for (const item of feed.items) {
    const one = entryOf(item, feedBase, now);
    if ('reason' in one) skipped.push(one);
    else made.push(one);
  }
  const marked = made.filter((m) => m.summary?.markup);
  const html = await sanitized(marked.map((m) => m.summary!));
  marked.forEach((m, i) => (m.entry.summaryHtml = html[i]!));
  return { entries: made.map((m) => m.entry), skipped };
}

function entryOf(item: RawItem, feedBase: string, now: number): { entry: FeedEntry; summary: Prepared | null } | SkippedEntry {
  const base = absolute(item.base, feedBase) ?? feedBase;
  const title = item.title ? plainText(item.title).slice(0, TITLE_CHARS).trim() : '';

  const link = absolute(item.link, base);
  const orig = absolute(item.origLink, base);
  const guid = item.guidIsPermaLink ? absolute(item.guid, base) : null;
  // A proxy's address hides the publisher's: the item's original, or its permalink guid, instead.
  const primary = link && proxied(link) ? (orig ?? guid ?? link) : (link ?? guid ?? absolute(item.alternates[0], base));
  if (!primary) return { title: title || null, reason: item.link ? `its link "${item.link.slice(0, 100)}" is not a web address` : 'it has no link' };
  const cleaned = cleanLink(primary);
  const key = linkKey(cleaned);
  const alternateKeys = [...new Set([link, orig, guid, ...item.alternates.map((a) => absolute(a, base))].filter((u): u is string => !!u).map(linkKey))].filter((k) => k !== key);

  // The whole content is read only when something needs it: no summary, no image yet, the body.
  let contentRead: Prepared | null | undefined;
  const content = () => (contentRead === undefined ? (contentRead = item.content ? prepared(item.content, base) : null) : contentRead);
  const summarySource = item.summary ? prepared(item.summary, base) : content();
  const summaryText = summarySource?.text ?? '';
  // A long summary (often the whole article) is shown as a text excerpt; a short one sanitized (by feedEntries).
  const long = summaryText.length > SUMMARY_CHARS;
  const summaryHtml = !summarySource ? '' : long ? `<p>${escapeHtml(excerpt(summaryText))}</p>` : summarySource.markup ? '' : summarySource.html;
  const image = item.images.map((u) => absolute(u, base)).find((u): u is string => !!u) ?? summarySource?.firstImage ?? content()?.firstImage ?? null;

  const finalTitle = title || excerpt(summaryText, 120);
  if (!finalTitle) return { title: null, reason: `it has neither a title nor a summary (${cleaned})` };
  const entry: FeedEntry = {
    title: finalTitle,
    link: cleaned,
    key,
    alternateKeys,
    published: parseFeedDate(item.published, now),
    summaryHtml,
    summaryText: summaryText.length > SUMMARY_CHARS ? excerpt(summaryText) : summaryText,
    image,
    body: async () => {
      const source = content() ?? summarySource;
      return source ? (await sanitized([source]))[0]! : '';
    },
    categories: item.categories.map((c) => c.replace(/\s+/g, ' ').trim()).filter(Boolean).slice(0, 20),
    author: item.author?.replace(/\s+/g, ' ').trim().slice(0, 200) || null,
  };
  return { entry, summary: summarySource && !long ? summarySource : null };
}

/** An http(s) address, resolved against `base`; null for anything else (`javascript:`, `data:`, junk). */
export function absolute(value: string | null | undefined, base: string): string | null {
  if (!value?.trim()) return null;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** Plain text of a title: markup dropped, entities decoded, spaces collapsed. */
export function plainText(text: RawText): string {
  if (!text.html) return text.value.replace(/\s+/g, ' ').trim();
  const out: string[] = [];
  const visit = (node: Node) => {
    if ('value' in node && node.nodeName === '#text') out.push(node.value);
    if ('tagName' in node && (node.tagName === 'script' || node.tagName === 'style')) return;
    if ('childNodes' in node) for (const c of node.childNodes) visit(c);
  };
  visit(parseFragment(text.value) as unknown as Node);
  return out.join('').replace(/\s+/g, ' ').trim();
}

interface Prepared {
  /** HTML with absolute addresses (or paragraphs of text), not yet sanitized. */
  html: string;
  /** Its plain text. */
  text: string;
  firstImage: string | null;
  markup: boolean;
}

/**
 * A summary or content, parsed once (parse5): relative addresses made absolute against
 * the item's base (else they would point into this site), its text, its first image.
 * Sanitizing (`sanitize`) comes after, only for what is shown or written.
 */
function prepared(text: RawText, base: string): Prepared {
  if (!text.html) return { html: paragraphs(text.value), text: text.value.replace(/\s+/g, ' ').trim(), firstImage: null, markup: false };
  let firstImage: string | null = null;
  const words: string[] = [];
  const fragment = parseFragment(text.value);
  const visit = (node: Node) => {
    if ('value' in node && node.nodeName === '#text') words.push(node.value);
    if ('tagName' in node) {
      const el = node as Element;
      if (el.tagName === 'script' || el.tagName === 'style') return;
      for (const attr of el.attrs) {
        if ((attr.name === 'href' && el.tagName === 'a') || (attr.name === 'src' && (el.tagName === 'img' || el.tagName === 'source'))) {
          attr.value = absolute(attr.value, base) ?? '';
        }
      }
      if (el.tagName === 'img' && !firstImage) firstImage = el.attrs.find((a) => a.name === 'src')?.value || null;
      if (/^(p|br|div|li|h[1-6]|tr|blockquote)$/.test(el.tagName)) words.push(' ');
    }
    if ('childNodes' in node) for (const c of node.childNodes) visit(c);
  };
  visit(fragment as unknown as Node);
  return { html: serialize(fragment), text: words.join('').replace(/\s+/g, ' ').trim(), firstImage, markup: true };
}

/** Through the site's sanitizer (lib/content/render.ts), on the preparation service; a fragment refused becomes its text's excerpt. */
async function sanitized(parts: Prepared[]): Promise<string[]> {
  const marked = parts.filter((p) => p.markup);
  const rendered = marked.length ? await renderBodies(marked.map((p) => `<div>${p.html}</div>`)) : [];
  let next = 0;
  return parts.map((p) => {
    if (!p.markup) return p.html;
    const r = rendered[next++]!;
    return r.ok ? r.html.replace(/^<div>([\s\S]*)<\/div>$/, '$1').trim() : paragraphs(excerpt(p.text));
  });
}

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
}

function excerpt(text: string, max = SUMMARY_CHARS): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max * 0.6)).trim()}…`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
