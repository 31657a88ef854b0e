import crypto from 'node:crypto';
import fs from 'node:fs';
import type { RecordProblem } from '../content/problems';
import { StoreBuilder, type SourceFileRow } from '../store/write';
import { linkKey } from '../content/link';
import { parseTaxonomy, TAXONOMY_FILE } from '../taxonomy/format';
import path from 'node:path';
import { Catalog, searchText } from './catalog';
import { discoverRecords } from './discover';
import { loadRecords, type LoadOptions } from './load';
import type { PreparedRecord, PreparedResult } from './prepare';
import { relatedNews } from './related';

export interface IngestOptions extends LoadOptions {
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
  /** Valid records with `status: draft`: checked, not published. */
  drafts: number;
  topics: number;
  offerings: number;
  sources: number;
  rejected: number;
  problems: RecordProblem[];
  seconds: number;
  /** Where the time went: reading and checking records (with their rows written), then publishing. */
  phases: { records: number; related: number; publish: number };
}

/**
 * The whole ingest: discover → prepare each record (parse, normalize, validate,
 * render) → check across records → write a new store → swap it in. Nothing is
 * published when any record is invalid, unless `skipInvalid` is set.
 */
export async function ingest(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  if (!fs.existsSync(options.contentDir) || !fs.statSync(options.contentDir).isDirectory()) {
    throw new Error(`the content directory ${options.contentDir} does not exist`);
  }
  const files = discoverRecords(options.contentDir);
  const problems: RecordProblem[] = [];
  const catalog = new Catalog();
  const builder = new StoreBuilder(options.databasePath);
  let rejected = 0;
  let drafts = 0;
  let done = 0;

  try {
    // The taxonomy file first: its topics exist before any record names them.
    const taxonomyPath = path.join(options.contentDir, TAXONOMY_FILE);
    if (fs.existsSync(taxonomyPath)) {
      const bytes = fs.readFileSync(taxonomyPath);
      const text = bytes.toString('utf8');
      builder.addSourceFile(taxonomySourceFile(taxonomyPath, bytes));
      const taxonomy = parseTaxonomy(text);
      problems.push(...taxonomy.problems);
      rejected += new Set(taxonomy.problems.map((p) => p.line)).size;
      catalog.addTaxonomy(taxonomy.topics.filter((t) => !taxonomy.problems.some((p) => p.line === t.line)));
    }

    await loadRecords(
      options.contentDir,
      files,
      (results) => {
        for (const result of results) {
          if (!result.ok) {
            builder.addSourceFile(rejectedSourceFile(result));
            problems.push(...result.problems);
            rejected++;
            continue;
          }
          const record = result.record;
          const conflicts = catalog.check(record);
          if (conflicts.length) {
            builder.addSourceFile(recordSourceFile(record, 'rejected', null));
            problems.push(...conflicts);
            rejected++;
            continue;
          }
          if (record.status === 'draft') {
            builder.addSourceFile(recordSourceFile(record, 'draft', null));
            drafts++;
            continue;
          }
          const { row, links } = catalog.add(record);
          builder.addNews(row, links, searchText(record));
          builder.addSourceFile(recordSourceFile(record, 'published', row.id));
        }
        done += results.length;
        options.onProgress?.(done, files.length);
      },
      options,
    );

    const recordsDone = performance.now();
    const publish = rejected === 0 || options.skipInvalid === true;
    const tables = catalog.tables();
    let relatedDone = recordsDone;
    if (publish) {
      const related = relatedNews(catalog.relatedInputs);
      relatedDone = performance.now();
      builder.publish({
        ...tables,
        related,
        recordCount: catalog.newsCount,
      });
    } else {
      builder.abandon();
    }
    return {
      published: publish,
      records: catalog.newsCount,
      drafts,
      topics: tables.topics.length,
      offerings: tables.offerings.length,
      sources: tables.sources.length,
      rejected,
      problems,
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

/** What the store remembers of a record file (see model SourceFile). */
export function recordSourceFile(r: PreparedRecord, state: SourceFileRow['state'], newsId: number | null): SourceFileRow {
  return { path: r.file, digest: r.digest, size: r.size, mtimeMs: r.mtimeMs, state, newsId, slug: r.slug, title: r.title, linkKey: linkKey(r.url), recordId: r.recordId };
}

export function rejectedSourceFile(r: Extract<PreparedResult, { ok: false }>): SourceFileRow {
  return { path: r.file, digest: r.digest, size: r.size, mtimeMs: r.mtimeMs, state: 'rejected', newsId: null, slug: null, title: null, linkKey: null, recordId: null };
}

export function taxonomySourceFile(file: string, bytes: Buffer): SourceFileRow {
  const st = fs.statSync(file);
  const digest = crypto.createHash('sha1').update(bytes).digest('hex');
  return { path: TAXONOMY_FILE, digest, size: st.size, mtimeMs: st.mtimeMs, state: 'taxonomy', newsId: null, slug: null, title: null, linkKey: null, recordId: null };
}
