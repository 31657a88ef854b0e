/**
 * npm run ingest [-- --skip-invalid] [--content DIR]
 * Reads every record under CONTENT_DIR (default content/) into the store named by
 * DATABASE_URL (default data/site.db). Exits 1, leaving the served store as it was,
 * when any record is invalid (unless --skip-invalid).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { formatProblem } from '../lib/content/problems';
import { ingest } from '../lib/ingest/run';
import { databasePath } from '../lib/store/location';

const { values } = parseArgs({
  options: {
    'skip-invalid': { type: 'boolean', default: false },
    content: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

const contentDir = path.resolve(values.content ?? process.env.CONTENT_DIR ?? 'content');
const target = databasePath();
const showProgress = process.stderr.isTTY && !values.quiet;
const bar = new cliProgress.SingleBar(
  { format: 'ingest [{bar}] {percentage}% | {value}/{total} records | {eta_formatted} left', stream: process.stderr, hideCursor: true },
  cliProgress.Presets.shades_classic,
);
let barStarted = false;

try {
  const summary = await ingest({
    contentDir,
    databasePath: target,
    skipInvalid: values['skip-invalid'],
    onProgress: (done, total) => {
      if (!showProgress || total < 2000) return;
      if (!barStarted) {
        bar.start(total, 0);
        barStarted = true;
      }
      bar.update(done);
    },
  });
  if (barStarted) bar.stop();

  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  for (const p of summary.problems) console.error(formatProblem({ ...p, file: path.join(rel(contentDir), p.file) }));
  if (summary.problems.length) console.error('');

  const line = `${summary.records} records${summary.drafts ? ` (+${summary.drafts} drafts)` : ''}, ${summary.topics} topics, ${summary.offerings} offerings, ${summary.sources} sources, ${summary.rejected} rejected in ${summary.seconds.toFixed(2)} s`;
  if (summary.published) {
    console.log(`ingest: ${line} → ${rel(target)}`);
    const { records, related, publish } = summary.phases;
    if (summary.seconds > 2) console.log(`ingest: ${records.toFixed(2)} s records, ${related.toFixed(2)} s related news, ${publish.toFixed(2)} s indexes and publishing`);
    if (summary.rejected) console.log(`ingest: published without the ${summary.rejected} rejected record(s) listed above (--skip-invalid)`);
  } else {
    console.error(`ingest: ${summary.rejected} record(s) rejected; the store was not changed (${rel(target)}). Fix them, or run with --skip-invalid to publish the others.`);
    console.error(`ingest: ${line}`);
    process.exitCode = 1;
  }
} catch (err) {
  if (barStarted) bar.stop();
  console.error(`ingest: ${(err as Error).message}`);
  process.exitCode = 2;
}
