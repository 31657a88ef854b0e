import type { PreparedOffering, PreparedRecord, PreparedResult, RejectedFile } from '../content/prepare';
import { diagnostic, type Diagnostic } from '../content/problems';
import { offeringNotes, recordNotes, type NoteOptions } from './notes';
import type { AdmittedNews, AdmittedOffering, Catalog } from './rules';

/** A valid record of either kind: a curated link, or an offering record (a profile). */
export type Prepared = { kind: 'news'; record: PreparedRecord } | { kind: 'offering'; offering: PreparedOffering };

/** What becomes of a record among the others. */
export type Verdict =
  | { state: 'rejected'; file: RejectedFile }
  | { state: 'conflicting'; item: Prepared; problems: Diagnostic[] }
  | { state: 'draft'; item: Prepared; notes: Diagnostic[] }
  | { state: 'published'; record: PreparedRecord; admitted: AdmittedNews; notes: Diagnostic[] }
  /** The same article as an item published before it under the same slug: one item, with what both name (`into`: that item's file and date). */
  | { state: 'merged'; record: PreparedRecord; into: { file: string; date: number }; admitted: AdmittedNews; notes: Diagnostic[] }
  | { state: 'profiled'; offering: PreparedOffering; admitted: AdmittedOffering; notes: Diagnostic[] };

/** The valid record of a read file, whichever its kind (null: not valid). */
export function preparedOf(result: PreparedResult): Prepared | null {
  if (!result.ok) return null;
  return 'record' in result ? { kind: 'news', record: result.record } : { kind: 'offering', offering: result.offering };
}

/**
 * One record's fate, the same on every path to the store (and in `npm run check`):
 * refused by its own checks, in conflict with the records before it, a draft (checked,
 * not published), published with its ids, or an offering's profile; a valid record's
 * verdict carries what an editor should fix though it publishes (lib/catalog/notes.ts).
 */
export function judge(result: PreparedResult, catalog: Catalog, noteOptions: NoteOptions = {}): Verdict {
  const item = preparedOf(result);
  if (!item) return { state: 'rejected', file: result as RejectedFile };
  if (item.kind === 'offering') {
    const o = item.offering;
    const problems = catalog.offeringConflicts(o);
    if (problems.length) return { state: 'conflicting', item, problems };
    const notes = offeringNotes(o);
    if (o.status === 'draft') return { state: 'draft', item, notes };
    return { state: 'profiled', offering: o, admitted: catalog.admitOffering(o), notes };
  }
  const record = item.record;
  // Who curated the article first, asked before this record is noted among the others.
  const firstCurator = catalog.known.linkOwner(record.linkKey);
  catalog.note(record);
  const same = record.status === 'draft' ? undefined : catalog.sameArticle(record);
  const problems = catalog.conflicts(record, same?.file);
  if (problems.length) return { state: 'conflicting', item, problems };
  const notes = recordNotes(record, firstCurator, noteOptions);
  if (record.status === 'draft') return { state: 'draft', item, notes };
  if (same) {
    const why = record.ownArticle ? `the same title, "${record.title.trim()}"` : `the same link, ${record.url}`;
    const note = diagnostic('same-article', record.file, `${same.file} has the same slug ("${record.slug}") and ${why}: the site shows the article once, with the topics, tags and trail of both records`, { field: 'slug' });
    return { state: 'merged', record, into: { file: same.file, date: same.item.date }, admitted: catalog.admit(record, same), notes: [...notes.filter((n) => n.code !== 'curated-twice'), note] };
  }
  return { state: 'published', record, admitted: catalog.admit(record), notes };
}

/** The diagnostics of a verdict: the errors that keep the record off the site, or the notes of a valid one. */
export function verdictDiagnostics(verdict: Verdict): Diagnostic[] {
  switch (verdict.state) {
    case 'rejected':
      return verdict.file.problems;
    case 'conflicting':
      return verdict.problems;
    default:
      return verdict.notes;
  }
}
