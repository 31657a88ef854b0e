import path from 'node:path';
import type { RecordProblem } from '../content/problems';
import { linkKey } from '../content/link';
import { Catalog } from '../ingest/catalog';
import { discoverRecords } from '../ingest/discover';
import { loadRecords } from '../ingest/load';

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
 * Everything the ingest would refuse, plus what an editor should fix anyway: a topic
 * outside the taxonomy, a missing description, the same article curated twice, a
 * date in the future, an image file that is not there. Reads content/, writes nothing.
 */
export async function checkContent(contentDir: string, options: CheckOptions = {}): Promise<CheckReport> {
  const files = discoverRecords(contentDir);
  const errors: RecordProblem[] = [];
  const warnings: RecordProblem[] = [];
  const catalog = new Catalog();
  const links = new Map<string, string>();
  const now = options.now ?? new Date();

  await loadRecords(contentDir, files, (results) => {
    for (const result of results) {
      if (!result.ok) {
        errors.push(...result.problems);
        continue;
      }
      const r = result.record;
      const conflicts = catalog.check(r);
      if (conflicts.length) {
        errors.push(...conflicts);
        continue;
      }
      catalog.add(r);

      const warn = (field: string | undefined, message: string) => warnings.push(field ? { file: r.file, field, message } : { file: r.file, message });
      if (!r.description) warn('description', 'there is no description: readers and search engines see only the title');
      if (r.date > now.getTime()) warn('date', `${new Date(r.date).toISOString().slice(0, 10)} is in the future; the item will sort above today's news`);
      if (r.missingImage) warn('featuredImage.href', `the image "${r.missingImage}" is not in ${path.posix.dirname(r.file) === '.' ? 'the content folder' : path.posix.dirname(r.file)}; the page will show no image`);
      const key = linkKey(r.url);
      const first = links.get(key);
      if (first) warn('link.href', `${first} already curates this article (${r.url})`);
      else links.set(key, r.file);
      if (options.knownTopics) {
        r.topics.forEach((t, i) => {
          if (!options.knownTopics!.has(t.name)) warn(`categories[${i}]`, `"${t.name}" is not a topic of the taxonomy; check the spelling, or add the topic there`);
        });
      }
    }
  });
  return { files: files.length, errors, warnings };
}
