import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { LRUCache } from 'lru-cache';
import Negotiator from 'negotiator';
import { withEdgeHeaders } from './edge-headers';
import { StoreVersion } from './store-version';

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

export type Encoding = 'br' | 'gzip' | 'identity';

/** A response as the app sent it, body complete and uncompressed. */
export interface UpstreamResponse {
  status: number;
  /** Lower-case names; hop-by-hop and length/encoding headers already removed. */
  headers: [name: string, value: string][];
  body: Buffer;
}

/**
 * A response ready to be written many times: one body per content coding, compressed
 * once when the entry is made (on libuv's thread pool, off the event loop), and the
 * header list for each, so that a hit is a lookup and one write.
 */
export class PreparedResponse {
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly size: number;

  private constructor(
    readonly status: number,
    private readonly bodies: Partial<Record<Encoding, Buffer>> & { identity: Buffer },
    private readonly headerLists: Partial<Record<Encoding, string[]>> & { identity: string[] },
    /** Headers of a 304 answered from this entry (RFC 9110 §15.4.5). */
    readonly notModifiedHeaders: string[],
    headers: [string, string][],
  ) {
    this.etag = headers.find(([n]) => n === 'etag')?.[1] ?? null;
    this.lastModified = headers.find(([n]) => n === 'last-modified')?.[1] ?? null;
    this.size = Object.values(bodies).reduce((sum, b) => sum + b.length, 0) + Object.values(headerLists).reduce((sum, list) => sum + list.join('').length, 0) + 200;
  }

  static async prepare(response: UpstreamResponse): Promise<PreparedResponse> {
    const headers = response.headers.filter(([name]) => name !== 'vary');
    const upstreamVary = response.headers.find(([name]) => name === 'vary')?.[1];
    const alreadyEncoded = response.headers.some(([name]) => name === 'content-encoding');
    const compress = !alreadyEncoded && isCompressible(response.headers) && response.body.length >= 256;
    const vary = compress ? withAcceptEncoding(upstreamVary) : upstreamVary;
    const base = withEdgeHeaders(headers.flat());
    if (vary) base.push('vary', vary);
    const bodies: Partial<Record<Encoding, Buffer>> & { identity: Buffer } = { identity: response.body };
    if (compress) {
      const [gz, br] = await Promise.all([
        gzip(response.body, { level: 6 }),
        // Quality 6: within a few percent of 11 on these pages at a tenth of the time.
        brotli(response.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: response.body.length } }),
      ]);
      bodies.gzip = gz;
      bodies.br = br;
    }
    const headerLists: Partial<Record<Encoding, string[]>> & { identity: string[] } = { identity: [...base, 'content-length', String(response.body.length)] };
    for (const encoding of ['gzip', 'br'] as const) {
      const body = bodies[encoding];
      if (body) headerLists[encoding] = [...base, 'content-encoding', encoding, 'content-length', String(body.length)];
    }
    const notModified = headers.filter(([name]) => ['etag', 'last-modified', 'cache-control', 'expires', 'content-location', 'x-accel-expires', 'xkey', 'surrogate-key', 'cache-tag'].includes(name)).flat();
    if (vary) notModified.push('vary', vary);
    return new PreparedResponse(response.status, bodies, headerLists, notModified, headers);
  }

  /** The best coding the client accepts among those this entry has. */
  encodingFor(acceptEncoding: string | undefined): Encoding {
    if (!this.bodies.br) return 'identity';
    return negotiateEncoding(acceptEncoding);
  }

  body(encoding: Encoding): Buffer {
    return this.bodies[encoding] ?? this.bodies.identity;
  }

  headers(encoding: Encoding): string[] {
    return this.headerLists[encoding] ?? this.headerLists.identity;
  }
}

/** What a fill produced; `shareable` responses may go to every request that waited on it. */
export interface Filled {
  response: PreparedResponse;
  /** May be kept and sent to other clients: public, no cookie. */
  shareable: boolean;
}

export interface PageCacheOptions {
  /** The SQLite store every cached response was rendered from. */
  storeFile: string;
  /** Bound on the bytes of all entries (every coding of every body, and headers). */
  maxBytes: number;
  /** How long a store change may go unnoticed (see StoreVersion). */
  storeCheckIntervalMs: number;
}

/**
 * Responses of reader pages, kept until the store changes: every page is a function of
 * the store and the build, so a change of the store file drops everything, and a new
 * build comes with a restart. Least recently used entries go first past `maxBytes`.
 *
 * Concurrent misses of one key share one rendering. A rendering that began on one store
 * and ended on another is answered but not kept, so no entry ever holds content older
 * than the store it is filed under.
 */
export class PageCache {
  readonly store: StoreVersion;
  private readonly entries: LRUCache<string, PreparedResponse>;
  private readonly inflight = new Map<string, Promise<Filled>>();
  /** Counters for tests and benchmarks. */
  readonly stats = { hits: 0, fills: 0, joined: 0, discarded: 0, invalidations: 0 };

  constructor(options: PageCacheOptions) {
    this.entries = new LRUCache<string, PreparedResponse>({
      maxSize: options.maxBytes,
      maxEntrySize: Math.max(1, Math.floor(options.maxBytes / 4)),
      sizeCalculation: (entry) => entry.size,
    });
    this.store = new StoreVersion(options.storeFile, options.storeCheckIntervalMs, () => {
      this.stats.invalidations++;
      this.entries.clear();
    });
  }

  get(key: string): PreparedResponse | undefined {
    this.store.current();
    const entry = this.entries.get(key);
    if (entry) this.stats.hits++;
    return entry;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.entries.calculatedSize };
  }

  /**
   * The response for `key`, rendered by `render` unless a rendering of it on the same store
   * is already under way, in which case this waits for that one. Kept if `render` says it
   * may be and the store did not change while it ran.
   */
  fill(key: string, render: () => Promise<Filled>): Promise<Filled & { joined: boolean }> {
    // Keyed by store too: a request that arrives after a store change never waits on a
    // rendering that began before it.
    const flight = `${this.store.current()}\0${key}`;
    const pending = this.inflight.get(flight);
    if (pending) {
      this.stats.joined++;
      return pending.then((filled) => ({ ...filled, joined: true }));
    }
    const started = (async () => {
      const before = this.store.fresh();
      try {
        const filled = await render();
        this.stats.fills++;
        if (filled.shareable && before !== null && this.store.fresh() === before) this.entries.set(key, filled.response);
        else if (filled.shareable) this.stats.discarded++;
        return filled;
      } finally {
        this.inflight.delete(flight);
      }
    })();
    this.inflight.set(flight, started);
    return started.then((filled) => ({ ...filled, joined: false }));
  }
}

const COMPRESSIBLE = /^(text\/|application\/(json|xml|rss\+xml|atom\+xml|feed\+json|ld\+json|manifest\+json|javascript)|image\/svg\+xml)/i;

function isCompressible(headers: [string, string][]): boolean {
  const type = headers.find(([name]) => name === 'content-type')?.[1];
  return type !== undefined && COMPRESSIBLE.test(type);
}

function withAcceptEncoding(vary: string | undefined): string {
  if (!vary) return 'Accept-Encoding';
  if (vary.split(',').some((v) => v.trim().toLowerCase() === 'accept-encoding')) return vary;
  return `${vary}, Accept-Encoding`;
}

/** Clients send few distinct Accept-Encoding values; parse each once. */
const negotiated = new Map<string, Encoding>();
const AVAILABLE: Encoding[] = ['br', 'gzip', 'identity'];

function negotiateEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  let encoding = negotiated.get(acceptEncoding);
  if (encoding === undefined) {
    // negotiator 1.x takes a server preference for ties (its published types predate it).
    const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } }) as unknown as { encoding(available: Encoding[], options: { preferred: Encoding[] }): Encoding | undefined };
    encoding = negotiator.encoding(AVAILABLE, { preferred: AVAILABLE }) ?? 'identity';
    if (negotiated.size > 1000) negotiated.clear();
    negotiated.set(acceptEncoding, encoding);
  }
  return encoding;
}
