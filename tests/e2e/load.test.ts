import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAll } from '../../lib/ingest/full';
import { storeFileIdentity } from '../../lib/store/location';
import { spawnIngestCli, PAGE_TYPES, recordText, siteContentDir, tempDir } from '../support/helpers';
import { childPids, rssMiB, runLoad } from '../support/load-generator';
import { startServer, type RunningServer } from '../support/server';

/**
 * The production server (npm run serve) under load on loopback: page weight, a long run
 * at 100 connections over a mix of pages with no error and stable memory, and an ingest
 * while under load that no request notices except by the new content.
 */
// 15 s (~75,000 requests here) shows memory flat and no error; LOAD_SECONDS=60 for a longer soak.
const LOAD_SECONDS = Number(process.env.LOAD_SECONDS ?? 15);

let server: RunningServer;
let contentDir: string;
let dbFile: string;

/** Every page type, feeds, sitemaps, robots.txt, a redirect and a 404, with the status each must answer. */
const MIX: [path: string, status: number][] = [
  ...PAGE_TYPES.map(([, p]) => [p, 200] as [string, number]),
  ['/news?page=2', 200],
  ['/feeds/rss.xml', 200],
  ['/topic/healthcare-it-news-digital-health/atom.xml', 200],
  ['/sitemap.xml', 200],
  ['/robots.txt', 200],
  ['/topic/healthcare-it-news-digital-health/', 301],
  ['/news/no-such-item', 404],
];
const EXPECTED = new Map(MIX);

beforeAll(async () => {
  contentDir = siteContentDir();
  dbFile = path.join(tempDir('load'), 'site.db');
  expect((await ingestAll({ contentDir, databasePath: dbFile })).problems).toEqual([]);
  server = await startServer({ DATABASE_URL: `file:${dbFile}`, CONTENT_DIR: contentDir });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

function getRaw(pathname: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${server.url}${pathname}`, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode!, headers: res.headers, bytes: body.length, body });
        });
      })
      .on('error', reject);
  });
}

function memory(): { front: number; next: number } {
  const pid = server.process.pid!;
  return { front: rssMiB(pid), next: childPids(pid).reduce((sum, child) => sum + rssMiB(child), 0) };
}

describe('production server', () => {
  it('sends item and topic pages in under 50 KB compressed, CSS inline, no JavaScript', async () => {
    for (const [name, pathname] of PAGE_TYPES) {
      const plain = await getRaw(pathname, {});
      const html = plain.body.toString('utf8');
      expect(html, name).not.toMatch(/<script(?![^>]*application\/ld\+json)/);
      expect(html, name).not.toMatch(/<link[^>]+(modulepreload|as="script")/);
      expect(html, name).not.toContain('rel="stylesheet"');
      expect(html, name).toContain('<style');
      const gzip = await getRaw(pathname, { 'accept-encoding': 'gzip' });
      const br = await getRaw(pathname, { 'accept-encoding': 'br, gzip' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(br.headers['content-encoding']).toBe('br');
      console.log(`page weight ${name}: ${(plain.bytes / 1024).toFixed(1)} KB HTML (CSS inline), ${(gzip.bytes / 1024).toFixed(1)} KB gzip, ${(br.bytes / 1024).toFixed(1)} KB brotli`);
      if (name === 'item' || name === 'topic') expect(gzip.bytes).toBeLessThanOrEqual(50 * 1024);
    }
  });

  it(`answers ${LOAD_SECONDS} s of 100 connections over a mix of pages without an error, in stable memory`, async () => {
    // Warm: every page once, so that "before" includes a full cache.
    for (const [p] of MIX) await getRaw(p, {});
    const before = memory();
    const result = await runLoad({
      origin: server.url,
      paths: MIX.map(([p]) => p),
      connections: 100,
      durationMs: LOAD_SECONDS * 1000,
      check: (p, status) => status === EXPECTED.get(p),
    });
    const after = memory();
    console.log(
      `load: ${result.requests} requests in ${LOAD_SECONDS} s at 100 connections (${Math.round(result.requestsPerSecond)}/s), ${result.errors} errors, ` +
        `p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms; ` +
        `RSS front ${before.front.toFixed(0)} → ${after.front.toFixed(0)} MiB, Next.js ${before.next.toFixed(0)} → ${after.next.toFixed(0)} MiB`,
    );
    expect(result.errorSamples).toEqual([]);
    expect(result.errors).toBe(0);
    expect(result.requests).toBeGreaterThan(LOAD_SECONDS * 500);
    // Cached pages are written from memory: the front server does not grow with requests.
    expect(after.front - before.front).toBeLessThan(64);
    expect(after.next - before.next).toBeLessThan(64);
  }, (LOAD_SECONDS + 60) * 1000);

  it('switches to a new store published by an ingest under load, with no failed request', async () => {
    fs.writeFileSync(path.join(contentDir, 'load-fresh.md'), recordText({ slug: 'load-fresh-item', title: 'Published under load', date: "'2026-11-21'" }));
    const oldIdentity = storeFileIdentity(dbFile);
    let changedAt = 0;
    let ingestDone = false;
    let ingestExit: number | null = null;
    // When the store file changed, as closely as a 2 ms poll tells.
    const poll = setInterval(() => {
      if (!changedAt && storeFileIdentity(dbFile) !== oldIdentity) changedAt = performance.now();
    }, 2);
    let fresh = 0;
    let staleAfterChange = 0;
    let lastStaleStart = 0;
    const startIngest = setTimeout(() => {
      const child = spawnIngestCli(contentDir, dbFile, '--quiet');
      child.on('exit', (code) => {
        ingestExit = code;
        ingestDone = true;
      });
    }, 1000);
    let doneAt = 0;
    const result = await runLoad({
      origin: server.url,
      paths: [...MIX.map(([p]) => p), '/', '/news/load-fresh-item'],
      connections: 100,
      durationMs: 60_000,
      until: () => {
        if (ingestDone && !doneAt) doneAt = performance.now();
        // Two seconds past the ingest, then stop.
        return doneAt > 0 && performance.now() - doneAt > 2000;
      },
      check: (p, status, body, startedAt) => {
        if (p === '/news/load-fresh-item') {
          if (status === 200) return body.includes('<h1>Published under load</h1>');
          return status === 404;
        }
        if (p === '/' && status === 200) {
          if (body.includes('href="/news/load-fresh-item"')) fresh++;
          else if (changedAt && startedAt > changedAt) {
            staleAfterChange++;
            lastStaleStart = Math.max(lastStaleStart, startedAt);
          }
        }
        return status === EXPECTED.get(p);
      },
    });
    clearInterval(poll);
    clearTimeout(startIngest);
    const staleness = lastStaleStart ? lastStaleStart - changedAt : 0;
    console.log(
      `ingest under load: ${result.requests} requests (${Math.round(result.requestsPerSecond)}/s), ${result.errors} errors, p99 ${result.p99Ms.toFixed(1)} ms; ` +
        `${staleAfterChange} responses begun after the store changed still showed the old home page, the last begun ${staleness.toFixed(0)} ms after it; ${fresh} showed the new one`,
    );
    expect(ingestExit).toBe(0);
    expect(changedAt).toBeGreaterThan(0);
    expect(result.errorSamples).toEqual([]);
    expect(result.errors).toBe(0);
    expect(fresh).toBeGreaterThan(0);
    expect(staleness).toBeLessThan(1000);
    // And afterwards, everywhere.
    expect((await getRaw('/news/load-fresh-item', {})).status).toBe(200);
  }, 120_000);
});
