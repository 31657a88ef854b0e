import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { claimsOf, type Claim } from '../catalog/claims';
import type { Prepared } from '../catalog/judge';
import type { AdmittedNews, AdmittedOffering } from '../catalog/rules';
import type { Named } from '../catalog/view';
import type { EventDetails } from '../content/event';
import { isLeftOut, type PreparedOffering, type PreparedRecord, type RejectedFile } from '../content/prepare';
import type { Diagnostic } from '../content/problems';
import type { Row, SearchRow } from './tables';

/**
 * The store's rows of what the rules decided (lib/catalog): an item's, an offering's
 * profile, a named thing's, a content file's. Pure: the writer (writer.ts) puts them in,
 * whether into a new file or in place. Dates are epoch milliseconds.
 */

/** Everything the store holds of one published item. */
export interface NewsRows {
  item: Row<'NewsItem'>;
  topics: Row<'NewsTopic'>[];
  offerings: Row<'NewsOffering'>[];
  offeringTopics: Row<'NewsOfferingTopic'>[];
  authors: Row<'NewsAuthor'>[];
  tags: Row<'NewsTag'>[];
  aliases: Row<'Alias'>[];
  sections: Row<'NewsSection'>[];
  /** Its search-index entry, whose rowid is the item's id (ids run in date order, lib/catalog/ids.ts). */
  search: SearchRow;
}

export function newsRows(r: PreparedRecord, admitted: AdmittedNews): NewsRows {
  const id = admitted.id;
  const date = r.date;
  const img = r.featuredImage;
  return {
    item: {
      id,
      slug: r.slug,
      recordId: r.recordId,
      title: r.title,
      description: r.description,
      bodyHtml: r.bodyHtml,
      date,
      lastMod: r.lastMod,
      url: r.url,
      originalUrl: r.originalUrl,
      sourceId: admitted.sourceId,
      featuredImageHref: img?.href ?? null,
      featuredImageAlt: img?.alt ?? null,
      featuredImageWidth: img?.width ?? null,
      featuredImageHeight: img?.height ?? null,
      breadcrumbs: JSON.stringify(r.breadcrumbs),
      socialMeta: r.socialMetaJson,
      status: r.status,
      sourcePath: r.file,
      kind: r.kind,
      ...eventColumns(r.event),
      video: r.video ? JSON.stringify(r.video) : null,
      featured: r.featured,
    },
    topics: admitted.topicIds.map((topicId, position) => ({ newsId: id, topicId, date, position })),
    offerings: admitted.offeringIds.map((offeringId, position) => ({ newsId: id, offeringId, date, position })),
    offeringTopics: admitted.offeringTopics.map(([offeringId, topicId]) => ({ newsId: id, offeringId, topicId })),
    authors: admitted.authorIds.map((authorId, position) => ({ newsId: id, authorId, position })),
    tags: admitted.tagIds.map((tagId) => ({ newsId: id, tagId, date })),
    aliases: admitted.aliases.map((path) => ({ path, newsId: id })),
    sections: admitted.sections.map((s) => ({ newsId: id, sectionId: s.id, date, label: s.label, parentId: s.parentId })),
    search: {
      rowid: id,
      title: r.title,
      description: r.description ?? '',
      body: r.bodyText,
      topics: r.topics.map((t) => t.name).join(' | '),
      source: r.brand,
      offerings: r.offerings.map((o) => o.label).join(' | '),
    },
  };
}

/** An event's columns of its item (lib/content/event.ts); empty for other kinds. */
function eventColumns(e: EventDetails | null) {
  return {
    eventStart: e?.start ?? null,
    eventEnd: e?.end ?? null,
    eventAllDay: e?.allDay ? 1 : 0,
    eventTimeZone: e?.timeZone ?? null,
    eventPlace: e?.place ?? null,
    eventOnline: e?.online == null ? null : e.online ? 1 : 0,
    eventCancelled: e?.cancelled ? 1 : 0,
    eventRecordingUrl: e?.recordingUrl ?? null,
  } as const;
}

/**
 * What a record of the same article adds to the item it joins (judge.ts, 'merged'): its
 * links, placed after the item's own and dated as the item, so that listings order the
 * item the same whichever record named the topic.
 */
export function mergedNewsRows(r: PreparedRecord, admitted: AdmittedNews, itemDate: number): NewsRows {
  const rows = newsRows({ ...r, date: itemDate }, admitted);
  const after = <T extends { position: number }>(list: T[]) => list.map((row) => ({ ...row, position: row.position + MERGED_POSITION }));
  return { ...rows, topics: after(rows.topics), offerings: after(rows.offerings), authors: after(rows.authors) };
}
/** Where a merged record's links start in an item's lists: after any record's own. */
const MERGED_POSITION = 1000;

/** The columns of an offering that its offering record (its profile) fills. */
export const PROFILE_COLUMNS = ['profilePath', 'vendor', 'offeringType', 'shortDescription', 'bodyHtml', 'links', 'logoHref', 'imageHref', 'createdOn', 'updatedOn', 'recordId'] as const;
export type ProfileRow = Pick<Row<'Offering'>, 'id' | (typeof PROFILE_COLUMNS)[number]>;

/** What an offering record puts on its offering's page: the profile, its topics, its old addresses. */
export interface ProfileRows {
  offering: ProfileRow;
  topics: Row<'OfferingProfileTopic'>[];
  aliases: Row<'OfferingAlias'>[];
}

export function profileRows(o: PreparedOffering, admitted: AdmittedOffering): ProfileRows {
  const offeringId = admitted.offeringId;
  return {
    offering: {
      id: offeringId,
      profilePath: o.file,
      vendor: o.vendor,
      offeringType: o.offeringType,
      shortDescription: o.shortDescription,
      bodyHtml: o.bodyHtml,
      links: JSON.stringify(o.links),
      logoHref: o.logo?.href ?? null,
      imageHref: o.image?.href ?? null,
      createdOn: o.date,
      updatedOn: o.lastMod,
      recordId: o.recordId,
    },
    topics: admitted.topicIds.map((topicId) => ({ offeringId, topicId })),
    aliases: admitted.aliases.map((path) => ({ path, offeringId })),
  };
}

/** A named thing's rows. Counts start at 0: they are counted once the items are in (lib/store/derived.ts). */
export type EntityRows =
  | { table: 'Topic'; row: Row<'Topic'>; equivalents: Row<'TopicEquivalent'>[] }
  | { table: 'Offering'; row: Pick<Row<'Offering'>, 'id' | 'slug' | 'label' | 'medigyOfferingId' | 'newsCount'> }
  | { table: 'Source'; row: Row<'Source'> }
  | { table: 'Author'; row: Row<'Author'> }
  | { table: 'Tag'; row: Row<'Tag'> }
  | { table: 'Section'; row: Pick<Row<'Section'>, 'id' | 'path' | 'label' | 'newsCount'> };

export function entityRows(named: Named): EntityRows {
  switch (named.kind) {
    case 'topic': {
      const t = named.entity;
      const row = { id: t.id, slug: t.slug, name: t.name, collection: t.collection, label: t.label, newsCount: 0, description: t.description, parentId: t.parentId, fromTaxonomy: t.fromTaxonomy ? 1 : 0 } as const;
      return { table: 'Topic', row, equivalents: t.equivalentIds.map((equivalentId) => ({ topicId: t.id, equivalentId })) };
    }
    case 'offering': {
      const o = named.entity;
      return { table: 'Offering', row: { id: o.id, slug: o.slug, label: o.label, medigyOfferingId: o.medigyOfferingId, newsCount: 0 } };
    }
    case 'source':
      return { table: 'Source', row: { ...named.entity, newsCount: 0 } };
    case 'author':
      return { table: 'Author', row: { id: named.entity.id, slug: named.entity.slug, name: named.entity.name } };
    case 'tag':
      return { table: 'Tag', row: { id: named.entity.id, slug: named.entity.slug, name: named.entity.name, newsCount: 0 } };
    case 'section':
      // Its label and parent on its page are what most of its items' records say (lib/store/derived.ts).
      return { table: 'Section', row: { id: named.entity.id, path: named.entity.slug, label: named.entity.name, newsCount: 0 } };
  }
}

/** What the store remembers of a content file: published, a draft, rejected; or the taxonomy. */
/** `left-out`: not published without fault (a kind the site does not publish; lib/content/prepare.ts isLeftOut), never reported as rejected. */
export type FileState = 'published' | 'draft' | 'rejected' | 'left-out' | 'taxonomy';

/** A content file as the store saw it (model SourceFile), and what it claims among the others. */
export type SourceFileRow = Omit<Row<'SourceFile'>, 'state' | 'kind'> & {
  state: FileState;
  /** news (a curated link) | offering (an offering record) */
  kind: 'news' | 'offering';
  /**
   * What a valid record claims among the others (lib/catalog/claims.ts), kept in the
   * RecordClaim table: written with the row when given (empty for a file that is not a
   * valid record), left as they are when not (a row only stamped again).
   */
  claims?: Claim[];
};

/**
 * What the store remembers of a valid record file: published (with its item's or its
 * offering's id), a draft, or rejected for conflicts with others (`problems`).
 */
export function sourceFileOf(item: Prepared, state: 'published' | 'draft' | 'rejected', id: number | null, problems: Diagnostic[] = []): SourceFileRow {
  const common = { state, problems: problems.length ? JSON.stringify(problems) : null, claims: claimsOf(item) };
  if (item.kind === 'offering') {
    const o = item.offering;
    return { path: o.file, digest: o.digest, size: o.size, mtimeMs: o.mtimeMs, ...common, kind: 'offering', newsId: null, offeringId: id, slug: o.slug, title: o.name, linkKey: null, recordId: o.recordId };
  }
  const r = item.record;
  return { path: r.file, digest: r.digest, size: r.size, mtimeMs: r.mtimeMs, ...common, kind: 'news', newsId: id, offeringId: null, slug: r.slug, title: r.title, linkKey: r.linkKey, recordId: r.recordId };
}

/** What the store remembers of a file that is not a valid record. */
export function rejectedSourceFile(r: RejectedFile): SourceFileRow {
  const none = { newsId: null, offeringId: null, slug: null, title: null, linkKey: null, recordId: null };
  return { path: r.file, digest: r.digest, size: r.size, mtimeMs: r.mtimeMs, state: isLeftOut(r) ? 'left-out' : 'rejected', kind: 'news', ...none, problems: JSON.stringify(r.problems), claims: [] };
}

/** What the store remembers of the taxonomy file. */
export function taxonomySourceFile(path: string, stamp: { digest: string; size: number; mtimeMs: number }): SourceFileRow {
  return { path, ...stamp, state: 'taxonomy', kind: 'news', newsId: null, offeringId: null, slug: null, title: null, linkKey: null, recordId: null, problems: null };
}

/**
 * What the store's content is, from the digests of its files: the same files give the
 * same value whether the store was built in one go or updated file by file. An XOR of
 * one hash per file, so that an update changes it without reading every row.
 */
export function contentDigestOf(db: Database.Database): string {
  const acc = Buffer.alloc(32);
  for (const [path, digest] of db.prepare('SELECT path, digest FROM SourceFile').raw().iterate() as Iterable<[string, string]>) {
    xorInto(acc, sourceFileHash({ path, digest }));
  }
  return acc.toString('hex');
}

export function sourceFileHash(row: { path: string; digest: string }): Buffer {
  return crypto.createHash('sha256').update(`${row.path}\0${row.digest}`).digest();
}

export function xorInto(acc: Buffer, value: Buffer): void {
  for (let i = 0; i < acc.length; i++) acc[i]! ^= value[i]!;
}
