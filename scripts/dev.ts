/**
 * npm run dev: bring the store up to date with content/, start `next dev`, and apply
 * every change under CONTENT_DIR as it happens (lib/ingest/watch.ts: only the changed
 * files are read). The app reopens the store after each update, so an edited record
 * shows on the next page load; a record with mistakes is reported and the site keeps
 * the last good content.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { config } from '../lib/config/env';
import { formatProblem, printable } from '../lib/content/problems';
import { updateStore, type StoreUpdateSummary } from '../lib/ingest/update-store';
import { watchContent } from '../lib/ingest/watch';

const { contentDir, databaseFile, mediaDir } = config();

function report(reason: string, s: StoreUpdateSummary | Error) {
  if (s instanceof Error) return console.error(`dev: ingest failed: ${s.message}`);
  for (const p of s.problems) console.error(`dev: ${formatProblem(p)}`);
  const what = s.mode === 'full' ? `${s.full?.records ?? 0} records (full ingest)` : `${s.added.length} added, ${s.changed.length} changed, ${s.removed.length} removed, ${s.renamed.length} moved`;
  console.log(printable(s.published ? `dev: ${reason}: ${what}, live in ${(s.seconds * 1000).toFixed(0)} ms` : `dev: ${reason}: not applied, the site keeps the previous content`));
}

report('start', await updateStore({ contentDir, databasePath: databaseFile, mediaDir }).catch((err: Error) => err));
watchContent(contentDir, { databasePath: databaseFile, mediaDir }, report);

const next = spawn(path.resolve('node_modules', '.bin', 'next'), ['dev', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => next.kill(signal));
next.on('exit', (code) => process.exit(code ?? 0));
