/**
 * npm run ingest [-- --full [--from-scratch]] [--skip-invalid] [--content DIR] [--quiet] [--json]
 * Brings the store named by DATABASE_URL (default data/site.db) up to date with the
 * records under CONTENT_DIR (default content/) through updateStore (lib/ingest/update-store.ts):
 * only the files that changed since the last ingest are read; --full rebuilds the store
 * into a new file (reusing the rows of unchanged files when the same code made them;
 * --from-scratch reads every file), as is done when there is no store yet or the
 * taxonomy or the code changed. Exits
 * 1, leaving the served store as it was, when a record is invalid (unless --skip-invalid).
 * --json prints one JSON object per diagnostic, then a summary (lib/ingest/report.ts).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { config } from '../lib/config/env';
import { consoleOutput, ingestSummary, writeReport } from '../lib/ingest/report';
import { updateStore } from '../lib/ingest/update-store';

const { values } = parseArgs({
  options: {
    'skip-invalid': { type: 'boolean', default: false },
    content: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    'from-scratch': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const settings = config();
const contentDir = values.content ? path.resolve(values.content) : settings.contentDir;
const target = settings.databaseFile;
const showProgress = process.stderr.isTTY && !values.quiet && !values.json;
const bar = new cliProgress.SingleBar(
  { format: 'ingest [{bar}] {percentage}% | {value}/{total} records | {eta_formatted} left', stream: process.stderr, hideCursor: true },
  cliProgress.Presets.shades_classic,
);
let barStarted = false;
// The images come after the text is live: a bar of their own, for an import with many.
const imageBar = new cliProgress.SingleBar(
  { format: 'images [{bar}] {percentage}% | {value}/{total} images | {eta_formatted} left', stream: process.stderr, hideCursor: true },
  cliProgress.Presets.shades_classic,
);
let imageBarStarted = false;

try {
  const sync = await updateStore({
    contentDir,
    databasePath: target,
    mediaDir: settings.mediaDir,
    full: values.full || values['from-scratch'],
    fromScratch: values['from-scratch'],
    skipInvalid: values['skip-invalid'],
    onProgress: (done, total) => {
      if (!showProgress || total < 2000) return;
      if (!barStarted) {
        bar.start(total, 0);
        barStarted = true;
      }
      bar.update(done);
    },
    onMediaProgress: (done, total) => {
      if (!showProgress || total < 20) return;
      if (barStarted) {
        bar.stop();
        barStarted = false;
      }
      if (!imageBarStarted) {
        imageBar.start(total, 0);
        imageBarStarted = true;
      }
      imageBar.update(done);
    },
  });
  if (barStarted) bar.stop();
  if (imageBarStarted) imageBar.stop();
  const skipInvalid = values['skip-invalid'];
  process.exitCode = writeReport(consoleOutput, sync.diagnostics, ingestSummary(sync, { skipInvalid, storeFile: target }), { json: values.json, contentDir }, { published: sync.published, skipInvalid });
} catch (err) {
  if (barStarted) bar.stop();
  if (imageBarStarted) imageBar.stop();
  console.error(`ingest: ${(err as Error).message}`);
  process.exitCode = 2;
}
