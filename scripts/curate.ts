/**
 * npm run curate -- <url> [--title …] [--description …] [--topic "Collection: Label" …]
 *                  [--offering "Label" …] [--author "Name" …] [--body "Markdown"] [--fetch] [--no-ingest]
 * Writes a new record for a curated link into CONTENT_DIR (default content/), checks it
 * with the ingest's schema, then applies it to the store (incremental ingest) so that it is live.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../lib/config/env';
import { formatProblem } from '../lib/content/problems';
import { curate, curateAgainstStore } from '../lib/curation/curate';
import { commitContent, commitMessage } from '../lib/curation/git';
import { updateStore } from '../lib/ingest/update-store';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    title: { type: 'string' },
    description: { type: 'string' },
    topic: { type: 'string', multiple: true, default: [] },
    offering: { type: 'string', multiple: true, default: [] },
    author: { type: 'string', multiple: true, default: [] },
    body: { type: 'string' },
    fetch: { type: 'boolean', default: false },
    'no-ingest': { type: 'boolean', default: false },
    content: { type: 'string' },
  },
});

if (positionals.length !== 1) {
  console.error('usage: npm run curate -- <url> [--title …] [--description …] [--topic "Collection: Label" …] [--offering …] [--author …] [--fetch]');
  process.exit(2);
}
const settings = config();
const contentDir = values.content ? path.resolve(values.content) : settings.contentDir;
const input = {
  url: positionals[0]!,
  title: values.title,
  description: values.description,
  topics: values.topic,
  offerings: values.offering,
  authors: values.author,
  body: values.body,
  fetch: values.fetch,
};
// The store answers "is this link curated already?" for the other records, brought up to date.
const result = values['no-ingest'] ? await curate(contentDir, input) : await curateAgainstStore(contentDir, input, { databasePath: settings.databaseFile, mediaDir: settings.mediaDir });
if (!result.ok) {
  for (const p of result.problems) console.error(`curate: ${formatProblem(p)}`);
  process.exit(1);
}
const rel = path.relative(process.cwd(), path.join(contentDir, result.file));
console.log(`curate: wrote ${rel} (/news/${result.slug})`);

if (!values['no-ingest']) {
  const summary = await updateStore({ contentDir, databasePath: settings.databaseFile, mediaDir: settings.mediaDir, paths: [result.file] });
  for (const p of summary.problems) console.error(formatProblem(p));
  if (!summary.published) {
    console.error('curate: the record is written, but other records are invalid, so the store was not updated; run npm run check');
    process.exit(1);
  }
  console.log(`curate: live after ${summary.mode === 'full' ? 'a full ingest' : 'an incremental ingest'} in ${summary.seconds.toFixed(2)} s`);
  // In git, the record is a commit (by whoever git says runs this), pushed when the branch has an upstream.
  const commit = await commitContent(contentDir, [result.file], commitMessage('add', input.title ?? result.slug));
  if (commit.committed) console.log(`curate: committed ${commit.commit.slice(0, 12)}${commit.pushed ? ' and pushed' : commit.pushProblem ? `; the push failed: ${commit.pushProblem}` : ''}`);
}
