import path from 'node:path';
import { judge } from '../catalog/judge';
import { MemoryView } from '../catalog/memory';
import { Catalog } from '../catalog/rules';
import { discoverRecords } from '../content/discover';
import { linkKey } from '../content/link';
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
 * plus what an editor should fix anyway: a topic outside the taxonomy, a missing
 * description, the same article curated twice, a date in the future, an image file
 * that is not there. Reads content/, writes nothing.
 */
export async function checkContent(contentDir: string, options: CheckOptions = {}): Promise<CheckReport> {
  const { files, problems: unreadable } = discoverRecords(contentDir);
  const errors: RecordProblem[] = [...unreadable];
  const warnings: RecordProblem[] = [];
  const view = new MemoryView();
  const catalog = new Catalog(view);
  const now = options.now ?? new Date();

  await readRecordFiles(contentDir, files, (results) => {
    for (const result of results) {
      // Who curated the article first, asked before this record is noted among the others.
      const firstCurator = result.ok ? view.linkOwner(linkKey(result.record.url)) : undefined;
      const verdict = judge(result, catalog);
      if (verdict.state === 'rejected') {
        errors.push(...verdict.file.problems);
        continue;
      }
      if (verdict.state === 'conflicting') {
        errors.push(...verdict.problems);
        continue;
      }
      const r = verdict.record;
      const warn = (field: string | undefined, message: string) => warnings.push(field ? { file: r.file, field, message } : { file: r.file, message });
      if (!r.description) warn('description', 'there is no description: readers and search engines see only the title');
      if (r.date > now.getTime()) warn('date', `${new Date(r.date).toISOString().slice(0, 10)} is in the future; the item will sort above today's news`);
      if (r.missingImage) warn('featuredImage.href', `the image "${r.missingImage}" is not in ${path.posix.dirname(r.file) === '.' ? 'the content folder' : path.posix.dirname(r.file)}; the page will show no image`);
      if (firstCurator) warn('link.href', `${firstCurator} already curates this article (${r.url})`);
      if (options.knownTopics) {
        r.topics.forEach((t, i) => {
          if (!options.knownTopics!.has(t.name)) warn(`categories[${i}]`, `"${t.name}" is not a topic of the taxonomy; check the spelling, or add the topic there`);
        });
      }
    }
  });
  return { files: files.length, errors, warnings };
}
