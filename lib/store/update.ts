import fs from 'node:fs';
import Database from 'better-sqlite3';
import { rankRelated, RELATED_WINDOW, type RelatedInput } from '../catalog/related';
import type { ClaimIndex } from '../catalog/claims';
import { Catalog, type AdmittedNews, type AdmittedOffering } from '../catalog/rules';
import type { Named } from '../catalog/view';
import type { PreparedOffering, PreparedRecord } from '../content/prepare';
import type { Diagnostic } from '../content/problems';
import { StoreView } from './catalog-view';
import { keysOf } from './cache-keys';
import { dropUnused, refreshDerived } from './derived';
import { migrationsCurrent, readSourceFiles, rejectedProblems, storePipeline } from './source-files';
import { mergedNewsRows, newsRows, profileRows, sourceFileHash, xorInto, type SourceFileRow } from './rows';
import type { Row } from './tables';
import type { StoreWriter } from './writer';
import { StoreRows } from './writes';

/**
 * The writer in place (writer.ts): changes the served store record by record, inside
 * one transaction: what an incremental ingest or an editor's save needs, in milliseconds
 * rather than the seconds of a full rebuild. Readers see the store before or after the
 * transaction, never between (SQLite's rollback journal; a killed process leaves a hot
 * journal that the next connection rolls back). Each row is written as it comes, so the
 * store's view of the other records (catalog-view.ts) answers with it at once; the
 * writer notes what it touched, for the counts, related news and cache keys of finish().
 *
 * Only stores written by this version's migrations can be updated: `canUpdate()`
 * says when a full ingest is needed instead.
 */
export class InPlaceWriter implements StoreWriter {
  readonly db: Database.Database;
  private readonly touchedTopics = new Set<number>();
  private readonly touchedNews = new Set<number>();
  private readonly touchedOfferings = new Set<number>();
  private readonly touchedSources = new Set<number>();
  private readonly touchedTags = new Set<number>();
  private readonly touchedSections = new Set<number>();
  /** Items whose related news were recomputed (their pages change). */
  private readonly relatedChanged = new Set<number>();
  /** Where in a topic's list by date an item was taken out or put in: its neighbours' related news change. */
  private readonly topicPlaces: { topicId: number; date: number; id: number }[] = [];
  /** XOR of the hashes of the SourceFile rows taken out and put in (see contentDigestOf). */
  private readonly digestChange = Buffer.alloc(32);

  private readonly statements = new Map<string, Database.Statement>();
  private readonly rows: StoreRows;

  /**
   * The rules across records, asked of this store as it is now: a new one for each
   * attempt at a change (what the rules note in memory goes with a rolled-back one).
   */
  catalog(): Catalog {
    return new Catalog(new StoreView(this.db));
  }

  /** A prepared statement, prepared once per updater: the same few run thousands of times. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  /** Which file was opened: a full ingest may rename another one into its place. */
  private readonly opened: { dev: number; ino: number };

  constructor(private readonly file: string) {
    this.db = new Database(file, { fileMustExist: true });
    const st = fs.statSync(file);
    this.opened = { dev: st.dev, ino: st.ino };
    // Another writer (a second editor's save, an ingest) holds the lock for
    // milliseconds; wait for it rather than fail.
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('foreign_keys = OFF');
    this.rows = new StoreRows(this.db);
  }

  /** Whether the store has every migration this code knows, so rows fit its tables, and was made by this code (`pipeline`, lib/ingest/pipeline.ts). */
  canUpdate(pipeline: string): boolean {
    return migrationsCurrent(this.db) && storePipeline(this.db) === pipeline;
  }

  /** What the store remembers of the given files (all files when not told which). */
  sourceFiles(paths?: string[]): Map<string, SourceFileRow> {
    return readSourceFiles(this.db, paths);
  }

  /** The problems of the files the store holds as rejected, but for `except`. */
  rejectedProblems(except: ReadonlySet<string>): Diagnostic[] {
    return rejectedProblems(this.db, except);
  }

  fileCount(): number {
    return this.sql('SELECT count(*) FROM SourceFile').pluck().get() as number;
  }

  /** The surrogate keys of what this update changed (lib/store/cache-keys.ts): after finish(). */
  touchedKeys(): string[] {
    return keysOf({
      news: this.relatedChanged,
      topics: this.touchedTopics,
      offerings: this.touchedOfferings,
      sources: this.touchedSources,
      tags: this.touchedTags,
      sections: this.touchedSections,
    });
  }

  /** Runs `change` in one write transaction (taken at once, so two writers queue). */
  transaction<T>(change: () => T): T {
    return this.db.transaction(change).immediate();
  }

  /** Whether the file opened is still the served store (checked under the write lock). */
  stillServed(): boolean {
    try {
      const st = fs.statSync(this.file);
      return st.dev === this.opened.dev && st.ino === this.opened.ino;
    } catch {
      return false;
    }
  }

  /** Takes an item and everything hanging off it out of the store. */
  private removeNews(newsId: number): void {
    const item = this.sql('SELECT id, date, sourceId FROM NewsItem WHERE id = ?').get(newsId) as Pick<Row<'NewsItem'>, 'id' | 'date' | 'sourceId'> | undefined;
    if (!item) return;
    for (const id of this.sql('SELECT topicId FROM NewsTopic WHERE newsId = ?').pluck().all(newsId) as number[]) {
      this.touchedTopics.add(id);
      this.topicPlaces.push({ topicId: id, date: item.date, id: newsId });
    }
    for (const id of this.sql('SELECT offeringId FROM NewsOffering WHERE newsId = ?').pluck().all(newsId) as number[]) this.touchedOfferings.add(id);
    for (const id of this.sql('SELECT tagId FROM NewsTag WHERE newsId = ?').pluck().all(newsId) as number[]) this.touchedTags.add(id);
    for (const id of this.sql('SELECT sectionId FROM NewsSection WHERE newsId = ?').pluck().all(newsId) as number[]) this.touchedSections.add(id);
    if (item.sourceId !== null) this.touchedSources.add(item.sourceId);
    this.touchedNews.add(newsId);
    this.rows.deleteNews(newsId);
  }

  removeContent(file: Pick<SourceFileRow, 'newsId' | 'offeringId'>): void {
    if (file.newsId !== null) this.removeNews(file.newsId);
    if (file.offeringId !== null) {
      this.rows.deleteProfile(file.offeringId);
      this.touchedOfferings.add(file.offeringId);
    }
  }

  removeFile(file: SourceFileRow): void {
    this.removeContent(file);
    this.forgetSourceFile(file.path);
    this.rows.deleteSourceFile(file.path);
  }

  putEntities(named: readonly Named[]): void {
    this.rows.putEntities(named);
  }

  putProfile(offering: PreparedOffering, admitted: AdmittedOffering): void {
    this.rows.putProfile(profileRows(offering, admitted));
    // Its offering and topics are counted again, and the offering's page lists change.
    this.touchedOfferings.add(admitted.offeringId);
    for (const t of admitted.topicIds) this.touchedTopics.add(t);
  }

  putNews(r: PreparedRecord, admitted: AdmittedNews): void {
    this.rows.putNews([newsRows(r, admitted)]);
    this.touch(admitted, r.date);
  }

  addToNews(r: PreparedRecord, admitted: AdmittedNews, itemDate: number): void {
    this.rows.addNewsLinks([mergedNewsRows(r, admitted, itemDate)]);
    this.touch(admitted, itemDate);
  }

  /** The pages an item's rows change: its topics, offerings, tags, sections and source are counted again. */
  private touch(admitted: AdmittedNews, date: number): void {
    admitted.topicIds.forEach((t) => {
      this.touchedTopics.add(t);
      this.topicPlaces.push({ topicId: t, date, id: admitted.id });
    });
    admitted.offeringIds.forEach((o) => this.touchedOfferings.add(o));
    admitted.tagIds.forEach((t) => this.touchedTags.add(t));
    admitted.sections.forEach((x) => this.touchedSections.add(x.id));
    this.touchedSources.add(admitted.sourceId);
    this.touchedNews.add(admitted.id);
  }

  setSourceFile(row: SourceFileRow): void {
    this.forgetSourceFile(row.path);
    xorInto(this.digestChange, sourceFileHash(row));
    this.rows.putSourceFiles([row]);
  }

  /** Who claims what among the records (lib/catalog/claims.ts), as the store holds it. */
  get claimIndex(): ClaimIndex {
    return {
      holders: (key, exclusiveOnly) =>
        (this.sql(`SELECT path, exclusive FROM RecordClaim WHERE key = ?${exclusiveOnly ? ' AND exclusive = 1' : ''}`).all(key) as { path: string; exclusive: number }[]).map((h) => ({
          path: h.path,
          exclusive: h.exclusive === 1,
        })),
      claims: (path) => (this.sql('SELECT key, exclusive FROM RecordClaim WHERE path = ?').all(path) as { key: string; exclusive: number }[]).map((c) => ({ key: c.key, exclusive: c.exclusive === 1 })),
    };
  }

  /** Runs `look` in one read transaction: a consistent view of the store, without the write lock. */
  reading<T>(look: () => T): T {
    return this.db.transaction(look).deferred();
  }

  /** Changes when another connection commits to the store (SQLite's data_version). */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** A file's row taken out of the content digest (see contentDigestOf). */
  private forgetSourceFile(path: string): void {
    const before = this.sql('SELECT path, digest FROM SourceFile WHERE path = ?').get(path) as Pick<Row<'SourceFile'>, 'path' | 'digest'> | undefined;
    if (before) xorInto(this.digestChange, sourceFileHash(before));
  }

  /**
   * Brings everything derived from the changed items up to date: counts, things no
   * item uses any more, related news of every item that shares a topic with a changed
   * one, and the store's stamp (which changes the pages' ETags).
   */
  finish(): void {
    const db = this.db;
    refreshDerived(db, { topics: this.touchedTopics, offerings: this.touchedOfferings, sources: this.touchedSources, tags: this.touchedTags, sections: this.touchedSections });

    // What a full ingest would not create: things no published item names any more.
    dropUnused(db);

    this.refreshRelated();
    const recordCount = db.prepare('SELECT count(*) FROM NewsItem').pluck().get() as number;
    const info = db.prepare('SELECT * FROM StoreInfo WHERE id = 1').get() as Row<'StoreInfo'> | undefined;
    const digest = Buffer.from(info?.contentDigest ?? '', 'hex');
    const next = digest.length === 32 ? digest : Buffer.alloc(32);
    xorInto(next, this.digestChange);
    this.rows.putStoreInfo({ id: 1, pipelineDigest: info?.pipelineDigest ?? null, ingestedAt: Date.now(), contentDigest: next.toString('hex'), recordCount });
  }

  close(): void {
    this.db.close();
  }

  /**
   * Related news are chosen among an item's neighbours by date within each of its
   * topics (lib/ingest/related.ts), so a change moves the choice only for the items
   * that sit within that window of a place where an item was taken out or put in.
   * Those are re-ranked from index range scans; the rest of the store is not read.
   */
  private refreshRelated(): void {
    const affected = this.relatedChanged;
    for (const id of this.touchedNews) affected.add(id);
    for (const p of this.topicPlaces) for (const n of this.neighbours(p.topicId, p.date, p.id, RELATED_WINDOW + 1)) affected.add(n.id);
    const dateOf = this.sql('SELECT date FROM NewsItem WHERE id = ?').pluck();
    const topicsOf = this.sql('SELECT topicId FROM NewsTopic WHERE newsId = ?').pluck();
    const lists: [number, number[]][] = [];
    for (const id of affected) {
      const date = dateOf.get(id) as number | undefined;
      // An item gone keeps no list (an empty one clears what it had).
      const found = date === undefined ? [] : (topicsOf.all(id) as number[]).flatMap((t) => this.neighbours(t, date, id, RELATED_WINDOW));
      lists.push([id, date === undefined ? [] : rankRelated(date, found)]);
    }
    this.rows.putRelated(lists, true);
  }

  /** Up to `k` items on each side of (date, id) in a topic's list, newest first then by id. */
  private neighbours(topicId: number, date: number, id: number, k: number): RelatedInput[] {
    const q = (sql: string, ...args: number[]) => this.sql(sql).all(topicId, ...args, k) as { newsId: number; date: number }[];
    const newer = [
      ...q('SELECT newsId, date FROM NewsTopic WHERE topicId = ? AND date = ? AND newsId < ? ORDER BY newsId DESC LIMIT ?', date, id),
      ...q('SELECT newsId, date FROM NewsTopic WHERE topicId = ? AND date > ? ORDER BY date ASC, newsId DESC LIMIT ?', date),
    ].slice(0, k);
    const older = [
      ...q('SELECT newsId, date FROM NewsTopic WHERE topicId = ? AND date = ? AND newsId > ? ORDER BY newsId ASC LIMIT ?', date, id),
      ...q('SELECT newsId, date FROM NewsTopic WHERE topicId = ? AND date < ? ORDER BY date DESC, newsId ASC LIMIT ?', date),
    ].slice(0, k);
    return [...newer, ...older].map((n) => ({ id: n.newsId, date: n.date, topicIds: [] }));
  }
}
