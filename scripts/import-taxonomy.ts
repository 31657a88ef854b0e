/**
 * npm run taxonomy:import -- <medigy-taxonomy.jsonl> [--out content/taxonomy.jsonl]
 * Converts Medigy's topic taxonomy into this site's taxonomy file (lib/taxonomy/format.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../lib/config/env';
import { parseTaxonomy, TAXONOMY_FILE } from '../lib/taxonomy/format';
import { convertMedigyTaxonomy } from '../lib/taxonomy/medigy';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
if (positionals.length !== 1) {
  console.error('usage: npm run taxonomy:import -- <medigy-taxonomy.jsonl> [--out content/taxonomy.jsonl]');
  process.exit(2);
}
const out = path.resolve(values.out ?? path.join(config().contentDir, TAXONOMY_FILE));
const { lines, topics, skipped } = convertMedigyTaxonomy(fs.readFileSync(positionals[0]!, 'utf8'));
const text = `${lines.join('\n')}\n`;
const check = parseTaxonomy(text);
if (check.problems.length) {
  for (const p of check.problems.slice(0, 20)) console.error(`taxonomy: line ${p.line}: ${p.field ?? ''} ${p.message}`);
  process.exit(1);
}
const tmp = `${out}.${process.pid}.tmp`;
fs.writeFileSync(tmp, text);
fs.renameSync(tmp, out);
console.log(`taxonomy: ${topics} topics written to ${path.relative(process.cwd(), out)}${skipped ? ` (${skipped} unreadable lines skipped)` : ''}`);
