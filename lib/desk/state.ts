import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { TopicSuggestion } from '../catalog/topic-suggestions';

/**
 * The desk's own SQLite file (DESK_FILE, `desk.db` beside the store): what each feed
 * answered last (validators, failures, when to ask again), every item the desk has seen
 * and what became of it (waiting in the inbox, accepted, dismissed, covered by another
 * item's record, published), and the editors' unfinished accept forms. Never replaced
 * by an ingest (the store is, whole), shared by `npm run feeds` and the web editor
 * (WAL, so one writes while the other reads).
 */
export interface FeedState {
  url: string;
  etag: string | null;
  lastModified: string | null;
  /** Failed polls in a row. */
  failures: number;
  /** Not asked again before this time (ms): backoff after failures, or Retry-After. */
  nextPollAt: number | null;
  lastPolledAt: number | null;
  /** "200", "304", "failed", "gone", "moved". */
  lastStatus: string | null;
  lastError: string | null;
  /** New items found by the last poll that had any. */
  lastNew: number;
}

export type ItemState = 'new' | 'accepted' | 'dismissed' | 'covered' | 'published';

export interface DeskItem {
  id: number;
  key: string;
  feed: string;
  feedTitle: string;
  title: string;
  link: string;
  published: number | null;
  addedAt: number;
  summaryHtml: string;
  summaryText: string;
  image: string | null;
  topics: TopicSuggestion[];
  story: string;
  duplicateOf: string | null;
  state: ItemState;
  decidedAt: number | null;
  /** The record that curates it (accepted, covered, published). */
  record: string | null;
  note: string | null;
}

export type NewDeskItem = Omit<DeskItem, 'id' | 'state' | 'decidedAt' | 'record'> & { state?: ItemState; record?: string | null; alternateKeys: string[] };

export interface AcceptDraft {
  fields: Record<string, unknown>;
  problems: { field?: string; message: string }[];
  at: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS feed (
  url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, failures INTEGER NOT NULL DEFAULT 0,
  next_poll_at INTEGER, last_polled_at INTEGER, last_status TEXT, last_error TEXT, last_new INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS item (
  id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, feed TEXT NOT NULL, feed_title TEXT NOT NULL,
  title TEXT NOT NULL, link TEXT NOT NULL, published INTEGER, added_at INTEGER NOT NULL,
  summary_html TEXT NOT NULL, summary_text TEXT NOT NULL, image TEXT, topics TEXT NOT NULL, story TEXT NOT NULL,
  duplicate_of TEXT, state TEXT NOT NULL, decided_at INTEGER, record TEXT, note TEXT
);
CREATE INDEX IF NOT EXISTS item_state ON item (state, story);
CREATE INDEX IF NOT EXISTS item_feed ON item (feed, state);
CREATE TABLE IF NOT EXISTS alternate_key (key TEXT PRIMARY KEY, item INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS accept_draft (item INTEGER PRIMARY KEY REFERENCES item(id) ON DELETE CASCADE, fields TEXT NOT NULL, problems TEXT NOT NULL, at INTEGER NOT NULL);
`;

interface ItemRow {
  id: number;
  key: string;
  feed: string;
  feed_title: string;
  title: string;
  link: string;
  published: number | null;
  added_at: number;
  summary_html: string;
  summary_text: string;
  image: string | null;
  topics: string;
  story: string;
  duplicate_of: string | null;
  state: ItemState;
  decided_at: number | null;
  record: string | null;
  note: string | null;
}

const itemOf = (r: ItemRow): DeskItem => ({
  id: r.id,
  key: r.key,
  feed: r.feed,
  feedTitle: r.feed_title,
  title: r.title,
  link: r.link,
  published: r.published,
  addedAt: r.added_at,
  summaryHtml: r.summary_html,
  summaryText: r.summary_text,
  image: r.image,
  topics: JSON.parse(r.topics) as TopicSuggestion[],
  story: r.story,
  duplicateOf: r.duplicate_of,
  state: r.state,
  decidedAt: r.decided_at,
  record: r.record,
  note: r.note,
});

export class DeskState {
  private constructor(private readonly db: Database.Database) {}

  /** The desk file, created when missing; `readonly` (a dry run) never creates or writes it. */
  static open(file: string, options: { readonly?: boolean } = {}): DeskState {
    if (options.readonly) {
      if (!fs.existsSync(file)) {
        const memory = new Database(':memory:');
        memory.exec(SCHEMA);
        return new DeskState(memory);
      }
      const db = new Database(file, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      return new DeskState(db);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.exec(SCHEMA);
    return new DeskState(db);
  }

  close(): void {
    this.db.close();
  }

  feed(url: string): FeedState | undefined {
    const r = this.db.prepare('SELECT * FROM feed WHERE url = ?').get(url) as Record<string, unknown> | undefined;
    return r ? feedOf(r) : undefined;
  }

  feeds(): Map<string, FeedState> {
    return new Map((this.db.prepare('SELECT * FROM feed').all() as Record<string, unknown>[]).map((r) => [r.url as string, feedOf(r)]));
  }

  saveFeed(s: FeedState): void {
    this.db
      .prepare(
        `INSERT INTO feed (url, etag, last_modified, failures, next_poll_at, last_polled_at, last_status, last_error, last_new) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, failures = excluded.failures, next_poll_at = excluded.next_poll_at,
           last_polled_at = excluded.last_polled_at, last_status = excluded.last_status, last_error = excluded.last_error, last_new = excluded.last_new`,
      )
      .run(s.url, s.etag, s.lastModified, s.failures, s.nextPollAt, s.lastPolledAt, s.lastStatus, s.lastError, s.lastNew);
  }

  /** A feed that moved (301): its state and its items follow it. */
  moveFeed(from: string, to: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM feed WHERE url = ?').run(to);
      this.db.prepare('UPDATE feed SET url = ? WHERE url = ?').run(to, from);
      this.db.prepare('UPDATE item SET feed = ? WHERE feed = ?').run(to, from);
    })();
  }

  /** Whether the desk has seen an item with this link key (as its own or another's alternate address). */
  seen(key: string): boolean {
    return this.db.prepare('SELECT 1 FROM item WHERE key = ? UNION ALL SELECT 1 FROM alternate_key WHERE key = ? LIMIT 1').get(key, key) !== undefined;
  }

  /** Every key the desk has seen, for a poll's many look-ups at once. */
  seenKeys(): Set<string> {
    const keys = this.db.prepare('SELECT key FROM item UNION ALL SELECT key FROM alternate_key').pluck().all() as string[];
    return new Set(keys);
  }

  addItems(items: NewDeskItem[], now = Date.now()): number {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO item (key, feed, feed_title, title, link, published, added_at, summary_html, summary_text, image, topics, story, duplicate_of, state, record, note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const alternate = this.db.prepare('INSERT OR IGNORE INTO alternate_key (key, item) VALUES (?, ?)');
    let added = 0;
    this.db.transaction(() => {
      for (const i of items) {
        const r = insert.run(i.key, i.feed, i.feedTitle, i.title, i.link, i.published, i.addedAt ?? now, i.summaryHtml, i.summaryText, i.image, JSON.stringify(i.topics), i.story, i.duplicateOf, i.state ?? 'new', i.record ?? null, i.note);
        if (r.changes) {
          added++;
          for (const k of i.alternateKeys) alternate.run(k, r.lastInsertRowid);
        }
      }
    })();
    return added;
  }

  /** Items waiting in the inbox. */
  pending(): DeskItem[] {
    return (this.db.prepare("SELECT * FROM item WHERE state = 'new'").all() as ItemRow[]).map(itemOf);
  }

  item(id: number): DeskItem | undefined {
    const r = this.db.prepare('SELECT * FROM item WHERE id = ?').get(id) as ItemRow | undefined;
    return r ? itemOf(r) : undefined;
  }

  storyItems(story: string): DeskItem[] {
    return (this.db.prepare('SELECT * FROM item WHERE story = ? ORDER BY published DESC, id').all(story) as ItemRow[]).map(itemOf);
  }

  setStories(stories: Map<number, string>): void {
    const update = this.db.prepare('UPDATE item SET story = ? WHERE id = ? AND story <> ?');
    this.db.transaction(() => {
      for (const [id, story] of stories) update.run(story, id, story);
    })();
  }

  /** Dismissed: never shown again, and the same article never comes back. */
  dismiss(ids: number[], now = Date.now()): number {
    const update = this.db.prepare("UPDATE item SET state = 'dismissed', decided_at = ? WHERE id = ? AND state = 'new'");
    return this.db.transaction(() => ids.reduce((n, id) => n + update.run(now, id).changes, 0))();
  }

  /** A feed's whole backlog dismissed at once. */
  dismissFeed(feed: string, now = Date.now()): number {
    return this.db.prepare("UPDATE item SET state = 'dismissed', decided_at = ? WHERE feed = ? AND state = 'new'").run(now, feed).changes;
  }

  /** An item accepted as `record`, and those that `record` names as also covering its story. */
  accept(id: number, record: string, covered: number[], now = Date.now()): void {
    this.db.transaction(() => {
      this.db.prepare("UPDATE item SET state = 'accepted', decided_at = ?, record = ? WHERE id = ?").run(now, record, id);
      const cover = this.db.prepare("UPDATE item SET state = 'covered', decided_at = ?, record = ? WHERE id = ? AND state = 'new'");
      for (const c of covered) cover.run(now, record, c);
      this.db.prepare('DELETE FROM accept_draft WHERE item = ?').run(id);
    })();
  }

  saveDraft(item: number, fields: Record<string, unknown>, problems: AcceptDraft['problems'], now = Date.now()): void {
    this.db.prepare('INSERT INTO accept_draft (item, fields, problems, at) VALUES (?, ?, ?, ?) ON CONFLICT(item) DO UPDATE SET fields = excluded.fields, problems = excluded.problems, at = excluded.at').run(
      item,
      JSON.stringify(fields),
      JSON.stringify(problems),
      now,
    );
  }

  draft(item: number): AcceptDraft | undefined {
    const r = this.db.prepare('SELECT fields, problems, at FROM accept_draft WHERE item = ?').get(item) as { fields: string; problems: string; at: number } | undefined;
    return r ? { fields: JSON.parse(r.fields) as Record<string, unknown>, problems: JSON.parse(r.problems) as AcceptDraft['problems'], at: r.at } : undefined;
  }

  /** How many items each feed has waiting. */
  pendingByFeed(): Map<string, number> {
    return new Map((this.db.prepare("SELECT feed, count(*) AS n FROM item WHERE state = 'new' GROUP BY feed").all() as { feed: string; n: number }[]).map((r) => [r.feed, r.n]));
  }
}

function feedOf(r: Record<string, unknown>): FeedState {
  return {
    url: r.url as string,
    etag: (r.etag as string | null) ?? null,
    lastModified: (r.last_modified as string | null) ?? null,
    failures: (r.failures as number) ?? 0,
    nextPollAt: (r.next_poll_at as number | null) ?? null,
    lastPolledAt: (r.last_polled_at as number | null) ?? null,
    lastStatus: (r.last_status as string | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
    lastNew: (r.last_new as number) ?? 0,
  };
}
