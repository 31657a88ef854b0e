import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { cleanLink, linkKey } from '../content/link';
import { hostOf } from '../content/normalize';
import type { RecordProblem } from '../content/problems';
import { loadRecord } from '../content/record';
import { isWebUrl, topicName } from '../content/schema';
import { brandSlug, slugify } from '../content/slug';
import { discoverRecords } from '../ingest/discover';
import { loadRecords } from '../ingest/load';
import type { PreparedRecord } from '../ingest/prepare';
import { DEFAULT_FETCH_LIMITS, FetchProblem, fetchPageMetadata, type FetchLimits } from './page-metadata';

export interface CurateInput {
  url: string;
  title?: string;
  description?: string;
  /** "Collection: Label" */
  topics?: string[];
  /** Offering labels or slugs; existing offerings are reused with their permalink and topics. */
  offerings?: string[];
  authors?: string[];
  /** Markdown body. */
  body?: string;
  /** Read the page's metadata to fill in a missing title or description. */
  fetch?: boolean;
}

export type CurateResult = { ok: true; file: string; slug: string; text: string } | { ok: false; problems: RecordProblem[] };

export interface CurateOptions {
  now?: Date;
  fetchLimits?: FetchLimits;
}

/**
 * Writes a new record for a curated link into the content directory, in Medigy's
 * format, after checking it with the ingest's own schema. Refuses a link that is
 * already curated (compared without scheme, www., trailing slash, fragment or
 * tracking parameters), naming the record that has it. Never overwrites a file.
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
  title = title?.replace(/\s+/g, ' ').trim();
  description = description?.replace(/\s+/g, ' ').trim() || undefined;
  if (!title) return fail('title', 'the record needs a title: give --title, or --fetch to read it from the page');

  const topics: string[] = [];
  for (const [i, name] of (input.topics ?? []).entries()) {
    const t = topicName.safeParse(name.replace(/-hash-/g, '#'));
    if (!t.success) return fail(`topics[${i}]`, t.error.issues[0]!.message);
    topics.push(t.data.name);
  }

  const brand = hostOf(url)!;
  let slug = `${brandSlug(brand)}-${slugify(title)}`.slice(0, 180).replace(/-+$/, '');
  for (let n = 2; existing.slugs.has(slug); n++) slug = `${slug.replace(/-\d+$/, '')}-${n}`;
  const fileName = `${slug}.md`;

  const offerings = (input.offerings ?? []).map((wanted) => {
    const known = existing.offerings.get(wanted.toLowerCase()) ?? existing.offerings.get(slugify(wanted));
    if (known) return known;
    return { label: wanted.trim(), permalink: `/offering/${slugify(wanted)}`, categories: topics };
  });

  const day = now.toISOString().slice(0, 10);
  const record = {
    archetype: 'curated-content',
    author: input.authors?.length ? input.authors : ['Digital Health Curated editors'],
    basePath: '/news/',
    breadcrumbLinks: ['/', '/news/', ''],
    breadcrumbs: ['Home', 'News', title],
    categories: topics,
    categorySlug: topics.map((t) => t.toLowerCase()),
    categoryUrl: topics.map((t) => `topic/${topicName.parse(t).slug}`),
    categoryLabel: topics.map((t) => topicName.parse(t).label),
    date: day,
    description: description ?? null,
    featuredImage: null,
    id: existing.maxId + 1,
    identifier: 'News',
    lastMod: now.toISOString(),
    link: { brand, href: url, original: url },
    mastHead: 'NEWS',
    mdName: fileName,
    openGraphMetaData: { ogtitle: title, ogdescription: description ?? null, ogimage: ogImage ?? null },
    relatedOfferings: offerings,
    searchCategory: 'News',
    slug,
    source: 'editorial',
    status: '',
    tags: ['News'],
    title,
    twitterMetaData: { twittertitle: title, twitterdescription: description ?? null },
  };
  const text = `---\n${yaml.dump(record, { lineWidth: 100, noRefs: true, quotingType: "'" })}---\n${input.body?.trim() ? `${input.body.trim()}\n` : ''}`;

  // The same checks as the ingest, before anything is written.
  const checked = loadRecord(fileName, text);
  if (!checked.ok) return { ok: false, problems: checked.problems };

  writeNewFile(path.join(contentDir, fileName), text);
  return { ok: true, file: fileName, slug, text };
}

interface Existing {
  byLink: Map<string, string>;
  slugs: Set<string>;
  offerings: Map<string, { label: string; permalink: string; categories: string[]; offeringId?: number }>;
  maxId: number;
}

async function existingRecords(contentDir: string): Promise<Existing> {
  const found: Existing = { byLink: new Map(), slugs: new Set(), offerings: new Map(), maxId: 0 };
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

/** Writes the whole file under a temporary name, then links it into place: never half a record, never over another. */
function writeNewFile(target: string, text: string): void {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${crypto.randomUUID()}.tmp`);
  fs.writeFileSync(tmp, text, { flag: 'wx' });
  try {
    fs.linkSync(tmp, target);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
