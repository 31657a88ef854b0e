import path from 'node:path';
import { cleanLink, linkKey } from '../content/link';
import { isWebUrl } from '../content/schema';
import { discoverRecords } from '../ingest/discover';
import { loadRecords } from '../ingest/load';
import type { PreparedRecord } from '../ingest/prepare';
import { DEFAULT_FETCH_LIMITS, FetchProblem, fetchPageMetadata, type FetchLimits } from './page-metadata';
import { writeNewFile } from './record-files';
import { draftRecord, type CuratedIndex, type DraftResult, type OfferingEntry, type RecordFields } from './record-text';

export interface CurateInput extends Omit<RecordFields, 'status' | 'ogImage'> {
  /** Read the page's metadata to fill in a missing title or description. */
  fetch?: boolean;
}

export type CurateResult = DraftResult;

export interface CurateOptions {
  now?: Date;
  fetchLimits?: FetchLimits;
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
  const fail = (field: string, message: string): CurateResult => ({ ok: false, problems: [{ file: '(new record)', field, message }] });
  if (!isWebUrl(input.url.trim())) return fail('url', `"${input.url.trim()}" is not a web address starting with https://`);
  const url = cleanLink(input.url);

  const existing = await existingRecords(contentDir);
  const taken = existing.byLink.get(linkKey(url));
  if (taken) return fail('url', `this article is already curated in ${taken}`);

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
  if (!title?.trim()) return fail('title', 'the record needs a title: give --title, or --fetch to read it from the page');

  const draft = draftRecord({ ...input, url, title, description, ogImage }, existing.index, now);
  if (!draft.ok) return draft;
  writeNewFile(path.join(contentDir, draft.file), draft.text);
  return draft;
}

interface Existing {
  byLink: Map<string, string>;
  slugs: Set<string>;
  offerings: Map<string, OfferingEntry>;
  maxId: number;
  index: CuratedIndex;
}

async function existingRecords(contentDir: string): Promise<Existing> {
  const found: Existing = {
    byLink: new Map(),
    slugs: new Set(),
    offerings: new Map(),
    maxId: 0,
    index: {
      linkOwner: (key) => found.byLink.get(key),
      slugTaken: (slug) => found.slugs.has(slug),
      offering: (name) => found.offerings.get(name.toLowerCase()) ?? found.offerings.get(name),
      maxRecordId: () => found.maxId,
    },
  };
  const add = (r: PreparedRecord) => {
    if (!found.byLink.has(linkKey(r.url))) found.byLink.set(linkKey(r.url), r.file);
    found.slugs.add(r.slug);
    if (r.recordId !== null) found.maxId = Math.max(found.maxId, r.recordId);
    for (const o of r.offerings) {
      const entry = { label: o.label, permalink: `/offering/${o.slug}`, categories: o.topics.map((t) => t.name), ...(o.offeringId !== null ? { offeringId: o.offeringId } : {}) };
      if (!found.offerings.has(o.label.toLowerCase())) found.offerings.set(o.label.toLowerCase(), entry);
      if (!found.offerings.has(o.slug)) found.offerings.set(o.slug, entry);
    }
  };
  await loadRecords(contentDir, discoverRecords(contentDir), (results) => {
    for (const result of results) if (result.ok) add(result.record);
  });
  return found;
}
