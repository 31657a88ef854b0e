import fs from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFrontServer, withForwarding } from '../../lib/serving/front-server';
import { stripClientRuntime } from '../../lib/serving/html';
import { PageCache } from '../../lib/serving/page-cache';
import { tempDir } from '../support/helpers';

/**
 * The front server (lib/serving/) against a stand-in for Next.js that counts what reaches
 * it: what is kept, for whom, until when, and what passes untouched.
 */
const PAGE = `<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><style>body{color:red}</style><link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/a.js"/><link rel="modulepreload" href="/_next/static/chunks/m.js"/><script src="/_next/static/chunks/b.js" async=""></script><title>T</title></head><body><p title="&lt;script&gt;">Hello <b>world</b></p><script type="application/ld+json">{"@type":"Thing","name":"\\u003c/script\\u003e"}</script><script>self.__next_f.push([1,"x"])</script></body></html>`;

let upstream: http.Server;
let front: http.Server;
let cache: PageCache;
let storeFile: string;
let url: string;
const hits = new Map<string, number>();
/** The request headers the stand-in last saw, by path. */
const seenHeaders = new Map<string, http.IncomingHttpHeaders>();
let renderDelayMs = 0;
let version = 'v1';

function count(pathname: string) {
  hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
}

beforeAll(async () => {
  storeFile = path.join(tempDir('serving'), 'site.db');
  fs.writeFileSync(storeFile, 'v1');
  upstream = http.createServer((req, res) => {
    const pathname = decodeURIComponent(req.url!.split('?')[0]!);
    count(req.url!);
    seenHeaders.set(req.url!, req.headers);
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      setTimeout(() => {
        if (pathname.startsWith('/editor') || pathname.startsWith('/api/')) {
          res.writeHead(200, [
            'content-type', 'text/html; charset=utf-8',
            'cache-control', 'private, no-store',
            'set-cookie', 'a=1; HttpOnly', 'set-cookie', 'b=2',
            'x-middleware-rewrite', 'http://localhost:41234/editor',
          ]);
          res.end(`<html><body>${req.method} ${body} cookie=${req.headers.cookie ?? ''}<script>editorApp()</script></body></html>`);
        } else if (pathname === '/cookie') {
          res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'public, s-maxage=1', 'set-cookie': 'c=3' });
          res.end('<p>personal</p>');
        } else if (pathname === '/private') {
          res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'private, no-cache' });
          res.end('<p>private</p>');
        } else if (pathname === '/missing') {
          res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate', 'x-middleware-rewrite': 'http://localhost:41234/_no-such-page' });
          res.end('<p>not found</p><script>x()</script>');
        } else if (pathname === '/old') {
          res.writeHead(301, { location: '/new' });
          res.end();
        } else if (req.headers.rsc) {
          // As Next.js answers behind proxy.ts: the page's shared headers on another form of it.
          res.writeHead(200, { 'content-type': 'text/x-component', 'cache-control': 'public, max-age=0, s-maxage=86400', 'x-accel-expires': '1', xkey: 'site lists', 'surrogate-key': 'site lists', 'cache-tag': 'site,lists' });
          res.end(`rsc ${version}`);
        } else {
          res.writeHead(200, {
            'content-type': pathname.endsWith('.xml') ? 'application/xml' : 'text/html; charset=utf-8',
            'cache-control': 'public, max-age=0, s-maxage=1, must-revalidate',
            etag: `W/"${version}"`,
            'last-modified': 'Sun, 22 Nov 2026 10:00:00 GMT',
            vary: 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch',
          });
          res.end(PAGE.replace('Hello', `Hello ${version} ${req.headers.cookie ? 'with-cookie' : ''}`) + 'x'.repeat(pathname.startsWith('/big') ? 200_000 : 0));
        }
      }, renderDelayMs);
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  cache = new PageCache({ storeFile, maxBytes: 1024 * 1024, storeCheckIntervalMs: 0 });
  front = createFrontServer({ upstream: { host: '127.0.0.1', port: (upstream.address() as AddressInfo).port }, cache, bodyDeadlineMs: 1500 });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
});

afterAll(async () => {
  front?.closeAllConnections();
  await new Promise((r) => front?.close(r));
  upstream?.closeAllConnections();
  await new Promise((r) => upstream?.close(r));
});

beforeEach(() => {
  hits.clear();
  seenHeaders.clear();
  renderDelayMs = 0;
});

/** A new store published the way an ingest does it: a new file renamed over the old. */
function publish(next: string) {
  version = next;
  const tmp = `${storeFile}.new`;
  fs.writeFileSync(tmp, next);
  fs.renameSync(tmp, storeFile);
}

function get(pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${pathname}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Bytes written as they are to the front server; what came back before it closed (or 1 s passed). */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect((front.address() as AddressInfo).port, '127.0.0.1');
    let answer = '';
    const done = () => resolve(answer);
    socket.on('data', (d) => (answer += d));
    socket.on('close', done);
    socket.on('error', done);
    socket.write(bytes);
    setTimeout(() => socket.destroy(), 1000);
  });
}

describe('stripClientRuntime', () => {
  it('removes executable scripts and script preloads, keeps JSON-LD, styles and markup byte for byte', () => {
    const out = stripClientRuntime(PAGE);
    expect(out).not.toMatch(/__next_f|chunks\/[abm]\.js/);
    expect(out).toContain('<script type="application/ld+json">{"@type":"Thing","name":"\\u003c/script\\u003e"}</script>');
    expect(out).toContain('<style>body{color:red}</style>');
    expect(out).toContain('<p title="&lt;script&gt;">Hello <b>world</b></p>');
    expect(out.startsWith('<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>')).toBe(true);
    expect(stripClientRuntime(out)).toBe(out);
  });

  it('ends a script where a browser does, even when its text looks like markup', () => {
    const html = '<p>a</p><script>var s = "<p>not markup</p>";</script><p>b</p><script type="module">import "x"</script><SCRIPT>y()</SCRIPT>';
    expect(stripClientRuntime(html)).toBe('<p>a</p><p>b</p>');
  });
});

describe('front server', () => {
  it('renders a page once, then answers from memory, without the client runtime', async () => {
    const first = await get('/topic/a');
    const second = await get('/topic/a');
    expect(hits.get('/topic/a')).toBe(1);
    expect(first.status).toBe(200);
    expect(second.body.toString()).toBe(first.body.toString());
    expect(first.body.toString()).not.toContain('__next_f');
    expect(first.body.toString()).toContain('application/ld+json');
    expect(first.headers['cache-control']).toBe('public, max-age=0, s-maxage=1, must-revalidate');
    expect(first.headers.etag).toBe('W/"v1"');
    expect(first.headers.vary).toBe('rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding');
    expect(Number(first.headers['content-length'])).toBe(first.body.length);
  });

  it('sends brotli or gzip by Accept-Encoding, compressed once', async () => {
    const plain = (await get('/topic/b')).body.toString();
    const br = await get('/topic/b', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(plain);
    const gz = await get('/topic/b', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(plain);
    const refused = await get('/topic/b', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(hits.get('/topic/b')).toBe(1);
  });

  it('answers conditional requests with 304 from memory, and HEAD without a body', async () => {
    const page = await get('/news/c');
    const again = await get('/news/c', { 'if-none-match': page.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(page.headers.etag);
    expect((await get('/news/c', { 'if-modified-since': 'Sun, 22 Nov 2026 10:00:00 GMT' })).status).toBe(304);
    expect((await get('/news/c', { 'if-none-match': 'W/"other"' })).status).toBe(200);
    const head = await get('/news/c', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(page.headers['content-length']);
    expect(hits.get('/news/c')).toBe(1);
  });

  it('renders concurrent misses of one page once', async () => {
    renderDelayMs = 100;
    const pages = await Promise.all(Array.from({ length: 20 }, () => get('/topic/busy')));
    expect(pages.every((p) => p.status === 200)).toBe(true);
    expect(hits.get('/topic/busy')).toBe(1);
  });

  it('drops everything when a new store is published', async () => {
    expect((await get('/news/d')).body.toString()).toContain('Hello v1');
    publish('v2');
    expect((await get('/news/d')).body.toString()).toContain('Hello v2');
    expect(hits.get('/news/d')).toBe(2);
    // An update written into the file in place counts too.
    version = 'v3';
    await new Promise((r) => setTimeout(r, 5));
    fs.appendFileSync(storeFile, ' v3');
    expect((await get('/news/d')).body.toString()).toContain('Hello v3');
  });

  it('does not keep a rendering that began before a store change', async () => {
    renderDelayMs = 150;
    const during = get('/news/e');
    await new Promise((r) => setTimeout(r, 50));
    publish('v4');
    // A request after the change does not wait on the rendering that began before it.
    const after = await get('/news/e');
    expect(after.body.toString()).toContain('Hello v4');
    await during;
    renderDelayMs = 0;
    expect((await get('/news/e')).body.toString()).toContain('Hello v4');
    expect(cache.stats.discarded).toBeGreaterThan(0);
  });

  it('keeps redirects and not-found pages, never pages that set a cookie or are private', async () => {
    for (let i = 0; i < 2; i++) {
      const old = await get('/old');
      expect(old.status).toBe(301);
      expect(old.headers.location).toBe('/new');
      const missing = await get('/missing');
      expect(missing.status).toBe(404);
      expect(missing.body.toString()).toBe('<p>not found</p>');
      const cookie = await get('/cookie');
      expect(cookie.headers['set-cookie']).toEqual(['c=3']);
      await get('/private');
    }
    expect([hits.get('/old'), hits.get('/missing'), hits.get('/cookie'), hits.get('/private')]).toEqual([1, 1, 2, 2]);
  });

  it('renders shared pages without the reader’s cookie', async () => {
    const page = await get('/news/f', { cookie: 'session=secret' });
    expect(page.body.toString()).not.toContain('with-cookie');
  });

  it('passes the editor and the API through untouched: bodies, cookies, scripts, never kept', async () => {
    for (const pathname of ['/editor', '/editor/records/x', '/api/records', '/%65ditor']) {
      const body = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
        const req = http.request(`${url}${pathname}`, { method: 'POST', headers: { cookie: 'session=s1', 'content-type': 'text/plain' } }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
        });
        req.on('error', reject);
        req.end('saved-body');
      });
      expect(body.status).toBe(200);
      expect(body.text).toContain('POST saved-body cookie=session=s1<script>editorApp()</script>');
      expect(body.headers['set-cookie']).toEqual(['a=1; HttpOnly', 'b=2']);
      const got = await get(pathname, { cookie: 'session=s2' });
      expect(got.body.toString()).toContain('cookie=session=s2<script>');
    }
    // `/%65ditor` is `/editor` (RFC 3986: unreserved characters are the same escaped or not).
    expect(hits.get('/editor')).toBe(4);
  });

  it("keeps the app's proxy notes between the two: none from a client reaches the app, none from the app reaches a client", async () => {
    const steering = { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware', 'x-middleware-rewrite': '/editor', 'x-now-route-matches': '1', 'x-invoke-path': '/editor', 'x-matched-path': '/editor', 'x-nextjs-data': '1' };
    for (const pathname of ['/notes-page', '/editor?notes']) {
      const res = await get(pathname, steering);
      expect(res.headers['x-middleware-rewrite'], pathname).toBeUndefined();
      for (const name of Object.keys(steering)) expect(seenHeaders.get(pathname)![name], `${pathname} ${name}`).toBeUndefined();
    }
  });

  it('passes React Server Components requests through, uncached', async () => {
    await get('/topic/g', { rsc: '1' });
    const rsc = await get('/topic/g', { rsc: '1' });
    expect(rsc.body.toString()).toMatch(/^rsc v/);
    expect(hits.get('/topic/g')).toBe(2);
    // A cache keyed by URL must never keep it: the next reader of the page would get it.
    expect(rsc.headers['cache-control']).toBe('private, no-store');
    for (const name of ['x-accel-expires', 'xkey', 'surrogate-key', 'cache-tag']) expect(rsc.headers[name], name).toBeUndefined();
  });

  it('stays within its memory bound, least recently used first', async () => {
    for (let i = 0; i < 30; i++) await get(`/big/${i}`);
    expect(cache.size.bytes).toBeLessThanOrEqual(1024 * 1024);
    await get('/big/29');
    expect(hits.get('/big/29')).toBe(1);
    await get('/big/0');
    expect(hits.get('/big/0')).toBe(2);
  });

  it('believes X-Forwarded-* only from a proxy on this machine', () => {
    const claimed = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', host: 'site.example' };
    expect(withForwarding({ ...claimed }, '198.51.100.7')).toEqual({ 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'http', host: 'site.example' });
    expect(withForwarding({ ...claimed }, '127.0.0.1')).toMatchObject({ 'x-forwarded-for': '203.0.113.9, 127.0.0.1', 'x-forwarded-proto': 'https' });
    expect(withForwarding({}, '::ffff:127.0.0.1')).toEqual({ 'x-forwarded-for': '::ffff:127.0.0.1', 'x-forwarded-proto': 'http' });
  });

  it('refuses a GET or HEAD with a body, so no request can hide in one, and renders with bodiless GETs', async () => {
    const smuggled = 'GET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    for (const method of ['GET', 'HEAD']) {
      const answer = await raw(`${method} /with-body HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}`);
      expect(answer, method).toMatch(/^HTTP\/1\.1 400 /);
    }
    const chunked = await raw(`GET /with-body HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n${smuggled.length.toString(16)}\r\n${smuggled}\r\n0\r\n\r\n`);
    expect(chunked).toMatch(/^HTTP\/1\.1 400 /);
    expect(hits.has('/smuggled')).toBe(false);
    expect(hits.has('/with-body')).toBe(false);
    // A miss reaches the app as a GET that announces no body.
    expect((await get('/plain-get', { 'content-type': 'text/plain' })).status).toBe(200);
    const forwarded = seenHeaders.get('/plain-get')!;
    for (const name of ['content-length', 'transfer-encoding', 'content-type', 'expect']) expect(forwarded[name], name).toBeUndefined();
  });

  it('refuses every classic request-smuggling form with 400, before the app sees it', async () => {
    const forms = [
      'POST /api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG',
      'POST /api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
      'POST /api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
      'POST /api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
      'POST /api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding : chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
      'POST /api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!',
      'POST /api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: +5\r\n\r\nhello',
      'POST /api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX: y\r\n Transfer-Encoding: chunked\r\n\r\n',
      'GET /x HTTP/1.1\nHost: 127.0.0.1\n\n',
    ];
    for (const form of forms) expect(await raw(form), JSON.stringify(form)).toMatch(/^HTTP\/1\.1 400 /);
    expect(hits.size).toBe(0);
  });

  it('answers 405 to TRACE anywhere and to writes on reader pages', async () => {
    for (const [method, path] of [['TRACE', '/'], ['TRACE', '/api/x'], ['POST', '/'], ['PUT', '/news'], ['DELETE', '/topics']] as const) {
      const res = await get(path, {}, method);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
    expect(hits.size).toBe(0);
  });

  it('caps request bodies to the editor and API, one by one and all at once', async () => {
    const big = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${url}/api/editor/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      // Chunked, so no length gives it away in advance.
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 40 && req.write(chunk)) sent++;
        if (sent < 40) req.once('drain', pump);
        else req.end();
      };
      pump();
    }).catch(() => 413);
    expect(big).toBe(413);
    expect((await raw(`POST /api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n`)).split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');

    // Slow bodies from one address: past its share, that address is told to wait; others,
    // and sign-in, are not held up; and each slow body is cut off at its deadline.
    const slow = Array.from({ length: 16 }, () => {
      const socket = net.connect((front.address() as AddressInfo).port, '127.0.0.1');
      socket.on('error', () => {});
      socket.write('POST /api/slow HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 203.0.113.66\r\nContent-Length: 1000\r\n\r\nabc');
      return socket;
    });
    await new Promise((r) => setTimeout(r, 200));
    const status = (answer: string) => answer.split('\r\n')[0];
    expect(status(await raw('POST /api/one-more HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 203.0.113.66\r\nContent-Length: 3\r\n\r\nabc'))).toBe('HTTP/1.1 429 Too Many Requests');
    expect(status(await raw('POST /api/other HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 198.51.100.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc'))).toBe('HTTP/1.1 200 OK');
    expect(status(await raw('POST /api/editor/session HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 203.0.113.66\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc'))).toBe('HTTP/1.1 200 OK');
    const cutOff = await new Promise<string>((resolve) => {
      let answer = '';
      slow[0]!.on('data', (d) => (answer += d));
      slow[0]!.on('close', () => resolve(answer));
    });
    expect(status(cutOff)).toBe('HTTP/1.1 408 Request Timeout');
    for (const socket of slow) socket.destroy();
    await new Promise((r) => setTimeout(r, 200));
    expect(status(await raw('POST /api/after HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 203.0.113.66\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc'))).toBe('HTTP/1.1 200 OK');
  });

  it('says that nothing is published yet, with 503, while there is no store, and never asks the app', async () => {
    const empty = new PageCache({ storeFile: path.join(tempDir('no-store'), 'site.db'), maxBytes: 1 << 20, storeCheckIntervalMs: 0 });
    const server = createFrontServer({ upstream: { host: '127.0.0.1', port: (upstream.address() as AddressInfo).port }, cache: empty });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/topics`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('60');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).toContain('run <code>npm run ingest</code>');
      expect(hits.size).toBe(0);
      // The editor still reaches the app: it can say what it needs itself.
      expect((await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/editor`)).status).toBe(200);
    } finally {
      server.close();
    }
  });

  it('answers 502 when the app is down, and keeps nothing', async () => {
    const deadCache = new PageCache({ storeFile, maxBytes: 1 << 20, storeCheckIntervalMs: 0 });
    const dead = createFrontServer({ upstream: { host: '127.0.0.1', port: 1 }, cache: deadCache });
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    try {
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`http://127.0.0.1:${(dead.address() as AddressInfo).port}/x`);
        expect(res.status).toBe(502);
        expect(res.headers.get('cache-control')).toBe('no-store');
      }
      // Nothing kept: both requests tried the app, and the cache holds no entry.
      expect(deadCache.size.entries).toBe(0);
      expect(deadCache.stats.hits).toBe(0);
    } finally {
      dead.close();
    }
  });
});
