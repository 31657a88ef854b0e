/**
 * npm run bench [-- 10000 100000] [--pages] [--search] [--serve] [--hugo]
 * Full ingest of synthetic corpora in the seed's format (generated once into
 * .bench/), reporting records/s, wall time and peak memory; then a --full rebuild over
 * the unchanged files, and how long `npm run ingest` (nothing changed), `npm run check`
 * of one file and `npm run curate` of one link take, npm included. --hugo builds the same
 * corpus with Debian's hugo and prints the ratios. With --pages, also the
 * latency of topic pages with the most and the fewest items, over `next start`.
 * With --serve (needs wrk, nginx and varnish): `wrk -t2 -c50 -d10s` on the topic, item and
 * home pages through the production server (npm run serve), through nginx caching in front
 * of it (deploy/nginx/site.conf), through Varnish in front of it (deploy/varnish/), and
 * from nginx serving saved copies; then how long after an ingest publishes a new store the
 * pages show it (app and nginx).
 * With --live: how long one edited record takes to show on its page while the content
 * watcher of `npm run dev` runs (scripts/bench-live.ts).
 * --sitemaps [5000 50000]: instead, the data of every sitemap and of the listings over
 * wide stores with that many topics, tags and sections (scripts/bench-sitemaps.ts).
 * --skip-ingest reuses the store from an earlier run.
 * --feeds: only the news desk's poll (`npm run feeds`) of 200 feeds × 50 items on
 * loopback, cold and unchanged (304s), with seconds and peak memory (scripts/bench-feeds.ts).
 * --images [969]: only the publishing of a whole import's images, synthetic and the
 * samples', with the settings used before and now (scripts/bench-images.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { commandLine } from './node-flags.mjs';
import { startNginx } from '../tests/support/nginx';
import { startVarnish } from '../tests/support/varnish';
import { runWrk } from '../tests/support/wrk';
import { storeFileIdentity } from '../lib/store/location';
import { writeSyntheticCorpus } from '../tests/support/synthetic-corpus';
import { liveUpdateLatency } from './bench-live';
import { sitemapLatency } from './bench-sitemaps';
import { feedPollBench } from './bench-feeds';
import { imagePublishingBench } from './bench-images';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pages: { type: 'boolean', default: false },
    search: { type: 'boolean', default: false },
    serve: { type: 'boolean', default: false },
    'skip-ingest': { type: 'boolean', default: false },
    live: { type: 'boolean', default: false },
    hugo: { type: 'boolean', default: false },
    sitemaps: { type: 'boolean', default: false },
    feeds: { type: 'boolean', default: false },
    images: { type: 'boolean', default: false },
  },
});
const sizes = positionals.length ? positionals.map(Number) : [10_000, 100_000];
const BENCH = path.resolve('.bench');
const GENERATOR_VERSION = '3';
fs.mkdirSync(BENCH, { recursive: true });

if (values.images) {
  await imagePublishingBench(BENCH, positionals.length ? Number(positionals[0]) : 969);
  process.exit(0);
}

if (values.sitemaps) {
  await sitemapLatency(positionals.length ? sizes : [5_000, 50_000], BENCH, values['skip-ingest']);
  process.exit(0);
}

if (!fs.existsSync('/usr/bin/time')) {
  console.error('bench: needs GNU time for peak memory (apt-get install -y time)');
  process.exit(1);
}

if (values.feeds) {
  await feedPollBench(BENCH);
  process.exit(0);
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
  if (values['skip-ingest'] && fs.existsSync(db)) {
    if (values.pages) await pageLatency(db);
    if (values.search) await searchLatency(db);
    if (values.serve) await serveThroughput(db, corpus);
    if (values.live) await liveUpdateLatency(corpus, db);
    continue;
  }
  // Cold: no store, no media folder; the compiled command, as `npm run ingest` runs it.
  fs.rmSync(db, { force: true });
  fs.rmSync(path.join(BENCH, 'media'), { recursive: true, force: true });
  const cold = timedCommand(['ingest', '--quiet'], corpus, db);
  const inside = Number(/in ([\d.]+) s/.exec(cold.stdout)?.[1]);
  console.log(
    `ingest ${size.toLocaleString('en')} records, cold: ${inside.toFixed(2)} s in the pipeline (${Math.round(size / inside).toLocaleString('en')} records/s), ` +
      `${cold.wall.toFixed(2)} s wall including process start, peak RSS ${cold.peakMiB.toFixed(0)} MiB`,
  );
  const phases = /ingest: (.* publishing)/.exec(cold.stdout)?.[1];
  if (phases) console.log(`  ${phases}`);
  const reuse = timedCommand(['ingest', '--quiet', '--full'], corpus, db);
  console.log(`  --full over unchanged files (rows reused by digest): ${reuse.wall.toFixed(2)} s wall, peak RSS ${reuse.peakMiB.toFixed(0)} MiB`);
  const noop = median(5, () => timedCommand(['ingest', '--quiet'], corpus, db, true).wall);
  console.log(`  npm run ingest with nothing changed: ${noop.toFixed(2)} s wall (median of 5, npm included)`);
  const one = fs.readdirSync(corpus).find((f) => f.endsWith('.md'))!;
  const check = median(5, () => timedCommand(['check', path.join(corpus, one)], corpus, db, true).wall);
  console.log(`  npm run check on one file: ${check.toFixed(2)} s wall (median of 5, npm included)`);
  let n = 0;
  const before = new Set(fs.readdirSync(corpus));
  const curate = median(5, () => {
    const t = timedCommand(['curate', `https://bench.example.org/one-link-${Date.now()}-${n++}`, '--title', `One more link ${n}`, '--topic', 'Healthcare IT News: Digital Health'], corpus, db, true);
    return t.wall;
  });
  for (const f of fs.readdirSync(corpus)) if (!before.has(f)) fs.rmSync(path.join(corpus, f));
  timedCommand(['ingest', '--quiet'], corpus, db);
  console.log(`  npm run curate of one link: ${curate.toFixed(2)} s wall (median of 5, npm included, the ingest that makes it live too)`);
  if (values.hugo) hugoComparison(corpus, cold.wall);
  if (values.pages) await pageLatency(db);
  if (values.search) await searchLatency(db);
  if (values.serve) await serveThroughput(db, corpus);
  if (values.live) await liveUpdateLatency(corpus, db);
}

/**
 * `npm run <command>` on a corpus and store, timed from outside with GNU time (wall and
 * peak memory). `viaNpm`: through npm itself, as an editor types it; otherwise the
 * command's own node process (for the ingest's figures, npm's ~0.25 s aside).
 */
function timedCommand(args: string[], corpus: string, db: string, viaNpm = false): { wall: number; peakMiB: number; stdout: string } {
  const command = viaNpm ? ['npm', 'run', '-s', args[0]!, '--', ...args.slice(1)] : [process.execPath, ...commandLine(args[0]!), ...args.slice(1)];
  const started = performance.now();
  // A large buffer: the synthetic records name images that are not there, one warning each (~1 MiB at 10,000).
  const run = spawnSync('/usr/bin/time', ['-f', '%M', ...command], { env: { ...process.env, CONTENT_DIR: corpus, DATABASE_URL: `file:${db}` }, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const wall = (performance.now() - started) / 1000;
  if (run.status !== 0) {
    console.error(run.error ?? '', run.stdout, run.stderr.slice(-4000));
    process.exit(1);
  }
  return { wall, peakMiB: Number(run.stderr.trim().split('\n').at(-1)) / 1024, stdout: run.stdout };
}

function median(times: number, measure: () => number): number {
  const values = Array.from({ length: times }, measure).sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)]!;
}

/**
 * The incumbent on the same corpus: Debian's hugo building a site whose content is the
 * corpus (the records are Hugo-shaped Markdown with YAML front matter), with a minimal
 * theme: a page per record, a list per topic, and, in a second run, related items per
 * page. Prints the ratios (ours over Hugo's).
 */
function hugoComparison(corpus: string, ours: number) {
  if (spawnSync('hugo', ['version'], { encoding: 'utf8' }).status !== 0) {
    console.error('bench: --hugo needs Debian\'s hugo (apt-get install -y hugo)');
    process.exit(1);
  }
  const site = path.join(BENCH, 'hugo-site');
  fs.rmSync(site, { recursive: true, force: true });
  fs.mkdirSync(path.join(site, 'layouts', '_default'), { recursive: true });
  fs.symlinkSync(path.resolve(corpus), path.join(site, 'content'));
  const layouts = (related: boolean) => {
    fs.writeFileSync(path.join(site, 'layouts', '_default', 'baseof.html'), '<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>\n');
    fs.writeFileSync(path.join(site, 'layouts', '_default', 'list.html'), '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n');
    fs.writeFileSync(
      path.join(site, 'layouts', '_default', 'single.html'),
      `{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>${related ? '<ul>{{ range first 5 (site.RegularPages.Related .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>' : ''}{{ end }}\n`,
    );
  };
  fs.writeFileSync(
    path.join(site, 'hugo.toml'),
    'baseURL = "https://example.org/"\ntitle = "bench"\ndisableKinds = ["RSS", "sitemap", "robotsTXT", "404"]\n[taxonomies]\ncategory = "categories"\ntag = "tags"\n[related]\nincludeNewer = true\nthreshold = 0\ntoLower = true\n[[related.indices]]\nname = "categories"\nweight = 100\n',
  );
  const build = () => {
    fs.rmSync(path.join(site, 'public'), { recursive: true, force: true });
    const started = performance.now();
    const run = spawnSync('hugo', ['--source', site, '--quiet', '--noBuildLock'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`hugo failed: ${run.stderr.slice(0, 2000)}`);
    return (performance.now() - started) / 1000;
  };
  layouts(false);
  const plain = build();
  layouts(true);
  const withRelated = build();
  console.log(`  hugo ${spawnSync('hugo', ['version'], { encoding: 'utf8' }).stdout.split(' ')[1]}: ${plain.toFixed(2)} s without related items, ${withRelated.toFixed(2)} s with them`);
  console.log(`  ours (cold ingest with related news, ${ours.toFixed(2)} s) over Hugo's: ${(ours / plain).toFixed(2)} × (without related), ${(ours / withRelated).toFixed(2)} × (with related)`);
}

/** Median and p95 of searchPage() (count, ranking, snippets, filter options) over the store. */
async function searchLatency(db: string) {
  process.env.DATABASE_URL = `file:${db}`;
  const { searchPage } = await import('../lib/pages/search');
  const { searchRequest } = await import('../lib/search/query');
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

/** `wrk -t2 -c50 -d10s --latency`, parsed (a declaration: the runs above call it before this line is reached). */
function wrk(url: string, headers: string[] = []) {
  return runWrk(url, { seconds: 10, headers });
}

/**
 * A GET on a new connection: this process spends minutes in spawnSync(wrk), and a pooled
 * connection the server closed meanwhile would be reused before its close is read.
 */
function getFresh(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });
}

async function waitFor(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await (await fetch(url)).text();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * Throughput and tail latency of the production server, of nginx caching in front of it,
 * and of nginx serving the same pages as files; then the staleness after an ingest.
 */
async function serveThroughput(db: string, corpus: string) {
  if (spawnSync('wrk', ['--version']).error) throw new Error('--serve needs wrk (apt-get install -y wrk)');
  const raw = new Database(db, { readonly: true });
  const topic = raw.prepare('SELECT slug, newsCount FROM Topic ORDER BY newsCount DESC LIMIT 1').get() as { slug: string; newsCount: number };
  const item = raw.prepare('SELECT slug FROM NewsItem ORDER BY id LIMIT 1').get() as { slug: string };
  raw.close();
  const pages: [string, string][] = [
    [`topic (${topic.newsCount.toLocaleString('en')} items)`, `/topic/${topic.slug}`],
    ['item', `/news/${item.slug}`],
    ['home', '/'],
  ];
  const port = 3998;
  const log = fs.openSync(path.join(BENCH, 'serve.log'), 'w');
  const app = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', '-p', String(port), '-H', '127.0.0.1'], { env: { ...process.env, DATABASE_URL: `file:${db}` }, stdio: ['ignore', log, log] });
  app.on('exit', (code, signal) => console.log(`  (npm run serve exited: ${code ?? signal}; its output is in .bench/serve.log)`));
  const origin = `http://127.0.0.1:${port}`;
  const staticRoot = fs.mkdtempSync(path.join(BENCH, 'static-'));
  let cacheProxy: Awaited<ReturnType<typeof startNginx>> | undefined;
  let varnish: Awaited<ReturnType<typeof startVarnish>> | undefined;
  let staticServer: Awaited<ReturnType<typeof startNginx>> | undefined;
  const record = path.join(corpus, 'bench-staleness.md');
  // Interrupted: stop what this started, and leave the corpus as it was.
  const interrupted = () => {
    app.kill('SIGTERM');
    cacheProxy?.process.kill('SIGQUIT');
    varnish?.process.kill('SIGTERM');
    staticServer?.process.kill('SIGQUIT');
    fs.rmSync(record, { force: true });
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await waitFor(`${origin}/`);
    // The pages as the app serves them, saved for nginx to serve as plain files.
    for (const [, url] of pages) {
      const file = path.join(staticRoot, url === '/' ? 'index.html' : url);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, await (await fetch(origin + url)).text());
    }
    cacheProxy = await startNginx({ appPort: port });
    varnish = await startVarnish([port]);
    staticServer = await startNginx({ staticRoot });
    const servers: [string, string][] = [
      ['npm run serve', origin],
      ['nginx cache → serve', cacheProxy.url],
      ['Varnish → serve', varnish.url],
      ['nginx static files', staticServer.url],
    ];
    console.log(`  wrk -t2 -c50 -d10s (no Accept-Encoding: identity bodies), ${os.cpus().length} cores shared by wrk and the servers`);
    console.log(`  ${'page'.padEnd(26)}${servers.map(([name]) => name.padStart(36)).join('')}`);
    const originRequestsBefore = varnish.counter('MAIN.backend_req');
    let throughVarnish = 0;
    for (const [label, url] of pages) {
      const cells = servers.map(([, base]) => {
        const r = wrk(base + url);
        if (base === varnish!.url) throughVarnish += r.requests;
        return `${Math.round(r.requestsPerSecond).toLocaleString('en')}/s p99 ${r.p99Ms.toFixed(1)} ms${r.errors ? ` ${r.errors} err` : ''}`.padStart(36);
      });
      console.log(`  ${label.padEnd(26)}${cells.join('')}`);
    }
    console.log(`  Varnish passed ${varnish.counter('MAIN.backend_req') - originRequestsBefore} of its ${throughVarnish.toLocaleString('en')} requests to the origin`);
    const brotli = wrk(origin + pages[0]![1], ['Accept-Encoding: br, gzip']);
    console.log(`  topic with Accept-Encoding br through npm run serve: ${Math.round(brotli.requestsPerSecond).toLocaleString('en')}/s p99 ${brotli.p99Ms.toFixed(1)} ms`);
    const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
    const children = fs.readFileSync(`/proc/${app.pid}/task/${app.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    console.log(`  RSS: front server ${rss(app.pid!).toFixed(0)} MiB, Next.js ${children.map(rss).reduce((a, b) => a + b, 0).toFixed(0)} MiB`);

    // Staleness: a new record, the real ingest, and how soon each page shows it.
    const slug = `bench-staleness-${Date.now()}`;
    const first = fs.readFileSync(path.join(corpus, fs.readdirSync(corpus).find((f) => f.endsWith('.md'))!), 'utf8');
    const today = new Date().toISOString().slice(0, 10);
    fs.writeFileSync(
      record,
      first
        .replace(/^slug: .*$/m, `slug: ${slug}`)
        .replace(/^aliases: .*$/m, `aliases: /news/${slug}-alias`)
        .replace(/^id: .*$/m, 'id: 999999999')
        .replace(/^title: .*$/m, `title: Bench staleness ${slug}`)
        .replace(/^date: .*$/m, `date: '${today}'`)
        .replace(/^lastMod: .*$/m, `lastMod: '${today}T00:00:00.000Z'`),
    );
    try {
      const before = storeFileIdentity(db);
      const ingestStarted = performance.now();
      const ingest = spawn(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', '--quiet'], { env: { ...process.env, CONTENT_DIR: corpus, DATABASE_URL: `file:${db}` }, stdio: 'ignore' });
      let changedAt = 0;
      const seen: Record<string, number> = {};
      const watch = setInterval(() => {
        if (!changedAt && storeFileIdentity(db) !== before) changedAt = performance.now();
      }, 1);
      const failures: string[] = [];
      const probe = async (name: string, base: string) => {
        while (!seen[name] && performance.now() - ingestStarted < 600_000) {
          try {
            const { status, body: html } = await getFresh(`${base}/`);
            if (status !== 200) failures.push(`${name}: ${status}`);
            if (html.includes(`/news/${slug}"`)) seen[name] = performance.now();
          } catch (error) {
            failures.push(`${name}: ${(error as Error).message} (${String((error as Error).cause)})`);
          }
          if (!seen[name]) await new Promise((r) => setTimeout(r, 10));
        }
      };
      await Promise.all([probe('npm run serve', origin), probe('nginx cache', cacheProxy.url)]);
      clearInterval(watch);
      await new Promise((r) => (ingest.exitCode !== null ? r(null) : ingest.once('exit', r)));
      console.log(
        `  after an ingest (${((changedAt - ingestStarted) / 1000).toFixed(1)} s to publish): the home page showed the new item ` +
          Object.entries(seen).map(([name, at]) => `${(at - changedAt).toFixed(0)} ms (${name})`).join(', ') +
          ' after the store changed (10 ms polls)',
      );
      if (failures.length) console.log(`  failed polls: ${failures.length} (${failures.slice(0, 3).join('; ')})`);
    } finally {
      fs.rmSync(record, { force: true });
      // Put the store back as it was for the next run.
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', '--quiet'], { env: { ...process.env, CONTENT_DIR: corpus, DATABASE_URL: `file:${db}` }, stdio: 'ignore' });
    }
  } finally {
    await cacheProxy?.stop();
    await varnish?.stop();
    await staticServer?.stop();
    app.kill('SIGTERM');
    fs.rmSync(staticRoot, { recursive: true, force: true });
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}
