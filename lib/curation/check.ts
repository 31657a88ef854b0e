import path from 'node:path';
import { judge } from '../catalog/judge';
import { MemoryView } from '../catalog/memory';
import { Catalog } from '../catalog/rules';
import { SectionLabels } from '../catalog/section-labels';
import { discoverRecords } from '../content/discover';
import { linkKey } from '../content/link';
import { BARE_COLLECTION } from '../content/schema';
import type { PreparedResult } from '../content/prepare';
import type { RecordProblem } from '../content/problems';
import { routes } from '../urls/pages';
import { prepareFileMap, prepareFiles, warmUpPreparation } from '../ingest/preparation';
import { pipelineDigest } from '../ingest/pipeline';
import type { CatalogView } from '../catalog/view';
import { withStoreView } from '../store/views';

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
  /**
   * Only these files (relative to the content directory), checked against the other
   * records as the store at `databasePath` holds them: a pre-commit hook's check of the
   * staged files reads those files only. Without a store, against every file.
   */
  files?: string[];
  databasePath?: string;
}

/**
 * Everything the ingest would refuse (the same stages and rules, lib/catalog/judge.ts),
 * plus what an editor should fix anyway: a topic outside the taxonomy or without a
 * collection, a missing description, the same article curated twice, a date in the
 * future, an image file that is not there, metadata left out, an offering without a
 * logo, a section called otherwise than most records call it. Reads content/, writes nothing.
 */
export async function checkContent(contentDir: string, options: CheckOptions = {}): Promise<CheckReport> {
  warmUpPreparation();
  if (options.files && options.databasePath) {
    const files = options.files.map((f) => f.split(path.sep).join('/'));
    // Read (off this thread, under the deadline) before the store is opened for the rehearsal.
    const prepared = await prepareFileMap(contentDir, files);
    const report = await withStoreView(options.databasePath, { pipeline: pipelineDigest(), rehearse: true }, (view) => checkAgainstStore(files, prepared, view, options));
    if (report) return report;
  }
  const { files, problems: unreadable } = discoverRecords(contentDir);
  const only = options.files ? new Set(options.files.map((f) => f.split(path.sep).join('/'))) : null;
  const errors: RecordProblem[] = [...unreadable];
  const warnings: RecordProblem[] = [];
  const view = new MemoryView();
  const catalog = new Catalog(view);
  const sectionLabels = new SectionLabels();
  const editorNotes = recordWarnings(options);

  await prepareFiles(contentDir, files, (results) => {
    for (const result of results) {
      // Who curated the article first, asked before this record is noted among the others.
      const firstCurator = result.ok && 'record' in result ? view.linkOwner(linkKey(result.record.url)) : undefined;
      const verdict = judge(result, catalog);
      if (verdict.state === 'rejected') errors.push(...verdict.file.problems);
      else if (verdict.state === 'conflicting') errors.push(...verdict.problems);
      else {
        if (verdict.state === 'published') sectionLabels.add(verdict.record.file, verdict.record.breadcrumbs);
        if (result.ok) warnings.push(...editorNotes(result, firstCurator));
      }
    }
  });
  warnings.push(...sectionLabels.warnings());
  if (!only) return { files: files.length, errors, warnings };
  const mine = (p: RecordProblem) => only.has(p.file);
  return { files: only.size, errors: errors.filter(mine), warnings: warnings.filter(mine) };
}

/**
 * The given files through the pipeline and the rules, against the store's view of the
 * other records (rehearsed: the rules register what a record names as they would on an
 * ingest, and the transaction is rolled back).
 */
function checkAgainstStore(files: string[], prepared: Map<string, PreparedResult>, view: CatalogView, options: CheckOptions): CheckReport {
  const catalog = new Catalog(view);
  const editorNotes = recordWarnings(options);
  const errors: RecordProblem[] = [];
  const warnings: RecordProblem[] = [];
  for (const file of files) {
    const result = prepared.get(file)!;
    const owner = result.ok && 'record' in result ? view.linkOwner(linkKey(result.record.url)) : undefined;
    const verdict = judge(result, catalog);
    if (verdict.state === 'rejected') errors.push(...verdict.file.problems);
    else if (verdict.state === 'conflicting') errors.push(...verdict.problems);
    else if (result.ok) warnings.push(...editorNotes(result, owner !== file ? owner : undefined));
  }
  return { files: files.length, errors, warnings };
}

/** What an editor should fix in a valid record, though it publishes: the warnings of `npm run check`. */
function recordWarnings(options: CheckOptions): (result: Exclude<PreparedResult, { ok: false }>, firstCurator: string | undefined) => RecordProblem[] {
  const now = options.now ?? new Date();
  return (result, firstCurator) => {
    if ('offering' in result) {
      const o = result.offering;
      const out = [...o.warnings];
      if (!o.logo && !o.warnings.some((w) => w.field === 'offeringLogo')) out.push({ file: o.file, field: 'offeringLogo', message: 'the offering has no logo: its profile and the offerings page show its name only' });
      return out;
    }
    const r = result.record;
    const out: RecordProblem[] = [...r.warnings];
    const warn = (field: string, message: string) => out.push({ file: r.file, field, message });
    if (!r.description) warn('description', 'there is no description: readers and search engines see only the title');
    if (r.date > now.getTime()) warn('date', `${new Date(r.date).toISOString().slice(0, 10)} is in the future; the item will sort above today's news`);
    if (firstCurator) warn('link.href', `${firstCurator} already curates this article (${r.url})`);
    r.topics.forEach((t, i) => {
      if (options.knownTopics && !options.knownTopics.has(t.name)) warn(`categories[${i}]`, `"${t.name}" is not a topic of the taxonomy; check the spelling, or add the topic there`);
      else if (t.collection === BARE_COLLECTION && !t.name.includes(':')) warn(`categories[${i}]`, `"${t.name}" names no collection (write "Collection: Label"); it is published as a topic of its own at "${routes.topic(t.slug)}"`);
    });
    return out;
  };
}
