/**
 * npm run check [-- FILE…] [--content DIR] [--taxonomy FILE] [--strict] [--json]
 * Checks every record under CONTENT_DIR (default content/), or only the FILEs given (a
 * pre-commit hook's staged records, against the other records as the store holds
 * them), without changing the store. Exits 1 when a record would be refused by the
 * ingest (or, with --strict, when there is any warning): for CI and for editors
 * before they commit. --json prints one JSON object per diagnostic, then a summary
 * (lib/ingest/report.ts), the same as `npm run ingest -- --json` for the same records.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkContent } from '../lib/curation/check';
import { config } from '../lib/config/env';
import { consoleOutput, writeReport } from '../lib/ingest/report';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { content: { type: 'string' }, taxonomy: { type: 'string' }, strict: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
});
const settings = config();
const contentDir = values.content ? path.resolve(values.content) : settings.contentDir;
if (!fs.existsSync(contentDir)) {
  console.error(`check: the content directory ${contentDir} does not exist`);
  process.exit(2);
}

let knownTopics: Set<string> | undefined;
if (values.taxonomy) {
  // One topic per line as JSON with `parentclasslabel` (the collection) and `label`, as Medigy exports it.
  const lines = fs.readFileSync(values.taxonomy, 'utf8').split('\n').filter((l) => l.trim());
  knownTopics = new Set(
    lines.map((l) => {
      const t = JSON.parse(l) as { parentclasslabel: string; label: string };
      return `${t.parentclasslabel.trim()}: ${t.label.trim()}`;
    }),
  );
}

// Files named on the command line, as paths inside the content directory.
const files = positionals.map((p) => path.relative(contentDir, path.resolve(p)));
const outside = files.find((f) => f.startsWith('..') || path.isAbsolute(f));
if (outside !== undefined) {
  console.error(`check: ${outside} is not inside the content directory ${contentDir}`);
  process.exit(2);
}
const report = await checkContent(contentDir, { knownTopics, ...(files.length ? { files, databasePath: settings.databaseFile } : {}) });
process.exitCode = writeReport(
  consoleOutput,
  [...report.errors, ...report.warnings],
  {
    command: 'check',
    fields: { records: report.files },
    lines: { out: [`check: ${report.files} records, ${report.errors.length} errors, ${report.warnings.length} warnings`], err: [] },
  },
  { json: values.json, contentDir },
  { strict: values.strict },
);
