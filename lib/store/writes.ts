import type Database from 'better-sqlite3';
import type { Named } from '../catalog/view';
import { entityRows, PROFILE_COLUMNS, type NewsRows, type ProfileRows, type SourceFileRow } from './rows';
import { columns, SEARCH_COLUMNS, SEARCH_TABLE, type Column, type Row, type TableName } from './tables';

/**
 * Every statement that puts rows into the store or takes them out, in one place, built
 * from the tables' definitions (tables.ts, from prisma/schema.prisma) and prepared once per
 * connection. The writers (writer.ts: a new file, build.ts; in place, update.ts) and the
 * image publisher (media.ts) write through this; what the store derives from its rows
 * (counts, an offering's topics) is in derived.ts. Nothing else in lib/ writes the store
 * (tests/unit/architecture.test.ts).
 */

/** No statement binds more parameters than this (tests/integration/scale.test.ts): many rows go in several statements. */
const MAX_PARAMETERS = 64;
/**
 * Rows of at most this many columns go in several to a statement (measured: a third less
 * time for link rows); wider rows, large text and the search index's one at a time,
 * which is faster for them.
 */
const NARROW = 5;

/** What an insert does with a row whose key is there already: fail, keep the old one, replace it, or update some columns. */
type OnConflict = 'abort' | 'ignore' | 'replace' | { key: string; update: readonly string[] };

function insertSql(table: string, cols: readonly string[], rows: number, conflict: OnConflict): string {
  const verb = typeof conflict === 'string' && conflict !== 'abort' ? `INSERT OR ${conflict.toUpperCase()}` : 'INSERT';
  const one = `(${cols.map(() => '?').join(', ')})`;
  let sql = `${verb} INTO ${table} (${cols.join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`;
  if (typeof conflict === 'object') {
    sql += conflict.update.length
      ? ` ON CONFLICT(${conflict.key}) DO UPDATE SET ${conflict.update.map((c) => `${c} = excluded.${c}`).join(', ')}`
      : ` ON CONFLICT(${conflict.key}) DO NOTHING`;
  }
  return sql;
}

/** How each named thing's row is put: new, or what the rules know of it now over what the store had (its count kept). */
const ENTITY_UPSERTS: { [T in EntityRowsTable]: { columns: readonly string[]; conflict: OnConflict } } = {
  Topic: { columns: columns('Topic'), conflict: { key: 'id', update: ['slug', 'name', 'collection', 'label', 'description', 'parentId', 'fromTaxonomy'] } },
  Offering: { columns: ['id', 'slug', 'label', 'medigyOfferingId', 'newsCount'], conflict: { key: 'id', update: ['slug', 'label', 'medigyOfferingId'] } },
  Source: { columns: columns('Source'), conflict: { key: 'id', update: ['slug', 'brand', 'title', 'siteUrl', 'feedUrl', 'iconHref'] } },
  Author: { columns: columns('Author'), conflict: { key: 'id', update: ['slug', 'name'] } },
  Tag: { columns: columns('Tag'), conflict: { key: 'id', update: ['slug', 'name'] } },
  // Its label and parent are derived from its items' records (derived.ts).
  Section: { columns: ['id', 'path', 'label', 'newsCount'], conflict: { key: 'id', update: [] } },
};
type EntityRowsTable = 'Topic' | 'Offering' | 'Source' | 'Author' | 'Tag' | 'Section';

/** The temporary table a new store's items wait in (StoreRows.createNewsStage). */
const ITEM_STAGE = 'NewsItemStage';

/** The tables that hang off an item (by its id in `newsId`), in the order its rows are put. */
const NEWS_LINKS = ['NewsTopic', 'NewsOffering', 'NewsOfferingTopic', 'NewsAuthor', 'NewsTag', 'Alias', 'NewsSection'] as const;
const LINK_ROWS = { NewsTopic: 'topics', NewsOffering: 'offerings', NewsOfferingTopic: 'offeringTopics', NewsAuthor: 'authors', NewsTag: 'tags', Alias: 'aliases', NewsSection: 'sections' } as const;

export class StoreRows {
  private readonly statements = new Map<string, Database.Statement>();
  /** Insert statements by table, conflict and number of rows (the SQL is made once). */
  private readonly inserts = new Map<string, Database.Statement[]>();

  constructor(readonly db: Database.Database) {}

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  /** Rows into a table: narrow ones as many to a statement as its parameters allow, wide ones one at a time. */
  private insert(table: string, cols: readonly string[], rows: readonly Record<string, unknown>[], conflict: OnConflict = 'abort'): void {
    if (!rows.length) return;
    const per = cols.length > NARROW ? 1 : Math.floor(MAX_PARAMETERS / cols.length);
    const key = `${table}\0${cols.join(',')}\0${JSON.stringify(conflict)}`;
    let bySize = this.inserts.get(key);
    if (!bySize) this.inserts.set(key, (bySize = []));
    for (let at = 0; at < rows.length; at += per) {
      const chunk = Math.min(per, rows.length - at);
      const values: unknown[] = new Array(chunk * cols.length);
      let k = 0;
      for (let i = at; i < at + chunk; i++) {
        const row = rows[i]!;
        for (const c of cols) values[k++] = row[c];
      }
      (bySize[chunk] ??= this.db.prepare(insertSql(table, cols, chunk, conflict))).run(values);
    }
  }

  private insertRows<T extends TableName>(table: T, rows: readonly Row<T>[], conflict: OnConflict = 'abort', cols: readonly Column<T>[] = columns(table)): void {
    this.insert(table, cols, rows as readonly Record<string, unknown>[], conflict);
  }

  // Items.

  /** Items, each with everything hanging off it and its search entry; many at once go in few statements. */
  putNews(items: readonly NewsRows[]): void {
    this.insertRows(
      'NewsItem',
      items.map((n) => n.item),
    );
    for (const table of NEWS_LINKS) this.insertRows(table, items.flatMap((n) => n[LINK_ROWS[table]] as Row<typeof table>[]));
    this.insert(SEARCH_TABLE, ['rowid', ...SEARCH_COLUMNS], items.map((n) => n.search));
  }

  /**
   * A new store's items wait in a temporary table in the order they come (their rowid,
   * `seq`, that order), and go into their own table in id order at the end (putStagedNews):
   * ids are hashes, so rows put as they came landed all over the item table. Their search
   * entries go straight into the index, each batch in id order (the search index takes rows
   * in rising rowids without writing what it holds first; a batch at a time, it writes a
   * segment per batch and merges them as it goes), while the records are still being read:
   * the index is made beside the workers, not after them on one core. Everything else
   * hanging off an item goes straight to its table.
   */
  createNewsStage(): void {
    this.db.exec(`CREATE TEMP TABLE ${ITEM_STAGE} AS SELECT * FROM main.NewsItem WHERE 0`);
  }

  /** Items (in id order) into the stage, the first at `firstSeq` and the others after it; their links and search entries into their tables. */
  stageNews(items: readonly NewsRows[], firstSeq: number): void {
    this.insert(`temp.${ITEM_STAGE}`, ['rowid', ...columns('NewsItem')], items.map((n, i) => ({ ...n.item, rowid: firstSeq + i })));
    for (const table of NEWS_LINKS) this.insertRows(table, items.flatMap((n) => n[LINK_ROWS[table]] as Row<typeof table>[]));
    this.insert(SEARCH_TABLE, ['rowid', ...SEARCH_COLUMNS], items.map((n) => n.search));
  }

  /** A staged item taken out again (by its place in the stage), with everything hanging off it. */
  unstageNews(newsId: number, seq: number): void {
    this.sql(`DELETE FROM temp.${ITEM_STAGE} WHERE rowid = ?`).run(seq);
    this.deleteNews(newsId);
  }

  /** The staged items into their table, in id order; the stage dropped. */
  putStagedNews(): void {
    const itemColumns = columns('NewsItem').join(', ');
    // Read in id order through an index of the ids (built in a moment: 16 bytes an item)
    // rather than sorting the whole rows: half the time for the items of 100,000 records.
    this.db.exec(`CREATE INDEX temp.${ITEM_STAGE}_id ON ${ITEM_STAGE} (id)`);
    this.db.exec(`INSERT INTO NewsItem (${itemColumns}) SELECT ${itemColumns} FROM temp.${ITEM_STAGE} ORDER BY id`);
    this.db.exec(`DROP TABLE temp.${ITEM_STAGE}`);
  }

  /** What another record of the same article names, added to an item's (what it names already is kept as it is). */
  addNewsLinks(items: readonly NewsRows[]): void {
    for (const table of NEWS_LINKS) this.insertRows(table, items.flatMap((n) => n[LINK_ROWS[table]] as Row<typeof table>[]), 'ignore');
  }

  /** An item and everything hanging off it, its search entry and the related lists it is in. */
  deleteNews(newsId: number): void {
    for (const table of [...NEWS_LINKS, 'RelatedNews']) this.sql(`DELETE FROM ${table} WHERE newsId = ?`).run(newsId);
    this.sql('DELETE FROM RelatedNews WHERE relatedId = ?').run(newsId);
    this.sql(`DELETE FROM ${SEARCH_TABLE} WHERE rowid = ?`).run(newsId);
    this.sql('DELETE FROM NewsItem WHERE id = ?').run(newsId);
  }

  /** Related news of items, best first (`lists`: item id → related ids); an item's earlier list is replaced. */
  putRelated(lists: Iterable<[number, number[]]>, replace: boolean): void {
    const rows: Row<'RelatedNews'>[] = [];
    for (const [newsId, ids] of lists) {
      if (replace) this.sql('DELETE FROM RelatedNews WHERE newsId = ?').run(newsId);
      ids.forEach((relatedId, rank) => rows.push({ newsId, rank, relatedId }));
    }
    this.insertRows('RelatedNews', rows);
  }

  /** The search index's ranking (bm25, the title weighing most: lib/store/queries/search.ts). */
  rankSearch(): void {
    this.sql(`INSERT INTO ${SEARCH_TABLE} (${SEARCH_TABLE}, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 3.0, 2.0, 2.0)')`).run();
  }

  /** The search index merged into few segments, which makes queries faster. */
  optimizeSearch(): void {
    this.sql(`INSERT INTO ${SEARCH_TABLE} (${SEARCH_TABLE}) VALUES ('optimize')`).run();
  }

  // Named things and profiles.

  /** Named things (topics, offerings…): new, or what is now known of them; their counts are left to derived.ts. */
  putEntities(named: readonly Named[]): void {
    const byTable = new Map<EntityRowsTable, Record<string, unknown>[]>();
    const equivalents: Row<'TopicEquivalent'>[] = [];
    for (const n of named) {
      const rows = entityRows(n);
      (byTable.get(rows.table) ?? byTable.set(rows.table, []).get(rows.table)!).push(rows.row);
      if (rows.table === 'Topic') {
        this.sql('DELETE FROM TopicEquivalent WHERE topicId = ?').run(rows.row.id);
        equivalents.push(...rows.equivalents);
      }
    }
    for (const [table, rows] of byTable) this.insert(table, ENTITY_UPSERTS[table].columns, rows, ENTITY_UPSERTS[table].conflict);
    this.insertRows('TopicEquivalent', equivalents, 'ignore');
  }

  /** An offering's profile (its offering record's), its topics and old addresses, replacing any it had. */
  putProfile(p: ProfileRows): void {
    this.setProfileColumns(p.offering.id, PROFILE_COLUMNS.map((c) => p.offering[c]));
    this.clearProfileLinks(p.offering.id);
    this.insertRows('OfferingProfileTopic', p.topics, 'ignore');
    this.insertRows('OfferingAlias', p.aliases);
  }

  /** Takes an offering's profile away (its record deleted, changed or made a draft); the offering stays while news names it. */
  deleteProfile(offeringId: number): void {
    this.setProfileColumns(
      offeringId,
      PROFILE_COLUMNS.map(() => null),
    );
    this.clearProfileLinks(offeringId);
  }

  private setProfileColumns(offeringId: number, values: unknown[]): void {
    this.sql(`UPDATE Offering SET ${PROFILE_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...values, offeringId);
  }

  private clearProfileLinks(offeringId: number): void {
    this.sql('DELETE FROM OfferingProfileTopic WHERE offeringId = ?').run(offeringId);
    this.sql('DELETE FROM OfferingAlias WHERE offeringId = ?').run(offeringId);
  }

  // Content files.

  /**
   * What the store remembers of content files; their claims too, when given
   * (lib/catalog/claims.ts), replacing those they had unless they are `new` to the store.
   */
  putSourceFiles(rows: readonly SourceFileRow[], isNew = false): void {
    this.insertRows('SourceFile', rows, 'replace');
    const claims: Row<'RecordClaim'>[] = [];
    for (const row of rows) {
      if (!row.claims) continue;
      if (!isNew) this.sql('DELETE FROM RecordClaim WHERE path = ?').run(row.path);
      for (const c of row.claims) claims.push({ key: c.key, exclusive: c.exclusive ? 1 : 0, path: row.path });
    }
    this.insertRows('RecordClaim', claims, 'ignore');
  }

  /** A content file forgotten, with its claims. */
  deleteSourceFile(path: string): void {
    this.sql('DELETE FROM SourceFile WHERE path = ?').run(path);
    this.sql('DELETE FROM RecordClaim WHERE path = ?').run(path);
  }

  // The store itself.

  putStoreInfo(row: Row<'StoreInfo'>): void {
    this.insertRows('StoreInfo', [row], 'replace');
  }

  // Images (lib/store/media.ts).

  /** What was published of images: new rows replace old ones, unless `keep` (a rebuild taking what the served store published). */
  putImages(rows: readonly Row<'Image'>[], keep = false): void {
    this.insertRows('Image', rows, keep ? 'ignore' : 'replace');
  }

  deleteImage(path: string): void {
    this.sql('DELETE FROM Image WHERE path = ?').run(path);
  }
}
