import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateStore } from '../../lib/ingest/update-store';
import { hostAttacks, inBatches, MARK, rawExchange, slowReaders, smugglingAttacks, statusesOf, tricklingBodies } from '../support/attacks';
import { siteContentDir, tempDir } from '../support/helpers';
import { startNginx, type RunningNginx } from '../support/nginx';
import { startServer, type RunningServer } from '../support/server';
import { startVarnish, type RunningVarnish } from '../support/varnish';

/**
 * The site under request smuggling and cache-key attacks, through each way it is served:
 * `npm run serve` alone, nginx in front of it (deploy/nginx/site.conf) and Varnish in front
 * of it (deploy/varnish/). Every framing of a body on every method and kind of path, each
 * body carrying requests of its own, while readers load pages from cold caches; every Host
 * and request-target variant. The oracle is a second `npm run serve` of the same store that
 * no attacker ever reached: every reader's page must be byte for byte the page it gives.
 */
const USER = 'alice';
const PASSWORD = 'correct horse battery staple';
const SYNC_SECRET = 'a webhook secret of more than thirty-two characters';
let contentDir: string;
let dbFile: string;
let app: RunningServer;
let oracle: RunningServer;
let nginx: RunningNginx;
let varnish: RunningVarnish;

const SLUG = 'healthcareitnews-health-system-resilience-depends-on-digital-tools';
/** Pages of every type; none is requested before the attacks start. */
const PAGES = ['/', '/news', `/news/${SLUG}`, '/topic/healthcare-it-news-digital-health', '/topics', '/offerings', '/search?q=digital+health', '/source/who.int', '/feeds/atom.xml', '/feeds/rss.xml', '/sitemap.xml', '/sitemaps/news-1.xml', '/robots.txt', '/news/no-such-item'];

beforeAll(async () => {
  contentDir = siteContentDir({ variants: false });
  dbFile = path.join(tempDir('smuggling'), 'site.db');
  expect((await updateStore({ contentDir, databasePath: dbFile, full: true })).problems).toEqual([]);
  const env = { DATABASE_URL: `file:${dbFile}`, CONTENT_DIR: contentDir, EDITOR_USER: USER, EDITOR_PASSWORD: PASSWORD, SYNC_SECRET };
  [app, oracle] = await Promise.all([startServer(env), startServer(env)]);
  nginx = await startNginx({ appPort: Number(new URL(app.url).port) });
  varnish = await startVarnish([Number(new URL(app.url).port)]);
}, 180_000);

afterAll(async () => {
  await varnish?.stop();
  await nginx?.stop();
  await Promise.all([app?.stop(), oracle?.stop()]);
});

const fronts = () =>
  [
    ['npm run serve', Number(new URL(app.url).port)],
    ['nginx', nginx.port],
    ['Varnish', varnish.port],
  ] as const;

function fetchPage(port: number, target: string, agent: http.Agent | false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: target, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
  });
}

const oraclePages = new Map<string, { status: number; body: string }>();
async function expected(target: string) {
  if (!oraclePages.has(target)) oraclePages.set(target, await fetchPage(Number(new URL(oracle.url).port), target, false));
  return oraclePages.get(target)!;
}

/** Pages a made-up Host or target would try to take the key of. */
const KEYED_PAGES = ['/', `/news/${SLUG}`, '/topics', '/feeds/atom.xml', '/sitemap.xml', '/news/no-such-item'];

/** Every page through `port`, `rounds` times over kept-alive connections: each the oracle's, byte for byte. */
async function readersGetTheirOwnPages(port: number, rounds: number, label: string, pages = PAGES) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  try {
    for (let round = 0; round < rounds; round++) {
      const got = await Promise.all(pages.map((p) => fetchPage(port, p, agent)));
      for (const [i, page] of got.entries()) {
        const want = await expected(pages[i]!);
        expect(page.body.includes(MARK), `${label}: ${pages[i]} holds a hidden request's page`).toBe(false);
        expect(page.status, `${label}: ${pages[i]}`).toBe(want.status);
        expect(page.body === want.body, `${label}: ${pages[i]} differs from the page a fresh server gives`).toBe(true);
      }
    }
  } finally {
    agent.destroy();
  }
}

/**
 * Every cache cold: the app's page cache drops everything when the store file changes (here
 * its time), Varnish's on a purge of `site`, nginx's a second after it kept a page.
 */
async function coldCaches(port: number) {
  const now = new Date();
  fs.utimesSync(dbFile, now, now);
  const purge = await fetch(varnish.purgeUrl, { method: 'PURGE', headers: { 'xkey-purge': 'site' } });
  expect(purge.status).toBe(200);
  if (port === nginx.port) await new Promise((r) => setTimeout(r, 1100));
}

describe('request smuggling', () => {
  for (const index of [0, 1, 2]) {
    it(`every framing on every method and path, while readers load cold pages (${['npm run serve', 'nginx', 'Varnish'][index]})`, async () => {
      const [name, port] = fronts()[index]!;
      await coldCaches(port);
      const attacks = smugglingAttacks(`127.0.0.1:${port}`);
      let attacking = true;
      // Readers load pages no one loaded before (a hidden request's answer lies in wait for
      // the next rendering on the same connection to the app), four at a time, until the
      // attacks end; each compared with the oracle's page for the same address.
      let n = 0;
      const fresh = () => {
        const i = n++;
        return [`/news/missing-${name.length}-${i}`, `/search?q=digital+${i}`, `/tag/no-such-tag-${i}`][i % 3]!;
      };
      const readers = Promise.all(
        Array.from({ length: 4 }, async () => {
          const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
          let loaded = 0;
          try {
            while (attacking || loaded === 0) {
              const target = fresh();
              const page = await fetchPage(port, target, agent);
              const want = await expected(target);
              expect(page.body.includes(MARK), `${name}, during the attacks: ${target} holds a hidden request's page`).toBe(false);
              expect(`${page.status} ${page.body === want.body ? 'same' : 'different'}`, `${name}, during the attacks: ${target}`).toBe(`${want.status} same`);
              loaded++;
            }
          } finally {
            agent.destroy();
          }
          return loaded;
        }),
      ).then((counts) => counts.reduce((a, b) => a + b, 0));
      try {
        await inBatches(attacks, 32, (a) => rawExchange(port, a.bytes, 3000, 40));
      } finally {
        attacking = false;
      }
      expect(await readers).toBeGreaterThan(0);
      await coldCaches(port);
      await readersGetTheirOwnPages(port, 2, `${name}, after the attacks`);
    }, 300_000);
  }
});

describe('cache keys', () => {
  for (const index of [0, 1, 2]) {
    it(`no Host or request-target variant changes a cached page (${['npm run serve', 'nginx', 'Varnish'][index]})`, async () => {
      const [name, port] = fronts()[index]!;
      for (const attack of hostAttacks(`127.0.0.1:${port}`, SLUG)) {
        await coldCaches(port);
        const head = attack.host === undefined ? '' : `Host: ${attack.host}\r\n`;
        const answer = await rawExchange(port, `GET ${attack.target} HTTP/1.1\r\n${head}Connection: close\r\n\r\n`);
        expect(statusesOf(answer).length, `${name}: ${attack.name}`).toBeGreaterThan(0);
        await readersGetTheirOwnPages(port, 1, `${name} after ${attack.name}`, KEYED_PAGES);
      }
    }, 300_000);
  }
});

describe('slow clients', () => {
  it('trickled bodies to the editor hold up neither sign-in nor the webhook, directly or through Varnish', async () => {
    for (const port of [Number(new URL(app.url).port), varnish.port]) {
      const trickling = tricklingBodies(port, '/api/editor/preview', 16);
      try {
        await new Promise((r) => setTimeout(r, 1000));
        const signIn = await fetch(`http://127.0.0.1:${port}/api/editor/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.80' }, body: JSON.stringify({ user: USER, password: PASSWORD }) });
        expect(signIn.status).toBe(200);
        const sync = await fetch(`http://127.0.0.1:${port}/api/sync`, { method: 'POST', headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' }, body: '{}' });
        // Refused for its secret, not for want of room.
        expect(sync.status).toBe(401);
        expect((await fetch(`http://127.0.0.1:${port}/topics`)).status).toBe(200);
      } finally {
        for (const s of trickling) s.destroy();
      }
    }
  }, 60_000);

  it('slow readers of a large image hold up no page and not the editor', async () => {
    const mediaDir = path.join(path.dirname(dbFile), 'media');
    fs.mkdirSync(mediaDir, { recursive: true });
    const image = `${'cd'.repeat(20)}.jpg`;
    fs.writeFileSync(path.join(mediaDir, image), Buffer.alloc(12 * 1024 * 1024, 1));
    const port = Number(new URL(app.url).port);
    const readers = slowReaders(port, `/media/${image}`, 70);
    try {
      await new Promise((r) => setTimeout(r, 1000));
      await coldCaches(port);
      for (const target of ['/topics', '/news', `/news/${SLUG}`, '/editor']) {
        const started = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}${target}`, { signal: AbortSignal.timeout(20_000) });
        await res.text();
        expect(res.status, target).toBe(200);
        expect(performance.now() - started, target).toBeLessThan(10_000);
      }
    } finally {
      for (const s of readers) s.destroy();
    }
  }, 60_000);
});
