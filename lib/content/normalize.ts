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

export function normalizeRecord(data: FrontMatter): FrontMatter {
  const out: FrontMatter = { ...data };

  out.title = trimmedText(data.title);
  out.description = trimmedText(data.description) ?? null;
  if (out.description === '') out.description = null;
  if (typeof data.slug === 'string') out.slug = data.slug.trim();

  for (const key of ['date', 'lastMod'] as const) {
    const raw = emptyToNull(data[key]);
    out[key] = raw === null || raw === undefined || raw === '' ? (key === 'lastMod' ? null : undefined) : parseRecordDate(raw) ?? raw;
  }

  const authors = asList(emptyToNull(data.author));
  out.author = Array.isArray(authors) ? authors.map(trimmedText).filter((a) => a !== null && a !== '') : authors;

  // The outbound link: `link` in current records, top-level `href`/`original` or the
  // OpenProject custom fields in older ones.
  const custom = (emptyToNull(data.openProjectCustomFields) ?? {}) as Record<string, unknown>;
  const link = emptyToNull(data.link);
  if (link && typeof link === 'object' && !Array.isArray(link)) {
    const l = link as Record<string, unknown>;
    out.link = { ...l, href: trimmedText(l.href ?? data.href ?? custom.sourceUrl), original: trimmedText(l.original) ?? null, brand: trimmedText(l.brand) };
  } else if (typeof link === 'string') {
    // Hand-written records may give the link as a plain address.
    out.link = { href: trimmedText(link), original: null };
  } else if (link === null || link === undefined) {
    const href = trimmedText(data.href ?? custom.cleanUrl ?? custom.sourceUrl);
    if (href !== undefined && href !== null) out.link = { href, original: trimmedText(data.original) ?? null };
  }
  const l = out.link as Record<string, unknown> | undefined;
  if (l && typeof l === 'object' && (l.brand === undefined || l.brand === null || l.brand === '')) {
    l.brand = typeof l.href === 'string' ? hostOf(l.href) : undefined;
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

  // Medigy marks a failed image download with `valid: false` and no href.
  const image = emptyToNull(data.featuredImage) ?? null;
  const imageObject = image && typeof image === 'object' && !Array.isArray(image) ? (image as Record<string, unknown>) : null;
  out.featuredImage = imageObject && (imageObject.valid === false || imageObject.href == null) ? null : image;
  out.openGraphMetaData = metadataObject(data.openGraphMetaData);
  out.twitterMetaData = metadataObject(data.twitterMetaData);

  // Medigy leaves `status` empty on published records.
  const status = trimmedText(data.status);
  out.status = status === null || status === undefined || status === '' ? 'published' : typeof status === 'string' ? status.toLowerCase() : status;

  if (typeof data.id === 'string' && /^\d+$/.test(data.id.trim())) out.id = Number(data.id.trim());
  if (data.id === undefined) out.id = null;
  return out;
}

export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}
