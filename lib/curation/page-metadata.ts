import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import ipaddr from 'ipaddr.js';
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
  /** Redirects followed at most. */
  maxRedirects?: number;
  /**
   * Origins fetched even though they are on this machine or a private network: for tests
   * against a local server only (the CLI never sets it). Everything else must resolve to
   * public addresses only.
   */
  trustedOrigins?: string[];
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024, maxRedirects: 5 };

export class FetchProblem extends Error {}

/**
 * Whether an address is on the public internet: not this machine (loopback), not a
 * private, unique-local, link-local (cloud metadata at 169.254.169.254), shared (CGNAT),
 * multicast, broadcast or reserved range, nor an IPv6 form that embeds one (IPv4-mapped,
 * 6to4, Teredo, NAT64).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/**
 * Resolves a host name the way the connection will, refusing it unless every address it
 * has is public (a name with one private address among public ones could be answered
 * with that one next time). The socket then connects to the address checked here, so a
 * second, different answer from DNS (rebinding) is never used.
 */
function checkedLookup(hostname: string, _options: object, callback: (err: Error | null, address: string, family: number) => void): void {
  dns.lookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
    if (err) return callback(new FetchProblem(`the host ${hostname} could not be found (${err.code ?? err.message})`), '', 0);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused || addresses.length === 0) return callback(new FetchProblem(notPublic(hostname, refused?.address ?? 'no address')), '', 0);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

const notPublic = (host: string, address: string) =>
  `${host} is ${address === host ? 'an address' : `at ${address}, an address`} of this machine or a private network; only public web pages can be fetched`;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

/** One GET, to a checked address; the caller reads or discards the body. */
function get(url: URL, limits: FetchLimits, signal: AbortSignal): Promise<Answer> {
  const trusted = limits.trustedOrigins?.includes(url.origin) ?? false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!trusted && ipaddr.isValid(host) && !isPublicAddress(host)) return Promise.reject(new FetchProblem(notPublic(host, host)));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      {
        signal,
        lookup: trusted ? undefined : (checkedLookup as unknown as http.RequestOptions['lookup']),
        headers: { accept: 'text/html,application/xhtml+xml', 'user-agent': 'DigitalHealthCurated/1.0 (+editor tool)' },
      },
      (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }),
    );
    request.on('error', (err) => reject(err instanceof FetchProblem ? err : (err as NodeJS.ErrnoException & { cause?: unknown }).cause instanceof FetchProblem ? (err as { cause: FetchProblem }).cause : err));
  });
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
