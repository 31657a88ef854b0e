import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { RecordProblem } from '../content/problems';
import { renderBody } from '../content/render';
import { replaceFile, writeNewFile } from '../editorial/record-files';
import { draftRecord, recordFields, reviseRecord, type CuratedIndex, type OfferingEntry, type RecordFields } from '../editorial/record-text';
import { isRecordPath } from '../ingest/discover';
import { updateStore } from '../ingest/incremental';
import { databasePath } from '../store/location';

/**
 * What the web editor does with records: list them (drafts too), read one into the
 * form, check and save one, and make the change live through the incremental ingest.
 * The Markdown file in content/ stays the source of truth; the store is only read
 * here, and written by lib/ingest/incremental.ts.
 */
export function contentDirectory(): string {
  return path.resolve(process.env.CONTENT_DIR ?? 'content');
}

function openStore(): Database.Database | null {
  const file = databasePath();
  if (!fs.existsSync(file)) return null;
  const db = new Database(file, { fileMustExist: true });
  db.pragma('query_only = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

function withStore<T>(read: (db: Database.Database) => T, otherwise: T): T {
  const db = openStore();
  if (!db) return otherwise;
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** A LIKE pattern for text containing `query` literally (its % and _ escaped). */
function containing(query: string): string {
  return `%${query.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}

export interface RecordListing {
  path: string;
  title: string | null;
  slug: string | null;
  state: string;
}

/** Records newest first (by file time), filtered by words of the title or path. */
export function listRecords(query = '', limit = 50): RecordListing[] {
  return withStore((db) => {
    const like = containing(query);
    return db
      .prepare(
        "SELECT path, title, slug, state FROM SourceFile WHERE state <> 'taxonomy' AND (title LIKE ? ESCAPE '\\' OR path LIKE ? ESCAPE '\\') ORDER BY mtimeMs DESC, path LIMIT ?",
      )
      .all(like, like, limit) as RecordListing[];
  }, []);
}

/** Topic names for the form's suggestions: the taxonomy's and the records', most used first. */
export function suggestTopics(query: string, limit = 12): string[] {
  return withStore((db) => {
    const like = containing(query);
    return db.prepare("SELECT name FROM Topic WHERE name LIKE ? ESCAPE '\\' ORDER BY newsCount DESC, name LIMIT ?").pluck().all(like, limit) as string[];
  }, []);
}

export function suggestOfferings(query: string, limit = 12): string[] {
  return withStore((db) => {
    const like = containing(query);
    return db.prepare("SELECT label FROM Offering WHERE label LIKE ? ESCAPE '\\' ORDER BY newsCount DESC, label LIMIT ?").pluck().all(like, limit) as string[];
  }, []);
}

/** The other records, as the store knows them (drafts included). */
function storeIndex(db: Database.Database | null): CuratedIndex {
  if (!db) return { linkOwner: () => undefined, slugTaken: () => false, offering: () => undefined, maxRecordId: () => 0 };
  const owner = db.prepare('SELECT path FROM SourceFile WHERE linkKey = ? ORDER BY path LIMIT 1').pluck();
  // Taken: a record's slug (drafts too), or an old address some item answers at.
  const slug = db.prepare("SELECT 1 FROM SourceFile WHERE slug = ? UNION ALL SELECT 1 FROM Alias WHERE path = '/news/' || ? LIMIT 1").pluck();
  const offering = db.prepare('SELECT id, label, slug, offeringId FROM Offering WHERE lower(label) = lower(?) OR slug = ? LIMIT 1');
  const offeringTopics = db.prepare('SELECT t.name FROM OfferingTopic ot JOIN Topic t ON t.id = ot.topicId WHERE ot.offeringId = ? ORDER BY t.name').pluck();
  return {
    linkOwner: (key) => owner.get(key) as string | undefined,
    slugTaken: (s) => slug.get(s, s) !== undefined || fs.existsSync(path.join(contentDirectory(), `${s}.md`)),
    offering: (name) => {
      const o = offering.get(name, name) as { id: number; label: string; slug: string; offeringId: number | null } | undefined;
      if (!o) return undefined;
      const entry: OfferingEntry = { label: o.label, permalink: `/offering/${o.slug}`, categories: offeringTopics.all(o.id) as string[] };
      if (o.offeringId !== null) entry.offeringId = o.offeringId;
      return entry;
    },
    maxRecordId: () => Math.max((db.prepare('SELECT max(recordId) FROM SourceFile').pluck().get() as number | null) ?? 0, 0),
  };
}

export interface OpenedRecord {
  path: string;
  /** sha1 of the file when it was read: a save is refused if the file changed since. */
  version: string;
  fields: RecordFields & { slug: string };
}

export type PathCheck = { ok: true; path: string; full: string } | { ok: false; status: 400 | 404; message: string };

/**
 * A record path from a request: relative, inside the content directory, naming a
 * record file (no `..`, no hidden or note files, no symbolic link out of content/).
 */
export function checkRecordPath(candidate: unknown): PathCheck {
  if (typeof candidate !== 'string' || !candidate || candidate.length > 300 || candidate.includes('\\') || candidate.includes('\0') || candidate.startsWith('/') || !isRecordPath(candidate)) {
    return { ok: false, status: 400, message: 'not the path of a record in content/' };
  }
  const root = contentDirectory();
  const full = path.resolve(root, candidate);
  if (path.relative(root, full).startsWith('..')) return { ok: false, status: 400, message: 'not the path of a record in content/' };
  let real: string;
  try {
    real = fs.realpathSync(full);
  } catch {
    return { ok: false, status: 404, message: `there is no record ${candidate}` };
  }
  // The ingest does not follow symbolic links (lib/ingest/discover.ts): neither does the editor.
  if (real !== path.join(fs.realpathSync(root), candidate)) return { ok: false, status: 400, message: 'not the path of a record in content/' };
  return { ok: true, path: candidate, full };
}

export function openRecord(file: string): OpenedRecord | null {
  const checked = checkRecordPath(file);
  if (!checked.ok) return null;
  const text = fs.readFileSync(checked.full, 'utf8');
  const fields = recordFields(checked.path, text);
  if (!fields) return null;
  return { path: checked.path, version: sha1(text), fields };
}

/** The body as the item page will show it: rendered and sanitized by the ingest's own stage. */
export function previewBody(markdown: string): string {
  return renderBody(markdown.slice(0, 200_000));
}

export type SaveResult =
  | { ok: true; path: string; slug: string; status: 'published' | 'draft'; liveMs: number; version: string }
  | { ok: false; status: 400 | 404 | 409 | 422; problems: RecordProblem[] };

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
  const contentDir = contentDirectory();
  const now = new Date();
  const db = openStore();
  let draft;
  let target: string;
  let original: string | null = null;
  try {
    const index = storeIndex(db);
    if (existing) {
      const checked = checkRecordPath(existing.path);
      if (!checked.ok) return { ok: false, status: checked.status, problems: [{ file: String(existing.path), message: checked.message }] };
      original = fs.readFileSync(checked.full, 'utf8');
      if (sha1(original) !== existing.version) {
        return { ok: false, status: 409, problems: [{ file: checked.path, message: 'someone saved this record after you opened it; reload it to see their changes, then make yours again' }] };
      }
      draft = reviseRecord(checked.path, original, input, index, now);
      target = checked.full;
    } else {
      draft = draftRecord(input, index, now);
      target = draft.ok ? path.join(contentDir, draft.file) : '';
    }
  } finally {
    db?.close();
  }
  if (!draft.ok) return { ok: false, status: 422, problems: draft.problems };

  if (existing) replaceFile(target, draft.text);
  else writeNewFile(target, draft.text);
  // A save the store refuses (or that fails) is taken back: content/ keeps only what is live.
  const undo = () => (original === null ? fs.rmSync(target, { force: true }) : replaceFile(target, original));
  let update;
  try {
    update = await updateStore({ contentDir, databasePath: databasePath(), paths: [draft.file] });
  } catch (err) {
    undo();
    throw err;
  }
  if (!update.published) {
    undo();
    return { ok: false, status: 422, problems: update.problems };
  }
  return { ok: true, path: draft.file, slug: draft.slug, status: input.status === 'draft' ? 'draft' : 'published', liveMs: Math.round(performance.now() - started), version: sha1(draft.text) };
}

function sha1(text: string): string {
  return crypto.createHash('sha1').update(text).digest('hex');
}

