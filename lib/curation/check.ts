import path from 'node:path';
import { judge, verdictDiagnostics } from '../catalog/judge';
import { MemoryView } from '../catalog/memory';
import { Catalog } from '../catalog/rules';
import { SectionLabels } from '../catalog/section-labels';
import { discoverRecords } from '../content/discover';
import type { NoteOptions } from '../catalog/notes';
import type { PreparedResult } from '../content/prepare';
import { isError, type Diagnostic } from '../content/problems';
import { loadTaxonomy } from '../taxonomy/format';
import { prepareFileMap, prepareFiles, warmUpPreparation } from '../ingest/preparation';
import { pipelineDigest } from '../ingest/pipeline';
import type { CatalogView } from '../catalog/view';
import { withStoreView } from '../store/views';

export interface CheckReport {
  files: number;
  /** Problems that stop a record from being published. */
  errors: Diagnostic[];
  /** Things an editor should look at; the record still publishes. */
  warnings: Diagnostic[];
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
  const notes: NoteOptions = { knownTopics: options.knownTopics, now: options.now };
  if (options.files && options.databasePath) {
    const files = options.files.map((f) => f.split(path.sep).join('/'));
    // Read (off this thread, under the deadline) before the store is opened.
    const prepared = await prepareFileMap(contentDir, files);
    const report = await withStoreView(options.databasePath, { pipeline: pipelineDigest() }, (view) => checkAgainstStore(files, prepared, view, notes));
    if (report) return report;
  }
  const { files, problems: unreadable } = discoverRecords(contentDir);
  const only = options.files ? new Set(options.files.map((f) => f.split(path.sep).join('/'))) : null;
  // The taxonomy as the ingest reads it: its problems are the ingest's, its topics come first.
  const taxonomy = loadTaxonomy(contentDir);
  const diagnostics: Diagnostic[] = [...unreadable, ...taxonomy.problems];
  const catalog = new Catalog(new MemoryView());
  catalog.addTaxonomy(taxonomy.topics);
  const sectionLabels = new SectionLabels();

  await prepareFiles(contentDir, files, (results) => {
    for (const result of results) {
      const verdict = judge(result, catalog, notes);
      if (verdict.state === 'published' || verdict.state === 'merged') sectionLabels.add(verdict.record.file, verdict.record.breadcrumbs);
      diagnostics.push(...verdictDiagnostics(verdict));
    }
  });
  diagnostics.push(...sectionLabels.warnings());
  const mine = only ? diagnostics.filter((p) => only.has(p.file)) : diagnostics;
  return { files: only ? only.size : files.length, errors: mine.filter(isError), warnings: mine.filter((d) => !isError(d)) };
}

/**
 * The given files through the pipeline and the rules, against the store's view of the
 * other records (read only: what the rules decide is kept in memory, nothing written).
 */
function checkAgainstStore(files: string[], prepared: Map<string, PreparedResult>, view: CatalogView, notes: NoteOptions): CheckReport {
  const catalog = new Catalog(view);
  const diagnostics = files.flatMap((file) => verdictDiagnostics(judge(prepared.get(file)!, catalog, notes)));
  return { files: files.length, errors: diagnostics.filter(isError), warnings: diagnostics.filter((d) => !isError(d)) };
}
