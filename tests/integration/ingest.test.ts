import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relatedNews, type RelatedInput } from '../../lib/catalog/related';
import { ingestAll } from '../../lib/ingest/full';
import { chooseRelatedNews } from '../../lib/ingest/preparation';
import type { PrismaClient } from '../../lib/generated/prisma/client';
import { runIngestCli, spawnIngestCli, ROOT, readClient, realRecordsDir, recordText, tempDir } from '../support/helpers';
import { checkSearchIndex, relatedAsComputed } from '../support/store-contents';
import { writeSyntheticCorpus } from '../support/synthetic-corpus';

describe('ingest of the real records', () => {
  let contentDir: string;
  let dbFile: string;
  let db: PrismaClient;

  beforeAll(async () => {
    contentDir = realRecordsDir();
    dbFile = path.join(tempDir('store'), 'site.db');
    const summary = await ingestAll({ contentDir, databasePath: dbFile });
    expect(summary.problems).toEqual([]);
    expect(summary).toMatchObject({ published: true, records: 21, rejected: 0 });
    db = readClient(dbFile);
  });
  afterAll(async () => db?.$disconnect());

  it('stores the related news the rules choose from its items (chosen on a worker while the rows go in)', () => {
    const related = relatedAsComputed(dbFile);
    expect(Object.keys(related.stored).length).toBeGreaterThan(2);
    expect(related.stored).toEqual(related.computed);
  });

  it('chooses related news on a worker exactly as on the thread itself, for a store of 30,000 items', async () => {
    // Items over two years, each in one to four of 300 topics (a few crowded, most sparse).
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const items: RelatedInput[] = Array.from({ length: 30_000 }, (_, i) => ({
      id: i + 1,
      date: Date.UTC(2024, 0, 1) + Math.floor(next() * 730) * 86_400_000,
      topicIds: [...new Set(Array.from({ length: 1 + Math.floor(next() * 4) }, () => Math.floor(next() ** 3 * 300)))],
    }));
    const onWorker = await chooseRelatedNews(items);
    expect(onWorker.size).toBeGreaterThan(29_000);
    expect(onWorker).toEqual(relatedNews(items));
  });

  it('stores the seed item with its source, authors, topics, offerings, tags and alias', async () => {
    const item = await db.newsItem.findUniqueOrThrow({
      where: { slug: 'healthcareitnews-health-system-resilience-depends-on-digital-tools' },
      include: { source: true, authors: { include: { author: true } }, topics: { include: { topic: true }, orderBy: { position: 'asc' } }, offerings: { include: { offering: true }, orderBy: { position: 'asc' } }, tags: { include: { tag: true } }, aliases: true },
    });
    expect(item.title).toBe('Health system resilience depends on digital tools');
    expect(item.date.toISOString()).toBe('2023-02-02T00:00:00.000Z');
    expect(item.lastMod?.toISOString()).toBe('2023-02-02T09:10:39.416Z');
    expect(item.source?.brand).toBe('healthcareitnews.com');
    expect(item.source?.slug).toBe('healthcareitnews');
    expect(item.authors.map((a) => a.author.name)).toEqual(['Athira Ravi']);
    expect(item.topics.map((t) => t.topic.slug)).toEqual(['symplur-healthcare-system', 'healthcare-it-news-digital-health']);
    expect(item.offerings.map((o) => o.offering.slug)).toEqual(['m-doc-smart-clinic', 'luscii-platform', 'bpaus-platform', 'kaia-health-platform', 'dynamicares-digital-recovery-platform']);
    // Tags differ in case across records; the first spelling (in file order) names the tag.
    expect(item.tags.map((t) => t.tag.name)).toEqual(['news']);
    expect(item.aliases.map((a) => a.path)).toEqual(['/news/health-system-resilience-depends-on-digital-tools']);
    expect(item.sourcePath).toBe('seed.md');
    // The image file is not beside the record, so no image is shown.
    expect(item.featuredImageHref).toBeNull();
  });

  it('counts topics, offerings and sources across records', async () => {
    const digital = await db.topic.findUniqueOrThrow({ where: { slug: 'healthcare-it-news-digital-health' } });
    expect(digital).toMatchObject({ collection: 'Healthcare IT News', label: 'Digital Health', name: 'Healthcare IT News: Digital Health' });
    const stored = await db.newsTopic.count({ where: { topicId: digital.id } });
    expect(digital.newsCount).toBe(stored);
    expect(stored).toBeGreaterThan(1);
    const luscii = await db.offering.findUniqueOrThrow({ where: { slug: 'luscii-platform' }, include: { topics: { include: { topic: true } } } });
    expect(luscii).toMatchObject({ label: 'Luscii Platform', medigyOfferingId: 17551, newsCount: 1 });
    expect(luscii.topics.map((t) => t.topic.slug).sort()).toEqual(['healthcare-it-news-digital-health', 'healthcare-it-news-remote-patient-monitoring']);
    const hit = await db.source.findUniqueOrThrow({ where: { brand: 'hitconsultant.net' } });
    expect(hit.newsCount).toBe(4);
    // "News" and "news" are one tag.
    expect(await db.tag.count()).toBe(1);
  });

  it('relates items that share topics, never an item to itself', async () => {
    const related = await db.relatedNews.findMany({ include: { news: { include: { topics: true } }, related: { include: { topics: true } } } });
    expect(related.length).toBeGreaterThan(0);
    for (const r of related) {
      expect(r.newsId).not.toBe(r.relatedId);
      const mine = new Set(r.news.topics.map((t) => t.topicId));
      expect(r.related.topics.some((t) => mine.has(t.topicId))).toBe(true);
    }
  });

  it('leaves no dangling reference between tables', () => {
    // The ingest builds every reference itself and skips SQLite's check for speed; hold it to that here.
    const raw = new Database(dbFile, { readonly: true });
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  });

  it('records the migration the way Prisma Migrate does', () => {
    const raw = new Database(dbFile, { readonly: true });
    const rows = raw.prepare('SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations').all() as { migration_name: string; checksum: string; applied_steps_count: number }[];
    raw.close();
    expect(rows.map((r) => r.migration_name)).toEqual(fs.readdirSync(path.join(ROOT, 'prisma', 'migrations')).filter((n) => !n.endsWith('.toml')).sort());
    expect(rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.applied_steps_count).toBe(1);
  });
});

describe('ingest with bad records', () => {
  function contentWith(files: Record<string, string>): string {
    const dir = tempDir('bad');
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  }

  it('reports every invalid record in one run and leaves the served store exactly as it was', async () => {
    const dbFile = path.join(tempDir('store'), 'site.db');
    const good = contentWith({ 'a.md': recordText({ slug: 'a' }) });
    await ingestAll({ contentDir: good, databasePath: dbFile });
    const before = fs.readFileSync(dbFile);

    const bad = contentWith({
      'a.md': recordText({ slug: 'a' }),
      'b.md': recordText({ slug: 'b', title: null }),
      'c.md': '---\ntitle: [broken\n---\n',
      'd.md': recordText({ slug: 'd', link: '\n  brand: x\n  href: "javascript:alert(1)"' }),
    });
    const summary = await ingestAll({ contentDir: bad, databasePath: dbFile });
    expect(summary.published).toBe(false);
    expect(summary.rejected).toBe(3);
    expect(summary.problems.map((p) => [p.file, p.field])).toEqual([
      ['b.md', 'title'],
      ['c.md', undefined],
      ['d.md', 'link.href'],
    ]);
    expect(summary.problems[1]!.line).toBe(3);
    expect(fs.readFileSync(dbFile).equals(before)).toBe(true);
    expect(fs.readdirSync(path.dirname(dbFile))).toEqual(['site.db']);
  });

  it('publishes the valid records with --skip-invalid and still lists the rejected ones', () => {
    const dbFile = path.join(tempDir('store'), 'site.db');
    const dir = contentWith({ 'a.md': recordText({ slug: 'a' }), 'b.md': recordText({ slug: 'b', date: "'2024-13-01'" }) });
    const refused = runIngestCli(dir, dbFile);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('b.md: date: "2024-13-01" is not a date');
    expect(refused.stderr).toContain('the store was not changed');
    expect(fs.existsSync(dbFile)).toBe(false);

    const skipped = runIngestCli(dir, dbFile, '--skip-invalid');
    expect(skipped.status).toBe(0);
    expect(skipped.stderr).toContain('b.md: date:');
    expect(skipped.stdout).toMatch(/1 records, 1 topics, 0 offerings, 1 sources, 1 rejected/);
    const raw = new Database(dbFile, { readonly: true });
    expect(raw.prepare('SELECT slug FROM NewsItem').all()).toEqual([{ slug: 'a' }]);
    raw.close();
  });

  it('refuses two records of different articles with one slug, naming both files', async () => {
    // (The same article twice under one slug is one item: tests/unit/same-article.test.ts.)
    const dir = contentWith({ 'first.md': recordText({ slug: 'same' }), 'second.md': recordText({ slug: 'same', link: '\n  brand: example.org\n  href: https://example.org/another' }) });
    const summary = await ingestAll({ contentDir: dir, databasePath: path.join(tempDir('store'), 'site.db') });
    expect(summary.published).toBe(false);
    expect(summary.problems).toEqual([{ severity: 'error', code: 'slug-taken', file: 'second.md', field: 'slug', message: '"same" is already the slug of first.md; each record needs its own slug' }]);
  });

  it('refuses an alias that already leads to another item', async () => {
    const dir = contentWith({ 'a.md': recordText({ slug: 'a', aliases: '/news/old' }), 'b.md': recordText({ slug: 'b', aliases: '\n  - /news/a' }) });
    const summary = await ingestAll({ contentDir: dir, databasePath: path.join(tempDir('store'), 'site.db') });
    expect(summary.problems).toEqual([{ severity: 'error', code: 'alias-taken', file: 'b.md', field: 'aliases[0]', message: '"/news/a" already leads to a.md; an old address can lead to one item only' }]);
  });

  it('checks drafts but does not publish them', async () => {
    const dbFile = path.join(tempDir('store'), 'site.db');
    const dir = contentWith({ 'a.md': recordText({ slug: 'a' }), 'b.md': recordText({ slug: 'b', status: 'draft' }) });
    const summary = await ingestAll({ contentDir: dir, databasePath: dbFile });
    expect(summary).toMatchObject({ published: true, records: 1, drafts: 1 });
  });

  it('says so when the content directory is missing', () => {
    const result = runIngestCli(path.join(tempDir('none'), 'missing'), path.join(tempDir('store'), 'site.db'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/content directory .* does not exist/);
  });
});


describe('builds at once in one process', () => {
  it('never take each other’s temporary file (a webhook’s sync beside an editor’s save)', async () => {
    const dir = realRecordsDir();
    const db = path.join(tempDir('twice'), 'site.db');
    const [a, b, c] = await Promise.all([ingestAll({ contentDir: dir, databasePath: db }), ingestAll({ contentDir: dir, databasePath: db }), ingestAll({ contentDir: dir, databasePath: db })]);
    for (const run of [a, b, c]) expect(run.published).toBe(true);
    expect(fs.readdirSync(path.dirname(db)).filter((f) => f.includes('.building-'))).toEqual([]);
    const store = new Database(db, { readonly: true });
    expect(store.prepare('SELECT count(*) FROM NewsItem').pluck().get()).toBe(a.records);
    store.close();
  });
});

describe('the search index of a full ingest', () => {
  it('is written batch by batch as records are read, and answers as an index made at once from the same entries', async () => {
    // More records than one batch of the new store's writer (1,000), in an order their ids are not in.
    const corpus = tempDir('search-corpus');
    writeSyntheticCorpus(corpus, { count: 2600 });
    const dbFile = path.join(tempDir('search-store'), 'site.db');
    const summary = await ingestAll({ contentDir: corpus, databasePath: dbFile });
    expect(summary.records).toBe(2600);
    checkSearchIndex(dbFile);
    const db = new Database(dbFile);
    try {
      expect(db.prepare('SELECT count(*) FROM NewsSearch').pluck().get()).toBe(2600);
      // The oracle: the same entries into an index of the same definition and ranking, at once, in rowid order.
      const definition = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'NewsSearch'").pluck().get() as string;
      db.exec(definition.replace(/"?NewsSearch"?/, 'temp.Oracle'));
      db.exec("INSERT INTO temp.Oracle (Oracle, rank) SELECT 'rank', v FROM NewsSearch_config WHERE k = 'rank'");
      db.exec('INSERT INTO temp.Oracle (rowid, title, description, body, topics, source, offerings) SELECT rowid, title, description, body, topics, source, offerings FROM NewsSearch ORDER BY rowid');
      // Words of titles and bodies, rare and common, and a phrase, each by column and anywhere.
      const entries = db.prepare('SELECT title, body FROM NewsSearch ORDER BY rowid LIMIT 40').all() as { title: string; body: string }[];
      const words = [...new Set(entries.flatMap((e) => `${e.title} ${e.body}`.match(/[A-Za-z]{5,}/g) ?? []))].slice(0, 60);
      const queries = [...words.map((w) => `"${w}"`), ...words.slice(0, 20).map((w) => `body : "${w}"`), `"${entries[0]!.title.split(' ').slice(0, 3).join(' ')}"`];
      for (const q of queries) {
        // Found, and ranked, alike (by the store's own ranking: lib/store/writes.ts rankSearch).
        const got = db.prepare('SELECT rowid FROM NewsSearch WHERE NewsSearch MATCH ? ORDER BY rank, rowid').pluck().all(q);
        const want = db.prepare('SELECT rowid FROM temp.Oracle WHERE Oracle MATCH ? ORDER BY rank, rowid').pluck().all(q);
        expect(got, q).toEqual(want);
        // A word of an entry's own text (anywhere) finds at least that entry.
        if (!q.includes(':')) expect(got.length, q).toBeGreaterThan(0);
      }
      expect(queries.length).toBeGreaterThan(40);
    } finally {
      db.close();
    }
  }, 180_000);
});
