import crypto from 'node:crypto';
import type { StoreStamp } from '../store/queries/routing';

/**
 * HTTP validators for pages rendered from the store. A page changes only when a new
 * store is published or a new build is deployed, so both identify its version: a
 * CDN or browser can keep a page and revalidate it with a cheap 304.
 */
export interface Validators {
  etag: string;
  lastModified: string;
}

/**
 * Browsers revalidate every time; shared caches (a CDN, nginx) may serve a page for
 * one second before revalidating, which bounds how stale a page can be after an ingest.
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=1, must-revalidate';

/** `variant` separates representations of one URL (Next.js serves RSC payloads on the same path). */
export function pageValidators(stamp: StoreStamp, buildId: string, variant: string): Validators {
  const tag = crypto.createHash('sha1').update(`${buildId}\0${stamp.digest}\0${stamp.ingestedAt.getTime()}\0${variant}`).digest('base64url').slice(0, 22);
  return { etag: `W/"${tag}"`, lastModified: stamp.ingestedAt.toUTCString() };
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
