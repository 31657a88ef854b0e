import type { PreparedOffering, PreparedRecord, PreparedResult, RejectedFile } from '../content/prepare';
import type { RecordProblem } from '../content/problems';
import type { AdmittedNews, AdmittedOffering, Catalog } from './rules';

/** A valid record of either kind: a curated link, or an offering record (a profile). */
export type Prepared = { kind: 'news'; record: PreparedRecord } | { kind: 'offering'; offering: PreparedOffering };

/** What becomes of a record among the others. */
export type Verdict =
  | { state: 'rejected'; file: RejectedFile }
  | { state: 'conflicting'; item: Prepared; problems: RecordProblem[] }
  | { state: 'draft'; item: Prepared }
  | { state: 'published'; record: PreparedRecord; admitted: AdmittedNews }
  | { state: 'profiled'; offering: PreparedOffering; admitted: AdmittedOffering };

/** The valid record of a read file, whichever its kind (null: not valid). */
export function preparedOf(result: PreparedResult): Prepared | null {
  if (!result.ok) return null;
  return 'record' in result ? { kind: 'news', record: result.record } : { kind: 'offering', offering: result.offering };
}

/**
 * One record's fate, the same on every path to the store (and in `npm run check`):
 * refused by its own checks, in conflict with the records before it, a draft (checked,
 * not published), published with its ids, or an offering's profile.
 */
export function judge(result: PreparedResult, catalog: Catalog): Verdict {
  const item = preparedOf(result);
  if (!item) return { state: 'rejected', file: result as RejectedFile };
  if (item.kind === 'offering') {
    const o = item.offering;
    const problems = catalog.offeringConflicts(o);
    if (problems.length) return { state: 'conflicting', item, problems };
    if (o.status === 'draft') return { state: 'draft', item };
    return { state: 'profiled', offering: o, admitted: catalog.admitOffering(o) };
  }
  const record = item.record;
  catalog.note(record);
  const problems = catalog.conflicts(record);
  if (problems.length) return { state: 'conflicting', item, problems };
  if (record.status === 'draft') return { state: 'draft', item };
  return { state: 'published', record, admitted: catalog.admit(record) };
}
