import path from 'node:path';
import { judge } from '../catalog/judge';
import { MemoryView } from '../catalog/memory';
import { Catalog } from '../catalog/rules';
import { SectionLabels } from '../catalog/section-labels';
import { discoverRecords } from '../content/discover';
import { linkKey } from '../content/link';
import { BARE_COLLECTION } from '../content/schema';
import type { RecordProblem } from '../content/problems';
import { readRecordFiles } from '../ingest/pool';

export interface CheckReport {
  files: number;
  /** Problems that stop a record from being published. */
  errors: RecordProblem[];
  /** Things an editor should look at; the record still publishes. */
  warnings: RecordProblem[];
}

export interface CheckOptions {
  /** Topic names ("Collection: Label") editors are expected to use; unknown ones are warned about. */
  knownTopics?: ReadonlySet<string>;
  now?: Date;
}

/**
 * Everything the ingest would refuse (the same stages and rules, lib/catalog/judge.ts),
 * plus what an editor should fix anyway: a topic outside the taxonomy or without a
 * collection, a missing description, the same article curated twice, a date in the
 * future, an image file that is not there, metadata left out, an offering without a
 * logo, a section called otherwise than most records call it. Reads content/, writes nothing.
 */
export async function checkContent(contentDir: string, options: CheckOptions = {}): Promise<CheckReport> {
  const { files, problems: unreadable } = discoverRecords(contentDir);
  const errors: RecordProblem[] = [...unreadable];
  const warnings: RecordProblem[] = [];
  const view = new MemoryView();
  const catalog = new Catalog(view);
  const now = options.now ?? new Date();
  const sectionLabels = new SectionLabels();

  await readRecordFiles(contentDir, files, (results) => {
    for (const result of results) {
      // Who curated the article first, asked before this record is noted among the others.
      const firstCurator = result.ok && 'record' in result ? view.linkOwner(linkKey(result.record.url)) : undefined;
      const verdict = judge(result, catalog);
      if (verdict.state === 'rejected') {
        errors.push(...verdict.file.problems);
        continue;
      }
      if (verdict.state === 'conflicting') {
        errors.push(...verdict.problems);
        continue;
      }
      if (result.ok && 'offering' in result) {
        warnings.push(...result.offering.warnings);
        if (!result.offering.logo && !result.offering.warnings.some((w) => w.field === 'offeringLogo')) {
          warnings.push({ file: result.offering.file, field: 'offeringLogo', message: 'the offering has no logo: its profile and the offerings page show its name only' });
        }
        continue;
      }
      if (!result.ok || !('record' in result)) continue;
      const r = result.record;
      warnings.push(...r.warnings);
      if (verdict.state === 'published') sectionLabels.add(r.file, r.breadcrumbs);
      const warn = (field: string | undefined, message: string) => warnings.push(field ? { file: r.file, field, message } : { file: r.file, message });
      if (!r.description) warn('description', 'there is no description: readers and search engines see only the title');
      if (r.date > now.getTime()) warn('date', `${new Date(r.date).toISOString().slice(0, 10)} is in the future; the item will sort above today's news`);
      if (firstCurator) warn('link.href', `${firstCurator} already curates this article (${r.url})`);
      r.topics.forEach((t, i) => {
        if (options.knownTopics && !options.knownTopics.has(t.name)) warn(`categories[${i}]`, `"${t.name}" is not a topic of the taxonomy; check the spelling, or add the topic there`);
        else if (t.collection === BARE_COLLECTION && !t.name.includes(':')) warn(`categories[${i}]`, `"${t.name}" names no collection (write "Collection: Label"); it is published as a topic of its own at "/topic/${t.slug}"`);
      });
    }
  });
  warnings.push(...sectionLabels.warnings());
  return { files: files.length, errors, warnings };
}
