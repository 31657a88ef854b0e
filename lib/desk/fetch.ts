import http from 'node:http';
import zlib from 'node:zlib';
import { FetchProblem, guardedGet, type Reach } from '../curation/guarded-fetch';

/**
 * One polite, bounded request for a feed: the SSRF guard of `curate --fetch` (public
 * addresses only, checked at connect and at every redirect; FETCH_ALLOW admits named
 * hosts), a User-Agent that says who asks, the validators of the last answer
 * (If-None-Match, If-Modified-Since) so an unchanged feed costs a 304, gzip, deflate or
 * brotli, and caps on time and on size counted after decompression (a gzip bomb stops
 * at the cap, never in memory).
 */
export interface FeedRequest {
  url: string;
  etag?: string | null;
  lastModified?: string | null;
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  reach: Reach;
  agents?: { http: http.Agent; https: http.Agent };
}

export type FeedAnswer =
  | { kind: 'ok'; bytes: Buffer; contentType: string | null; etag: string | null; lastModified: string | null; url: string; movedTo: string | null }
  | { kind: 'not-modified'; movedTo: string | null }
  | { kind: 'gone'; movedTo: string | null }
  | { kind: 'failed'; reason: string; status: number | null; retryAfterMs: number | null };

export const DEFAULT_FEED_LIMITS = { timeoutMs: 20_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };

export async function fetchFeed(request: FeedRequest): Promise<FeedAnswer> {
  let current: URL;
  try {
    current = new URL(request.url);
  } catch {
    return failed(`"${request.url}" is not a web address`);
  }
  const signal = AbortSignal.timeout(request.timeoutMs);
  // Where the feed now lives, when every redirect so far was permanent (301, 308).
  let movedTo: string | null = null;
  let permanent = true;
  try {
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = {
        'user-agent': request.userAgent,
        accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
      };
      if (request.etag) headers['if-none-match'] = request.etag;
      if (request.lastModified) headers['if-modified-since'] = request.lastModified;
      const agent = request.agents ? (current.protocol === 'https:' ? request.agents.https : request.agents.http) : undefined;
      const answer = await guardedGet(current, { signal, headers, reach: request.reach, agent });
      const { status } = answer;
      if (status >= 300 && status < 400 && status !== 304) {
        answer.body.resume();
        const location = answer.headers.location;
        if (!location) return failed(`the server answered ${status} without saying where the feed went`, status);
        if (hop >= request.maxRedirects) return failed(`the feed redirects more than ${request.maxRedirects} times`, status);
        const next = new URL(location, current);
        permanent &&= status === 301 || status === 308;
        if (permanent) movedTo = next.toString();
        current = next;
        continue;
      }
      if (status === 304) {
        answer.body.resume();
        return { kind: 'not-modified', movedTo };
      }
      if (status === 410) {
        answer.body.resume();
        return { kind: 'gone', movedTo };
      }
      if (status < 200 || status >= 300) {
        answer.body.resume();
        return failed(`the server answered ${status} ${http.STATUS_CODES[status] ?? ''}`.trim(), status, retryAfter(answer.headers['retry-after']));
      }
      const bytes = await readBody(answer.body, answer.headers['content-encoding'], request.maxBytes);
      const header = (name: string) => {
        const v = answer.headers[name];
        return typeof v === 'string' && v.length <= 1000 ? v : null;
      };
      return { kind: 'ok', bytes, contentType: header('content-type'), etag: header('etag'), lastModified: header('last-modified'), url: current.toString(), movedTo };
    }
  } catch (err) {
    if (err instanceof FetchProblem) return failed(err.message);
    if ((err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError' || signal.aborted) return failed(`the feed did not arrive within ${request.timeoutMs / 1000} s`);
    const code = (err as NodeJS.ErrnoException).code;
    return failed(`the feed could not be fetched: ${code ?? ''} ${(err as Error).message}`.replace(/\s+/g, ' ').trim());
  }
}

function failed(reason: string, status: number | null = null, retryAfterMs: number | null = null): FeedAnswer {
  return { kind: 'failed', reason, status, retryAfterMs };
}

/** Retry-After in seconds or as a date, as milliseconds from now (at most a week). */
function retryAfter(value: string | string[] | undefined): number | null {
  if (typeof value !== 'string') return null;
  const seconds = /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 7 * 86_400_000) : null;
}

/** The body, decompressed, refused past `maxBytes` (before or after decompression). */
async function readBody(body: http.IncomingMessage, encoding: string | string[] | undefined, maxBytes: number): Promise<Buffer> {
  const coding = typeof encoding === 'string' ? encoding.trim().toLowerCase() : '';
  let stream: NodeJS.ReadableStream = body;
  let decompressor: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null = null;
  if (coding === 'gzip' || coding === 'x-gzip') decompressor = zlib.createGunzip();
  else if (coding === 'deflate') decompressor = zlib.createInflate();
  else if (coding === 'br') decompressor = zlib.createBrotliDecompress();
  else if (coding && coding !== 'identity') {
    body.destroy();
    throw new FetchProblem(`the feed came compressed as "${coding.slice(0, 40)}", which is not read`);
  }
  if (decompressor) {
    let raw = 0;
    body.on('data', (chunk: Buffer) => {
      raw += chunk.byteLength;
      if (raw > maxBytes) body.destroy(new FetchProblem(tooLarge(maxBytes)));
    });
    body.on('error', (err) => decompressor!.destroy(err));
    stream = body.pipe(decompressor);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new FetchProblem(tooLarge(maxBytes));
      chunks.push(chunk);
    }
  } catch (err) {
    body.destroy();
    decompressor?.destroy();
    if (err instanceof FetchProblem) throw err;
    if ((err as NodeJS.ErrnoException).code?.startsWith('Z_') || (err as NodeJS.ErrnoException).code === 'ERR__ERROR_FORMAT_PADDING_1') throw new FetchProblem(`the feed's ${coding} compression is broken: ${(err as Error).message}`);
    throw err;
  }
  return Buffer.concat(chunks);
}

const tooLarge = (maxBytes: number) => `the feed is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB (after decompression); it is not read`;
