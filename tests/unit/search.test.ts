import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAll } from '../../lib/ingest/full';
import { markTerms, snippetRuns } from '../../lib/search/highlight';
import { searchPage } from '../../lib/pages/search';
import { ftsQuery, searchRequest } from '../../lib/search/query';
import { recordText, siteContentDir, tempDir } from '../support/helpers';

/** Full-text search (SQLite FTS5) over the bundled content and the Medigy samples. */
const previousUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  const contentDir = siteContentDir();
  fs.writeFileSync(
    path.join(contentDir, 'markup.md'),
    recordText({ slug: 'markup-in-text', title: '"Telemetry <b>bold</b> & <script>alert(1)</script> claims"' }, 'Remote <em>telemetry</em> pilots &lt;script&gt; in rural clinics.'),
  );
  const dbFile = path.join(tempDir('search'), 'site.db');
  // Before anything reads the configuration (the ingest does, once per process).
  process.env.DATABASE_URL = `file:${dbFile}`;
  expect((await ingestAll({ contentDir, databasePath: dbFile })).problems).toEqual([]);
}, 120_000);

afterAll(async () => {
  process.env.DATABASE_URL = previousUrl;
});

const search = (params: Record<string, string>) => searchPage(searchRequest(params));

describe('the query a reader types', () => {
  it('becomes quoted FTS5 terms, so that no input is a syntax error', () => {
    expect(ftsQuery('digital health')).toBe('"digital" "health"');
    expect(ftsQuery('"health workers" capacity')).toBe('"health workers" "capacity"');
    expect(ftsQuery('AND ( OR NEAR')).toBe('"AND" "OR" "NEAR"');
    expect(ftsQuery("women's health")).toBe('"women s" "health"');
    expect(ftsQuery('"')).toBeNull();
    expect(ftsQuery('* ) ^ -')).toBeNull();
  });

  it('marks matched words, word forms included, in runs rendered as text', () => {
    expect(markTerms('Strengthening <b>health</b> systems', ['strengthen', 'Health'])).toEqual([
      { text: 'Strengthening', hit: true },
      { text: ' <b>', hit: false },
      { text: 'health', hit: true },
      { text: '</b> systems', hit: false },
    ]);
    expect(markTerms('Télésanté', ['telesante'])).toEqual([{ text: 'Télésanté', hit: true }]);
  });

  it('snips the part of a long text where the matches are', () => {
    const text = `${'filler '.repeat(60)}the remote monitoring pilot ${'more '.repeat(60)}`;
    const runs = snippetRuns(text, ['monitoring'])!;
    expect(runs[0]).toEqual({ text: '…', hit: false });
    expect(runs.at(-1)).toEqual({ text: '…', hit: false });
    expect(runs.filter((r) => r.hit).map((r) => r.text)).toEqual(['monitoring']);
    expect(snippetRuns('nothing here', ['monitoring'])).toBeNull();
  });
});

describe('searchPage', () => {
  it('ranks title matches first and marks the matched words', async () => {
    const page = (await search({ q: 'resilience' }))!;
    expect(page.results[0]!.slug).toBe('healthcareitnews-health-system-resilience-depends-on-digital-tools');
    expect(page.results[0]!.title).toEqual([
      { text: 'Health system ', hit: false },
      { text: 'resilience', hit: true },
      { text: ' depends on digital tools', hit: false },
    ]);
  });

  it('finds words in bodies, topics, sources and offerings, and word stems', async () => {
    expect((await search({ q: 'Labrique' }))!.results.map((r) => r.slug)).toEqual(['healthcareitnews-health-system-resilience-depends-on-digital-tools']);
    expect((await search({ q: 'Francophonie' }))!.results[0]!.slug).toBe('who-empowering-countries-to-harness-digital-health-for-stronger-health-systems');
    expect((await search({ q: 'Luscii' }))!.paging.total).toBe(2);
    expect((await search({ q: 'mobihealthnews' }))!.paging.total).toBe(2);
    expect((await search({ q: 'Blockchain' }))!.results.map((r) => r.slug)).toContain('researchgate-towards-a-business-model-taxonomy-of-startups-in-the-finance-sector-using-blockchain');
    // Porter stemming: "strengthening" finds "strengthen".
    expect((await search({ q: 'strengthen' }))!.paging.total).toBeGreaterThanOrEqual(3);
  });

  it('filters by topic, source and year', async () => {
    const all = (await search({ q: 'digital' }))!.paging.total;
    const who = (await search({ q: 'digital', source: 'who' }))!;
    expect(who.paging.total).toBeLessThan(all);
    expect(who.results.every((r) => r.source === 'who.int')).toBe(true);
    const y2019 = (await search({ q: 'digital', year: '2019' }))!;
    expect(y2019.results.length).toBeGreaterThan(0);
    expect(y2019.results.every((r) => r.date.getUTCFullYear() === 2019)).toBe(true);
    const topic = (await search({ q: 'health', topic: 'himss-workforce-development' }))!;
    expect(topic.results.map((r) => r.slug)).toEqual(['who-strengthening-health-workers-capacities-through-digital-health']);
    expect(who.options.sources.map((s) => s.slug)).toContain('who');
    expect(who.options.years[0]).toBe(2025);
  });

  it('returns nothing to search for an empty query, and no results for unknown words', async () => {
    expect(await search({ q: '  ' })).toBeNull();
    expect((await search({ q: 'xylophonezzz' }))!.paging.total).toBe(0);
  });

  it('keeps markup in indexed text as text', async () => {
    const page = (await search({ q: 'telemetry' }))!;
    const r = page.results.find((x) => x.slug === 'markup-in-text')!;
    expect(r.title.map((t) => t.text).join('')).toBe('Telemetry <b>bold</b> & <script>alert(1)</script> claims');
    expect(r.snippet!.map((t) => t.text).join('')).toBe('Remote telemetry pilots <script> in rural clinics.');
  });
});

