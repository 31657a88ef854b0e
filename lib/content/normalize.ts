import type { DiagnosticCode } from './problems';
import { brandSlug, slugify } from './slug';

/**
 * Real Medigy records come in several shapes for the same information. This stage
 * rewrites the known variants into one canonical shape, keeping the editor's own field
 * names so that validation errors point at what the editor wrote. Anything it does not
 * recognise is passed through unchanged for validation to report.
 */

export type FrontMatter = Record<string, unknown>;

/** `[null]` (Medigy's empty metadata) and `Nil` mean "no value". */
function emptyToNull(value: unknown): unknown {
  if (Array.isArray(value) && value.length === 1 && value[0] === null) return null;
  if (value === 'Nil') return null;
  return value;
}

function asList(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return [];
  if (typeof value === 'string') return [value];
  return value;
}

/** Dates come as `2023-02-02`, `2023-02-02T09:10:39.415850Z`, or with an offset. */
export function parseRecordDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value); // epoch ms (offering records)
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (!match) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = match;
  const ms = frac ? Math.round(Number(frac) * 1000) : 0;
  const offset = zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${String(ms).padStart(3, '0')}${offset}`);
  // Reject impossible calendar dates that Date would silently roll over (2023-02-30).
  if (Number.isNaN(date.getTime())) return null;
  if (zone === 'Z' && date.getUTCDate() !== Number(d)) return null;
  return date;
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

function trimmedText(value: unknown): unknown {
  value = emptyToNull(value);
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : value;
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

/** Something an editor should know about a record that still publishes. */
export interface FieldWarning {
  code: DiagnosticCode;
  field?: string;
  message: string;
}

/** A web address in a metadata value or an attribute: trimmed, http(s), with a host. */
function webAddress(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!/^https?:\/\//i.test(text)) return undefined;
  try {
    const url = new URL(text);
    return url.hostname ? text : undefined;
  } catch {
    return undefined;
  }
}

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
 * What kind of item a record is, by Medigy's own fields: a video (archetype media-video),
 * an item from a feed reader (external-bookmark-feed, or a `feed` block), a curated
 * offering (profile-offering), or an article.
 */
function itemKind(data: FrontMatter): 'article' | 'video' | 'feed' | 'offering' {
  const archetype = typeof data.archetype === 'string' ? data.archetype.trim().toLowerCase() : '';
  if (archetype === 'media-video') return 'video';
  if (archetype === 'external-bookmark-feed' || (data.feed && typeof data.feed === 'object')) return 'feed';
  if (archetype === 'profile-offering') return 'offering';
  return 'article';
}

/**
 * Medigy's statuses: empty and "published" (and "approved", on offerings) publish;
 * "draft" and the words for taken-down records do not. Anything else publishes, with a
 * warning: a status is not worth refusing a record over.
 */
function recordStatus(value: unknown, warnings: FieldWarning[]): unknown {
  const status = trimmedText(value);
  if (status === null || status === undefined || status === '') return 'published';
  if (typeof status !== 'string') return status;
  const word = status.toLowerCase();
  if (word === 'published' || word === 'approved') return 'published';
  if (['draft', 'unpublished', 'archived', 'deleted', 'withdrawn'].includes(word)) return 'draft';
  warnings.push({ code: 'unknown-status', field: 'status', message: `status "${status}" is not one this site knows ("published" or "draft"); the record is published` });
  return 'published';
}

/**
 * The record's fields in one shape. `warnings` receives what an editor should know of
 * optional metadata that was dropped or repaired (it never refuses a record); `body` is
 * where an address is looked for when the record's link is empty.
 */
export function normalizeRecord(data: FrontMatter, warnings: FieldWarning[] = [], body = ''): FrontMatter {
  const out: FrontMatter = { ...data };

  out.title = trimmedText(data.title);
  out.description = trimmedText(data.description) ?? null;
  if (out.description === '') out.description = null;
  if (typeof data.slug === 'string') out.slug = data.slug.trim();

  // Feed items carry `pubDate`; offering-like records only `createdOn`.
  const date = [data.date, data.pubDate, data.createdOn].map(emptyToNull).find((d) => d !== null && d !== undefined && d !== '');
  out.date = date === undefined ? undefined : parseRecordDate(date) ?? date;
  const lastMod = emptyToNull(data.lastMod);
  out.lastMod = lastMod === null || lastMod === undefined || lastMod === '' ? null : parseRecordDate(lastMod) ?? lastMod;

  const authors = asList(emptyToNull(data.author));
  out.author = Array.isArray(authors) ? authors.map(trimmedText).filter((a) => a !== null && a !== '') : authors;

  // The outbound link: `link` in current records, top-level `href`/`original` or the
  // OpenProject custom fields in older ones. An empty one is looked for elsewhere.
  const custom = (emptyToNull(data.openProjectCustomFields) ?? {}) as Record<string, unknown>;
  const link = emptyToNull(data.link);
  if (link && typeof link === 'object' && !Array.isArray(link)) {
    const l = link as Record<string, unknown>;
    out.link = { ...l, href: trimmedText(l.href ?? data.href), original: trimmedText(l.original) || null, brand: trimmedText(l.brand) };
  } else if (typeof link === 'string') {
    // Hand-written records may give the link as a plain address.
    out.link = { href: trimmedText(link), original: null };
  } else if (link === null || link === undefined) {
    out.link = { href: trimmedText(data.href ?? custom.cleanUrl ?? custom.sourceUrl) ?? '', original: trimmedText(data.original) ?? null };
  }
  const l = out.link as Record<string, unknown> | undefined;
  if (l && typeof l === 'object' && (l.href === undefined || l.href === null || l.href === '')) {
    // Curated news with `link: {brand: '', href: ''}`: the address is in the page's
    // metadata, the OpenProject fields, or the body's closing "Read on …" link.
    const found =
      webAddress(l.original) ??
      webAddress(metadataField(data.htmlMetaData, 'ogurl')) ??
      webAddress(metadataField(data.openGraphMetaData, 'ogurl')) ??
      webAddress(custom.sourceUrl) ??
      webAddress(custom.cleanUrl) ??
      readOnLink(body);
    if (found) {
      l.href = found;
      l.brand = undefined;
    } else {
      out.link = undefined;
    }
  }
  if (out.link && l && typeof l === 'object' && (l.brand === undefined || l.brand === null || l.brand === '')) {
    l.brand = typeof l.href === 'string' ? hostOf(l.href) : undefined;
  }
  const articleUrl = typeof l?.href === 'string' ? l.href : undefined;

  out.kind = itemKind(data);
  if (out.kind === 'feed') {
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

  // Records written by hand may leave the slug out: build it as Medigy does,
  // from the publisher's short name and the title.
  if ((out.slug === undefined || out.slug === null || out.slug === '') && typeof out.title === 'string' && typeof l?.brand === 'string') {
    out.slug = `${brandSlug(l.brand)}-${slugify(out.title)}`.slice(0, 200).replace(/-+$/, '');
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
  if (Array.isArray(out.breadcrumbs)) out.breadcrumbs = out.breadcrumbs.map(trimmedText);

  // Medigy marks a failed image download with `valid: false` and no href; offering-like
  // records name the file as a path (`/offering/5413.png`).
  out.featuredImage = imageRef(data.featuredImage);
  out.openGraphMetaData = socialBlock(data.openGraphMetaData, 'openGraphMetaData', articleUrl, warnings);
  out.twitterMetaData = socialBlock(data.twitterMetaData, 'twitterMetaData', articleUrl, warnings);

  out.status = recordStatus(data.status, warnings);

  if (typeof data.id === 'string' && /^\d+$/.test(data.id.trim())) out.id = Number(data.id.trim());
  if (data.id === undefined) out.id = null;
  return out;
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

export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}

/** The social links of an offering record, by the names Medigy gives them. */
const SOCIAL_FIELDS = { websiteUrl: 'website', facebookUrl: 'facebook', twitterUrl: 'twitter', linkedInUrl: 'linkedin', instagramUrl: 'instagram', githubUrl: 'github', youtubeUrl: 'youtube' } as const;

/** Whether front matter is one of Medigy's offering records (a product's profile), not a curated link. */
export function isOfferingRecord(data: FrontMatter): boolean {
  const layout = data.layOut ?? data.layout;
  if (typeof layout === 'string' && layout.trim().toLowerCase() === 'offering-single') return true;
  return typeof data.vendorName === 'string' && ('offeringType' in data || 'websiteUrl' in data) && !('link' in data);
}

/**
 * An offering record in one shape: `Nil` and blanks are nothing, the title trimmed, the
 * social links that are web addresses (others dropped with a warning), the images as
 * files beside the record (`/offering/5413.png` names `5413.png`), `createdOn` (epoch
 * milliseconds) its date.
 */
export function normalizeOffering(data: FrontMatter, warnings: FieldWarning[] = []): FrontMatter {
  const out: FrontMatter = { ...data };
  out.title = trimmedText(data.title);
  out.slug = typeof data.slug === 'string' ? data.slug.trim() : typeof out.title === 'string' ? slugify(out.title) : undefined;
  for (const key of ['vendorName', 'offeringType', 'shortDescription']) out[key] = trimmedText(data[key]) || null;
  const links: Record<string, string> = {};
  for (const [field, name] of Object.entries(SOCIAL_FIELDS)) {
    const raw = trimmedText(data[field]);
    if (raw === null || raw === undefined || raw === '') continue;
    const address = webAddress(raw) ?? (typeof raw === 'string' && /^[\w.-]+\.[a-z]{2,}(\/\S*)?$/i.test(raw) ? webAddress(`https://${raw}`) : undefined);
    if (address) links[name] = address;
    else warnings.push({ code: 'not-a-web-address', field, message: `"${String(raw).slice(0, 80)}" is not a web address; the link is left out` });
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
