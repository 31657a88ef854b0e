import { isLeftOut } from '../content/prepare';
import fs from 'node:fs';
import { MemoryView } from '../catalog/memory';
import { judge, type Verdict } from '../catalog/judge';
import { Catalog } from '../catalog/rules';
import { SectionLabels } from '../catalog/section-labels';
import { discoverRecords } from '../content/discover';
import type { Diagnostic } from '../content/problems';
import { NewFileWriter } from '../store/build';
import { applyTaxonomy, applyVerdict } from '../store/writer';
import { loadTaxonomy, TAXONOMY_FILE } from '../taxonomy/format';
import { pipelineDigest } from './pipeline';
import { chooseRelatedNews, prepareFiles, type PreparationOptions } from './preparation';

export interface IngestOptions extends PreparationOptions {
  contentDir: string;
  databasePath: string;
  /** Publish the valid records even when some are rejected (they are still reported). */
  skipInvalid?: boolean;
  /** Called as records are processed: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export interface IngestSummary {
  /** Whether a new store was published. */
  published: boolean;
  records: number;
  /** Published items by kind (article, feed, video, offering). */
  kinds: Record<string, number>;
  /** Offering records published as profiles. */
  profiles: number;
  /** Valid records with `status: draft`: checked, not published. */
  drafts: number;
  topics: number;
  offerings: number;
  sources: number;
  rejected: number;
  /** Records not published without fault (lib/content/prepare.ts isLeftOut): among the warnings, by code. */
  leftOut: number;
  problems: Diagnostic[];
  /** What editors should know of published records (a missing image, metadata left out). */
  warnings: Diagnostic[];
  seconds: number;
  /** Where the time went: reading and checking records (with their rows written), then publishing. */
  phases: { records: number; related: number; publish: number };
}

/**
 * The full ingest: list the records → read each (parse, normalize, validate, render: on
 * the preparation service's workers) → judge it among the others (lib/catalog) → apply
 * the verdict to a new store (lib/store/writer.ts) → swap it in. Nothing is published
 * when any record is invalid, unless `skipInvalid` is set. (`updateStore`,
 * lib/ingest/update-store.ts, decides when this runs rather than an incremental update.)
 */
export async function ingestAll(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  if (!fs.existsSync(options.contentDir) || !fs.statSync(options.contentDir).isDirectory()) {
    throw new Error(`the content directory ${options.contentDir} does not exist`);
  }
  const { files, problems: unreadable } = discoverRecords(options.contentDir);
  const view = new MemoryView();
  const catalog = new Catalog(view);
  const writer = new NewFileWriter(options.databasePath, pipelineDigest());
  const report = new Report(unreadable);
  let done = 0;

  try {
    // The taxonomy file first: its topics exist before any record names them.
    const taxonomy = loadTaxonomy(options.contentDir);
    report.taxonomy(taxonomy.problems, taxonomy.rejected);
    applyTaxonomy(taxonomy.file && { path: TAXONOMY_FILE, ...taxonomy.file }, taxonomy.topics, catalog, writer);

    await prepareFiles(
      options.contentDir,
      files,
      (results) => {
        for (const result of results) {
          const verdict = judge(result, catalog);
          applyVerdict(verdict, writer);
          report.add(verdict);
        }
        done += results.length;
        options.onProgress?.(done, files.length);
      },
      options,
    );

    const recordsDone = performance.now();
    const publish = report.rejected === 0 || options.skipInvalid === true;
    let relatedSeconds = 0;
    if (publish) ({ relatedSeconds } = await writer.publish(chooseRelatedNews));
    else writer.abandon();
    const entities = view.tables();
    return {
      published: publish,
      records: view.newsCount,
      kinds: report.kinds,
      profiles: report.profiles,
      drafts: report.drafts,
      topics: entities.topic.length,
      offerings: entities.offering.length,
      sources: entities.source.length,
      rejected: report.rejected,
      leftOut: report.leftOut,
      problems: report.problems,
      warnings: [...report.warnings, ...report.sectionLabels.warnings()],
      seconds: (performance.now() - started) / 1000,
      phases: {
        records: (recordsDone - started) / 1000,
        related: relatedSeconds,
        publish: (performance.now() - recordsDone) / 1000 - relatedSeconds,
      },
    };
  } catch (err) {
    writer.abandon();
    throw err;
  }
}

/** What the ingest says of the records: counts by fate and kind, problems, warnings. */
class Report {
  readonly problems: Diagnostic[];
  readonly warnings: Diagnostic[] = [];
  readonly kinds: Record<string, number> = {};
  readonly sectionLabels = new SectionLabels();
  rejected: number;
  leftOut = 0;
  drafts = 0;
  profiles = 0;

  constructor(unreadable: Diagnostic[]) {
    this.problems = [...unreadable];
    this.rejected = unreadable.length;
  }

  /** The taxonomy's problems: each line refused (or the file, unreadable) counts as one rejected record. */
  taxonomy(problems: Diagnostic[], rejected: number): void {
    this.problems.push(...problems);
    this.rejected += rejected;
  }

  add(verdict: Verdict): void {
    switch (verdict.state) {
      case 'rejected':
        if (isLeftOut(verdict.file)) {
          // Not published, without fault (a kind the site does not publish): named, never failing the ingest.
          this.warnings.push(...verdict.file.problems);
          this.leftOut++;
          break;
        }
        this.problems.push(...verdict.file.problems);
        this.rejected++;
        break;
      case 'conflicting':
        this.problems.push(...verdict.problems);
        this.rejected++;
        break;
      case 'draft':
        this.drafts++;
        break;
      case 'published':
        this.kinds[verdict.record.kind] = (this.kinds[verdict.record.kind] ?? 0) + 1;
        this.sectionLabels.add(verdict.record.file, verdict.record.breadcrumbs);
        break;
      case 'merged':
        // One item with the one it joins: not counted again; its trail names its sections too.
        this.sectionLabels.add(verdict.record.file, verdict.record.breadcrumbs);
        break;
      case 'profiled':
        this.profiles++;
    }
    if ('notes' in verdict) this.warnings.push(...verdict.notes);
  }
}

