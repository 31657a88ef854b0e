import type { Verdict } from '../catalog/judge';
import type { AdmittedNews, AdmittedOffering, Catalog } from '../catalog/rules';
import type { Named } from '../catalog/view';
import type { PreparedOffering, PreparedRecord } from '../content/prepare';
import type { TaxonomyTopic } from '../taxonomy/format';
import { rejectedSourceFile, sourceFileOf, taxonomySourceFile, type SourceFileRow } from './rows';

/**
 * The one way records reach the store: what the rules across records decided (a verdict,
 * lib/catalog/judge.ts) becomes rows through a writer. Two writers take them: a new store
 * file, built whole and swapped in (build.ts: the full ingest), and the served store
 * changed in place inside one transaction (update.ts: the incremental ingest, the
 * editor's saves). The same verdict makes the same rows through either
 * (tests/integration/tree-is-the-truth.test.ts holds an updated store equal to one built anew).
 */
export interface StoreWriter {
  /** Named things a record made or changed (a new topic, Medigy's id for an offering). */
  putEntities(named: readonly Named[]): void;
  /** A published item's rows: the item, its links to what it names, its old addresses, its search entry. */
  putNews(record: PreparedRecord, admitted: AdmittedNews): void;
  /** What a record of the same article names, added to the item it joins (`itemDate`: that item's date). */
  addToNews(record: PreparedRecord, admitted: AdmittedNews, itemDate: number): void;
  /** An offering record's profile on its offering, with its topics and old addresses. */
  putProfile(offering: PreparedOffering, admitted: AdmittedOffering): void;
  /** What the store remembers of a content file (and, when given, its claims among the others). */
  setSourceFile(row: SourceFileRow): void;
  /** What a file published (its item, or its offering's profile) taken out; its SourceFile row stays until set again. */
  removeContent(file: Pick<SourceFileRow, 'newsId' | 'offeringId'>): void;
  /** A file gone: what it published, and its SourceFile row with its claims. */
  removeFile(file: SourceFileRow): void;
}

/**
 * A verdict's rows, through `writer`: every record's file is remembered (published, a
 * draft, rejected with its problems); a published item or profile is written with the
 * named things it made. Returns the file's SourceFile row as written.
 */
export function applyVerdict(verdict: Verdict, writer: StoreWriter): SourceFileRow {
  let row: SourceFileRow;
  switch (verdict.state) {
    case 'rejected':
      row = rejectedSourceFile(verdict.file);
      break;
    case 'conflicting':
      row = sourceFileOf(verdict.item, 'rejected', null, verdict.problems);
      break;
    case 'draft':
      row = sourceFileOf(verdict.item, 'draft', null);
      break;
    case 'published':
      writer.putEntities(verdict.admitted.named);
      writer.putNews(verdict.record, verdict.admitted);
      row = sourceFileOf({ kind: 'news', record: verdict.record }, 'published', verdict.admitted.id);
      break;
    case 'merged':
      writer.putEntities(verdict.admitted.named);
      writer.addToNews(verdict.record, verdict.admitted, verdict.into.date);
      row = sourceFileOf({ kind: 'news', record: verdict.record }, 'published', verdict.admitted.id);
      break;
    case 'profiled':
      writer.putEntities(verdict.admitted.named);
      writer.putProfile(verdict.offering, verdict.admitted);
      row = sourceFileOf({ kind: 'offering', offering: verdict.offering }, 'published', verdict.admitted.offeringId);
      break;
  }
  writer.setSourceFile(row);
  return row;
}

/**
 * The taxonomy file's topics, registered with the rules before any record and written
 * with their descriptions, parents and equivalents; the file remembered when it was read
 * (null: absent or unreadable).
 */
export function applyTaxonomy(file: { path: string; digest: string; size: number; mtimeMs: number } | null, topics: TaxonomyTopic[], catalog: Catalog, writer: StoreWriter): void {
  if (file) writer.setSourceFile(taxonomySourceFile(file.path, file));
  writer.putEntities(catalog.addTaxonomy(topics));
}
