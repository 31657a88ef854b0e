import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeSubscriptions, type Subscription } from '../lib/desk/subscriptions';
import { ingestAll } from '../lib/ingest/full';
import { startFeedServer } from '../tests/support/feed-server';
import { ROOT } from '../tests/support/helpers';

/**
 * `npm run bench -- --feeds`: `npm run feeds` (the compiled command) polling `feeds`
 * feeds of `items` items each, served on loopback: cold (no desk file: every item new,
 * deduplicated, grouped into stories, given topics and put in the inbox), then again
 * with nothing changed (every feed answers 304). Seconds and peak memory of each.
 */
const WORDS = 'telehealth hospital patients data AI clinicians payers FDA cybersecurity EHR wearables nursing pharmacy genomics Medicare startup funding rural cancer diabetes heart mental health study trial device app privacy cloud interoperability'.split(' ');

export async function feedPollBench(bench: string, feeds = 200, items = 50): Promise<void> {
  const dir = path.join(bench, 'feeds');
  fs.rmSync(dir, { recursive: true, force: true });
  const contentDir = path.join(dir, 'content');
  fs.mkdirSync(contentDir, { recursive: true });
  for (const name of fs.readdirSync(path.join(ROOT, 'content'))) fs.copyFileSync(path.join(ROOT, 'content', name), path.join(contentDir, name));
  const db = path.join(dir, 'site.db');
  await ingestAll({ contentDir, databasePath: db });
  // Compiled now, so that the timed runs do not compile.
  spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, stdio: 'ignore' });

  const server = await startFeedServer();
  let seed = 1;
  const word = () => WORDS[(seed = (seed * 16807) % 2147483647) % WORDS.length]!;
  const subs: Subscription[] = [];
  const now = Date.now();
  for (let f = 0; f < feeds; f++) {
    const body = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Publisher ${f}</title><link>https://publisher${f}.example/</link><description>d</description>${Array.from(
      { length: items },
      (_, i) =>
        `<item><title>${word()} ${word()} ${word()} report ${f}-${i} on ${word()} and ${word()}</title><link>https://publisher${f}.example/${2026}/${i}/story-${f}-${i}?utm_source=rss</link><pubDate>${new Date(now - (f * items + i) * 60_000).toUTCString()}</pubDate><description><![CDATA[<p>${Array.from({ length: 40 }, word).join(' ')}.</p>]]></description><content:encoded><![CDATA[<p>${Array.from({ length: 200 }, word).join(' ')}</p><img src="https://publisher${f}.example/img/${i}.jpg">]]></content:encoded></item>`,
    ).join('')}</channel></rss>`;
    server.set(`/feed-${f}.xml`, { body, gzip: true });
    subs.push({ title: `Publisher ${f}`, xmlUrl: `${server.url}/feed-${f}.xml`, htmlUrl: `https://publisher${f}.example/`, topics: [], mode: 'review', retired: null });
  }
  writeSubscriptions(contentDir, subs);
  const env = { ...process.env, CONTENT_DIR: contentDir, DATABASE_URL: `file:${db}`, DESK_FILE: path.join(dir, 'desk.db'), FETCH_ALLOW: `127.0.0.1:${server.port}` };
  try {
    const cold = await timedFeeds(env);
    console.log(`feeds: cold poll of ${feeds} feeds × ${items} items (gzip, on loopback): ${cold.inside} s in the poll (${cold.summary}), ${cold.wall.toFixed(2)} s wall, peak RSS ${cold.peakMiB.toFixed(0)} MiB`);
    const unchanged = await timedFeeds(env);
    const answered304 = server.requests.filter((r) => r.headers['if-none-match']).length;
    console.log(`feeds: the same ${feeds} feeds unchanged (${answered304} conditional requests, 304s): ${unchanged.inside} s in the poll, ${unchanged.wall.toFixed(2)} s wall, peak RSS ${unchanged.peakMiB.toFixed(0)} MiB`);
  } finally {
    await server.close();
  }
}

/** `npm run feeds` as cron runs it (the compiled command), under GNU time; not spawnSync: the feed server is this process. */
function timedFeeds(env: NodeJS.ProcessEnv): Promise<{ wall: number; peakMiB: number; inside: string; summary: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, 'scripts/run.mjs', 'feeds'], { cwd: ROOT, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`npm run feeds failed: ${err}`));
      const total = /polled in ([\d.]+) s: (.*)$/m.exec(out);
      resolve({ wall: (performance.now() - started) / 1000, peakMiB: Number(err.trim().split('\n').at(-1)) / 1024, inside: total?.[1] ?? '?', summary: total?.[2] ?? '' });
    });
  });
}
