import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { suggestTopics, topicVocabulary } from '../../lib/catalog/topic-suggestions';
import { htmlText } from '../../lib/content/text';
import { ingestAll } from '../../lib/ingest/full';
import { withDeskQueries } from '../../lib/store/queries/desk';
import { convertMedigyTaxonomy } from '../../lib/taxonomy/medigy';
import { SHARED, siteContentDir, tempDir } from '../support/helpers';

/**
 * Topic suggestions measured on Medigy's own records: each record's topics hidden in
 * turn (its votes taken out of the counts, the record itself out of the similar
 * items), the suggestions made from its title and description as a feed item would
 * have them, and a hit when one of the top three is a topic Medigy's editors chose.
 * Records whose topics are all bare labels (no collection) are left out: new records
 * cannot name those, so they are never suggested.
 */
let contentDir: string;
let dbFile: string;

beforeAll(async () => {
  contentDir = siteContentDir();
  fs.cpSync(path.join(SHARED, 'medigy-sample', 'site'), path.join(contentDir, 'site'), { recursive: true });
  for (const entry of fs.readdirSync(path.join(contentDir, 'site'), { recursive: true, withFileTypes: true })) fs.chmodSync(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
  fs.chmodSync(path.join(contentDir, 'site'), 0o755);
  const { lines } = convertMedigyTaxonomy(fs.readFileSync(path.join(SHARED, 'medigy-sample', 'taxonomy.jsonl'), 'utf8'));
  fs.writeFileSync(path.join(contentDir, 'taxonomy.jsonl'), `${lines.join('\n')}\n`);
  dbFile = path.join(tempDir('desk-suggest'), 'site.db');
  const summary = await ingestAll({ contentDir, databasePath: dbFile, skipInvalid: true });
  expect(summary.published).toBe(true);
}, 120_000);

describe('topic suggestions on Medigy records', () => {
  it('puts a topic Medigy editors chose among the top three for most records', () => {
    const result = withDeskQueries(dbFile, (q) => {
      const all = q.vocabulary();
      const records = fs
        .readdirSync(contentDir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.md') && !f.endsWith('README.md'))
        .map((f) => q.itemOf(f))
        // Records with a topic a new record can name ("Collection: Label"; Medigy's oldest
        // records have bare labels only, which nothing can suggest any more).
        .filter((r): r is NonNullable<typeof r> => !!r && r.topics.some((t) => t.includes(':')));
      let hits = 0;
      let hitsTop1 = 0;
      let hitsLabelsOnly = 0;
      const misses: string[] = [];
      for (const r of records) {
        const own = new Set(r.topics);
        const vocabulary = topicVocabulary(all.map((t) => (own.has(t.name) ? { ...t, uses: t.uses - 1 } : t)));
        const summary = r.description ?? '';
        const similar = q.similar(r.title, summary, 8, r.id);
        const top = suggestTopics({ title: r.title, summary, similar }, vocabulary, 3);
        if (top.some((s) => own.has(s.topic))) hits++;
        else misses.push(`${r.title.slice(0, 60)} → ${top.map((s) => s.topic).join('; ') || '(none)'} / chosen: ${r.topics.join('; ')}`);
        if (top[0] && own.has(top[0].topic)) hitsTop1++;
        // For comparison: the taxonomy's labels alone, without what editors chose for similar items.
        if (suggestTopics({ title: r.title, summary }, vocabulary, 3).some((x) => own.has(x.topic))) hitsLabelsOnly++;
      }
      return { records: records.length, hits, hitsTop1, hitsLabelsOnly, misses };
    })!;
    console.log(`topic suggestions on Medigy's records: ${result.hits}/${result.records} (${Math.round((100 * result.hits) / result.records)} %) have a chosen topic in the top 3, ${result.hitsTop1} (${Math.round((100 * result.hitsTop1) / result.records)} %) first; labels alone ${result.hitsLabelsOnly} (${Math.round((100 * result.hitsLabelsOnly) / result.records)} %) in the top 3`);
    if (process.env.DESK_SHOW_MISSES) for (const m of result.misses) console.log(`  miss: ${m}`);
    expect(result.records).toBeGreaterThan(30);
    expect(result.hits / result.records).toBeGreaterThan(0.5);
  });
});
