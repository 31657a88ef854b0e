import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

/**
 * A loopback server of feeds for the news desk's tests and benchmark: each path answers
 * what the test set (a body with its validators and 304s as a real server gives them,
 * gzip when asked, or a hand-made answer), and every request is recorded (its headers,
 * and how many were in flight at once).
 */
export interface FeedRoute {
  body?: string | Buffer;
  type?: string;
  status?: number;
  headers?: Record<string, string>;
  /** Answer with ETag / Last-Modified and 304 to a matching conditional request (default true). */
  validators?: boolean;
  gzip?: boolean;
  /** Wait this long before answering (ms). */
  delayMs?: number;
  /** Anything else: the test writes the answer itself. */
  handle?: (req: http.IncomingMessage, res: http.ServerResponse) => void;
}

export interface FeedServer {
  url: string;
  port: number;
  host: string;
  set(path: string, route: FeedRoute): void;
  requests: { path: string; headers: http.IncomingHttpHeaders; at: number }[];
  /** The most requests in flight at once. */
  maxInFlight: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startFeedServer(host = '127.0.0.1'): Promise<FeedServer> {
  const routes = new Map<string, FeedRoute>();
  const state = { requests: [] as FeedServer['requests'], inFlight: 0, maxInFlight: 0 };
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    state.requests.push({ path, headers: req.headers, at: Date.now() });
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    res.on('close', () => state.inFlight--);
    const route = routes.get(path);
    const answer = () => {
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no such feed');
        return;
      }
      if (route.handle) return route.handle(req, res);
      const body = typeof route.body === 'string' ? Buffer.from(route.body) : (route.body ?? Buffer.alloc(0));
      const headers: Record<string, string> = { 'content-type': route.type ?? 'application/rss+xml; charset=utf-8', ...route.headers };
      if (route.validators !== false && (route.status ?? 200) === 200) {
        const etag = `"${crypto.createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
        headers.etag = etag;
        headers['last-modified'] = 'Mon, 06 May 2024 07:00:00 GMT';
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, { etag }).end();
          return;
        }
      }
      if (route.gzip && /gzip/.test(String(req.headers['accept-encoding'] ?? ''))) {
        headers['content-encoding'] = 'gzip';
        res.writeHead(route.status ?? 200, headers).end(zlib.gzipSync(body));
        return;
      }
      res.writeHead(route.status ?? 200, headers).end(body);
    };
    if (route?.delayMs) setTimeout(answer, route.delayMs);
    else answer();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    host,
    set: (path, route) => routes.set(path, route),
    get requests() {
      return state.requests;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    reset() {
      state.requests.length = 0;
      state.maxInFlight = 0;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** An RSS 2.0 feed of `items` (title, link, date, summary), as a publisher's CMS writes one. */
export function rssFeed(title: string, items: { title: string; link: string; date?: Date; summary?: string; image?: string }[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>${esc(title)}</title><link>https://${esc(title.toLowerCase().replace(/\W+/g, ''))}.example/</link><description>${esc(title)}</description>
${items
  .map(
    (i) =>
      `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link>${i.date ? `<pubDate>${i.date.toUTCString()}</pubDate>` : ''}<guid isPermaLink="false">${esc(i.link)}#guid</guid>${i.summary ? `<description>${esc(i.summary)}</description>` : ''}${i.image ? `<media:thumbnail url="${esc(i.image)}"/>` : ''}</item>`,
  )
  .join('\n')}
</channel></rss>`;
}
