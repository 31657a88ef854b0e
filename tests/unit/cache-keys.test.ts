import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAll } from '../../lib/ingest/full';
import { MAX_PAGE_KEYS, pageKeys } from '../../lib/pages/cache-keys';
import { surrogateKeyHeaders } from '../../lib/site/http-cache';
import { recordText, siteContentDir, tempDir } from '../support/helpers';

/** The surrogate keys a page names (sent by proxy.ts), over a real store of the bundled content. */
const previousUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  const contentDir = siteContentDir({ variants: false });
  // A hostile record: an item that names 600 offerings (the schema puts no bound on them).
  const offerings = Array.from({ length: 600 }, (_, i) => `\n  - label: Offering number ${i}\n    permalink: /offering/offering-number-${i}`).join('');
  fs.writeFileSync(path.join(contentDir, 'many-offerings.md'), recordText({ slug: 'example-many-offerings', title: 'An item with very many offerings', relatedOfferings: offerings }));
  const dbFile = path.join(tempDir('cache-keys'), 'site.db');
  // Before anything reads the configuration (the ingest does, once per process).
  process.env.DATABASE_URL = `file:${dbFile}`;
  expect((await ingestAll({ contentDir, databasePath: dbFile })).problems).toEqual([]);
}, 120_000);

afterAll(() => {
  process.env.DATABASE_URL = previousUrl;
});

describe('page keys', () => {
  it('name the item, its related items, source and offerings on an item page', () => {
    const keys = pageKeys('/news/healthcareitnews-health-system-resilience-depends-on-digital-tools');
    expect(keys[0]).toBe('site');
    expect(keys.filter((k) => /^n\d+$/.test(k)).length).toBeGreaterThan(1);
    expect(keys.some((k) => /^s\d+$/.test(k))).toBe(true);
    expect(keys).not.toContain('lists');
  });

  it('name `lists` for listings and for addresses the store does not know', () => {
    expect(pageKeys('/')).toEqual(['site', 'lists']);
    expect(pageKeys('/news/no-such-item')).toEqual(['site', 'lists']);
    expect(pageKeys('/topic/no-such-topic')).toEqual(['site', 'lists']);
  });

  it('stay few enough for every header limit on a page that shows hundreds of things', () => {
    const keys = pageKeys('/news/example-many-offerings');
    expect(keys.length).toBeLessThanOrEqual(MAX_PAGE_KEYS);
    // Still purged by any change to what it shows: every change purges `lists`.
    expect(keys).toContain('lists');
    const bytes = Object.entries(surrogateKeyHeaders(keys)).reduce((n, [name, value]) => n + name.length + value.length + 4, 0);
    expect(bytes).toBeLessThan(8 * 1024);
  });
});
