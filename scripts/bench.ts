/**
 * npm run bench [-- 10000 100000] [--pages]
 * Full ingest of synthetic corpora in the seed's format (generated once into
 * .bench/), reporting records/s, wall time and peak memory; with --pages, also the
 * latency of topic pages with the most and the fewest items, over `next start`.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { writeSyntheticCorpus } from '../lib/synthetic/corpus';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { pages: { type: 'boolean', default: false }, search: { type: 'boolean', default: false } },
});
const sizes = positionals.length ? positionals.map(Number) : [10_000, 100_000];
const BENCH = path.resolve('.bench');
const GENERATOR_VERSION = '2';
fs.mkdirSync(BENCH, { recursive: true });

if (!fs.existsSync('/usr/bin/time')) {
  console.error('bench: needs GNU time for peak memory (apt-get install -y time)');
  process.exit(1);
}

for (const size of sizes) {
  const corpus = path.join(BENCH, `corpus-${size}`);
  const marker = path.join(corpus, '.generator');
  if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== GENERATOR_VERSION) {
    const t0 = performance.now();
    writeSyntheticCorpus(corpus, { count: size });
    fs.writeFileSync(marker, GENERATOR_VERSION);
    console.log(`generated ${size} records in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const db = path.join(BENCH, `store-${size}.db`);
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, '--import', 'tsx', 'scripts/ingest.ts', '--quiet'], {
    env: { ...process.env, CONTENT_DIR: corpus, DATABASE_URL: `file:${db}` },
    encoding: 'utf8',
  });
  const wall = (performance.now() - started) / 1000;
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    process.exit(1);
  }
  const peakMiB = Number(run.stderr.trim().split('\n').at(-1)) / 1024;
  const inside = Number(/in ([\d.]+) s/.exec(run.stdout)?.[1]);
  console.log(
    `ingest ${size.toLocaleString('en')} records: ${inside.toFixed(2)} s in the pipeline (${Math.round(size / inside).toLocaleString('en')} records/s), ` +
      `${wall.toFixed(2)} s wall including process start, peak RSS ${peakMiB.toFixed(0)} MiB`,
  );
  const phases = /ingest: (.* publishing)/.exec(run.stdout)?.[1];
  if (phases) console.log(`  ${phases}`);
  if (values.pages) await pageLatency(db);
  if (values.search) await searchLatency(db);
}

/** Median and p95 of searchPage() (count, ranking, snippets, filter options) over the store. */
async function searchLatency(db: string) {
  process.env.DATABASE_URL = `file:${db}`;
  const { searchPage, searchRequest } = await import('../lib/pages/search');
  const queries = ['digital health', 'telehealth', 'remote monitoring', 'privacy breach', 'diabetes', 'who', 'cancer screening', 'interop', 'wearable sensor', 'zzzz'];
  const filters = [{}, { year: '2022' }, { source: 'who' }];
  for (const q of queries) await searchPage(searchRequest({ q }));
  const times: number[] = [];
  let results = 0;
  for (let round = 0; round < 5; round++) {
    for (const q of queries) {
      for (const f of filters) {
        const t0 = performance.now();
        const page = await searchPage(searchRequest({ q, ...f }));
        times.push(performance.now() - t0);
        results += page?.paging.total ?? 0;
      }
    }
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.floor(p * (times.length - 1))]!.toFixed(1);
  console.log(`  search: ${times.length} queries, median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms (${Math.round(results / times.length)} matches on average)`);
}

/** Median and p95 of sequential GETs: the biggest topic against the smallest one. */
async function pageLatency(db: string) {
  const raw = new Database(db, { readonly: true });
  const big = raw.prepare('SELECT slug, newsCount FROM Topic ORDER BY newsCount DESC LIMIT 1').get() as { slug: string; newsCount: number };
  const small = raw.prepare('SELECT slug, newsCount FROM Topic WHERE newsCount BETWEEN 1 AND 20 ORDER BY newsCount LIMIT 1').get() as { slug: string; newsCount: number } | undefined;
  const item = raw.prepare('SELECT slug FROM NewsItem ORDER BY id LIMIT 1').get() as { slug: string };
  raw.close();
  const port = 3999;
  const server = spawn(path.resolve('node_modules/.bin/next'), ['start', '-p', String(port)], { env: { ...process.env, DATABASE_URL: `file:${db}` }, stdio: 'ignore' });
  try {
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`http://127.0.0.1:${port}/`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const lastPage = Math.ceil(big.newsCount / 20);
    const targets: [string, string][] = [
      [`topic with ${big.newsCount} items, page 1`, `/topic/${big.slug}`],
      [`topic with ${big.newsCount} items, page ${lastPage}`, `/topic/${big.slug}?page=${lastPage}`],
      ...(small ? ([[`topic with ${small.newsCount} items`, `/topic/${small.slug}`]] as [string, string][]) : []),
      ['news item', `/news/${item.slug}`],
      ['home', '/'],
    ];
    for (const [label, url] of targets) {
      const times: number[] = [];
      for (let i = 0; i < 220; i++) {
        const t0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}${url}`);
        await res.text();
        if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
        if (i >= 20) times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const q = (p: number) => times[Math.floor(p * (times.length - 1))]!.toFixed(1);
      console.log(`  ${label.padEnd(40)} median ${q(0.5)} ms, p95 ${q(0.95)} ms`);
    }
  } finally {
    server.kill();
  }
}
