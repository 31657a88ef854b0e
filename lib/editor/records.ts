import fs from 'node:fs';
import path from 'node:path';
import { config } from '../config/env';
import { digestOf, readContentFile } from '../content/files';
import { checkRecordPath } from '../content/paths';
import { diagnostic, type Diagnostic } from '../content/problems';
import { readContentRecord, type ContentResult } from '../content/record';
import { commitContent, commitMessage, editorAuthor } from '../curation/git';
import { replaceFile, writeNewFile } from '../curation/record-files';
import { draftRecord, recordFields, reviseRecord, type OtherRecords, type RecordFields } from '../curation/record-text';
import { checkRecordText, renderPreview } from '../ingest/preparation';
import { updateStore } from '../ingest/update-store';
import { storedRecordsView } from '../store/queries/editor';

/**
 * What the web editor does with records: read one into the form, check and save one,
 * and make the change live through the ingest (updateStore). The Markdown file in
 * content/ stays the source of truth; the store is read here (lib/store/queries/editor.ts)
 * and written by lib/ingest.
 */

/** Nothing is known of other records before the first ingest. */
const NO_RECORDS: OtherRecords = { linkOwner: () => undefined, slugInUse: () => false, offeringEntry: () => undefined, maxRecordId: () => 0 };

export interface OpenedRecord {
  path: string;
  /** sha1 of the file when it was read: a save is refused if the file changed since. */
  version: string;
  fields: RecordFields & { slug: string };
}

/**
 * A record file's text, read as the ingest reads it (never through a symbolic link,
 * lib/content/files.ts); null when it is not a record's path or cannot be read.
 */
function recordText(file: string): { path: string; text: string } | null {
  const { contentDir } = config();
  const checked = checkRecordPath(contentDir, file);
  if (!checked.ok) return null;
  const read = readContentFile(contentDir, checked.path, MAX_FORM_BYTES);
  return read.ok ? { path: checked.path, text: read.bytes.toString('utf8') } : null;
}

/** Records the form opens: far above a curated link's few KiB, far below what would stall the page. */
const MAX_FORM_BYTES = 2 * 1024 * 1024;

// The form shows the fields and the body as written: nothing is rendered here, on the
// server's thread (a hostile body can take minutes to render); the preview renders it.
export function openRecord(file: string): OpenedRecord | null {
  const found = recordText(file);
  if (!found) return null;
  const fields = recordFields(found.path, found.text);
  if (!fields) return null;
  return { path: found.path, version: digestOf(found.text), fields };
}

/** An offering record (a product's profile), as the editor shows it: read only, edited in its file. */
export function openOfferingRecord(file: string): { path: string; offering: Extract<ContentResult, { offering: unknown }>['offering'] } | null {
  const found = recordText(file);
  if (!found) return null;
  const result = readContentRecord(found.path, found.text, { body: 'skip' });
  return result.ok && 'offering' in result ? { path: found.path, offering: result.offering } : null;
}

/**
 * The body as the item page will show it: rendered and sanitized by the ingest's own
 * stage, on the preparation service's worker under its deadline (never on the thread that
 * serves pages). Anything that stops it is a problem for the editor, never an error.
 */
export async function previewBody(markdown: string): Promise<{ ok: true; html: string } | { ok: false; problems: Diagnostic[] }> {
  const problem = (message: string) => ({ ok: false as const, problems: [diagnostic('body-too-costly', '(preview)', message, { field: 'body' })] });
  try {
    const preview = await renderPreview(markdown);
    return preview.ok ? preview : problem(preview.message);
  } catch (err) {
    return problem(`the preview could not be rendered: ${(err as Error).message}`);
  }
}

export type SaveResult =
  | { ok: true; path: string; slug: string; status: 'published' | 'draft'; liveMs: number; version: string; commit: string | null }
  | { ok: false; status: 400 | 404 | 409 | 422; problems: Diagnostic[] };

let queue: Promise<unknown> = Promise.resolve();

/**
 * Checks and writes a record (new when `path` is absent), then applies it to the
 * store. Saves run one at a time, so two editors saving at once both land; an edit
 * made on a version of the file that has changed since is refused (409) rather than
 * silently overwriting the other editor's work.
 */
export function saveRecord(input: RecordFields, existing?: { path: string; version: string }): Promise<SaveResult> {
  const run = queue.then(() => save(input, existing));
  queue = run.catch(() => undefined);
  return run;
}

async function save(input: RecordFields, existing?: { path: string; version: string }): Promise<SaveResult> {
  const started = performance.now();
  const { contentDir, databaseFile } = config();
  const now = new Date();
  const others = storedRecordsView() ?? NO_RECORDS;
  let draft;
  let target: string;
  let original: string | null = null;
  if (existing) {
    const checked = checkRecordPath(contentDir, existing.path);
    if (!checked.ok) return { ok: false, status: checked.status, problems: [diagnostic(checked.status === 404 ? 'no-such-record' : 'invalid-request', String(existing.path), checked.message)] };
    const read = readContentFile(contentDir, checked.path, MAX_FORM_BYTES);
    if (!read.ok) return { ok: false, status: 422, problems: [diagnostic(read.code, checked.path, read.message)] };
    original = read.bytes.toString('utf8');
    if (digestOf(original) !== existing.version) {
      return { ok: false, status: 409, problems: [diagnostic('edited-meanwhile', checked.path, 'someone saved this record after you opened it; reload it to see their changes, then make yours again')] };
    }
    draft = reviseRecord(checked.path, original, input, others, now);
    target = checked.full;
  } else {
    draft = draftRecord(input, others, now, (name) => fs.existsSync(path.join(contentDir, name)));
    target = draft.ok ? path.join(contentDir, draft.file) : '';
  }
  if (!draft.ok) return { ok: false, status: 422, problems: draft.problems };
  // The whole record as the ingest will read it, body rendered off this thread, before anything is written.
  const whole = await checkRecordText(draft.file, draft.text);
  if (!whole.ok) return { ok: false, status: 422, problems: existing ? whole.problems : whole.problems.map((p) => ({ ...p, file: '(new record)' })) };

  if (existing) replaceFile(target, draft.text);
  else writeNewFile(target, draft.text);
  // A save the store refuses (or that fails) is taken back: content/ keeps only what is live.
  const undo = () => (original === null ? fs.rmSync(target, { force: true }) : replaceFile(target, original));
  let update;
  try {
    update = await updateStore({ contentDir, databasePath: databaseFile, mediaDir: config().mediaDir, paths: [draft.file] });
  } catch (err) {
    undo();
    throw err;
  }
  if (!update.published) {
    undo();
    return { ok: false, status: 422, problems: update.problems };
  }
  const status = input.status === 'draft' ? 'draft' : 'published';
  const liveMs = Math.round(performance.now() - started);
  // The change is live; in git it becomes a commit by the signed-in editor (when content/ is a work tree).
  const was = original === null ? null : recordFields(draft.file, original)?.status === 'draft' ? 'draft' : 'published';
  const change = was === null ? 'add' : was === status ? 'edit' : status === 'draft' ? 'unpublish' : 'publish';
  // Pushed after the answer: a remote that hangs never holds up the next save.
  const commit = await commitContent(contentDir, [draft.file], commitMessage(change, input.title ?? draft.slug), editorAuthor(config().editor.user), { push: 'later' });
  return { ok: true, path: draft.file, slug: draft.slug, status, liveMs, version: digestOf(draft.text), commit: commit.committed ? commit.commit : null };
}
