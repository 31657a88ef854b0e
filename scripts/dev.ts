/**
 * npm run dev: ingest content/, start `next dev`, and re-ingest whenever a file under
 * CONTENT_DIR changes (lib/ingest/watch.ts). The app reopens the store after each
 * ingest, so an edited record shows on the next page load; a record with mistakes is
 * reported and the site keeps the last good store.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { formatProblem } from '../lib/content/problems';
import { ingest, type IngestSummary } from '../lib/ingest/run';
import { watchContent } from '../lib/ingest/watch';
import { databasePath } from '../lib/store/location';

const contentDir = path.resolve(process.env.CONTENT_DIR ?? 'content');

function report(reason: string, s: IngestSummary | Error) {
  if (s instanceof Error) return console.error(`dev: ingest failed: ${s.message}`);
  for (const p of s.problems) console.error(`dev: ${formatProblem(p)}`);
  console.log(
    s.published
      ? `dev: ${reason}: ${s.records} records live in ${s.seconds.toFixed(2)} s`
      : `dev: ${reason}: ${s.rejected} record(s) rejected, the site keeps the previous content`,
  );
}

report('start', await ingest({ contentDir, databasePath: databasePath() }).catch((err: Error) => err));
watchContent(contentDir, databasePath(), report);

const next = spawn(path.resolve('node_modules', '.bin', 'next'), ['dev', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => next.kill(signal));
next.on('exit', (code) => process.exit(code ?? 0));
