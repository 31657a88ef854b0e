import crypto from 'node:crypto';
import type { StoreStamp } from '../store/queries/routing';

/**
 * HTTP validators for pages rendered from the store. A page changes only when a new
 * store is published, a new build is deployed or the day changes (events turn from
 * upcoming to past by the date: the home page, /events, calendars and event pages say
 * so), so the three identify its version: a CDN or browser can keep a page and
 * revalidate it with a cheap 304.
 */
export interface Validators {
  etag: string;
  lastModified: string;
}

/**
 * Browsers revalidate every time. Shared caches that purge by surrogate key (Varnish,
 * CDNs; every change purges the pages it touched) keep a page until the day changes
 * (a page is a function of the day too: see pageDay), may answer
 * from a copy for a minute while they fetch a fresh one, and for a day while the
 * origins are down. A cache that cannot purge (nginx, deploy/nginx/site.conf) keeps a
 * page for one second instead, by `X-Accel-Expires`.
 */
export function pageCacheControl(now = Date.now()): string {
  return `public, max-age=0, s-maxage=${secondsLeftInDay(now)}, stale-while-revalidate=60, stale-if-error=86400`;
}

/** The day (UTC) a page is rendered on, a part of its version: `2026-12-03`. */
export function pageDay(now = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

/** Whole seconds until the next day (UTC), at least 1: how long a shared cache may keep a page without asking. */
function secondsLeftInDay(now: number): number {
  return Math.max(1, Math.ceil((Math.floor(now / DAY_MS + 1) * DAY_MS - now) / 1000));
}
export const UNPURGEABLE_CACHE_SECONDS = '1';

/** The surrogate-key headers of a response, in the names cache tiers use (Varnish xkey, Fastly, Cloudflare). */
export function surrogateKeyHeaders(keys: string[]): Record<string, string> {
  return { xkey: keys.join(' '), 'Surrogate-Key': keys.join(' '), 'Cache-Tag': keys.join(',') };
}

/**
 * Headers by which Next.js asks for another form of a page than its HTML (a React Server
 * Components payload, a prefetch, a server action), at the page's own URL. The page's
 * validators vary on them (proxy.ts), the front server never keeps an answer to one
 * (lib/serving/front-server.ts), and Varnish passes them (deploy/varnish/default.vcl,
 * kept in step by tests/unit/urls.test.ts).
 */
export const RSC_REQUEST_HEADERS = ['rsc', 'next-router-prefetch', 'next-router-state-tree', 'next-router-segment-prefetch', 'next-action'] as const;

/** Which form of a page a request asks for: its RSC headers' values, for pageValidators. */
export function pageVariant(headers: RequestHeaders): string {
  return RSC_REQUEST_HEADERS.map((h) => headers.get(h) ?? '').join('|');
}

/** `variant` separates representations of one URL (Next.js serves RSC payloads on the same path). */
export function pageValidators(stamp: StoreStamp, buildId: string, variant: string, now = Date.now()): Validators {
  const tag = crypto.createHash('sha1').update(`${buildId}\0${stamp.digest}\0${variant}\0${pageDay(now)}`).digest('base64url').slice(0, 22);
  // Modified when the store changed or the day began, whichever is later.
  const dayBegan = Math.floor(now / DAY_MS) * DAY_MS;
  return { etag: `W/"${tag}"`, lastModified: new Date(Math.max(stamp.changedAt.getTime(), dayBegan)).toUTCString() };
}

/** What isNotModified reads of a request: a fetch `Headers`, or an adapter over Node's. */
export interface RequestHeaders {
  get(name: string): string | null;
}

/** RFC 9110 §13.1: If-None-Match wins over If-Modified-Since. */
export function isNotModified(headers: RequestHeaders, v: Validators): boolean {
  const inm = headers.get('if-none-match');
  if (inm !== null) {
    const weak = (t: string) => t.trim().replace(/^W\//, '');
    return inm.trim() === '*' || inm.split(',').some((t) => weak(t) === weak(v.etag));
  }
  const ims = headers.get('if-modified-since');
  if (ims !== null) {
    const since = Date.parse(ims);
    // HTTP dates have whole seconds.
    return !Number.isNaN(since) && Math.floor(Date.parse(v.lastModified) / 1000) <= Math.floor(since / 1000);
  }
  return false;
}
