/**
 * How long one edited record takes to be live on its page (issue: at most 0.5 s in a
 * 10,000-record corpus): the production server runs over the store, the content
 * watcher of `npm run dev` (lib/ingest/watch.ts) applies changes, and a record file is
 * edited; the clock runs from the file write until a GET of the item's page shows the
 * new title. Used by `npm run bench -- --live`; the edited files are restored after.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { updateStore } from '../lib/ingest/update-store';
import { watchContent } from '../lib/ingest/watch';

export async function liveUpdateLatency(corpus: string, db: string, trials = 10): Promise<void> {
  // The store must know the corpus file by file (an incremental ingest brings it up to date).
  await updateStore({ contentDir: corpus, databasePath: db });
  const raw = new Database(db, { readonly: true });
  const picks = raw.prepare("SELECT path, slug FROM SourceFile WHERE state = 'published' ORDER BY path LIMIT ?").all(trials) as { path: string; slug: string }[];
  raw.close();

  const port = 3997;
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', '-p', String(port), '-H', '127.0.0.1'], {
    env: { ...process.env, DATABASE_URL: `file:${db}`, CONTENT_DIR: corpus },
    stdio: 'ignore',
  });
  const originals = new Map(picks.map((p) => [p.path, fs.readFileSync(path.join(corpus, p.path), 'utf8')]));
  const applied: number[] = [];
  const watcher = watchContent(corpus, { databasePath: db }, (_reason, s) => {
    if (!(s instanceof Error)) applied.push(s.seconds * 1000);
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 150; i++) {
      try {
        await fetch(`${base}/`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const times: number[] = [];
    for (const [n, pick] of picks.entries()) {
      const marker = `Live check ${n} ${Date.now()}`;
      await fetch(`${base}/news/${pick.slug}`).then((r) => r.text());
      const text = originals.get(pick.path)!;
      const edited = text.replace(/^title: .*$/m, `title: ${marker}`);
      const t0 = performance.now();
      fs.writeFileSync(path.join(corpus, pick.path), edited);
      for (;;) {
        const html = await (await fetch(`${base}/news/${pick.slug}`)).text();
        if (html.includes(marker)) break;
        if (performance.now() - t0 > 10_000) throw new Error(`${pick.path}: not live after 10 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 200));
    }
    times.sort((a, b) => a - b);
    applied.sort((a, b) => a - b);
    const median = (xs: number[]) => xs[Math.floor((xs.length - 1) / 2)]!.toFixed(0);
    console.log(
      `  live update (${picks.length} edits, one file each): file written → page shows it: median ${median(times)} ms, max ${times.at(-1)!.toFixed(0)} ms` +
        ` (of which the incremental ingest: median ${median(applied)} ms; the rest is the watcher's 50 ms quiet time and the page cache noticing the new store)`,
    );
  } finally {
    watcher.close();
    for (const [file, text] of originals) fs.writeFileSync(path.join(corpus, file), text);
    await updateStore({ contentDir: corpus, databasePath: db, paths: [...originals.keys()] });
    server.kill();
  }
}
