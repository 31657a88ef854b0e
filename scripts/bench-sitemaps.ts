/**
 * How long the data of sitemaps and listings takes at N topics, tags and sections
 * (`npm run bench -- --sitemaps [5000 50000]`): a wide synthetic corpus (every record
 * names six topics, tags and sections of its own, tests/support/synthetic-corpus.ts) is
 * ingested once into .bench/wide-N.db, then each page-data function of lib/pages runs in
 * a process of its own over that store (the configuration names one store per process):
 * one warm-up, then the median and the fastest of five (the fastest is what the work costs
 * on a machine shared with other work). A function that fails is reported with its error.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ingestAll } from '../lib/ingest/full';
import { writeSyntheticCorpus } from '../tests/support/synthetic-corpus';

const EACH = 6;
const GENERATOR_VERSION = '1';

export async function sitemapLatency(sizes: number[], bench: string, skipIngest: boolean): Promise<void> {
  for (const size of sizes) {
    const corpus = path.join(bench, `wide-${size}`);
    const db = path.join(bench, `wide-${size}.db`);
    const marker = path.join(corpus, '.generator');
    const records = Math.ceil(size / EACH);
    if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== GENERATOR_VERSION) {
      writeSyntheticCorpus(corpus, { count: records, topics: size, offerings: Math.ceil(size / 2.5), wide: { tags: size, sections: size, sources: Math.ceil(records / 2), each: EACH } });
      fs.writeFileSync(marker, GENERATOR_VERSION);
    }
    if (!skipIngest || !fs.existsSync(db)) {
      fs.rmSync(db, { force: true });
      const s = await ingestAll({ contentDir: corpus, databasePath: db });
      if (!s.published) throw new Error(`the wide corpus of ${size} did not ingest: ${JSON.stringify(s.problems.slice(0, 3))}`);
      console.log(`wide store of ${size.toLocaleString('en')} topics, tags and sections (${records.toLocaleString('en')} records): ingested in ${s.seconds.toFixed(1)} s`);
    }
    const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure'], {
      env: { ...process.env, DATABASE_URL: `file:${db}` },
      encoding: 'utf8',
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (run.status !== 0) throw new Error(`measuring the store of ${size} failed`);
  }
}

/** The measurements, over the store DATABASE_URL names. */
async function measure(): Promise<void> {
  const { sitemapEntries, sitemapIndex } = await import('../lib/pages/sitemap');
  const { collectionPage, topicPage, topicsIndex } = await import('../lib/pages/topic');
  const { offeringsIndex } = await import('../lib/pages/offering');
  const { homePage } = await import('../lib/pages/home');
  const { feedData } = await import('../lib/pages/feed');
  const { sectionPage, sectionsDirectory } = await import('../lib/pages/section');
  const { tagPage } = await import('../lib/pages/tag');
  const { newsItemPage } = await import('../lib/pages/news');
  const { databaseFileOf } = await import('../lib/config/env');
  const raw = new Database(databaseFileOf(process.env.DATABASE_URL), { readonly: true });
  const one = <T>(sql: string) => raw.prepare(sql).get() as T;
  const counts = one<{ topics: number; tags: number; sections: number; offerings: number }>(
    'SELECT (SELECT count(*) FROM Topic WHERE newsCount > 0) AS topics, (SELECT count(*) FROM Tag) AS tags, (SELECT count(*) FROM Section) AS sections, (SELECT count(*) FROM Offering) AS offerings',
  );
  const bigTopic = one<{ slug: string; newsCount: number }>('SELECT slug, newsCount FROM Topic ORDER BY newsCount DESC LIMIT 1');
  const tag = one<{ slug: string }>("SELECT slug FROM Tag WHERE name LIKE 'Wide tag%' LIMIT 1");
  const hub = one<{ path: string }>("SELECT path FROM Section WHERE path LIKE '/hubs/hub-%' LIMIT 1");
  const item = one<{ slug: string }>('SELECT n.slug FROM NewsItem n ORDER BY (SELECT count(*) FROM NewsTopic WHERE newsId = n.id) DESC LIMIT 1');
  const collection = (await topicsIndex()).collections[0]!.slug;
  raw.close();
  console.log(`  ${counts.topics.toLocaleString('en')} topics with news, ${counts.tags.toLocaleString('en')} tags, ${counts.sections.toLocaleString('en')} sections, ${counts.offerings.toLocaleString('en')} offerings`);
  const index = await sitemapIndex();
  const cases: [string, () => Promise<unknown>][] = [
    ['/sitemap.xml (index)', () => sitemapIndex()],
    ...index.map((s): [string, () => Promise<unknown>] => [`/sitemaps/${s.name}.xml`, () => sitemapEntries(s.name)]),
    ['/topics', () => topicsIndex()],
    [`/topics/${collection}`, () => collectionPage(collection)],
    ['/offerings', () => offeringsIndex()],
    ['/ (home)', () => homePage()],
    ['sections directory', () => sectionsDirectory()],
    [`topic page, ${bigTopic.newsCount} items`, () => topicPage(bigTopic.slug, undefined)],
    ['topic feed', () => feedData({ kind: 'topic', slug: bigTopic.slug })],
    ['/hubs (50 sections)', () => sectionPage('/hubs', undefined)],
    ['a hub section', () => sectionPage(hub.path, undefined)],
    ['a tag', () => tagPage(tag.slug, undefined)],
    ['item page', () => newsItemPage(item.slug)],
  ];
  for (const [label, run] of cases) {
    try {
      const result = await run();
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await run();
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const size = Array.isArray(result) ? ` (${result.length.toLocaleString('en')} entries)` : '';
      console.log(`  ${label.padEnd(40)} median ${times[2]!.toFixed(1).padStart(8)} ms, fastest ${times[0]!.toFixed(1).padStart(8)} ms${size}`);
    } catch (err) {
      console.log(`  ${label.padEnd(40)} fails: ${((err as Error).message.trim().split('\n').at(-1) ?? '').slice(0, 100)}`);
    }
  }
}

if (process.argv.includes('--measure')) await measure();
