import fs from 'node:fs';
import path from 'node:path';
import { MemoryView } from '../catalog/memory';
import { relatedNews, type RelatedInput } from '../catalog/related';
import { judge } from '../catalog/judge';
import { Catalog } from '../catalog/rules';
import { SectionLabels } from '../catalog/section-labels';
import { discoverRecords } from '../content/discover';
import { readContentFile } from '../content/files';
import type { RecordProblem } from '../content/problems';
import { StoreBuilder } from '../store/build';
import { rejectedSourceFile, sourceFileOf, taxonomySourceFile } from '../store/rows';
import { loadTaxonomy, TAXONOMY_FILE } from '../taxonomy/format';
import { pipelineDigest } from './pipeline';
import { prepareFiles, type PreparationOptions } from './preparation';

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
  problems: RecordProblem[];
  /** What editors should know of published records (a missing image, metadata left out). */
  warnings: RecordProblem[];
  seconds: number;
  /** Where the time went: reading and checking records (with their rows written), then publishing. */
  phases: { records: number; related: number; publish: number };
}

/**
 * The full ingest: discover → read each record (parse, normalize, validate, render) →
 * the rules across records → write a new store → swap it in. Nothing is published when
 * any record is invalid, unless `skipInvalid` is set. (`syncStore`, lib/ingest/sync.ts,
 * decides when this runs rather than an incremental update.)
 */
export async function ingestAll(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  if (!fs.existsSync(options.contentDir) || !fs.statSync(options.contentDir).isDirectory()) {
    throw new Error(`the content directory ${options.contentDir} does not exist`);
  }
  const { files, problems: unreadable } = discoverRecords(options.contentDir);
  const problems: RecordProblem[] = [...unreadable];
  const view = new MemoryView();
  const catalog = new Catalog(view);
  const related: RelatedInput[] = [];
  const builder = new StoreBuilder(options.databasePath, pipelineDigest());
  let rejected = unreadable.length;
  let drafts = 0;
  let profiles = 0;
  const kinds: Record<string, number> = {};
  const sectionLabels = new SectionLabels();
  const warnings: RecordProblem[] = [];
  let done = 0;

  try {
    // The taxonomy file first: its topics exist before any record names them.
    const taxonomy = loadTaxonomy(options.contentDir);
    if (taxonomy.file) builder.addSourceFile(taxonomySourceFile(TAXONOMY_FILE, taxonomy.file));
    problems.push(...taxonomy.problems);
    rejected += taxonomy.rejected;
    catalog.addTaxonomy(taxonomy.topics);

    await prepareFiles(
      options.contentDir,
      files,
      (results) => {
        for (const result of results) {
          const verdict = judge(result, catalog);
          switch (verdict.state) {
            case 'rejected':
              builder.addSourceFile(rejectedSourceFile(verdict.file));
              problems.push(...verdict.file.problems);
              rejected++;
              break;
            case 'conflicting':
              builder.addSourceFile(sourceFileOf(verdict.item, 'rejected', null, verdict.problems));
              problems.push(...verdict.problems);
              rejected++;
              break;
            case 'draft':
              builder.addSourceFile(sourceFileOf(verdict.item, 'draft', null));
              drafts++;
              break;
            case 'published':
              builder.addNews(verdict.record, verdict.admitted);
              builder.addSourceFile(sourceFileOf({ kind: 'news', record: verdict.record }, 'published', verdict.admitted.id));
              related.push({ id: verdict.admitted.id, date: verdict.record.date, topicIds: verdict.admitted.topicIds });
              kinds[verdict.record.kind] = (kinds[verdict.record.kind] ?? 0) + 1;
              sectionLabels.add(verdict.record.file, verdict.record.breadcrumbs);
              break;
            case 'profiled':
              builder.addSourceFile(sourceFileOf({ kind: 'offering', offering: verdict.offering }, 'published', verdict.admitted.offeringId));
              profiles++;
          }
          if ('notes' in verdict) warnings.push(...verdict.notes);
        }
        done += results.length;
        options.onProgress?.(done, files.length);
      },
      options,
    );

    const recordsDone = performance.now();
    const publish = rejected === 0 || options.skipInvalid === true;
    const entities = view.tables();
    let relatedDone = recordsDone;
    if (publish) {
      const lists = relatedNews(related);
      relatedDone = performance.now();
      builder.publish({ entities, profiles: view.profileList(), related: lists });
    } else {
      builder.abandon();
    }
    return {
      published: publish,
      records: view.newsCount,
      kinds,
      profiles,
      drafts,
      topics: entities.topic.length,
      offerings: entities.offering.length,
      sources: entities.source.length,
      rejected,
      problems,
      warnings: [...warnings, ...sectionLabels.warnings()],
      seconds: (performance.now() - started) / 1000,
      phases: {
        records: (recordsDone - started) / 1000,
        related: (relatedDone - recordsDone) / 1000,
        publish: (performance.now() - relatedDone) / 1000,
      },
    };
  } catch (err) {
    builder.abandon();
    throw err;
  }
}

/** The taxonomy of a large collection is a few MiB (Medigy's 2,401 topics: ~2 MiB). */

