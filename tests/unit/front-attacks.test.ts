import fs from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFrontServer, type FrontServer } from '../../lib/serving/front-server';
import { PageCache } from '../../lib/serving/page-cache';
import { hostAttacks, inBatches, MARK, rawExchange, slowReaders, smugglingAttacks, statusesOf } from '../support/attacks';
import { tempDir } from '../support/helpers';

/**
 * The front server attacked by tables of hand-written requests, against a stand-in for
 * Next.js that is itself a strict Node.js HTTP server and logs every request it parses.
 * The oracles: the app parses exactly as many requests as the front server sent it; no
 * request reaches it carrying a header the front server never forwards; every body it gets
 * has an exact length; and afterwards, every reader gets the page of the address asked for.
 */
interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let upstream: http.Server;
let front: FrontServer;
let cache: PageCache;
let storeFile: string;
let port: number;
let site: string;
const seen: Seen[] = [];

beforeAll(async () => {
  storeFile = path.join(tempDir('attacks'), 'site.db');
  fs.writeFileSync(storeFile, 'v1');
  upstream = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      const reader = !/^\/(editor|api|_next|media)(\/|$)/.test(req.url!);
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': reader ? 'public, max-age=0, s-maxage=60' : 'private, no-store',
        etag: '"e1"',
        'last-modified': 'Sun, 22 Nov 2026 10:00:00 GMT',
      });
      res.end(`<p>page:${req.url}</p>`);
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  cache = new PageCache({ storeFile, maxBytes: 8 * 1024 * 1024, storeCheckIntervalMs: 0 });
  front = createFrontServer({ upstream: { host: '127.0.0.1', port: (upstream.address() as AddressInfo).port }, cache, bodyDeadlineMs: 2000 });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  port = (front.address() as AddressInfo).port;
  site = `127.0.0.1:${port}`;
});

afterAll(async () => {
  front?.closeAllConnections();
  await new Promise((r) => front?.close(r));
  upstream?.closeAllConnections();
  await new Promise((r) => upstream?.close(r));
});

/** A new store, the way an ingest publishes one: the page cache starts empty. */
let generation = 1;
function publish() {
  const tmp = `${storeFile}.new`;
  fs.writeFileSync(tmp, `v${++generation}`);
  fs.renameSync(tmp, storeFile);
}

function get(target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: target, headers: { host: site } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
  });
}

/** Every reader, on kept-alive connections, gets the page of the address it asked for. */
async function readersGetTheirOwnPages(round: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  try {
    const paths = Array.from({ length: 40 }, (_, i) => `/topic/reader-${round}-${i}`);
    const pages = await Promise.all(
      paths.map(
        (p) =>
          new Promise<string>((resolve, reject) => {
            const req = http.get({ host: '127.0.0.1', port, path: p, agent, headers: { host: site } }, (res) => {
              let body = '';
              res.on('data', (d) => (body += d));
              res.on('end', () => resolve(body));
            });
            req.on('error', reject);
          }),
      ),
    );
    pages.forEach((body, i) => expect(body, paths[i]).toBe(`<p>page:${paths[i]}</p>`));
  } finally {
    agent.destroy();
  }
}

describe('request smuggling, every framing on every method and kind of path', () => {
  it('never lets the app parse a request the front server did not send, nor a body without its exact length', async () => {
    // A path of each kind the front server tells apart (the end-to-end test takes every path).
    const attacks = smugglingAttacks(site, undefined, ['/', '/_next/static/x.js', '/api/editor/preview']);
    expect(attacks.length).toBeGreaterThan(1500);
    const answers = await inBatches(attacks, 64, (a) => rawExchange(port, a.bytes, 3000, 40));
    // What each attack got: refusals for bodies where none may be, and never a page with the mark.
    attacks.forEach((attack, i) => {
      const statuses = statusesOf(answers[i]!);
      expect(statuses.length, attack.name).toBeGreaterThan(0);
      const [method] = attack.name.split(' ');
      if (!['POST', 'PUT', 'PATCH'].includes(method!)) expect(statuses[0], attack.name).toBeGreaterThanOrEqual(400);
    });
    // Oracle 2: none carries what only a hidden request carries (the front server strips it).
    expect(seen.filter((s) => s.headers['x-middleware-subrequest'] !== undefined).map((s) => `${s.method} ${s.url}`)).toEqual([]);
    // Oracle 1: the app parsed as many requests as were sent to it.
    expect(seen.length).toBe(front.upstreamRequests);
    // Oracle 3: every body the app got came with its exact length, never chunked.
    for (const s of seen) {
      expect(s.headers['transfer-encoding'], s.url).toBeUndefined();
      expect(Number(s.headers['content-length'] ?? 0), s.url).toBe(s.body.length);
      if (s.body.length) expect(['POST', 'PUT', 'PATCH'], s.url).toContain(s.method);
    }
    // No reader path got a write through.
    expect(seen.filter((s) => !['GET', 'HEAD'].includes(s.method) && !/^\/(api|editor)(\/|$)/.test(s.url))).toEqual([]);
    publish();
    await readersGetTheirOwnPages('smuggling');
    expect(seen.length).toBe(front.upstreamRequests);
  }, 120_000);
});

describe('cache keys from validated parts', () => {
  const slug = 'example-item';
  const pages = [`/news/${slug}`, `/${slug}`, '/topics', '/feeds/atom.xml', '/news', `/search?q=x`];

  it('refuses hosts the site does not answer to, and no Host or target variant changes a cached page', async () => {
    for (const attack of hostAttacks(site, slug)) {
      publish();
      const head = attack.host === undefined ? '' : `Host: ${attack.host}\r\n`;
      const answer = await rawExchange(port, `GET ${attack.target} HTTP/1.1\r\n${head}\r\n`);
      const status = statusesOf(answer)[0];
      expect(status, attack.name).toBeDefined();
      if (status === 200) {
        // Accepted only when it names a page of this site, in one of its spellings: and the page is that one.
        const page = /<p>page:([^<]*)<\/p>/.exec(answer)?.[1];
        expect(page, attack.name).toBeDefined();
        expect(page!.includes('evil') || page!.includes(MARK), attack.name).toBe(false);
      } else {
        expect(status, `${attack.name}: ${answer.split('\r\n')[0]}`).toBe(400);
      }
      for (const p of pages) expect((await get(p)).body, `${attack.name} then ${p}`).toBe(`<p>page:${p}</p>`);
    }
  });

  it('keys a page by the query parameters it reads, so made-up ones are one entry, not one rendering each', async () => {
    publish();
    const before = front.upstreamRequests;
    for (let i = 0; i < 50; i++) expect((await get(`/topics?x=${i}`)).body).toBe('<p>page:/topics</p>');
    for (let i = 0; i < 50; i++) expect((await get(`/topic/a?page=2&utm_source=${i}&page=3`)).body).toBe('<p>page:/topic/a?page=2</p>');
    expect((await get('/search?q=health&x=1&topic=t')).body).toBe('<p>page:/search?q=health&topic=t</p>');
    expect((await get('/news/%61bc')).body).toBe('<p>page:/news/abc</p>');
    expect((await get('/news/abc')).body).toBe('<p>page:/news/abc</p>');
    expect(front.upstreamRequests - before).toBe(4);
  });

  it('answers to its listening address, loopback and localhost, in any case and with any port', async () => {
    for (const host of [site, `LOCALHOST:${port}`, 'localhost', 'localhost.', '[::1]:80', '127.0.0.1']) {
      const answer = await rawExchange(port, `GET /topics HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(statusesOf(answer), host).toEqual([200]);
    }
    expect(statusesOf(await rawExchange(port, 'GET /topics HTTP/1.0\r\n\r\n'))).toEqual([200]);
  });
});

describe('security headers', () => {
  it('are on every kind of response: pages, refusals, files, the editor', async () => {
    const targets = ['/topics', '/editor', '/_next/static/missing.js', '/media/missing.png'];
    for (const target of targets) {
      const res = await fetch(`http://${site}${target}`);
      expect(res.headers.get('x-content-type-options'), target).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), target).toContain("frame-ancestors 'self'");
    }
    const refused = await rawExchange(port, `GET /x HTTP/1.1\r\nHost: evil.example\r\n\r\n`);
    expect(refused).toMatch(/x-content-type-options: nosniff/i);
    expect(refused).toMatch(/content-security-policy: frame-ancestors 'self'/i);
  });
});

describe('slow clients', () => {
  let slowFront: FrontServer;
  let slowPort: number;
  const image = `${'ab'.repeat(20)}.jpg`;

  beforeAll(async () => {
    const mediaDir = tempDir('media');
    fs.writeFileSync(path.join(mediaDir, image), Buffer.alloc(12 * 1024 * 1024, 7));
    slowFront = createFrontServer({
      upstream: { host: '127.0.0.1', port: (upstream.address() as AddressInfo).port },
      cache: new PageCache({ storeFile, maxBytes: 1 << 20, storeCheckIntervalMs: 0 }),
      staticRoots: { mediaDir },
      headersTimeoutMs: 1000,
      bodyDeadlineMs: 1000,
    });
    await new Promise<void>((r) => slowFront.listen(0, '127.0.0.1', r));
    slowPort = (slowFront.address() as AddressInfo).port;
  });

  afterAll(async () => {
    slowFront?.closeAllConnections();
    await new Promise((r) => slowFront?.close(r));
  });

  const timed = async (target: string) => {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${slowPort}${target}`);
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t0 };
  };

  it('reading a large image through a tiny window holds up no page and not the editor', async () => {
    // Each reads 4 KB, then stops reading: the server's writes back up behind a full window.
    const readers = slowReaders(slowPort, `/media/${image}`, 70);
    try {
      await new Promise((r) => setTimeout(r, 500));
      for (const target of ['/topic/slow-a', '/topic/slow-b', '/editor', '/news/slow-c']) {
        const { status, ms } = await timed(target);
        expect(status, target).toBe(200);
        // Generous for a busy machine; the failure this guards against is a hang.
        expect(ms, target).toBeLessThan(5000);
      }
    } finally {
      for (const s of readers) s.destroy();
    }
  });

  it('cuts off a client that trickles its headers or its body', async () => {
    const trickle = (first: string) =>
      new Promise<{ answer: string; ms: number }>((resolve) => {
        const t0 = performance.now();
        const socket = net.connect(slowPort, '127.0.0.1');
        let answer = '';
        socket.on('data', (d) => (answer += d));
        socket.on('error', () => {});
        socket.write(first);
        const drip = setInterval(() => socket.write('a'), 200);
        socket.on('close', () => {
          clearInterval(drip);
          resolve({ answer, ms: performance.now() - t0 });
        });
        setTimeout(() => socket.destroy(), 15_000);
      });
    const [headers, body] = await Promise.all([
      trickle('GET /topics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '),
      trickle('POST /api/editor/preview HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n'),
    ]);
    expect(headers.ms).toBeLessThan(10_000);
    expect(body.ms).toBeLessThan(10_000);
    // Told why, as Node itself would: the deadline ran out (not "malformed").
    expect(statusesOf(headers.answer)).toEqual([408]);
    expect(statusesOf(body.answer)).toEqual([408]);
  });

  it('tells a client whose headers are too large so (431), and one that is malformed 400', async () => {
    expect(statusesOf(await rawExchange(slowPort, `GET /topics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Large: ${'a'.repeat(70_000)}\r\n\r\n`))).toEqual([431]);
    expect(statusesOf(await rawExchange(slowPort, 'GET /topics HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n'))).toEqual([400]);
  });
});
