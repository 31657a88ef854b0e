import yaml from 'js-yaml';
import type { CatalogView, OfferingEntry } from '../catalog/view';
import { cleanLink, linkKey } from '../content/link';
import { hostOf } from '../content/values';
import { parseRecord } from '../content/parse';
import { diagnostic, type DiagnosticCode, type Diagnostic } from '../content/problems';
import { readRecord } from '../content/record';
import { isWebUrl, offeringPermalink, qualifiedTopicName } from '../content/schema';
import { brandSlug, slugify } from '../content/slug';
import { pathPrefix, routes } from '../urls/pages';

/** What an editor gives for a curated link, on the command line or in the web editor. */
export interface RecordFields {
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
  /** Published unless "draft". */
  status?: 'published' | 'draft';
  /** Open Graph image address read from the page (or given by a feed), if any. */
  ogImage?: string;
  /**
   * Other publishers' articles about the same story (the news desk's "also covered by"),
   * written to the record's `alsoCoveredBy` when it is made.
   */
  alsoCoveredBy?: { title: string; url: string }[];
}

/** What the other records say, for the checks one record cannot make alone (lib/catalog/view.ts). */
export type OtherRecords = Pick<CatalogView, 'linkOwner' | 'slugInUse' | 'offeringEntry' | 'maxRecordId'>;

export type DraftResult = { ok: true; file: string; slug: string; text: string } | { ok: false; problems: Diagnostic[] };

const NEW_RECORD = '(new record)';

/**
 * A new record for a curated link in Medigy's format, its front matter checked with the
 * ingest's own schema (its body is checked by checkRecordText, off the caller's thread
 * and under a deadline, lib/ingest/preparation.ts): the slug from the publisher and the title (as Medigy makes them, made unique),
 * the file named after the slug (`fileTaken`: whether a file of that name exists),
 * breadcrumbs and topic URLs filled in. Refuses a link that is already curated,
 * naming the record that has it. Writes nothing.
 */
export function draftRecord(input: RecordFields, index: OtherRecords, now: Date, fileTaken: (name: string) => boolean = () => false): DraftResult {
  const checked = checkFields(input, index, NEW_RECORD, undefined);
  if (!checked.ok) return checked;
  const { url, title, description, topics } = checked;

  const brand = hostOf(url)!;
  const base = `${brandSlug(brand)}-${slugify(title)}`.slice(0, 180).replace(/-+$/, '');
  let slug = base;
  const taken = (candidate: string) => index.slugInUse(candidate) || fileTaken(`${candidate}.md`);
  for (let n = 2; taken(slug); n++) slug = `${base}-${n}`;
  const file = `${slug}.md`;

  const record: Record<string, unknown> = {
    archetype: 'curated-content',
    author: input.authors?.length ? input.authors : ['Digital Health Curated editors'],
    basePath: pathPrefix('news'),
    breadcrumbLinks: [routes.home(), pathPrefix('news'), ''],
    breadcrumbs: ['Home', 'News', title],
    ...topicFields(topics),
    date: now.toISOString().slice(0, 10),
    description: description ?? null,
    featuredImage: null,
    id: index.maxRecordId() + 1,
    identifier: 'News',
    lastMod: now.toISOString(),
    link: { brand, href: url, original: url },
    mastHead: 'NEWS',
    mdName: file,
    openGraphMetaData: { ogtitle: title, ogdescription: description ?? null, ogimage: input.ogImage ?? null },
    relatedOfferings: offeringEntries(input.offerings ?? [], topics, index),
    searchCategory: 'News',
    slug,
    source: 'editorial',
    status: input.status === 'draft' ? 'draft' : '',
    tags: ['News'],
    title,
    twitterMetaData: { twittertitle: title, twitterdescription: description ?? null },
    ...alsoCoveredByField(input.alsoCoveredBy, url),
  };
  const text = recordText(record, input.body ?? '');
  const valid = readRecord(file, text, { body: 'skip' });
  if (!valid.ok) return { ok: false, problems: valid.problems.map((p) => ({ ...p, file: NEW_RECORD })) };
  return { ok: true, file, slug, text };
}

/** `alsoCoveredBy`: each other article once, web addresses only, never the record's own link. */
function alsoCoveredByField(entries: RecordFields['alsoCoveredBy'], own: string): { alsoCoveredBy?: { title: string; href: string; brand: string }[] } {
  const seen = new Set([linkKey(own)]);
  const list: { title: string; href: string; brand: string }[] = [];
  for (const e of entries ?? []) {
    const href = e.url.trim();
    if (!isWebUrl(href) || seen.has(linkKey(href))) continue;
    seen.add(linkKey(href));
    list.push({ title: e.title.replace(/\s+/g, ' ').trim().slice(0, 300) || href, href: cleanLink(href), brand: hostOf(href) ?? '' });
  }
  return list.length ? { alsoCoveredBy: list } : {};
}

/**
 * An existing record with an editor's changes: title, description, link, topics,
 * offerings, body and status replaced, every other field (Medigy's own, unknown ones)
 * kept as it was, so the diff in git shows what the editor changed. The slug stays:
 * the item's address does not move.
 */
export function reviseRecord(file: string, original: string, input: RecordFields, index: OtherRecords, now: Date): DraftResult {
  const parsed = parseRecord(file, original);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const checked = checkFields(input, index, file, file);
  if (!checked.ok) return checked;
  const { url, title, description, topics } = checked;
  const data = { ...parsed.value.data };

  data.title = title;
  data.description = description ?? null;
  if (Array.isArray(data.breadcrumbs) && data.breadcrumbs.length) data.breadcrumbs = [...data.breadcrumbs.slice(0, -1), title];
  const link = data.link && typeof data.link === 'object' && !Array.isArray(data.link) ? (data.link as Record<string, unknown>) : {};
  if (typeof link.href !== 'string' || linkKey(link.href) !== linkKey(url)) data.link = { ...link, brand: hostOf(url), href: url, original: url };
  Object.assign(data, topicFields(topics));
  delete data.communityTopics;
  data.relatedOfferings = offeringEntries(input.offerings ?? [], topics, index);
  data.status = input.status === 'draft' ? 'draft' : '';
  data.lastMod = now.toISOString();
  for (const [key, fields] of [['openGraphMetaData', ['ogtitle', 'ogdescription']], ['twitterMetaData', ['twittertitle', 'twitterdescription']]] as const) {
    const meta = data[key];
    if (meta && typeof meta === 'object' && !Array.isArray(meta)) data[key] = { ...meta, [fields[0]]: title, [fields[1]]: description ?? null };
  }

  const text = recordText(data, input.body ?? '');
  const valid = readRecord(file, text, { body: 'skip' });
  if (!valid.ok) return { ok: false, problems: valid.problems };
  return { ok: true, file, slug: valid.record.slug, text };
}

/** The form fields of an existing record, for the web editor. */
export function recordFields(file: string, text: string): (RecordFields & { slug: string }) | null {
  const loaded = readRecord(file, text, { body: 'skip' });
  const parsed = parseRecord(file, text);
  if (!loaded.ok || !parsed.ok) return null;
  const r = loaded.record;
  return {
    url: r.link?.href ?? '',
    title: r.title,
    description: r.description ?? undefined,
    topics: r.topics.map((t) => t.name),
    offerings: r.offerings.map((o) => o.label),
    body: parsed.value.body.replace(/^\n+/, ''),
    status: r.status === 'draft' ? 'draft' : 'published',
    slug: r.slug,
  };
}

type Checked = { ok: true; url: string; title: string; description: string | undefined; topics: string[] } | { ok: false; problems: Diagnostic[] };

function checkFields(input: RecordFields, index: OtherRecords, file: string, self: string | undefined): Checked {
  const problems: Diagnostic[] = [];
  const fail = (field: string, message: string, code: DiagnosticCode = 'invalid-field') => problems.push(diagnostic(code, file, message, { field }));
  const raw = input.url.trim();
  let url = '';
  if (!isWebUrl(raw)) fail('url', raw ? `"${raw}" is not a web address starting with https://` : 'give the address of the article', raw ? 'invalid-field' : 'missing-field');
  else {
    url = cleanLink(raw);
    const owner = index.linkOwner(linkKey(url));
    if (owner && owner !== self) fail('url', `this article is already curated in ${owner}`, 'already-curated');
  }
  const title = input.title?.replace(/\s+/g, ' ').trim() ?? '';
  if (!title) fail('title', 'the record needs a title', 'missing-field');
  const description = input.description?.replace(/\s+/g, ' ').trim() || undefined;
  const topics: string[] = [];
  for (const [i, name] of (input.topics ?? []).entries()) {
    if (!name.trim()) continue;
    const t = qualifiedTopicName.safeParse(name.replace(/-hash-/g, '#'));
    if (!t.success) fail(`topics[${i}]`, t.error.issues[0]!.message);
    else if (!topics.includes(t.data.name)) topics.push(t.data.name);
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, url, title, description, topics };
}

function topicFields(topics: string[]) {
  const refs = topics.map((t) => qualifiedTopicName.parse(t));
  return {
    categories: topics,
    categorySlug: topics.map((t) => t.toLowerCase()),
    categoryUrl: refs.map((t) => `topic/${t.slug}`),
    categoryLabel: refs.map((t) => t.label),
  };
}

function offeringEntries(wanted: string[], topics: string[], index: OtherRecords): OfferingEntry[] {
  const seen = new Set<string>();
  const entries: OfferingEntry[] = [];
  for (const name of wanted.map((w) => w.trim()).filter(Boolean)) {
    const entry = index.offeringEntry(name) ?? index.offeringEntry(slugify(name)) ?? { label: name, permalink: offeringPermalink(slugify(name)), categories: topics };
    if (seen.has(entry.permalink)) continue;
    seen.add(entry.permalink);
    entries.push(entry);
  }
  return entries;
}

/** A record's text: YAML front matter (Medigy's layout) and the body. */
export function recordText(data: Record<string, unknown>, body: string): string {
  return `---\n${yaml.dump(data, { lineWidth: 100, noRefs: true, quotingType: "'" })}---\n${body.trim() ? `${body.trim()}\n` : ''}`;
}
