import http from 'node:http';
import { isNotModified } from '../site/http-cache';
import { storeMissingHtml, UNAVAILABLE_HEADERS, UNAVAILABLE_STATUS } from '../site/unavailable';
import { stripClientRuntime } from './html';
import { PageCache, PreparedResponse, type Filled, type UpstreamResponse } from './page-cache';

export interface Upstream {
  host: string;
  port: number;
}

export interface FrontServerOptions {
  /** Where the Next.js server listens (loopback). */
  upstream: Upstream;
  cache: PageCache;
  /** A rendering that takes longer than this is answered with 504. */
  upstreamTimeoutMs?: number;
}

/**
 * Paths the front server hands to the app untouched, request body and Set-Cookie included:
 * the web editor and the API (cookies, client JavaScript), Next.js's build assets, and images
 * stored beside the records (they come from CONTENT_DIR, not from the store).
 */
const PASS_THROUGH_PREFIXES = ['/editor', '/api', '/_next/', '/media/'];

/** Headers by which Next.js asks for a React Server Components payload instead of HTML. */
const RSC_HEADERS = ['rsc', 'next-router-prefetch', 'next-router-state-tree', 'next-router-segment-prefetch', 'next-action'];

/** What lets a shared cache keep a response, and for how long: none of it on a variant of a reader page. */
const SHARED_CACHE_HEADERS = new Set(['cache-control', 'expires', 'x-accel-expires', 'xkey', 'surrogate-key', 'cache-tag', 'surrogate-control', 'cdn-cache-control']);

/** RFC 9110 §7.6.1: meaningful for one connection only. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

/** Response headers that stay between this server and the app: hop-by-hop ones, and the app's proxy's notes to itself (they name its private port). */
function upstreamOnly(name: string): boolean {
  return HOP_BY_HOP.has(name) || name.startsWith('x-middleware-');
}

/**
 * Not forwarded when rendering a response that will be shared with other readers: what
 * belongs to one reader, and what describes a request body. A rendering is a GET without a
 * body; forwarding a length without the bytes it announces would leave the app reading the
 * next request on its kept-alive connection as this one's body (a request desync).
 */
const PRIVATE_REQUEST_HEADERS = new Set([
  'cookie', 'authorization', 'if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range', 'range', 'accept-encoding',
  'content-length', 'content-type', 'content-encoding', 'expect',
]);

/** Methods a reader page answers; everything else gets 405 (TRACE would echo the request). */
const READER_METHODS = 'GET, HEAD';
/** Methods no path answers: TRACE and TRACK echo requests (cookies included), CONNECT tunnels. */
const REFUSED_METHODS = new Set(['TRACE', 'TRACK', 'CONNECT']);

/** Bodies passed through to the editor and API: each at most this many bytes… */
const MAX_BODY_BYTES = 1024 * 1024;
/** …and at most this many being received at once (each is held by the app until complete). */
const MAX_BODIES_IN_FLIGHT = 16;

/** Statuses worth keeping: pages, redirects from aliases, and not-found pages. */
const SHAREABLE_STATUSES = new Set([200, 301, 404]);

/**
 * The site's HTTP server: answers reader pages, feeds and sitemaps from `cache`, and
 * renders misses through the Next.js server at `upstream` (see PageCache for what is kept
 * and for how long). Every reader HTML page, kept or not, loses Next.js's client runtime
 * (lib/serving/html.ts). Everything else is proxied as it is.
 */
export function createFrontServer(options: FrontServerOptions): http.Server {
  const { cache, upstream } = options;
  const timeoutMs = options.upstreamTimeoutMs ?? 60_000;
  // Next.js keeps connections open longer than this (`next start --keepAliveTimeout`), so an
  // idle socket is never reused just as the app closes it.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 });
  let warnedMissing = false;

  let bodiesInFlight = 0;

  const server = http.createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000, requestTimeout: 120_000 }, (req, res) => {
    res.on('error', () => {});
    if (REFUSED_METHODS.has(req.method ?? '')) return refuse(res, 405, 'Method not allowed', { allow: READER_METHODS });
    if (!isShared(req)) {
      if (isReaderPath(req) && !RSC_HEADERS.some((h) => req.headers[h] !== undefined) && req.method !== 'GET' && req.method !== 'HEAD') {
        return refuse(res, 405, 'Method not allowed', { allow: READER_METHODS });
      }
      passThrough(req, res);
      return;
    }
    // A GET or HEAD with a body: no meaning (RFC 9110 §9.3.1), and a classic way to smuggle
    // a second request past a proxy. Refused, and the connection closed.
    if (hasBody(req)) return refuse(res, 400, 'A GET or HEAD request may not carry a body', { connection: 'close' });
    if (cache.store.current() === null) {
      // Nothing ingested yet: every reader page would fail; say why, once, to the operator too.
      if (!warnedMissing) console.error(`serve: no store at ${cache.store.file}: run \`npm run ingest\` to build it`);
      warnedMissing = true;
      res.writeHead(UNAVAILABLE_STATUS, UNAVAILABLE_HEADERS);
      res.end(req.method === 'HEAD' ? undefined : storeMissingHtml());
      return;
    }
    warnedMissing = false;
    const key = `${req.headers.host ?? ''}${req.url}`;
    const hit = cache.get(key);
    if (hit) {
      send(req, res, hit);
      return;
    }
    cache
      .fill(key, () => render(req))
      .then(async (filled) => {
        // Joined a rendering whose response belongs to its first requester only: render anew.
        const response = filled.joined && !filled.shareable ? (await render(req)).response : filled.response;
        send(req, res, response);
      })
      .catch((error: unknown) => {
        const status = error instanceof UpstreamTimeout ? 504 : 502;
        if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end(status === 504 ? 'Gateway timeout\n' : 'Bad gateway\n');
      });
  });
  server.on('close', () => agent.destroy());
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  /** The response to a GET of `req.url`, as every reader gets it: cookie-free, uncompressed, scripts removed. */
  async function render(req: http.IncomingMessage): Promise<Filled> {
    const headers: http.OutgoingHttpHeaders = forwardedHeaders(req, PRIVATE_REQUEST_HEADERS);
    headers['accept-encoding'] = 'identity';
    const upstreamResponse = await fetchUpstream(req.url ?? '/', headers);
    const encoded = upstreamResponse.headers.some(([name, value]) => name === 'content-encoding' && value !== 'identity');
    const type = upstreamResponse.headers.find(([name]) => name === 'content-type')?.[1] ?? '';
    if (!encoded && /^text\/html\b/i.test(type)) upstreamResponse.body = Buffer.from(stripClientRuntime(upstreamResponse.body.toString('utf8')));
    return { response: await PreparedResponse.prepare(upstreamResponse), shareable: !encoded && isShareable(upstreamResponse) };
  }

  function fetchUpstream(path: string, headers: http.OutgoingHttpHeaders, retried = false): Promise<UpstreamResponse> {
    return new Promise((resolve, reject) => {
      const request = http.request({ host: upstream.host, port: upstream.port, agent, method: 'GET', path, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const kept: [string, string][] = [];
          for (let i = 0; i < response.rawHeaders.length; i += 2) {
            const name = response.rawHeaders[i]!.toLowerCase();
            if (!upstreamOnly(name) && name !== 'content-length' && name !== 'date') kept.push([name, response.rawHeaders[i + 1]!]);
          }
          resolve({ status: response.statusCode ?? 502, headers: kept, body: Buffer.concat(chunks) });
        });
      });
      request.setTimeout(timeoutMs, () => request.destroy(new UpstreamTimeout()));
      request.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the app closed as this request went out: a GET is safe to resend.
        if (!retried && request.reusedSocket && error.code === 'ECONNRESET') fetchUpstream(path, headers, true).then(resolve, reject);
        else reject(error);
      });
      request.end();
    });
  }

  function passThrough(req: http.IncomingMessage, res: http.ServerResponse) {
    let tooLarge = false;
    if (hasBody(req)) {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > MAX_BODY_BYTES) return refuse(res, 413, `A request body may have at most ${MAX_BODY_BYTES / 1024 / 1024} MiB`, { connection: 'close' });
      if (bodiesInFlight >= MAX_BODIES_IN_FLIGHT) return refuse(res, 503, 'Too many requests at once: try again in a moment', { 'retry-after': '5', connection: 'close' });
      bodiesInFlight++;
      let released = false;
      const release = () => {
        if (!released) bodiesInFlight--;
        released = true;
      };
      req.once('end', release);
      req.once('close', release);
      let received = 0;
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        // Chunked bodies announce no length: count them as they come.
        if (received > MAX_BODY_BYTES && !tooLarge) {
          tooLarge = true;
          req.unpipe(request);
          request.destroy();
          refuse(res, 413, `A request body may have at most ${MAX_BODY_BYTES / 1024 / 1024} MiB`, { connection: 'close' });
        }
      });
    }
    // A reader page asked for in another form (Next.js's RSC payloads and their redirects):
    // the page's proxy gave it the page's shared Cache-Control and surrogate keys, but a
    // cache keyed by URL would hand this answer to the next reader of the page (a
    // redirect to `?_rsc`, a payload instead of HTML). Never kept anywhere.
    const variant = isReaderPath(req);
    const request = http.request({ host: upstream.host, port: upstream.port, agent, method: req.method, path: req.url, headers: forwardedHeaders(req, new Set()) }, (response) => {
      const headers: string[] = [];
      for (let i = 0; i < response.rawHeaders.length; i += 2) {
        const name = response.rawHeaders[i]!.toLowerCase();
        if (upstreamOnly(name) || (variant && SHARED_CACHE_HEADERS.has(name))) continue;
        headers.push(response.rawHeaders[i]!, response.rawHeaders[i + 1]!);
      }
      if (variant) headers.push('Cache-Control', 'private, no-store');
      res.writeHead(response.statusCode ?? 502, response.statusMessage, headers);
      response.pipe(res);
    });
    request.on('error', () => {
      if (tooLarge) return;
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end('Bad gateway\n');
      } else {
        res.destroy();
      }
    });
    res.on('close', () => {
      if (!res.writableFinished) request.destroy();
    });
    req.pipe(request);
  }

  return server;
}

class UpstreamTimeout extends Error {}

function hasBody(req: http.IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

function refuse(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(`${message}\n`);
}

/** The decoded path of a request, for deciding how to route it. */
function decodedPath(req: http.IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const pathname = query >= 0 ? url.slice(0, query) : url;
  try {
    // The app routes on the decoded path: /%65ditor is the editor too.
    return decodeURIComponent(pathname);
  } catch {
    // Malformed escapes: the app answers 400 or 404, the same for everyone.
    return pathname;
  }
}

/** Not the editor, the API, build assets or stored images: a page every reader sees alike. */
function isReaderPath(req: http.IncomingMessage): boolean {
  const pathname = decodedPath(req);
  return !PASS_THROUGH_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}

/** Whether the response to `req` is the same for every reader, and so may come from the cache. */
function isShared(req: http.IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (req.headers.upgrade !== undefined) return false;
  for (const name of RSC_HEADERS) if (req.headers[name] !== undefined) return false;
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  if (query >= 0 && /[?&]_rsc=/.test(url.slice(query))) return false;
  return isReaderPath(req);
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

function forwardedHeaders(req: http.IncomingMessage, drop: Set<string>): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    // x-middleware-*: the app's own notes between its router and proxy; from outside, an attempt to skip the proxy.
    if (value !== undefined && !upstreamOnly(name) && !drop.has(name)) headers[name] = value;
  }
  return withForwarding(headers, req.socket.remoteAddress ?? '');
}

const FORWARDING_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-real-ip'];

/**
 * The app reads the client's address from the first X-Forwarded-For entry (the editor's
 * sign-in rate limit) and the scheme and host from X-Forwarded-*. Only a proxy on this
 * machine (nginx, deploy/nginx/site.conf, which sets them) is believed; from anyone else
 * these headers are replaced by what the connection says.
 */
export function withForwarding(headers: http.OutgoingHttpHeaders, peer: string): http.OutgoingHttpHeaders {
  const trusted = peer === '::1' || peer.startsWith('127.') || peer.startsWith('::ffff:127.');
  if (!trusted) for (const name of FORWARDING_HEADERS) delete headers[name];
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
