import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** What a web page says about itself, for filling in a new record. */
export interface PageMetadata {
  title?: string;
  description?: string;
  siteName?: string;
  image?: string;
  publishedTime?: string;
}

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024 };

export class FetchProblem extends Error {}

/**
 * Reads a page's Open Graph, Twitter and HTML metadata. Only http(s); gives up after
 * `timeoutMs` and reads at most `maxBytes` of the page (the head is at the start).
 */
export async function fetchPageMetadata(url: string, limits: FetchLimits = DEFAULT_FETCH_LIMITS): Promise<PageMetadata> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FetchProblem(`"${url}" is not a web address`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new FetchProblem(`only http and https pages can be fetched, not ${parsed.protocol}`);

  const signal = AbortSignal.timeout(limits.timeoutMs);
  let html = '';
  try {
    const res = await fetch(parsed, { signal, redirect: 'follow', headers: { accept: 'text/html,application/xhtml+xml', 'user-agent': 'DigitalHealthCurated/1.0 (+editor tool)' } });
    if (!res.ok) throw new FetchProblem(`the page answered ${res.status} ${res.statusText}`);
    const type = res.headers.get('content-type') ?? '';
    if (type && !/html/i.test(type)) throw new FetchProblem(`the address is not a web page (${type})`);
    const reader = res.body?.getReader();
    const decoder = new TextDecoder();
    let bytes = 0;
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      html += decoder.decode(value, { stream: true });
      if (bytes >= limits.maxBytes || /<\/head>/i.test(html)) {
        await reader.cancel();
        break;
      }
    }
  } catch (err) {
    if (err instanceof FetchProblem) throw err;
    if ((err as Error).name === 'TimeoutError' || signal.aborted) throw new FetchProblem(`the page did not answer within ${limits.timeoutMs / 1000} s`);
    throw new FetchProblem(`the page could not be fetched: ${(err as Error).message}`);
  }
  return readMetadata(html, parsed);
}

/** Metadata from the `<head>` of an HTML document; URLs resolved against the page. */
function readMetadata(html: string, base: URL): PageMetadata {
  const meta = new Map<string, string>();
  let title: string | undefined;
  const visit = (node: Node) => {
    if ('tagName' in node) {
      const el = node as Element;
      if (el.tagName === 'meta') {
        const attr = (name: string) => el.attrs.find((a) => a.name === name)?.value;
        const key = (attr('property') ?? attr('name'))?.toLowerCase();
        const content = attr('content')?.trim();
        if (key && content && !meta.has(key)) meta.set(key, content);
      } else if (el.tagName === 'title' && title === undefined) {
        title = el.childNodes.map((c) => ('value' in c ? c.value : '')).join('').trim();
      } else if (el.tagName === 'body') {
        return;
      }
    }
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
  };
  visit(parse(html) as unknown as Node);

  const absolute = (value: string | undefined) => {
    if (!value) return undefined;
    try {
      const u = new URL(value, base);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
    } catch {
      return undefined;
    }
  };
  const clean = (v: string | undefined) => (v ? v.replace(/\s+/g, ' ').trim() || undefined : undefined);
  return {
    title: clean(meta.get('og:title') ?? meta.get('twitter:title') ?? title),
    description: clean(meta.get('og:description') ?? meta.get('twitter:description') ?? meta.get('description')),
    siteName: clean(meta.get('og:site_name')),
    image: absolute(meta.get('og:image') ?? meta.get('twitter:image')),
    publishedTime: clean(meta.get('article:published_time')),
  };
}
