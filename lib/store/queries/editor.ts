import type Database from 'better-sqlite3';
import { StoreView } from '../catalog-view';
import { openStore } from '../connection';
import { subjectIndexIfAny, subjectKey } from './subjects';

/** The web editor's queries: its list of records (drafts too) and the form's suggestions. */
export interface RecordListing {
  path: string;
  title: string | null;
  slug: string | null;
  state: string;
  /** news (a curated link) | offering (an offering record) */
  kind: string;
}

function prepare(db: Database.Database) {
  return {
    records: db.prepare<[string, string, number], RecordListing>(
      "SELECT path, title, slug, state, kind FROM SourceFile WHERE state <> 'taxonomy' AND (title LIKE ? ESCAPE '\\' OR path LIKE ? ESCAPE '\\') ORDER BY mtimeMs DESC, path LIMIT ?",
    ),
    topics: db.prepare<[string, number], { id: number; name: string; label: string; newsCount: number }>("SELECT id, name, label, newsCount FROM Topic WHERE name LIKE ? ESCAPE '\\' ORDER BY newsCount DESC, name LIMIT ?"),
    offerings: db.prepare<[string, number], string>("SELECT label FROM Offering WHERE label LIKE ? ESCAPE '\\' ORDER BY newsCount DESC, label LIMIT ?").pluck(),
    view: new StoreView(db),
  };
}

const statements = () => openStore()?.once(prepare) ?? null;

/** A LIKE pattern for text containing `query` literally (its % and _ escaped). */
function containing(query: string): string {
  return `%${query.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}

/** Records newest first (by file time), filtered by words of the title or path. */
export function listRecords(query = '', limit = 50): RecordListing[] {
  const like = containing(query);
  return statements()?.records.all(like, like, limit) ?? [];
}

/**
 * Topic names for the form's suggestions, the taxonomy's and the records': subject by
 * subject (lib/store/queries/subjects.ts), the subject with the most items first, and in
 * each its most used topic first, so that "teleh" offers the telehealth every collection
 * names, the one most records use at the top, before any other subject.
 */
export function suggestTopics(query: string, limit = 12): string[] {
  const found = statements()?.topics.all(containing(query), limit * 4) ?? [];
  const index = subjectIndexIfAny();
  const subjectOf = (t: (typeof found)[number]) => index?.byTopicId.get(t.id) ?? { key: subjectKey(t.label), newsCount: t.newsCount };
  return found
    .map((t, order) => ({ t, order, subject: subjectOf(t) }))
    .sort((a, b) => b.subject.newsCount - a.subject.newsCount || (a.subject.key < b.subject.key ? -1 : a.subject.key > b.subject.key ? 1 : 0) || a.order - b.order)
    .slice(0, limit)
    .map(({ t }) => t.name);
}

export function suggestOfferings(query: string, limit = 12): string[] {
  return statements()?.offerings.all(containing(query), limit) ?? [];
}

/** What the other records say, as the served store knows them (null: no store yet). */
export function storedRecordsView(): StoreView | null {
  return statements()?.view ?? null;
}
