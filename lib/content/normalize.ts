import { authorNames } from './authors';
import { eventDetails, EVENT_STATUSES } from './event';
import { cleanExcerpt } from './excerpts';
import { recordKind } from './kinds';
import type { FieldWarning } from './problems';
import { publisherClaim } from './publishers';
import { decodeReferences } from './text';
import { brandSlug, slugify } from './slug';
import { emptyToNull, firstWebAddress, hostOf, isBlank, parseRecordDate, trimmedText, webAddress } from './values';
import { firstVideo } from './video';

export { parseRecordDate } from './values';

/**
 * Real Medigy records come in several shapes for the same information. This stage
 * rewrites the known variants into one canonical shape, keeping the editor's own field
 * names so that validation errors point at what the editor wrote. Anything it does not
 * recognise is passed through unchanged for validation to report.
 */

export type FrontMatter = Record<string, unknown>;

function asList(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return [];
  if (typeof value === 'string') return [value];
  return value;
}

/**
 * Field names as Medigy's older exports spell them (`Categories`, `contentcategories`,
 * `archeType`, `featuredimage`): read as the canonical field when that one is absent. A
 * spelling is a writer's habit, not a different field.
 */
const CANONICAL_FIELDS = [
  'title', 'slug', 'date', 'lastMod', 'description', 'author', 'link', 'categories', 'tags', 'aliases', 'archetype',
  'contentCategories', 'featuredImage', 'breadcrumbs', 'breadcrumbLinks', 'status', 'layout', 'relatedOfferings', 'communityTopics',
];

function withCanonicalFields(data: FrontMatter): FrontMatter {
  let out: FrontMatter | null = null;
  const lower = new Map<string, string>();
  for (const key of Object.keys(data)) if (!lower.has(key.toLowerCase())) lower.set(key.toLowerCase(), key);
  for (const field of CANONICAL_FIELDS) {
    if (field in data) continue;
    const spelled = lower.get(field.toLowerCase());
    if (spelled !== undefined) (out ??= { ...data })[field] = data[spelled];
  }
  return out ?? data;
}

/** `medigyTopics` is sometimes a JSON array inside a string. */
function topicList(value: unknown): unknown {
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return asList(value);
}

/** Medigy escapes `#` in topic names as `-hash-` (`Symplur: -hash-COVID19`). */
function topicName(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/-hash-/g, '#').replace(/\s+/g, ' ').trim() : value;
}

function metadataObject(value: unknown): unknown {
  value = emptyToNull(value);
  if (value === null || value === undefined) return {};
  // Some records wrap the metadata in a one-item list.
  if (Array.isArray(value) && value.every((v) => v === null || (typeof v === 'object' && !Array.isArray(v)))) {
    value = Object.assign({}, ...(value.filter(Boolean) as object[]));
  }
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value as object)) {
    const v = trimmedText(raw);
    if (v !== null && v !== undefined && v !== '') out[key] = v;
  }
  return out;
}

export type { FieldWarning } from './problems';

/** The first value of a metadata block given as a map or as a one-element list. */
function metadataField(block: unknown, key: string): unknown {
  const value = emptyToNull(block);
  if (Array.isArray(value)) return value.map((v) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined)).find((v) => v !== undefined && v !== null);
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/** The address of the closing "Read on example.com" (or "Watch on", "Listen on") link of a body. */
function readOnLink(body: string): string | undefined {
  const links = [...body.matchAll(/<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>\s*(?:Read|Watch|Listen|View)\s+(?:it\s+)?on\b[^<]*<\/a>|\[\s*(?:Read|Watch|Listen|View)\s+(?:it\s+)?on\b[^\]]*\]\(\s*<?([^)\s>]+)>?\s*\)/gi)];
  for (const m of links.reverse()) {
    const href = webAddress((m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').replace(/&amp;/g, '&'));
    if (href) return href;
  }
  return undefined;
}

/** Where an empty `link` sends the ingest looking for the article's address, in this order. */
export const ADDRESS_SOURCES = 'link.href, link.original, htmlMetaData ogurl, openGraphMetaData ogurl, openProjectCustomFields sourceUrl, and a closing "Read on …" link in the body';

/**
 * Hosts of Medigy's own site: a record whose "article" is there (`link.href:
 * www.medigy.com` on Medigy's own infographics) curates nothing; it is the site's own
 * writing, and this site is where it now lives.
 */
export const OWN_HOSTS: ReadonlySet<string> = new Set(['medigy.com']);

function isOwnAddress(address: string): boolean {
  const host = hostOf(address);
  return host !== undefined && [...OWN_HOSTS].some((own) => host === own || host.endsWith(`.${own}`));
}

/** An address written without its scheme (`www.medigy.com`, `example.org/page`): the web address it means; anything else as it is. */
function withScheme(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  return /^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/?#]\S*)?$/i.test(text) ? `https://${text}` : value;
}

/**
 * Medigy's statuses: empty and "published" (and "approved", on offerings) publish;
 * "draft" and the words for taken-down records do not; an event's own statuses (upcoming,
 * past, canceled: stale since the export) say nothing about publishing. Anything else
 * publishes, with a warning: a status is not worth refusing a record over.
 */
function recordStatus(value: unknown, warnings: FieldWarning[]): unknown {
  const status = trimmedText(value);
  if (status === null || status === undefined || status === '') return 'published';
  if (typeof status !== 'string') return status;
  const word = status.toLowerCase();
  if (word === 'published' || word === 'approved' || EVENT_STATUSES.has(word)) return 'published';
  if (['draft', 'unpublished', 'archived', 'deleted', 'withdrawn'].includes(word)) return 'draft';
  warnings.push({ code: 'unknown-status', field: 'status', message: `status "${status}" is not one this site knows ("published" or "draft"); the record is published` });
  return 'published';
}

/** The highest weight a pin may have: weights order pins, they are not scores. */
export const MAX_FEATURED_WEIGHT = 1000;

/**
 * An editor's pin (content/README.md, "Pinning items to the front page"): `featured: true`
 * is weight 1, a positive whole number is its own weight (larger leads), `false`, 0 or
 * nothing is no pin. Anything else pins nothing, with a warning: a pin is not worth
 * refusing a record over.
 */
function featuredWeight(value: unknown, warnings: FieldWarning[]): number {
  const given = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (given === undefined || given === null || given === '' || given === false || given === 0 || given === 'false' || given === 'no') return 0;
  if (given === true || given === 'true' || given === 'yes') return 1;
  const weight = typeof given === 'string' && /^\d{1,6}$/.test(given) ? Number(given) : given;
  if (typeof weight === 'number' && Number.isInteger(weight) && weight > 0) return Math.min(weight, MAX_FEATURED_WEIGHT);
  const shown = typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeof value === 'number' ? String(value) : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a block of fields' : String(value);
  warnings.push({ code: 'featured-value', field: 'featured', message: `featured is ${shown}; write true (or a positive whole number, larger leads) to pin the item to the front page. It is not pinned` });
  return 0;
}

/** A trail's step as text: Medigy's exports write a year as a number (`- 2021`) and an empty link as nothing. */
function trailStep(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : value;
}

/**
 * The record's fields in one shape. `warnings` receives what an editor should know of
 * optional metadata that was dropped or repaired (it never refuses a record); `body` is
 * where an address is looked for when the record's link is empty.
 *
 * Beyond the editor's own fields it sets what later stages read: `kind` (lib/content/kinds.ts,
 * a video when the record names one as what it curates), `video`, `event` (for events),
 * `publisherName` (what the record says the publisher is called), and `link: null` when
 * the record curates no article (the site's own writing: its body is the page).
 */
export function normalizeRecord(input: FrontMatter, warnings: FieldWarning[] = [], body = ''): FrontMatter {
  const data = withCanonicalFields(input);
  const out: FrontMatter = { ...data };

  const title = trimmedText(data.title);
  out.title = typeof title === 'string' ? decodeReferences(title).replace(/\s+/g, ' ').trim() : title;
  // A description without a closing "Read on …" or a log-in page's text (lib/content/excerpts.ts).
  const description = trimmedText(data.description);
  out.description = typeof description === 'string' ? cleanExcerpt(description) : (description ?? null);
  if (typeof data.slug === 'string') out.slug = data.slug.trim();

  const custom = (emptyToNull(data.openProjectCustomFields) ?? {}) as Record<string, unknown>;
  let kind = recordKind(data);

  // Feed items carry `pubDate`; events are dated by when they were published (their
  // `date` is when they start: lib/content/event.ts); offering-like records only `createdOn`.
  const dates = kind === 'event' ? [data.publishDate, data.date, data.pubDate, data.createdOn, data.lastMod] : [data.date, data.pubDate, data.publishDate, data.createdOn, data.lastMod];
  const date = dates.map(emptyToNull).find((d) => d !== null && d !== undefined && d !== '');
  out.date = date === undefined ? undefined : parseRecordDate(date) ?? date;
  const lastMod = emptyToNull(data.lastMod);
  out.lastMod = lastMod === null || lastMod === undefined || lastMod === '' ? null : parseRecordDate(lastMod) ?? lastMod;

  const authors = asList(emptyToNull(data.author));
  out.author = Array.isArray(authors) ? authorNames(authors.map(trimmedText).filter((a): a is string => typeof a === 'string' && a !== '')) : authors;

  // The outbound link: `link` in current records; top-level `href` (or `herf`, as older
  // exports misspell it, often as a one-item list), `original`, `cleanUrl`, `sourceUrl`
  // and `brand` in older ones; the page's metadata, the OpenProject fields or the body's
  // closing "Read on …" link when those are empty. None at all, or one on Medigy's own
  // site: the record curates nothing (`link: null`), it is the site's own writing.
  const linkValue = emptyToNull(data.link);
  const block = linkValue && typeof linkValue === 'object' && !Array.isArray(linkValue) ? (linkValue as Record<string, unknown>) : null;
  const givenHref = block ? (block.href ?? block.herf) : typeof linkValue === 'string' ? linkValue : (data.href ?? data.herf);
  const given = withScheme(trimmedText(Array.isArray(givenHref) && givenHref.length === 1 ? givenHref[0] : givenHref));
  const givenBrand = trimmedText(block ? block.brand : data.brand);
  if (!isBlank(given) && !(typeof given === 'string' && webAddress(given) && isOwnAddress(given))) {
    // An address the editor wrote: the schema says what is wrong with it, if anything.
    out.link = { ...(block ?? {}), href: given, original: firstWebAddress(block?.original, data.original) ?? null, brand: givenBrand || undefined };
  } else {
    const found = [
      firstWebAddress(block?.original, block?.herf, data.href, data.herf, data.original),
      webAddress(metadataField(data.htmlMetaData, 'ogurl')),
      webAddress(metadataField(data.openGraphMetaData, 'ogurl')),
      firstWebAddress(custom.sourceUrl, custom.cleanUrl, data.sourceUrl, data.cleanUrl),
      readOnLink(body),
    ].find((a) => a !== undefined && !isOwnAddress(a));
    out.link = found ? { href: found, original: null, brand: undefined } : null;
  }
  const l = out.link as Record<string, unknown> | null;
  if (l && (l.brand === undefined || l.brand === null || l.brand === '')) l.brand = typeof l.href === 'string' ? hostOf(l.href) : undefined;
  const articleUrl = typeof l?.href === 'string' ? l.href : undefined;

  // A video: the OpenProject field, the curated address, the page's player metadata, an
  // award's `youtube`, an event's recording. A record that curates one is a video.
  const og = metadataObject(data.openGraphMetaData) as Record<string, unknown>;
  const tw = metadataObject(data.twitterMetaData) as Record<string, unknown>;
  const curatedVideo = firstVideo([custom.videoUrl, data.videoUrl, articleUrl, l?.original]);
  const video = curatedVideo ?? firstVideo([og?.ogvideo, og?.ogvideourl, og?.ogvideosecure_url, tw?.twitterplayer, data.youtube, custom.videoRecordingUrl]);
  if (curatedVideo && kind === 'article') kind = 'video';
  out.video = video;
  out.kind = kind;
  out.event = kind === 'event' ? eventDetails(data, warnings) : null;

  if (kind === 'feed') {
    const feed = emptyToNull(data.feed);
    const f = feed && typeof feed === 'object' && !Array.isArray(feed) ? (feed as Record<string, unknown>) : {};
    const icon = imageRef(data.icon);
    out.feed = {
      title: trimmedText(f.title) || null,
      siteUrl: webAddress(f.site_url) ?? null,
      feedUrl: webAddress(f.feed_url) ?? null,
      icon,
    };
  }
  const brand = typeof l?.brand === 'string' ? l.brand : '';
  const feedTitle = kind === 'feed' ? (out.feed as { title: unknown }).title : null;
  out.publisherName = brand ? publisherClaim(typeof feedTitle === 'string' ? feedTitle : typeof og?.ogsite_name === 'string' ? og.ogsite_name : null, brand) : null;

  // Records written by hand may leave the slug out: build it as Medigy does,
  // from the publisher's short name and the title.
  // The site's own writing has no publisher: its slug is its title's.
  if ((out.slug === undefined || out.slug === null || out.slug === '') && typeof out.title === 'string') {
    out.slug = (typeof l?.brand === 'string' ? `${brandSlug(l.brand)}-${slugify(out.title)}` : slugify(out.title)).slice(0, 200).replace(/-+$/, '') || undefined;
  }

  // Topics: `categories`, or `communityTopics` when categories is empty, or the
  // OpenProject field `medigyTopics` (an array or a JSON string).
  let categories = topicList(emptyToNull(data.categories));
  if (Array.isArray(categories) && categories.length === 0) {
    const community = topicList(emptyToNull(data.communityTopics));
    const medigy = topicList(emptyToNull(custom.medigyTopics));
    if (Array.isArray(community) && community.length) categories = community;
    else if (Array.isArray(medigy) && medigy.length) categories = medigy;
  }
  out.categories = Array.isArray(categories) ? categories.map(topicName) : categories;
  out.categoryUrl = asList(emptyToNull(data.categoryUrl));

  const tags = asList(emptyToNull(data.tags));
  out.tags = Array.isArray(tags) ? tags.map(trimmedText).filter((t) => t !== null && t !== '') : tags;
  out.aliases = asList(emptyToNull(data.aliases));
  out.relatedOfferings = asList(emptyToNull(data.relatedOfferings));
  out.breadcrumbs = asList(emptyToNull(data.breadcrumbs));
  out.breadcrumbLinks = asList(emptyToNull(data.breadcrumbLinks));
  if (Array.isArray(out.breadcrumbs) && Array.isArray(out.breadcrumbLinks)) {
    // A step with no label (Medigy's exports leave some empty) is no step: it goes with its link.
    const labels = out.breadcrumbs.map(trailStep);
    const links = out.breadcrumbLinks.map(trailStep);
    const kept = labels.flatMap((label, i) => (label === '' ? [] : [i]));
    out.breadcrumbs = kept.map((i) => labels[i]);
    out.breadcrumbLinks = [...kept.filter((i) => i < links.length).map((i) => links[i]), ...links.slice(labels.length)];
  }

  // Medigy marks a failed image download with `valid: false` and no href; offering-like
  // records name the file as a path (`/offering/5413.png`).
  out.featuredImage = imageRef(data.featuredImage);
  out.openGraphMetaData = socialBlock(data.openGraphMetaData, 'openGraphMetaData', articleUrl, warnings);
  out.twitterMetaData = socialBlock(data.twitterMetaData, 'twitterMetaData', articleUrl, warnings);

  out.status = recordStatus(data.status, warnings);
  out.featured = featuredWeight(data.featured, warnings);
  out.imported = isImported(data);

  if (typeof data.id === 'string' && /^\d+$/.test(data.id.trim())) out.id = Number(data.id.trim());
  if (data.id === undefined) out.id = null;
  return out;
}

/**
 * Whether a record was exported from Medigy's site rather than written here: the marks its
 * tools left (`mdName`, OpenProject's fields, a `source` like `open-project-curations`,
 * `dropmark-curations`, `Opsfolio-curations`, `WordPress-curations`). What such a record
 * lacks was lost before it came here; no editor can be asked why.
 */
export function isImported(data: FrontMatter): boolean {
  if (typeof data.source === 'string' && /-curations$/i.test(data.source.trim())) return true;
  return ['mdName', 'openProjectWorkPackageType', 'owlType', 'openProjectCustomFields'].some((key) => key in data);
}

/** An image file named by a record: an object with `href` (Medigy's), or a bare file name or path. */
export function imageRef(value: unknown): unknown {
  const image = emptyToNull(value) ?? null;
  // A path on Medigy's site (`/offering/5413.png`): the file beside the record has its name.
  if (typeof image === 'string') return image.trim() ? { href: image.trim().split('/').pop() } : null;
  if (!image || typeof image !== 'object' || Array.isArray(image)) return image;
  const i = image as Record<string, unknown>;
  if (i.valid === false || i.href == null || i.href === '') return null;
  return i;
}

/**
 * Open Graph or Twitter metadata: text values kept; addresses (keys ending in url or
 * image) kept when they are web addresses, resolved against the article's address when
 * relative (`/content/dam/…`), else dropped with a warning when a page would use them.
 */
function socialBlock(value: unknown, field: string, base: string | undefined, warnings: FieldWarning[]): unknown {
  const meta = metadataObject(value);
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) return meta;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(meta as Record<string, unknown>)) {
    if (typeof v !== 'string') continue;
    if (!/(image|url)$/i.test(key)) {
      out[key] = v;
      continue;
    }
    const absolute = webAddress(v) ?? (base && v.startsWith('/') && !v.startsWith('//') ? new URL(v, base).toString() : undefined);
    if (absolute) out[key] = absolute;
    else if (/^(ogimage|twitterimage|ogurl)$/i.test(key)) warnings.push({ code: 'not-a-web-address', field: `${field}.${key}`, message: `"${v.slice(0, 80)}" is not a web address; it is left out` });
  }
  return out;
}

/** The social links of an offering record, by the names Medigy gives them. */
const SOCIAL_FIELDS = { websiteUrl: 'website', facebookUrl: 'facebook', twitterUrl: 'twitter', linkedInUrl: 'linkedin', instagramUrl: 'instagram', githubUrl: 'github', youtubeUrl: 'youtube' } as const;

/**
 * Blocks in which Medigy's 2021H2 offering layout (`layOut: offering-single-2021H2-…`)
 * files the fields older offering records keep at the top: `productDetails`
 * (offeringType, shortDescription, aliases, createdOn, featuredImage, offeringLogo,
 * organization), `additionalProductDetails` (websiteUrl), `respondantContactInformation`
 * (vendorName, companyName), `SocialPresence` (the social URLs), `pageInfo` (slug).
 */
const OFFERING_BLOCKS = ['productDetails', 'additionalProductDetails', 'respondantContactInformation', 'SocialPresence', 'socialPresence', 'pageInfo'];

/** Whether front matter is one of Medigy's offering records (a product's profile), of any layout, not a curated link. */
export function isOfferingRecord(input: FrontMatter): boolean {
  const data = withCanonicalFields(input);
  const layout = data.layout ?? data.layOut;
  if (typeof layout === 'string' && /^offering-single(?:$|-)/i.test(layout.trim())) return true;
  const details = emptyToNull(data.productDetails);
  if (details && typeof details === 'object' && !Array.isArray(details) && !('link' in data)) return true;
  return typeof data.vendorName === 'string' && ('offeringType' in data || 'websiteUrl' in data) && !('link' in data);
}

/**
 * An offering record's fields, its layout's blocks flattened: a field at the top wins;
 * else the first block that gives it. `paths` says where each came from, for messages.
 */
function offeringFields(data: FrontMatter): { fields: FrontMatter; paths: Map<string, string> } {
  const fields: FrontMatter = { ...data };
  const paths = new Map<string, string>();
  for (const blockName of OFFERING_BLOCKS) {
    const block = emptyToNull(data[blockName]);
    if (!block || typeof block !== 'object' || Array.isArray(block)) continue;
    for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
      if (!isBlank(fields[key])) continue;
      if (isBlank(value)) continue;
      fields[key] = value;
      paths.set(key, `${blockName}.${key}`);
    }
  }
  return { fields, paths };
}

/**
 * An offering record in one shape, whatever its layout: `Nil` and blanks are nothing, the
 * title trimmed, the vendor (`vendorName`, else the company's or the organization's
 * name), the social links that are web addresses (others dropped with a warning), the
 * images as files beside the record (`/offering/5413.png` names `5413.png`), `createdOn`
 * (epoch milliseconds, or seconds) its date.
 */
export function normalizeOffering(input: FrontMatter, warnings: FieldWarning[] = []): FrontMatter {
  const { fields: data, paths } = offeringFields(withCanonicalFields(input));
  const where = (key: string) => paths.get(key) ?? key;
  const out: FrontMatter = { ...data };
  out.title = trimmedText(data.title);
  out.slug = typeof data.slug === 'string' && data.slug.trim() ? data.slug.trim() : typeof out.title === 'string' ? slugify(out.title) : undefined;
  for (const key of ['vendorName', 'offeringType', 'shortDescription']) out[key] = trimmedText(data[key]) || null;
  out.vendorName ??= trimmedText(data.companyName) || trimmedText(data.organization) || null;
  const links: Record<string, string> = {};
  for (const [field, name] of Object.entries(SOCIAL_FIELDS)) {
    const raw = trimmedText(data[field]);
    if (raw === null || raw === undefined || raw === '') continue;
    const address = webAddress(raw) ?? (typeof raw === 'string' && /^[\w.-]+\.[a-z]{2,}(\/\S*)?$/i.test(raw) ? webAddress(`https://${raw}`) : undefined);
    if (address) links[name] = address;
    else warnings.push({ code: 'not-a-web-address', field: where(field), message: `"${String(raw).slice(0, 80)}" is not a web address; the link is left out` });
  }
  out.links = links;
  const date = [data.createdOn, data.date].map(emptyToNull).find((d) => d !== null && d !== undefined && d !== '');
  out.date = date === undefined ? null : parseRecordDate(date) ?? null;
  const updated = emptyToNull(data.updatedOn ?? data.lastMod);
  out.lastMod = updated === null || updated === undefined ? null : parseRecordDate(updated);
  const categories = topicList(emptyToNull(data.categories));
  out.categories = Array.isArray(categories) ? categories.map(topicName) : categories;
  out.aliases = asList(emptyToNull(data.aliases));
  out.featuredImage = imageRef(data.featuredImage);
  out.offeringLogo = imageRef(data.offeringLogo);
  out.status = recordStatus(data.status, warnings);
  if (typeof data.id === 'string' && /^\d+$/.test(data.id.trim())) out.id = Number(data.id.trim());
  if (typeof out.id !== 'number' || !Number.isInteger(out.id)) out.id = null;
  return out;
}
