import { diagnostic, type DiagnosticCode } from '../content/problems';
import fs from 'node:fs';
import path from 'node:path';
import { judge } from '../catalog/judge';
import { MemoryView } from '../catalog/memory';
import { Catalog } from '../catalog/rules';
import { discoverRecords } from '../content/discover';
import { cleanLink, linkKey } from '../content/link';
import { isWebUrl } from '../content/schema';
import { checkRecordText, prepareFiles } from '../ingest/preparation';
import { updateStore } from '../ingest/update-store';
import { pipelineDigest } from '../ingest/pipeline';
import { withStoreView } from '../store/views';
import { DEFAULT_FETCH_LIMITS, FetchProblem, fetchPageMetadata, type FetchLimits } from './page-metadata';
import { writeNewFile } from './record-files';
import { draftRecord, type DraftResult, type OtherRecords, type RecordFields } from './record-text';

export interface CurateInput extends Omit<RecordFields, 'status' | 'ogImage'> {
  /** Read the page's metadata to fill in a missing title or description. */
  fetch?: boolean;
}

export type CurateResult = DraftResult;

export interface CurateOptions {
  now?: Date;
  fetchLimits?: FetchLimits;
  /** What the other records say; read from every file in the content directory when not given. */
  others?: OtherRecords;
}

/**
 * Writes a new record for a curated link into the content directory, in Medigy's
 * format (lib/editorial/record-text.ts), after checking it with the ingest's own
 * schema. Refuses a link that is already curated (compared without scheme, www.,
 * trailing slash, fragment or tracking parameters), naming the record that has it.
 * Never overwrites a file.
 */
export async function curate(contentDir: string, input: CurateInput, options: CurateOptions = {}): Promise<CurateResult> {
  const now = options.now ?? new Date();
  const fail = (field: string, message: string, code: DiagnosticCode = 'invalid-field'): CurateResult => ({ ok: false, problems: [diagnostic(code, '(new record)', message, { field })] });
  if (!isWebUrl(input.url.trim())) return fail('url', `"${input.url.trim()}" is not a web address starting with https://`);
  const url = cleanLink(input.url);

  const others = options.others ?? (await recordsInFiles(contentDir));
  const taken = others.linkOwner(linkKey(url));
  if (taken) return fail('url', `this article is already curated in ${taken}`, 'already-curated');

  let { title, description } = input;
  let ogImage: string | undefined;
  if (input.fetch) {
    try {
      const meta = await fetchPageMetadata(url, options.fetchLimits ?? DEFAULT_FETCH_LIMITS);
      title ??= meta.title;
      description ??= meta.description;
      ogImage = meta.image;
    } catch (err) {
      if (!(err instanceof FetchProblem)) throw err;
      if (!title) return fail('url', `${err.message}; give the title with --title`);
    }
  }
  if (!title?.trim()) return fail('title', 'the record needs a title: give --title, or --fetch to read it from the page', 'missing-field');

  const draft = draftRecord({ ...input, url, title, description, ogImage }, others, now, (name) => fs.existsSync(path.join(contentDir, name)));
  if (!draft.ok) return draft;
  // The whole record as the ingest will read it, body rendered, before anything is written.
  const whole = await checkRecordText(draft.file, draft.text);
  if (!whole.ok) return { ok: false, problems: whole.problems.map((p) => ({ ...p, file: '(new record)' })) };
  writeNewFile(path.join(contentDir, draft.file), draft.text);
  return draft;
}

/**
 * `curate` with the other records as the store holds them, brought up to date with the
 * files first (an incremental ingest; a look when nothing changed), so it answers for
 * every valid record without reading each file. Without a store, or when files hold
 * invalid records, every file is read instead.
 */
export async function curateAgainstStore(contentDir: string, input: CurateInput, store: { databasePath: string; mediaDir: string }, options: Omit<CurateOptions, 'others'> = {}): Promise<CurateResult> {
  if (fs.existsSync(store.databasePath)) {
    const synced = await updateStore({ contentDir, ...store });
    if (synced.published && !synced.problems.length && !synced.stillRejected.length) {
      const result = await withStoreView(store.databasePath, { pipeline: pipelineDigest() }, (others) => curate(contentDir, input, { ...options, others }));
      if (result) return result;
    }
  }
  return curate(contentDir, input, options);
}

/**
 * What the other records say, for drafting records: the served store's view when it is
 * of this code, else every file read (no store yet, or one made by other code).
 */
export async function withOtherRecords<T>(contentDir: string, databasePath: string, use: (others: OtherRecords) => T | Promise<T>): Promise<T> {
  const viaStore = await withStoreView(databasePath, { pipeline: pipelineDigest() }, use);
  return viaStore !== null ? viaStore : use(await recordsInFiles(contentDir));
}

/** The other records, read from every file through the ingest's own stages and rules. */
export async function recordsInFiles(contentDir: string): Promise<MemoryView> {
  const view = new MemoryView();
  const catalog = new Catalog(view);
  await prepareFiles(contentDir, discoverRecords(contentDir).files, (results) => {
    for (const result of results) judge(result, catalog);
  });
  return view;
}
