/**
 * npm run ingest [-- --full [--from-scratch]] [--skip-invalid] [--content DIR] [--quiet]
 * Brings the store named by DATABASE_URL (default data/site.db) up to date with the
 * records under CONTENT_DIR (default content/) through syncStore (lib/ingest/sync.ts):
 * only the files that changed since the last ingest are read; --full rebuilds the store
 * into a new file (reusing the rows of unchanged files when the same code made them;
 * --from-scratch reads every file), as is done when there is no store yet or the
 * taxonomy or the code changed. Exits
 * 1, leaving the served store as it was, when a record is invalid (unless --skip-invalid).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { config } from '../lib/config/env';
import { formatCounts, formatProblem } from '../lib/content/problems';
import { syncStore } from '../lib/ingest/sync';

const { values } = parseArgs({
  options: {
    'skip-invalid': { type: 'boolean', default: false },
    content: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    'from-scratch': { type: 'boolean', default: false },
  },
});

const settings = config();
const contentDir = values.content ? path.resolve(values.content) : settings.contentDir;
const target = settings.databaseFile;
const showProgress = process.stderr.isTTY && !values.quiet;
const bar = new cliProgress.SingleBar(
  { format: 'ingest [{bar}] {percentage}% | {value}/{total} records | {eta_formatted} left', stream: process.stderr, hideCursor: true },
  cliProgress.Presets.shades_classic,
);
let barStarted = false;

const rel = (p: string) => path.relative(process.cwd(), p) || p;

try {
  const sync = await syncStore({
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
  });
  if (barStarted) bar.stop();
  for (const p of sync.problems) console.error(formatProblem({ ...p, file: path.join(rel(contentDir), p.file) }));
  // At a glance, by kind: what was refused across the corpus.
  for (const line of formatCounts([...sync.problems, ...sync.stillRejected], 'rejected')) console.error(line);

  const summary = sync.full;
  if (!summary) {
    const changes = `${sync.added.length} added, ${sync.changed.length} changed, ${sync.removed.length} removed, ${sync.renamed.length} moved, ${sync.unchanged} unchanged`;
    // The tree is the truth: records refused earlier and not fixed since are still refused.
    for (const p of sync.stillRejected) console.error(formatProblem({ ...p, file: path.join(rel(contentDir), p.file) }));
    if (sync.published) {
      const how = sync.reused ? 'rebuilt into a new file, reusing the rows of unchanged files; --from-scratch reads every file' : 'only changed files read; --full rebuilds';
      console.log(`ingest: ${changes} in ${sync.seconds.toFixed(2)} s → ${rel(target)} (${how})`);
      if (sync.stillRejected.length) {
        const files = new Set(sync.stillRejected.map((p) => p.file)).size;
        console.error(`ingest: ${files} record(s) above are still rejected and not published${values['skip-invalid'] ? ' (--skip-invalid)' : ': fix them, or run with --skip-invalid to accept that'}`);
        if (!values['skip-invalid']) process.exitCode = 1;
      }
    } else {
      console.error(`ingest: the store was not changed (${rel(target)}): fix the record(s) above, or run with --skip-invalid to apply the other changes.`);
      process.exitCode = 1;
    }
  } else {
    if (summary.problems.length) console.error('');
    const line = `${summary.records} records${kindCounts(summary.kinds)}${summary.drafts ? ` (+${summary.drafts} drafts)` : ''}, ${summary.topics} topics, ${summary.offerings} offerings, ${summary.sources} sources, ${summary.rejected} rejected${summary.profiles ? `, ${summary.profiles} offering profiles` : ''} in ${summary.seconds.toFixed(2)} s`;
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
  }
  const media = sync.media;
  if (media && (media.read || media.problems.length)) {
    for (const p of media.problems) console.error(formatProblem(p));
    console.log(`ingest: images: ${media.images} shown, ${media.read} read, ${media.written} files written to the media folder in ${media.seconds.toFixed(2)} s (after the text was live)`);
  }
} catch (err) {
  if (barStarted) bar.stop();
  console.error(`ingest: ${(err as Error).message}`);
  process.exitCode = 2;
}

/** " (20 articles, 5 feed items, 3 videos)" when more than one kind was published. */
function kindCounts(kinds: Record<string, number>): string {
  const names: Record<string, [string, string]> = { article: ['article', 'articles'], feed: ['feed item', 'feed items'], video: ['video', 'videos'], offering: ['curated offering', 'curated offerings'] };
  const parts = Object.entries(kinds)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${n.toLocaleString('en')} ${(names[kind] ?? [kind, kind])[n === 1 ? 0 : 1]}`);
  return parts.length > 1 ? ` (${parts.join(', ')})` : '';
}
