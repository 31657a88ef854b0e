import type { PreparedResult, PreparedRecord, RejectedFile } from '../content/prepare';
import type { RecordProblem } from '../content/problems';
import type { AdmittedNews, Catalog } from './rules';

/** What becomes of a record among the others. */
export type Verdict =
  | { state: 'rejected'; file: RejectedFile }
  | { state: 'conflicting'; record: PreparedRecord; problems: RecordProblem[] }
  | { state: 'draft'; record: PreparedRecord }
  | { state: 'published'; record: PreparedRecord; admitted: AdmittedNews };

/**
 * One record's fate, the same on every path to the store (and in `npm run check`):
 * refused by its own checks, in conflict with the records before it, a draft (checked,
 * not published), or published with its ids.
 */
export function judge(result: PreparedResult, catalog: Catalog): Verdict {
  if (!result.ok) return { state: 'rejected', file: result };
  const record = result.record;
  catalog.view.noted(record);
  const problems = catalog.conflicts(record);
  if (problems.length) return { state: 'conflicting', record, problems };
  if (record.status === 'draft') return { state: 'draft', record };
  return { state: 'published', record, admitted: catalog.admit(record) };
}
