import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { linkKey } from '../../lib/content/link';
import { pollFeeds, type PollOptions, type PollReport } from '../../lib/desk/poll';
import { DeskState } from '../../lib/desk/state';
import { readSubscriptions, writeSubscriptions, type Subscription } from '../../lib/desk/subscriptions';
import { ingestAll } from '../../lib/ingest/full';
import { updateStore } from '../../lib/ingest/update-store';
import { withDeskQueries } from '../../lib/store/queries/desk';
import { git } from '../support/content-repository';
import { rssFeed, startFeedServer, type FeedServer } from '../support/feed-server';
import { recordText, ROOT, tempDir } from '../support/helpers';
import { storeValue } from '../support/store-contents';

/**
 * The news desk against feeds served on loopback: conditional requests, backoff, moves
 * and retirements, nothing twice, stories across publishers, publish and review modes,
 * the dry run's JSON, and each hostile feed refused within bounded time and memory.
 */
let server: FeedServer;
let contentDir: string;
let dbFile: string;
let deskFile: string;
const NOW = Date.parse('2026-03-10T12:00:00Z');
const hours = (h: number) => new Date(NOW - h * 3600_000);

const sub = (p: string, title: string, extra: Partial<Subscription> = {}): Subscription => ({ title, xmlUrl: `${server.url}${p}`, htmlUrl: null, topics: [], mode: 'review', retired: null, ...extra });
const options = (extra: Partial<PollOptions> = {}): PollOptions => ({
  contentDir,
  databasePath: dbFile,
  mediaDir: path.join(path.dirname(dbFile), 'media'),
  deskFile,
  now: NOW,
  reach: { allow: [`127.0.0.1:${server.port}`] },
  limits: { timeoutMs: 3000 },
  ...extra,
});
const feedOf = (report: PollReport, p: string) => report.feeds.find((f) => f.feed === `${server.url}${p}` || f.movedTo === `${server.url}${p}`)!;

beforeAll(async () => {
  server = await startFeedServer();
}, 30_000);
afterAll(async () => {
  await server?.close();
});

beforeEach(async () => {
  const root = tempDir('desk');
  contentDir = path.join(root, 'content');
  fs.mkdirSync(contentDir);
  for (const name of fs.readdirSync(path.join(ROOT, 'content'))) fs.copyFileSync(path.join(ROOT, 'content', name), path.join(contentDir, name));
  // A record curated two days ago, for "the same article under another address".
  fs.writeFileSync(
    path.join(contentDir, 'curated-recently.md'),
    recordText({ title: 'Hospital at home programs expand across rural states', slug: 'statnews-hospital-at-home', date: `'${hours(48).toISOString().slice(0, 10)}'`, link: '\n  brand: statnews.example\n  href: https://www.statnews.example/2026/03/08/hospital-at-home' }),
  );
  git(contentDir, 'init', '--quiet', '--initial-branch=main');
  git(contentDir, 'add', '.');
  git(contentDir, 'commit', '--quiet', '-m', 'The content');
  dbFile = path.join(root, 'data', 'site.db');
  deskFile = path.join(root, 'data', 'desk.db');
  fs.mkdirSync(path.dirname(dbFile));
  expect((await ingestAll({ contentDir, databasePath: dbFile })).published).toBe(true);
  server.reset();
});

describe('review mode', () => {
  it('puts new items in the inbox grouped by story, skips what is curated or seen, and costs 304s when nothing changed', async () => {
    server.set('/stat.xml', {
      body: rssFeed('STAT', [
        { title: 'FDA clears first AI tool for skin cancer detection', link: 'https://www.statnews.example/2026/03/10/fda-ai-skin-cancer?utm_source=rss', date: hours(3), summary: 'The agency cleared software that flags melanoma.', image: 'https://www.statnews.example/img/skin.jpg' },
        // Curated already (the bundled seed record's article), under another spelling of its address.
        { title: 'Health system resilience', link: 'http://who.int/health-topics/digital-health/', date: hours(5) },
        // The same article as a curated record, under another address: flagged, still new.
        { title: 'Hospital at home programs expand across rural states', link: 'https://www.statnews.example/2026/03/08/hospital-at-home-amp', date: hours(40) },
      ]),
    });
    server.set('/fierce.xml', {
      body: rssFeed('Fierce Healthcare', [
        { title: 'FDA clears first AI tool for skin cancer detection in primary care', link: 'https://www.fierce.example/ai/fda-skin-cancer', date: hours(2) },
        { title: 'Nurses union sues over staffing ratios', link: 'https://www.fierce.example/nurses-staffing', date: hours(8) },
      ]),
      gzip: true,
    });
    server.set('/verge.xml', {
      body: rssFeed('The Verge', [
        { title: 'FDA clears AI tool for skin cancer detection', link: 'https://www.verge.example/health/fda-skin', date: hours(1) },
        // The same article as STAT's, through another address spelling: once only.
        { title: 'FDA clears first AI tool for skin cancer detection', link: 'https://statnews.example/2026/03/10/fda-ai-skin-cancer/#comments', date: hours(3) },
      ]),
    });
    writeSubscriptions(contentDir, [sub('/stat.xml', 'STAT'), sub('/fierce.xml', 'Fierce Healthcare'), sub('/verge.xml', 'The Verge')]);

    const first = await pollFeeds(options());
    expect(first.feeds.map((f) => f.status)).toEqual(['fetched', 'fetched', 'fetched']);
    expect(first.items.map((i) => i.title).sort()).toEqual([
      'FDA clears AI tool for skin cancer detection',
      'FDA clears first AI tool for skin cancer detection',
      'FDA clears first AI tool for skin cancer detection in primary care',
      'Hospital at home programs expand across rural states',
      'Nurses union sues over staffing ratios',
    ]);
    const byTitle = new Map(first.items.map((i) => [i.title, i]));
    const skin = ['FDA clears AI tool for skin cancer detection', 'FDA clears first AI tool for skin cancer detection', 'FDA clears first AI tool for skin cancer detection in primary care'].map((t) => byTitle.get(t)!.story);
    expect(new Set(skin).size).toBe(1);
    expect(byTitle.get('Nurses union sues over staffing ratios')!.story).not.toBe(skin[0]);
    expect(byTitle.get('Hospital at home programs expand across rural states')!.duplicateOf).toBe('statnews-hospital-at-home');
    const stat = byTitle.get('FDA clears first AI tool for skin cancer detection')!;
    expect(stat.link).toBe('https://www.statnews.example/2026/03/10/fda-ai-skin-cancer');
    expect(stat.image).toBe('https://www.statnews.example/img/skin.jpg');
    expect(stat.published).toBe(hours(3).toISOString());

    const desk = DeskState.open(deskFile);
    expect(desk.pending()).toHaveLength(5);
    desk.close();
    // One request per host at a time (all three feeds are on one host here).
    expect(server.maxInFlight).toBe(1);
    expect(server.requests.every((r) => /^DigitalHealthCurated-NewsDesk\/1\.0 \(\+https?:\/\//.test(String(r.headers['user-agent'])))).toBe(true);

    // Nothing changed: every feed asked with its validators, every answer a 304, nothing added.
    server.reset();
    const second = await pollFeeds(options({ now: NOW + 900_000 }));
    expect(second.feeds.map((f) => f.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(second.items).toEqual([]);
    expect(server.requests.map((r) => r.headers['if-none-match'])).toEqual([expect.stringMatching(/^"/), expect.stringMatching(/^"/), expect.stringMatching(/^"/)]);
    expect(server.requests.every((r) => r.headers['if-modified-since'] === 'Mon, 06 May 2024 07:00:00 GMT')).toBe(true);

    // An editor dismisses an item; the feed changes (one new item, the old ones still in it).
    const state = DeskState.open(deskFile);
    const nurses = state.pending().find((i) => i.title.startsWith('Nurses'))!;
    expect(state.dismiss([nurses.id])).toBe(1);
    state.close();
    server.set('/fierce.xml', {
      body: rssFeed('Fierce Healthcare', [
        { title: 'Skin cancer AI cleared by FDA for primary care use', link: 'https://www.fierce.example/ai/fda-skin-cancer-2', date: hours(0.5) },
        { title: 'FDA clears first AI tool for skin cancer detection in primary care', link: 'https://www.fierce.example/ai/fda-skin-cancer', date: hours(2) },
        { title: 'Nurses union sues over staffing ratios', link: 'https://www.fierce.example/nurses-staffing', date: hours(8) },
      ]),
    });
    const third = await pollFeeds(options({ now: NOW + 1_800_000 }));
    expect(third.items.map((i) => i.title)).toEqual(['Skin cancer AI cleared by FDA for primary care use']);
    const after = DeskState.open(deskFile);
    expect(after.pending().map((i) => i.title)).not.toContain('Nurses union sues over staffing ratios');
    after.close();
  });

  it('suggests topics with reasons, the subscription\'s defaults first', async () => {
    server.set('/topics.xml', { body: rssFeed('Topics', [{ title: 'Digital health tools help health systems stay resilient', link: 'https://topics.example/resilience', date: hours(1), summary: 'Health system resilience depends on digital tools.' }]) });
    writeSubscriptions(contentDir, [sub('/topics.xml', 'Topics', { topics: ['KLAS: Patient Engagement'] })]);
    const report = await pollFeeds(options({ dryRun: true }));
    const topics = report.items[0]!.topics;
    expect(topics[0]).toEqual({ topic: 'KLAS: Patient Engagement', score: 10, reasons: ["the subscription's default topic"] });
    // The bundled records are about digital health: their topics come with why.
    expect(topics.slice(1).map((t) => t.topic)).toContain('Healthcare IT News: Digital Health');
    expect(topics.find((t) => t.topic === 'Healthcare IT News: Digital Health')!.reasons.join(' ')).toMatch(/in the title|similar curated item/);
  });
});

describe('publish mode', () => {
  it('writes feed-item records, makes them live through the ingest and commits them; never twice', async () => {
    server.set('/amia.xml', {
      body: rssFeed('AMIA In The News', [
        { title: 'AMIA wants more specificity from FDA decision support guidance', link: 'https://www.amia.example/news/amia-wants-more-specificity', date: hours(4), summary: '<p>AMIA comments on the <b>draft</b> guidance.</p><script>alert(1)</script>' },
        { title: 'Machine learning complicates FDA guidance', link: 'https://www.amia.example/news/ml-complicates', date: hours(6), image: 'https://www.amia.example/img/ml.png' },
      ]),
    });
    writeSubscriptions(contentDir, [sub('/amia.xml', 'AMIA In The News', { mode: 'publish', topics: ['HIMSS: Clinical Decision Support'] })]);
    git(contentDir, 'add', '.');
    git(contentDir, 'commit', '--quiet', '-m', 'Subscribe');

    const report = await pollFeeds(options());
    expect(report.published.sort()).toEqual(['feeds/amia-in-the-news/amia.example-amia-wants-more-specificity-from-fda-decision-support-guidance.md', 'feeds/amia-in-the-news/amia.example-machine-learning-complicates-fda-guidance.md']);
    const text = fs.readFileSync(path.join(contentDir, report.published.sort()[0]!), 'utf8');
    expect(text).toContain('archetype: external-bookmark-feed');
    expect(text).toContain('source: news-desk');
    expect(text).toContain("- 'HIMSS: Clinical Decision Support'");
    expect(text).toContain('<b>draft</b>');
    expect(text).not.toContain('<script');
    // Live: the store has them (the ingest applied them), as feed items.
    const live = withDeskQueries(dbFile, (q) => q.curated(linkKey('https://www.amia.example/news/amia-wants-more-specificity')));
    expect(live?.path).toBe(report.published.sort()[0]);
    const db = new Database(dbFile, { readonly: true });
    expect(db.prepare("SELECT kind FROM NewsItem WHERE slug = 'amia.example-machine-learning-complicates-fda-guidance'").pluck().get()).toBe('feed');
    db.close();
    // Committed, like an editor's save; the work tree is clean.
    expect(git(contentDir, 'log', '-1', '--format=%s')).toBe('Feeds: 2 new items from AMIA In The News');
    expect(git(contentDir, 'status', '--porcelain')).toBe('');
    // The store built from scratch from these files is the same as the one updated in place.
    const fresh = path.join(tempDir('desk-fresh'), 'site.db');
    expect((await ingestAll({ contentDir, databasePath: fresh })).published).toBe(true);
    const count = (f: string) => storeValue(f, 'SELECT count(*) FROM NewsItem');
    expect(count(fresh)).toBe(count(dbFile));

    // The feed changes; the two items are still in it: nothing twice.
    server.set('/amia.xml', { body: rssFeed('AMIA In The News', [{ title: 'A third AMIA item', link: 'https://www.amia.example/news/third', date: hours(1) }, { title: 'AMIA wants more specificity from FDA decision support guidance', link: 'https://www.amia.example/news/amia-wants-more-specificity', date: hours(4) }]) });
    const again = await pollFeeds(options({ now: NOW + 900_000 }));
    expect(again.published).toEqual(['feeds/amia-in-the-news/amia.example-a-third-amia-item.md']);
  });
});

describe('failures, moves and retirements', () => {
  it('backs off a failing feed (Retry-After too), follows a permanent move in feeds.opml, retires a feed that is gone', async () => {
    server.set('/broken.xml', { status: 500, body: 'oops', validators: false });
    server.set('/busy.xml', { status: 503, body: 'busy', validators: false, headers: { 'retry-after': '7200' } });
    server.set('/old.xml', { status: 301, headers: { location: `${server.url}/new.xml` }, validators: false });
    server.set('/new.xml', { body: rssFeed('Moved', [{ title: 'From the new address', link: 'https://moved.example/1', date: hours(1) }]) });
    server.set('/gone.xml', { status: 410, body: 'gone', validators: false });
    writeSubscriptions(contentDir, [sub('/broken.xml', 'Broken'), sub('/busy.xml', 'Busy'), sub('/old.xml', 'Moved'), sub('/gone.xml', 'Gone')]);
    git(contentDir, 'add', '.');
    git(contentDir, 'commit', '--quiet', '-m', 'Subscribe');

    const first = await pollFeeds(options());
    expect(feedOf(first, '/broken.xml')).toMatchObject({ status: 'failed', error: 'the server answered 500 Internal Server Error', failures: 1, nextPollAt: NOW + 15 * 60_000 });
    expect(feedOf(first, '/busy.xml')).toMatchObject({ status: 'failed', failures: 1, nextPollAt: NOW + 7200_000 });
    expect(feedOf(first, '/new.xml')).toMatchObject({ status: 'fetched', movedTo: `${server.url}/new.xml`, newItems: 1 });
    expect(feedOf(first, '/gone.xml').status).toBe('gone');
    const subs = readSubscriptions(contentDir).subscriptions;
    expect(subs.map((s) => [s.title, s.xmlUrl.replace(server.url, ''), s.retired])).toEqual([
      ['Broken', '/broken.xml', null],
      ['Busy', '/busy.xml', null],
      ['Moved', '/new.xml', null],
      ['Gone', '/gone.xml', '2026-03-10'],
    ]);
    expect(git(contentDir, 'log', '-1', '--format=%s')).toMatch(/^Feeds: Moved moved to .*\/new\.xml; Gone is gone \(410\): retired$/);

    // Within the backoff: not asked at all; after it, asked again and backing off longer.
    server.reset();
    const soon = await pollFeeds(options({ now: NOW + 60_000 }));
    expect(feedOf(soon, '/broken.xml').status).toBe('waiting');
    expect(server.requests.map((r) => r.path).sort()).toEqual(['/new.xml']);
    const later = await pollFeeds(options({ now: NOW + 16 * 60_000 }));
    expect(feedOf(later, '/broken.xml')).toMatchObject({ status: 'failed', failures: 2, nextPollAt: NOW + 16 * 60_000 + 30 * 60_000 });
    // Back to health: the count starts over.
    server.set('/broken.xml', { body: rssFeed('Broken', []) });
    const healed = await pollFeeds(options({ now: NOW + 50 * 60_000 }));
    expect(feedOf(healed, '/broken.xml')).toMatchObject({ status: 'fetched', failures: 2 });
    const desk = DeskState.open(deskFile);
    expect(desk.feed(`${server.url}/broken.xml`)).toMatchObject({ failures: 0, nextPollAt: null, lastStatus: '200' });
    desk.close();
  });
});

describe('hostile feeds', () => {
  it('refuses each within bounded time and memory, and the other feeds are read all the same', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20), { level: 9 });
    server.set('/bomb.xml', { handle: (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(bomb) });
    server.set('/endless.xml', {
      handle: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>endless</title>');
        const chunk = `<item><title>${'x'.repeat(1000)}</title><link>https://endless.example/</link></item>`.repeat(64);
        const pump = () => {
          while (res.write(chunk)) if (res.destroyed) return;
          res.once('drain', pump);
        };
        res.on('close', () => res.removeAllListeners('drain'));
        pump();
      },
    });
    server.set('/drip.xml', {
      handle: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const timer = setInterval(() => res.write(' '), 100);
        res.on('close', () => clearInterval(timer));
      },
    });
    const laughs = Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    server.set('/laughs.xml', { body: `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">${laughs}]><rss version="2.0"><channel><title>t</title><item><title>&l10;</title><link>https://a.example/</link></item></channel></rss>` });
    server.set('/xxe.xml', { body: '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>t</title><item><title>&x;</title><link>https://a.example/</link></item></channel></rss>' });
    server.set('/to-private.xml', { status: 302, headers: { location: 'http://10.0.0.1/feed.xml' }, validators: false });
    server.set('/to-loopback-name.xml', { status: 302, headers: { location: `http://localhost:${server.port}/good.xml` }, validators: false });
    server.set('/good.xml', { body: rssFeed('Good', [{ title: 'A good item', link: 'https://good.example/1', date: hours(1) }]) });
    const hostile = ['/bomb.xml', '/endless.xml', '/drip.xml', '/laughs.xml', '/xxe.xml', '/to-private.xml', '/to-loopback-name.xml'];
    writeSubscriptions(contentDir, [...hostile.map((p) => sub(p, p)), sub('/good.xml', 'Good'), { ...sub('/good.xml', 'Not admitted'), xmlUrl: `http://127.0.0.2:${server.port}/good.xml` }]);

    const before = process.memoryUsage().rss;
    const started = performance.now();
    const report = await pollFeeds(options({ limits: { timeoutMs: 1500, maxBytes: 2 * 1024 * 1024 }, concurrency: 1 }));
    const seconds = (performance.now() - started) / 1000;
    const errors = Object.fromEntries(report.feeds.map((f) => [f.feed.replace(server.url, '').replace(/^http:\/\/127\.0\.0\.2:\d+/, 'other-host'), f.error ?? f.status]));
    expect(errors).toEqual({
      '/bomb.xml': 'the feed is larger than 2 MiB (after decompression); it is not read',
      '/endless.xml': 'the feed is larger than 2 MiB (after decompression); it is not read',
      '/drip.xml': 'the feed did not arrive within 1.5 s',
      '/laughs.xml': expect.stringMatching(/declares XML entities/),
      '/xxe.xml': expect.stringMatching(/declares XML entities/),
      '/to-private.xml': '10.0.0.1 is an address of this machine or a private network; only public web pages can be fetched',
      '/to-loopback-name.xml': expect.stringMatching(/^localhost is at (127\.0\.0\.1|::1), an address of this machine/),
      '/good.xml': 'fetched',
      'other-host/good.xml': '127.0.0.2 is an address of this machine or a private network; only public web pages can be fetched',
    });
    expect(report.items.map((i) => i.title)).toEqual(['A good item']);
    expect(seconds).toBeLessThan(20);
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });
});

describe('npm run feeds -- --dry-run --json', () => {
  it('prints one JSON object per new item and per failed feed, and writes nothing', async () => {
    server.set('/json.xml', { body: rssFeed('JSON', [{ title: 'Wearables catch atrial fibrillation <b>early</b>', link: 'https://json.example/afib?utm_medium=rss', date: hours(2), summary: 'A <i>cohort</i> study.', image: 'https://json.example/afib.jpg' }]) });
    server.set('/fails.xml', { status: 404, body: 'no', validators: false });
    writeSubscriptions(contentDir, [sub('/json.xml', 'JSON'), sub('/fails.xml', 'Fails')]);
    const before = fs.readdirSync(contentDir).sort();
    // Not spawnSync: the feed server answers from this process.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['scripts/run.mjs', 'feeds', '--dry-run', '--json'],
        { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CONTENT_DIR: contentDir, DATABASE_URL: `file:${dbFile}`, DESK_FILE: deskFile, FETCH_ALLOW: `127.0.0.1:${server.port}` } },
        (_err, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }),
      );
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        feed: `${server.url}/json.xml`,
        title: 'Wearables catch atrial fibrillation early',
        link: 'https://json.example/afib',
        published: hours(2).toISOString().replace(/\.\d+Z$/, '.000Z'),
        summary: 'A <i>cohort</i> study.',
        image: 'https://json.example/afib.jpg',
        topics: expect.any(Array),
        duplicateOf: null,
        story: expect.stringMatching(/^s[0-9a-f]{12}$/),
      },
      { feed: `${server.url}/fails.xml`, error: 'the server answered 404 Not Found' },
    ]);
    expect(fs.existsSync(deskFile)).toBe(false);
    expect(fs.readdirSync(contentDir).sort()).toEqual(before);
  }, 150_000);
});
