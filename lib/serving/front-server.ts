import http from 'node:http';
import { Pool, errors as undiciErrors, type Dispatcher } from 'undici';
import { isNotModified, RSC_REQUEST_HEADERS } from '../site/http-cache';
import { storeMissingHtml, UNAVAILABLE_HEADERS, UNAVAILABLE_STATUS } from '../site/unavailable';
import { stripClientRuntime } from './html';
import { withEdgeHeaderObject, withEdgeHeaders } from './edge-headers';
import { PageCache, PreparedResponse, type Filled, type UpstreamResponse } from './page-cache';
import { announcesBody, BODY_METHODS, bodyKind, BodyReceiver } from './request-body';
import { requestTarget, SiteHosts } from './request-target';
import { serveStatic, type StaticRoots } from './static-files';

export interface Upstream {
  host: string;
  port: number;
}

export interface FrontServerOptions {
  /** Where the Next.js server listens (loopback). */
  upstream: Upstream;
  cache: PageCache;
  /** A rendering, or an editor or API request, that takes longer than this is answered with 504. */
  upstreamTimeoutMs?: number;
  /** Host names the site answers to besides loopback and the address it listens on (SITE_URL's, SITE_HOSTS). */
  hostNames?: string[];
  /** Files answered from disk rather than by the app (images, the build's assets). */
  staticRoots?: StaticRoots;
  /** A request body must arrive whole within this long (default 10 s). */
  bodyDeadlineMs?: number;
  /** Request headers must arrive whole within this long (default 10 s). */
  headersTimeoutMs?: number;
}

/**
 * Paths the front server hands to the app untouched, request body and Set-Cookie included:
 * the web editor and the API (cookies, client JavaScript), Next.js's own paths, and images
 * (answered from disk when the server knows where they are: lib/serving/static-files.ts).
 */
const PASS_THROUGH_PREFIXES = ['/editor', '/api', '/_next/', '/media/'];

/** What lets a shared cache keep a response, and for how long: none of it on a variant of a reader page. */
const SHARED_CACHE_HEADERS = new Set(['cache-control', 'expires', 'x-accel-expires', 'xkey', 'surrogate-key', 'cache-tag', 'surrogate-control', 'cdn-cache-control']);

/** RFC 9110 §7.6.1: meaningful for one connection only; and what describes a body, which is sent with its own length. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect', 'content-length', 'host']);

/**
 * Headers Next.js reads as notes from its own router, proxy or platform (`x-middleware-subrequest`
 * skips the proxy, `x-now-route-matches` and `x-invoke-*` steer rendering): from a client,
 * attempts to steer the app; from the app, they name its private port.
 */
const APP_INTERNAL = /^(?:x-middleware-|x-invoke-|x-nextjs-|x-next-|x-prerender-|x-vercel-|x-now-|x-matched-path$)/;

const internalOrHopByHop = (name: string) => HOP_BY_HOP.has(name) || APP_INTERNAL.test(name);

/**
 * The request headers a shared rendering is made with: a page every reader gets must
 * depend on its URL alone, so nothing else a client sends reaches it but the forwarding
 * headers (added by withForwarding).
 */
const RENDER_HEADERS = ['accept', 'accept-language'];

/** Methods a reader page answers; everything else gets 405. */
const READER_METHODS = 'GET, HEAD';
/** Methods no path answers: TRACE and TRACK echo requests (cookies included), CONNECT tunnels. */
const REFUSED_METHODS = new Set(['TRACE', 'TRACK', 'CONNECT']);

/** Statuses worth keeping: pages, redirects from aliases, and not-found pages. */
const SHAREABLE_STATUSES = new Set([200, 301, 404]);

/** Renderings waiting for a connection to the app; past it, 503 rather than an ever longer queue. */
const MAX_RENDER_QUEUE = 256;
/** An answer of the app to the editor or API is held whole (it is small) so a slow client never holds the app's connection. */
const MAX_PASSED_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * The site's HTTP server: answers reader pages, feeds and sitemaps from `cache`, and
 * renders misses through the Next.js server at `upstream` (see PageCache for what is kept
 * and for how long). Every reader HTML page, kept or not, loses Next.js's client runtime
 * (lib/serving/html.ts). What it guarantees (README, Security):
 *
 * - One request to the app per request it answers, framed by this server: a page is
 *   rendered by a bodiless GET; a body (only on POST, PUT and PATCH) is read whole,
 *   bounded in size and time, and sent with its exact length. A body on any other method
 *   is refused with 400 and the connection closed. Connections to the app are undici's,
 *   which parses the app's answers strictly and never reuses a connection that saw an
 *   error.
 * - One cache key per page, from validated parts: the Host must be a host name the site
 *   answers to, the key is the normalized path and the query parameters the page reads.
 * - Time bounds: headers within 10 s, bodies within 10 s, budgets per kind of request
 *   and per address (lib/serving/request-body.ts); files stream from disk without the
 *   app (lib/serving/static-files.ts).
 */
export type FrontServer = http.Server & {
  /** Requests this server has sent to the app (each attempt): one per request it answered that needed the app. */
  readonly upstreamRequests: number;
};

export function createFrontServer(options: FrontServerOptions): FrontServer {
  const { cache, upstream } = options;
  const timeoutMs = options.upstreamTimeoutMs ?? 60_000;
  const origin = `http://${upstream.host.includes(':') ? `[${upstream.host}]` : upstream.host}:${upstream.port}`;
  // Next.js keeps connections open longer than these (`next start --keepAliveTimeout`), so an
  // idle one is never reused just as the app closes it. Renderings and the editor's
  // requests have pools of their own: neither can take all of the other's connections.
  const pools = {
    render: new Pool(origin, { connections: 32, pipelining: 1, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 30_000 }),
    pass: new Pool(origin, { connections: 16, pipelining: 1, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 30_000 }),
  };
  const hosts = new SiteHosts(options.hostNames ?? []);
  const bodies = new BodyReceiver(options.bodyDeadlineMs ?? 10_000);
  const statics = options.staticRoots ?? {};
  let warnedMissing = false;
  let upstreamRequests = 0;

  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const server = http.createServer(
    {
      keepAliveTimeout: 65_000,
      headersTimeout,
      // The whole request, body included (this server's own deadline on bodies is shorter).
      requestTimeout: Math.max(headersTimeout + 1, 30_000),
      // How often those deadlines are checked (Node's default, 30 s, would let a trickle live that long).
      connectionsCheckingInterval: 1_000,
      insecureHTTPParser: false,
      requireHostHeader: true,
      joinDuplicateHeaders: false,
    },
    (req, res) => {
      res.on('error', () => {});
      handle(req, res).catch(() => {
        if (!res.headersSent) refuse(res, 502, 'Bad gateway');
        else res.destroy();
      });
    },
  );
  server.on('listening', () => {
    const address = server.address();
    if (address && typeof address === 'object') hosts.addListening(address.address);
  });
  server.on('close', () => {
    void pools.render.destroy();
    void pools.pass.destroy();
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (socket.writable) socket.end(`HTTP/1.1 ${clientErrorStatus(error.code)}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? '';
    if (REFUSED_METHODS.has(method)) return refuse(res, 405, 'Method not allowed', { allow: READER_METHODS });
    // A body on a method whose requests have none (RFC 9110 §9.3): no meaning, and the
    // classic way to hide a second request inside the first. Refused, connection closed.
    if (announcesBody(req) && !BODY_METHODS.has(method)) return refuse(res, 400, `A ${method} request may not carry a body`, { connection: 'close' });
    const target = requestTarget(req.url ?? '', req.headers.host, req.httpVersion, hosts);
    if (!target.ok) return refuse(res, target.status, `Bad request: ${target.message}`, { connection: 'close' });

    if (method === 'GET' || method === 'HEAD') {
      if (serveStatic(statics, target.pathname, req, res)) return;
    } else if (isFilePath(target.pathname)) {
      return refuse(res, 405, 'Method not allowed', { allow: READER_METHODS });
    }
    const reader = isReaderPath(target.pathname);
    const variant = reader && isVariant(req);
    if (reader && !variant) {
      if (method !== 'GET' && method !== 'HEAD') return refuse(res, 405, 'Method not allowed', { allow: READER_METHODS });
      if (req.headers.upgrade === undefined) return shared(req, res, target.host, target.cacheKey);
    }
    return passThrough(req, res, target.host, target.pathname + rawQuery(req.url ?? ''), variant);
  }

  function shared(req: http.IncomingMessage, res: http.ServerResponse, host: string, key: string): void {
    if (cache.store.current() === null) {
      // Nothing ingested yet: every reader page would fail; say why, once, to the operator too.
      if (!warnedMissing) console.error(`serve: no store at ${cache.store.file}: run \`npm run ingest\` to build it`);
      warnedMissing = true;
      res.writeHead(UNAVAILABLE_STATUS, withEdgeHeaderObject({ ...UNAVAILABLE_HEADERS }));
      res.end(req.method === 'HEAD' ? undefined : storeMissingHtml());
      return;
    }
    warnedMissing = false;
    const hit = cache.get(key);
    if (hit) {
      send(req, res, hit);
      return;
    }
    if (pools.render.stats.queued > MAX_RENDER_QUEUE) return refuse(res, 503, 'The site is busy: try again in a moment', { 'retry-after': '5' });
    const peer = clientPeer(req);
    cache
      .fill(key, () => render(key, host, req.headers, peer))
      .then(async (filled) => {
        // Joined a rendering whose response belongs to its first requester only: render anew.
        const response = filled.joined && !filled.shareable ? (await render(key, host, req.headers, peer)).response : filled.response;
        send(req, res, response);
      })
      .catch((error: unknown) => {
        const status = isTimeout(error) ? 504 : 502;
        refuse(res, status, status === 504 ? 'Gateway timeout' : 'Bad gateway');
      });
  }

  /** The response to a GET of `path`, as every reader gets it: cookie-free, uncompressed, scripts removed. */
  async function render(path: string, host: string, from: http.IncomingHttpHeaders, peer: string): Promise<Filled> {
    const headers: Record<string, string> = {};
    for (const name of RENDER_HEADERS) {
      const value = from[name];
      if (typeof value === 'string') headers[name] = value;
    }
    if (host) headers.host = host;
    headers['accept-encoding'] = 'identity';
    const upstreamResponse = await requestUpstream(pools.render, { method: 'GET', path, headers: withForwarding({ ...headers, ...forwardingOf(from) }, peer) as Record<string, string> }, true);
    const encoded = upstreamResponse.headers.some(([name, value]) => name === 'content-encoding' && value !== 'identity');
    const type = upstreamResponse.headers.find(([name]) => name === 'content-type')?.[1] ?? '';
    if (!encoded && /^text\/html\b/i.test(type)) upstreamResponse.body = Buffer.from(stripClientRuntime(upstreamResponse.body.toString('utf8')));
    return { response: await PreparedResponse.prepare(upstreamResponse), shareable: !encoded && isShareable(upstreamResponse) };
  }

  /**
   * One request to the app and its whole answer (at most `MAX_PASSED_RESPONSE_BYTES`).
   * A GET that fails on a kept-alive connection the app closed as it went out is sent once
   * more on a new one.
   */
  async function requestUpstream(pool: Pool, request: { method: string; path: string; headers: Record<string, string | string[]>; body?: Buffer }, idempotent: boolean): Promise<UpstreamResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        upstreamRequests++;
        const response = await pool.request({
          method: request.method as Dispatcher.HttpMethod,
          path: request.path,
          headers: request.headers,
          body: request.body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        const body = await readWhole(response.body, MAX_PASSED_RESPONSE_BYTES);
        const kept: [string, string][] = [];
        for (const [name, value] of Object.entries(response.headers)) {
          if (internalOrHopByHop(name) || name === 'date' || value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) kept.push([name, v]);
        }
        return { status: response.statusCode, headers: kept, body };
      } catch (error) {
        if (idempotent && attempt === 1 && isConnectionReset(error)) continue;
        throw error;
      }
    }
  }

  async function passThrough(req: http.IncomingMessage, res: http.ServerResponse, host: string, path: string, variant: boolean): Promise<void> {
    const method = req.method ?? 'GET';
    let body: Buffer | undefined;
    if (BODY_METHODS.has(method)) {
      const received = await bodies.receive(req, bodyKind(path.split('?')[0]!), clientAddress(req));
      if (!received.ok) {
        const extra: Record<string, string> = { connection: 'close' };
        if (received.retryAfter) extra['retry-after'] = String(received.retryAfter);
        return refuse(res, received.status, received.message, extra);
      }
      body = received.body;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !internalOrHopByHop(name) && !FORWARDING_HEADERS.includes(name)) headers[name] = value;
    }
    if (host) headers.host = host;
    let response: UpstreamResponse;
    try {
      response = await requestUpstream(pools.pass, { method, path, headers: withForwarding({ ...headers, ...forwardingOf(req.headers) }, clientPeer(req)) as Record<string, string | string[]>, body }, method === 'GET' || method === 'HEAD');
    } catch (error) {
      return refuse(res, isTimeout(error) ? 504 : 502, isTimeout(error) ? 'Gateway timeout' : 'Bad gateway');
    }
    // A reader page asked for in another form (Next.js's RSC payloads and their redirects):
    // the page's proxy gave it the page's shared Cache-Control and surrogate keys, but a
    // cache keyed by URL would hand this answer to the next reader of the page (a
    // redirect to `?_rsc`, a payload instead of HTML). Never kept anywhere.
    const list: string[] = [];
    for (const [name, value] of response.headers) {
      if (variant && SHARED_CACHE_HEADERS.has(name)) continue;
      list.push(name, value);
    }
    if (variant) list.push('cache-control', 'private, no-store');
    list.push('content-length', String(response.body.length));
    if (res.destroyed) return;
    res.writeHead(response.status, withEdgeHeaders(list));
    res.end(method === 'HEAD' ? undefined : response.body);
  }

  return Object.defineProperty(server, 'upstreamRequests', { get: () => upstreamRequests }) as FrontServer;
}

function readWhole(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) body.destroy(new Error(`the app's answer is larger than ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    body.on('end', () => resolve(Buffer.concat(chunks, size)));
    body.on('error', reject);
  });
}

function isTimeout(error: unknown): boolean {
  return error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
}

function isConnectionReset(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'UND_ERR_CLOSED';
}

function refuse(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, withEdgeHeaderObject({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers }));
  res.end(`${message}\n`);
  // What follows on the connection is not read as another request: it may be the rest of a refused body.
  if (headers.connection === 'close') res.once('finish', () => res.socket?.destroySoon());
}

/**
 * What a request the parser refused is told: the header or request deadline ran out (408,
 * as Node itself would say), headers too large (431), anything else malformed (400).
 */
export function clientErrorStatus(code: string | undefined): string {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return '408 Request Timeout';
  if (code === 'HPE_HEADER_OVERFLOW') return '431 Request Header Fields Too Large';
  return '400 Bad Request';
}

/** Not the editor, the API, build assets or stored images: a page every reader sees alike. */
function isReaderPath(pathname: string): boolean {
  let decoded = pathname;
  try {
    // The app routes on the decoded path: /%65ditor is the editor too.
    decoded = decodeURIComponent(pathname);
  } catch {
    // Malformed escapes: the app answers 400 or 404, the same for everyone.
  }
  return !PASS_THROUGH_PREFIXES.some((prefix) => decoded === prefix || decoded.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}

/** Build assets and images: read, never written. */
function isFilePath(pathname: string): boolean {
  return pathname.startsWith('/_next/') || pathname.startsWith('/media/');
}

/** A reader page asked for as something else than its HTML (Next.js's RSC forms). */
function isVariant(req: http.IncomingMessage): boolean {
  for (const name of RSC_REQUEST_HEADERS) if (req.headers[name] !== undefined) return true;
  return /[?&]_rsc=/.test(rawQuery(req.url ?? ''));
}

function rawQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return '';
  const hash = url.indexOf('#', q);
  return hash < 0 ? url.slice(q) : url.slice(q, hash);
}

/**
 * May be kept for every reader: no cookie set, not marked private or no-store. Not-found
 * pages are the exception to the last rule: Next.js marks every 404 `private, no-store`
 * whatever the page, but here a 404 is decided by the store alone (proxy.ts), like any page.
 */
function isShareable(response: UpstreamResponse): boolean {
  if (!SHAREABLE_STATUSES.has(response.status)) return false;
  if (response.headers.some(([name]) => name === 'set-cookie')) return false;
  if (response.status === 404) return true;
  const cacheControl = response.headers.find(([name]) => name === 'cache-control')?.[1] ?? '';
  return !/\b(private|no-store)\b/i.test(cacheControl);
}

const FORWARDING_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-real-ip'];

function forwardingOf(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const name of FORWARDING_HEADERS) if (typeof headers[name] === 'string') out[name] = headers[name];
  return out;
}

const isLoopback = (peer: string) => peer === '::1' || peer.startsWith('127.') || peer.startsWith('::ffff:127.');

function clientPeer(req: http.IncomingMessage): string {
  return req.socket.remoteAddress ?? '';
}

/** The client's address: the connection's, or the first X-Forwarded-For entry from a proxy on this machine. */
function clientAddress(req: http.IncomingMessage): string {
  const peer = clientPeer(req);
  const forwarded = req.headers['x-forwarded-for'];
  if (isLoopback(peer) && typeof forwarded === 'string' && forwarded.trim()) return forwarded.split(',')[0]!.trim();
  return peer;
}

/**
 * The app reads the client's address from the first X-Forwarded-For entry (the editor's
 * sign-in rate limit) and the scheme and host from X-Forwarded-*. Only a proxy on this
 * machine (nginx, deploy/nginx/site.conf, which sets them) is believed; from anyone else
 * these headers are replaced by what the connection says.
 */
export function withForwarding(headers: http.OutgoingHttpHeaders, peer: string): http.OutgoingHttpHeaders {
  if (!isLoopback(peer)) for (const name of FORWARDING_HEADERS) delete headers[name];
  const forwardedFor = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${peer}` : peer;
  if (!headers['x-forwarded-proto']) headers['x-forwarded-proto'] = 'http';
  return headers;
}

const requestHeaders = (req: http.IncomingMessage) => ({
  get: (name: string) => {
    const value = req.headers[name];
    return typeof value === 'string' ? value : null;
  },
});

function send(req: http.IncomingMessage, res: http.ServerResponse, response: PreparedResponse) {
  if (
    response.status === 200 &&
    response.etag !== null &&
    response.lastModified !== null &&
    (req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined) &&
    isNotModified(requestHeaders(req), { etag: response.etag, lastModified: response.lastModified })
  ) {
    res.writeHead(304, response.notModifiedHeaders);
    res.end();
    return;
  }
  const encoding = response.encodingFor(req.headers['accept-encoding']);
  res.writeHead(response.status, response.headers(encoding));
  if (req.method === 'HEAD') res.end();
  else res.end(response.body(encoding));
}
