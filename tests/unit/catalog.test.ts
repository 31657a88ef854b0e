import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dayKey, entityId, newsId, uniqueSlug } from '../../lib/catalog/ids';
import { judge } from '../../lib/catalog/judge';
import { MemoryView } from '../../lib/catalog/memory';
import { Catalog, type CatalogRecord } from '../../lib/catalog/rules';
import { readRecordFile } from '../../lib/content/prepare';
import { ingestAll } from '../../lib/ingest/full';
import { StoreView } from '../../lib/store/catalog-view';
import { realRecordsDir, tempDir } from '../support/helpers';

const record = (over: Partial<CatalogRecord>): CatalogRecord => ({
  file: 'a.md',
  slug: 'example-a',
  title: 'Example A',
  linkKey: 'example.org/a',
  ownArticle: false,
  date: Date.UTC(2024, 4, 1),
  aliases: [],
  topics: [{ name: 'HIMSS: Telehealth', collection: 'HIMSS', label: 'Telehealth', slug: 'himss-telehealth' }],
  offerings: [],
  brand: 'example.org',
  authors: ['Ann'],
  tags: ['News'],
  ...over,
});

describe('ids from content', () => {
  it('puts a news id in its day, so ids run in date order', () => {
    const a = newsId('example-a', Date.UTC(2024, 0, 1, 23), () => false);
    const b = newsId('example-b', Date.UTC(2024, 0, 2), () => false);
    expect(a).toBeGreaterThanOrEqual(dayKey(Date.UTC(2024, 0, 1)));
    expect(a).toBeLessThan(dayKey(Date.UTC(2024, 0, 2)));
    expect(b).toBeGreaterThan(a);
    expect(Number.isSafeInteger(newsId('x', Date.UTC(2149, 0, 1), () => false))).toBe(true);
  });

  it('gives the same record the same id whatever else was read before, and the next free one on a collision', () => {
    const id = newsId('example-a', Date.UTC(2024, 4, 1), () => false);
    expect(newsId('example-a', Date.UTC(2024, 4, 1), (n) => n === 12345)).toBe(id);
    expect(newsId('example-a', Date.UTC(2024, 4, 1), (n) => n === id)).toBe(id + 1);
    expect(entityId('topic', 'HIMSS: Telehealth', () => false)).toBe(entityId('topic', 'HIMSS: Telehealth', () => false));
    expect(entityId('topic', 'HIMSS: Telehealth', () => false)).not.toBe(entityId('tag', 'HIMSS: Telehealth', () => false));
  });

  it('suffixes a slug that is taken', () => {
    expect(uniqueSlug('who', (s) => s === 'who' || s === 'who-2')).toBe('who-3');
  });
});

describe('the rules across records', () => {
  it('refuses a second record with a slug, an alias or an address taken, naming the first file', () => {
    const catalog = new Catalog(new MemoryView());
    catalog.admit(record({ file: 'first.md', slug: 'example-a', aliases: ['/old/a'] }));
    expect(catalog.conflicts(record({ file: 'second.md', slug: 'example-a' }))).toEqual([
      { severity: 'error', code: 'slug-taken', file: 'second.md', field: 'slug', message: '"example-a" is already the slug of first.md; each record needs its own slug' },
    ]);
    expect(catalog.conflicts(record({ file: 'second.md', slug: 'example-b', aliases: ['/news/example-b', '/old/a', '/news/example-a'] }))).toEqual([
      { severity: 'error', code: 'alias-taken', file: 'second.md', field: 'aliases[1]', message: '"/old/a" already leads to first.md; an old address can lead to one item only' },
      { severity: 'error', code: 'alias-taken', file: 'second.md', field: 'aliases[2]', message: '"/news/example-a" already leads to first.md; an old address can lead to one item only' },
    ]);
    // A record's own file is not "another record".
    expect(catalog.conflicts(record({ file: 'first.md', slug: 'example-a' }))).toEqual([]);
  });

  it('links names to one topic, tag (any case), source and author each, and drops an alias of the own address', () => {
    const view = new MemoryView();
    const catalog = new Catalog(view);
    const a = catalog.admit(record({ file: 'a.md', slug: 'example-a', tags: ['News'], aliases: ['/news/example-a', '/x'] }));
    const b = catalog.admit(record({ file: 'b.md', slug: 'example-b', tags: ['news', 'NEWS'] }));
    expect(b.topicIds).toEqual(a.topicIds);
    expect(b.tagIds).toEqual(a.tagIds);
    expect(b.sourceId).toBe(a.sourceId);
    expect(a.aliases).toEqual(['/x']);
    expect(view.tables().tag.map((t) => t.name)).toEqual(['News']);
    expect(view.tables().source.map((s) => s.slug)).toEqual(['example']);
  });

  it('takes Medigy\'s offering id from the first record that gives one', () => {
    const view = new MemoryView();
    const catalog = new Catalog(view);
    const offering = (offeringId: number | null) => [{ label: 'Luscii', slug: 'luscii', offeringId, topics: [] }];
    catalog.admit(record({ file: 'a.md', slug: 'example-a', offerings: offering(null) }));
    catalog.admit(record({ file: 'b.md', slug: 'example-b', offerings: offering(17551) }));
    catalog.admit(record({ file: 'c.md', slug: 'example-c', offerings: offering(99) }));
    expect(view.tables().offering).toMatchObject([{ slug: 'luscii', medigyOfferingId: 17551 }]);
  });

  it('decides the same from the store as from memory', async () => {
    const dir = realRecordsDir();
    const db = path.join(tempDir('catalog'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    const seed = readRecordFile(dir, 'seed.md');
    if (!seed.ok || !('record' in seed)) throw new Error('the seed is invalid');
    // The same article under the same slug is one item; another article under that slug is refused.
    const copy = { ...seed.record, file: 'copy.md' };
    const other = { ...seed.record, file: 'other.md', url: 'https://example.org/another-article', linkKey: 'example.org/another-article' };
    const decide = (catalog: Catalog) => [judge({ ok: true, record: copy }, catalog), judge({ ok: true, record: other }, catalog)];

    const raw = new Database(db, { readonly: true });
    const fromStore = decide(new Catalog(new StoreView(raw)));
    raw.close();
    const memory = new Catalog(new MemoryView());
    judge(seed, memory);
    const fromMemory = decide(memory);
    expect(fromStore).toEqual(fromMemory);
    expect(fromStore[0]).toMatchObject({ state: 'merged', into: { file: 'seed.md' }, notes: expect.arrayContaining([expect.objectContaining({ code: 'same-article', file: 'copy.md' })]) });
    expect(fromStore[1]).toMatchObject({ state: 'conflicting', problems: [{ field: 'slug', message: expect.stringContaining('seed.md') }, { field: 'aliases[0]' }] });
  });
});
