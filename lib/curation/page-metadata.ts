import http from 'node:http';
import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { defaultReach, FetchProblem, guardedGet, isPublicAddress, type Answer } from './guarded-fetch';

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
  /** Redirects followed at most. */
  maxRedirects?: number;
  /**
   * Origins fetched even though they are on this machine or a private network: for tests
   * against a local server only (the CLI never sets it; FETCH_ALLOW names hosts for every
   * fetch). Everything else must resolve to public addresses only.
   */
  trustedOrigins?: string[];
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024, maxRedirects: 5 };

export { FetchProblem, isPublicAddress };

/** One GET, to a checked address; the caller reads or discards the body. */
function get(url: URL, limits: FetchLimits, signal: AbortSignal): Promise<Answer> {
  const reach = { trustedOrigins: limits.trustedOrigins, allow: defaultReach().allow };
  return guardedGet(url, { signal, reach, headers: { accept: 'text/html,application/xhtml+xml', 'user-agent': 'DigitalHealthCurated/1.0 (+editor tool)' } });
}

/**
 * Reads a page's Open Graph, Twitter and HTML metadata. Only http(s), only public
 * addresses (checked again at every redirect); gives up after `timeoutMs` and reads at
 * most `maxBytes` of the page (the head is at the start).
 */
export async function fetchPageMetadata(url: string, limits: FetchLimits = DEFAULT_FETCH_LIMITS): Promise<PageMetadata> {
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new FetchProblem(`"${url}" is not a web address`);
  }
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let html = '';
  try {
    for (let hop = 0; ; hop++) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new FetchProblem(`only http and https pages can be fetched, not ${current.protocol}`);
      const answer = await get(current, limits, signal);
      if (answer.status >= 300 && answer.status < 400 && answer.headers.location) {
        answer.body.resume();
        if (hop >= (limits.maxRedirects ?? 5)) throw new FetchProblem(`the page redirects more than ${limits.maxRedirects ?? 5} times`);
        current = new URL(answer.headers.location, current);
        continue;
      }
      if (answer.status < 200 || answer.status >= 300) {
        answer.body.resume();
        throw new FetchProblem(`the page answered ${answer.status} ${http.STATUS_CODES[answer.status] ?? ''}`.trim());
      }
      const type = answer.headers['content-type'] ?? '';
      if (type && !/html/i.test(type)) {
        answer.body.destroy();
        throw new FetchProblem(`the address is not a web page (${type})`);
      }
      const decoder = new TextDecoder();
      let bytes = 0;
      for await (const chunk of answer.body as AsyncIterable<Buffer>) {
        bytes += chunk.byteLength;
        html += decoder.decode(chunk, { stream: true });
        if (bytes >= limits.maxBytes || /<\/head>/i.test(html)) {
          answer.body.destroy();
          break;
        }
      }
      break;
    }
  } catch (err) {
    if (err instanceof FetchProblem) throw err;
    if ((err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError' || signal.aborted) throw new FetchProblem(`the page did not answer within ${limits.timeoutMs / 1000} s`);
    throw new FetchProblem(`the page could not be fetched: ${(err as Error).message}`);
  }
  return readMetadata(html, current);
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
