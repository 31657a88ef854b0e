/**
 * npm run feeds [-- --dry-run] [--json] [--every 15m] [--import FILE.opml] [--export]
 * Polls every subscription of CONTENT_DIR/feeds.opml once (lib/desk/poll.ts): new items
 * of publish-mode feeds become records (applied to DATABASE_URL's store, committed),
 * the others wait in the web editor's inbox (/editor/inbox). --dry-run fetches and
 * parses but writes nothing; --json prints one JSON object per new item (and per feed
 * that failed); --every keeps polling at that interval; --import adds a reader's OPML
 * subscriptions; --export prints ours.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../lib/config/env';
import { exportSubscriptions, importSubscriptions } from '../lib/desk/manage';
import { pollFeeds } from '../lib/desk/poll';
import { jsonLines, parseDuration, textReport } from '../lib/desk/report';

const { values } = parseArgs({
  options: {
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    every: { type: 'string' },
    import: { type: 'string' },
    export: { type: 'boolean', default: false },
    content: { type: 'string' },
  },
});
const settings = config();
const contentDir = values.content ? path.resolve(values.content) : settings.contentDir;

if (values.export) {
  process.stdout.write(exportSubscriptions(contentDir));
  process.exit(0);
}
if (values.import) {
  const result = await importSubscriptions(contentDir, fs.readFileSync(values.import, 'utf8'));
  for (const p of result.ok ? (result.problems ?? []) : result.problems) console.error(`feeds: ${values.import}: ${p.message}`);
  if (!result.ok) process.exit(1);
  console.log(`feeds: ${result.added ?? 0} subscriptions added to ${path.join(path.relative(process.cwd(), contentDir) || '.', 'feeds.opml')} (${result.subscriptions.length} in all)${result.commit ? `, committed ${result.commit.slice(0, 12)}` : ''}`);
  process.exit(0);
}

const every = values.every === undefined ? null : parseDuration(values.every);
if (values.every !== undefined && every === null) {
  console.error(`feeds: --every "${values.every}" is not a duration like 15m, 1h or 90s`);
  process.exit(2);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (stopping ? process.exit(1) : (stopping = true)));

for (;;) {
  try {
    const report = await pollFeeds({ contentDir, databasePath: settings.databaseFile, mediaDir: settings.mediaDir, deskFile: settings.deskFile, dryRun: values['dry-run'] });
    if (values.json) for (const line of jsonLines(report)) console.log(line);
    else {
      const { out, err } = textReport(report, values['dry-run']);
      for (const line of out) console.log(line);
      for (const line of err) console.error(line);
    }
  } catch (err) {
    // One failed poll (the store locked for too long, a full disk) is reported; --every polls again.
    console.error(`feeds: the poll failed: ${(err as Error).message}`);
    if (every === null) process.exit(1);
  }
  if (every === null || stopping) break;
  const until = Date.now() + every;
  while (!stopping && Date.now() < until) await new Promise((r) => setTimeout(r, Math.min(1000, until - Date.now())));
  if (stopping) break;
}
