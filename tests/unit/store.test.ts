import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma, PrismaClient } from '../../lib/generated/prisma/client';
import { judge } from '../../lib/catalog/judge';
import { MemoryView } from '../../lib/catalog/memory';
import { Catalog } from '../../lib/catalog/rules';
import { discoverRecords } from '../../lib/content/discover';
import { readRecordFile } from '../../lib/content/prepare';
import { NewFileWriter } from '../../lib/store/build';
import { applyMigrations } from '../../lib/store/migrate';
import { applyVerdict } from '../../lib/store/writer';
import { databaseFileOf } from '../../lib/config/env';
import { realRecordsDir, ROOT, tempDir } from '../support/helpers';
import { checkSearchIndex, storeColumn, storeRows, storeValue, visibleContent } from '../support/store-contents';

/**
 * prisma/migrations is written by hand (Prisma's CLI cannot run here), so these tests
 * hold it to prisma/schema.prisma through the generated client.
 */
describe('migrations match schema.prisma', () => {
  let file: string;
  let raw: Database.Database;
  let client: PrismaClient;

  beforeAll(() => {
    file = path.join(tempDir('drift'), 'drift.db');
    raw = new Database(file);
    const names = fs.readdirSync(path.join(ROOT, 'prisma', 'migrations')).filter((n) => !n.endsWith('.toml')).sort();
    expect(names[0]).toBe('20261122000000_init');
    expect(applyMigrations(raw)).toEqual(names);
    client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file }, { timestampFormat: 'unixepoch-ms' }) });
  });
  afterAll(async () => {
    await client.$disconnect();
    raw.close();
  });

  it('has a table with exactly the columns of every model', () => {
    const models = Object.values(Prisma.ModelName);
    expect(models.length).toBeGreaterThan(10);
    for (const model of models) {
      const fields = Object.values((Prisma as unknown as Record<string, Record<string, string>>)[`${model}ScalarFieldEnum`]!).sort();
      const columns = (raw.prepare(`PRAGMA table_info("${model}")`).all() as { name: string }[]).map((c) => c.name).sort();
      expect(columns, model).toEqual(fields);
    }
  });

  it('has no table the schema does not model, but the search index', () => {
    const tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' AND name NOT LIKE 'NewsSearch%'").all() as { name: string }[]).map((t) => t.name);
    expect(tables.sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });

  it('has every index and unique constraint the schema declares', () => {
    const schema = fs.readFileSync(path.join(ROOT, 'prisma', 'schema.prisma'), 'utf8');
    const declared = (schema.match(/@@index\(/g)?.length ?? 0) + (schema.match(/@unique/g)?.length ?? 0);
    const created = raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").get() as { n: number };
    expect(created.n).toBe(declared);
  });

  it('lets the client write and read a whole item graph', async () => {
    const date = new Date('2024-05-01T00:00:00Z');
    const source = await client.source.create({ data: { id: 1, slug: 'who', brand: 'who.int', newsCount: 1 } });
    const topic = await client.topic.create({ data: { id: 1, slug: 'himss-digital-health', name: 'HIMSS: Digital Health', collection: 'HIMSS', label: 'Digital Health', newsCount: 1 } });
    const offering = await client.offering.create({ data: { id: 1, slug: 'who-academy', label: 'WHO Academy', medigyOfferingId: null, newsCount: 1, topics: { create: { topicId: topic.id } } } });
    await client.newsItem.create({
      data: {
        id: 1, slug: 'a', recordId: 7, title: 'A', description: null, bodyHtml: '<p>x</p>', date, lastMod: null, url: 'https://who.int/a', originalUrl: null,
        sourceId: source.id, featuredImageHref: null, featuredImageAlt: null, featuredImageWidth: null, featuredImageHeight: null,
        breadcrumbs: '[]', socialMeta: '{}', status: 'published', sourcePath: 'a.md',
        topics: { create: { topicId: topic.id, date, position: 0 } },
        offerings: { create: { offeringId: offering.id, date, position: 0 } },
        authors: { create: { position: 0, author: { create: { id: 1, slug: 'ed', name: 'Ed' } } } },
        tags: { create: { tag: { create: { id: 1, slug: 'news', name: 'News' } } } },
        aliases: { create: { path: '/news/old-a' } },
      },
    });
    await client.newsItem.create({
      data: { id: 2, slug: 'b', title: 'B', bodyHtml: '', date, url: 'https://who.int/b', breadcrumbs: '[]', socialMeta: '{}', status: 'published', sourcePath: 'b.md', related: { create: { rank: 0, relatedId: 1 } } },
    });
    await client.storeInfo.create({ data: { id: 1, ingestedAt: date, contentDigest: 'x', recordCount: 2 } });

    const b = await client.newsItem.findUniqueOrThrow({ where: { slug: 'b' }, include: { related: { include: { related: { include: { source: true, topics: { include: { topic: { include: { offerings: { include: { offering: true } } } } } }, authors: { include: { author: true } }, tags: { include: { tag: true } }, aliases: true, offerings: true } } } } } });
    const a = b.related[0]!.related;
    expect(a.date).toEqual(date);
    expect(a.source?.brand).toBe('who.int');
    expect(a.topics[0]!.topic.offerings[0]!.offering.label).toBe('WHO Academy');
    expect([a.authors[0]!.author.name, a.tags[0]!.tag.name, a.aliases[0]!.path, a.offerings.length]).toEqual(['Ed', 'News', '/news/old-a', 1]);
    // Dates are stored as epoch milliseconds, the format the ingest writes.
    expect(raw.prepare('SELECT date FROM NewsItem WHERE id = 1').get()).toEqual({ date: date.getTime() });
  });

  it('applies each migration once', () => {
    expect(applyMigrations(raw)).toEqual([]);
  });
});

describe('DATABASE_URL', () => {
  it('names the store file in the forms Prisma accepts', () => {
    expect(databaseFileOf(undefined)).toBe(path.resolve('data/site.db'));
    expect(databaseFileOf('file:./data/x.db')).toBe(path.resolve('data/x.db'));
    expect(databaseFileOf('file:/tmp/y.db?mode=ro')).toBe('/tmp/y.db');
  });
});

describe("a new store file's writer", () => {
  // Every record of the sample read and judged once; each build below applies those verdicts.
  const dir = realRecordsDir();
  const catalog = new Catalog(new MemoryView());
  const verdicts = discoverRecords(dir).files.map((file) => judge(readRecordFile(dir, file), catalog));
  const published = verdicts.filter((v) => v.state === 'published');

  async function build(name: string, steps: (writer: NewFileWriter) => void): Promise<ReturnType<typeof visibleContent>> {
    const file = path.join(tempDir('writer'), `${name}.db`);
    const writer = new NewFileWriter(file);
    steps(writer);
    await writer.publish();
    // Every search entry is an item's (visibleContent reads them through their items).
    expect(storeValue(file, 'SELECT count(*) FROM NewsSearch')).toBe(storeValue(file, 'SELECT count(*) FROM NewsItem'));
    // The index, written batch by batch with entries taken out between, agrees with its text
    // (FTS5's own check), and finds each body by a word of it.
    checkSearchIndex(file);
    for (const { rowid, body } of storeRows<{ rowid: number; body: string }>(file, "SELECT rowid, body FROM NewsSearch WHERE body <> ''")) {
      const word = body.match(/[A-Za-z]{6,}/)?.[0];
      if (word) expect(storeColumn(file, 'SELECT rowid FROM NewsSearch WHERE body MATCH ?', `"${word}"`), word).toContain(rowid);
    }
    return visibleContent(file);
  }

  it('takes an item out of its stage and puts it back as if it had been put once', async () => {
    expect(published.length).toBeGreaterThan(5);
    const once = await build('once', (writer) => verdicts.forEach((v) => applyVerdict(v, writer)));
    const again = await build('again', (writer) => {
      const rows = verdicts.map((v) => applyVerdict(v, writer));
      // Items early and late in the stage, and one whose batch was not written yet.
      for (const at of [0, Math.floor(verdicts.length / 2), verdicts.length - 1]) {
        writer.removeFile(rows[at]!);
        applyVerdict(verdicts[at]!, writer);
      }
    });
    expect(again).toEqual(once);
    expect(once.items.length).toBe(published.length);
  });

  it('leaves out, everywhere, an item taken out before publishing', async () => {
    const gone = published[1]!;
    const goneFile = gone.state === 'published' ? gone.record.file : '';
    // The oracle: the other files judged afresh, as an ingest without that file would.
    const others = new Catalog(new MemoryView());
    const without = await build('without', (writer) =>
      discoverRecords(dir)
        .files.filter((file) => file !== goneFile)
        .forEach((file) => applyVerdict(judge(readRecordFile(dir, file), others), writer)),
    );
    const removed = await build('removed', (writer) => {
      const rows = verdicts.map((v) => applyVerdict(v, writer));
      writer.removeFile(rows[verdicts.indexOf(gone)]!);
    });
    expect(removed.items.map((i) => i.sourcePath)).not.toContain(goneFile);
    const { items, search, files, digest, danglingRelated } = removed;
    expect({ items, search, files, digest, danglingRelated }).toEqual({ items: without.items, search: without.search, files: without.files, digest: without.digest, danglingRelated: 0 });
  });
});
