import { z } from 'zod';
import { addressKind, canonicalAddress } from '../urls/addresses';
import { routes } from '../urls/pages';
import type { EventDetails } from './event';
import { ITEM_KINDS } from './kinds';
import type { VideoDetails } from './video';
import { SLUG_PATTERN, slugify, topicSlug } from './slug';

/**
 * The record format (Medigy's), validated after normalize. Every message is written
 * for an editor: it says what is wrong with the value and how a good one looks.
 * Transforms turn the editor's fields into the shapes the store needs.
 */

const describe = (input: unknown) => {
  if (input === undefined) return 'nothing';
  const text = typeof input === 'string' ? JSON.stringify(input) : JSON.stringify(input) ?? String(input);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

const text = (what: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined || iss.input === null ? `${what} is missing` : `${what} must be text, not ${describe(iss.input)}`) })
    .min(1, { error: `${what} is empty` })
    .max(5000, { error: `${what} is longer than 5,000 characters` });

const optionalText = (what: string) =>
  z
    .string({ error: (iss) => `${what} must be text, not ${describe(iss.input)}` })
    .max(20000, { error: `${what} is longer than 20,000 characters` })
    .nullable()
    .optional()
    .transform((v) => v ?? null);

export function isWebUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const webUrl = (what: string) =>
  z
    .string({ error: (iss) => (iss.input == null ? `${what} is missing` : `${what} must be a web address, not ${describe(iss.input)}`) })
    .refine(isWebUrl, { error: (iss) => `${what} must be a web address starting with https:// (found ${describe(iss.input)})` });

const date = (what: string) =>
  z.date({
    error: (iss) =>
      iss.input === undefined || iss.input === null
        ? `${what} is missing; write it as 2023-02-02 or 2023-02-02T09:10:39Z`
        : `${describe(iss.input)} is not a date; write it as 2023-02-02 or 2023-02-02T09:10:39Z`,
  });

const list = <T extends z.ZodType>(what: string, item: T) =>
  z.array(item, { error: (iss) => `${what} must be a list (lines starting with "- "), not ${describe(iss.input)}` });

export interface TopicRef {
  /** "Collection: Label", as editors write it. */
  name: string;
  collection: string;
  label: string;
  slug: string;
}

// A corpus names the same few hundred topics over and over; slugifying is the
// costly part of reading one, so remember the answers (bounded, for hostile input).
const topicCache = new Map<string, TopicRef | null>();

/**
 * The collection of topics named without one: older records carry bare categories
 * (`ai`, `telemedicine`), each a topic of its own at /topic/<label> (`/topic/ai`).
 */
export const BARE_COLLECTION = 'General';

function readTopicName(name: string): TopicRef | null {
  let topic = topicCache.get(name);
  if (topic !== undefined) return topic;
  const colon = name.indexOf(':');
  const collection = colon > 0 ? name.slice(0, colon).trim() : '';
  const label = colon > 0 ? name.slice(colon + 1).trim() : name.trim();
  if (!collection) {
    const slug = slugify(label);
    topic = slug ? { name: label, collection: BARE_COLLECTION, label, slug } : null;
  } else {
    const slug = label ? topicSlug(collection, label) : '';
    topic = slug ? { name: `${collection}: ${label}`, collection, label, slug } : null;
  }
  if (topicCache.size > 50_000) topicCache.clear();
  topicCache.set(name, topic);
  return topic;
}

const topicText = () => z.string({ error: (iss) => `a topic must be text like "Healthcare IT News: Digital Health", not ${describe(iss.input)}` });
const topicRef = (name: string, ctx: z.RefinementCtx, qualified: boolean): TopicRef => {
  const topic = readTopicName(name);
  if (!topic || (qualified && !name.includes(':'))) {
    ctx.addIssue({ code: 'custom', params: { diagnostic: 'topic-format' }, message: `topic ${describe(name)} must be written "Collection: Label", e.g. "Healthcare IT News: Digital Health"` });
    return z.NEVER;
  }
  return { ...topic };
};

/** A topic as records name it: "Collection: Label", or a bare label (a topic of its own). */
export const topicName = topicText().transform((name, ctx) => topicRef(name, ctx, false));

/** A topic as new records and the taxonomy must name it: "Collection: Label". */
export const qualifiedTopicName = topicText().transform((name, ctx) => topicRef(name, ctx, true));

const slug = (what: string) =>
  z
    .string({ error: (iss) => (iss.input == null ? `${what} is missing` : `${what} must be text, not ${describe(iss.input)}`) })
    .max(200, { error: `${what} is longer than 200 characters` })
    .regex(SLUG_PATTERN, {
      error: (iss) => `${what} ${describe(iss.input)} may only use letters, digits, "-", "_" and "." (not first, nor two in a row), e.g. "healthcareitnews-health-system-resilience"`,
    });

/**
 * A related offering's `permalink` as records write it: Medigy's form (`/offering/<slug>`),
 * which names the offering by its slug whatever address our offering pages have
 * (lib/urls/pages.ts). What the schema below reads back.
 */
export function offeringPermalink(slug: string): string {
  return `/offering/${slug}`;
}

const offering = z
  .object(
    {
      label: text('the offering label'),
      permalink: z
        .string({ error: 'the offering permalink must be text like "/offering/luscii-platform"' })
        .regex(/^\/offering\/[a-z0-9]+(?:-[a-z0-9]+)*\/?$/, { error: (iss) => `the offering permalink must look like "/offering/luscii-platform" (found ${describe(iss.input)})` })
        .nullable()
        .optional(),
      categories: list('the offering categories', topicName).nullable().optional(),
      offeringId: z.union([z.number().int(), z.null()], { error: 'offeringId must be a whole number' }).optional(),
    },
    { error: (iss) => `each related offering needs a label and a permalink, not ${describe(iss.input)}` },
  )
  .transform((o) => ({
    label: o.label.trim(),
    slug: o.permalink ? o.permalink.replace(/^\/offering\//, '').replace(/\/$/, '') : slugify(o.label),
    offeringId: o.offeringId ?? null,
    topics: o.categories ?? [],
  }));

const imageFile = z
  .string({ error: 'the image file name must be text' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:jpe?g|png|gif|webp|avif|svg|ico)$/i, {
    error: (iss) => `the image must be a file name beside the record, like "my-item-featuredImage.jpeg" (found ${describe(iss.input)})`,
  });

const featuredImage = z
  .object(
    {
      href: imageFile,
      alt: z.string().nullable().optional(),
      size: z.array(z.number().int().positive(), { error: 'size must be [width, height] in pixels' }).length(2, { error: 'size must be [width, height] in pixels' }).nullable().optional(),
    },
    { error: 'featuredImage must have an href (the image file name) and may have alt and size' },
  )
  .nullable()
  .optional()
  .transform((img) =>
    img ? { href: img.href, alt: img.alt?.trim() || null, width: img.size?.[0] ?? null, height: img.size?.[1] ?? null } : null,
  );

/**
 * A step of a record's trail: any text (an empty or `'#'` step is the page itself, an
 * external address is shown as text), but never an address of the site's machinery,
 * which no section can take over.
 */
const breadcrumbLink = z.string({ error: 'each breadcrumb link must be text' }).superRefine((link, ctx) => {
  const href = canonicalAddress(link);
  if (href !== null && addressKind(href) === 'reserved') {
    ctx.addIssue({
      code: 'custom',
      params: { diagnostic: 'reserved-address' },
      message: `"${link.slice(0, 120)}" is an address of the site's own pages; a breadcrumb can lead to a page that exists (/news, /topic/…, /offering/…) or to a section of its own (like /communities/pandemic), not under /${href.slice(1).split('/')[0]}`,
    });
  }
});

const aliasPath = z
  .string({ error: 'each alias must be a path like "/news/old-title"' })
  .max(500, { error: 'an alias is longer than 500 characters' })
  .regex(/^\/(?!\/)[^\s?#\\]*$/, { error: (iss) => `an alias must be a path on this site starting with "/", like "/news/old-title" (found ${describe(iss.input)})` })
  .refine((p) => !p.split('/').includes('..'), { error: 'an alias may not contain ".."' });

/** Social metadata: text values (normalize kept only web addresses where addresses belong). Optional: never a refusal. */
const socialMeta = z
  .unknown()
  .transform((meta): Record<string, string> =>
    meta && typeof meta === 'object' && !Array.isArray(meta) ? Object.fromEntries(Object.entries(meta).filter((e): e is [string, string] => typeof e[1] === 'string')) : {},
  );

const feedBlock = z
  .object({ title: z.string().nullable(), siteUrl: z.string().nullable(), feedUrl: z.string().nullable(), icon: z.unknown() })
  .optional()
  .transform((f) => {
    if (!f) return null;
    const icon = f.icon && typeof f.icon === 'object' ? (f.icon as Record<string, unknown>) : null;
    const href = typeof icon?.href === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:ico|png|gif|jpe?g|webp|svg)$/i.test(icon.href) ? icon.href : null;
    const size = Array.isArray(icon?.size) ? (icon!.size as unknown[]) : [];
    return {
      title: f.title,
      siteUrl: f.siteUrl,
      feedUrl: f.feedUrl,
      icon: href ? { href, alt: null, width: typeof size[0] === 'number' ? size[0] : null, height: typeof size[1] === 'number' ? size[1] : null } : null,
    };
  });

/**
 * `alsoCoveredBy`: other publishers' articles about the same story, as the news desk
 * links them when an editor accepts one of them (`[{title, href, brand}]`). Optional
 * metadata: entries without a web address are left out, never a refusal.
 */
const alsoCoveredBy = z
  .unknown()
  .optional()
  .transform((value): { title: string; href: string; brand: string | null }[] =>
    (Array.isArray(value) ? value : []).flatMap((entry) => {
      const e = entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
      const href = typeof e.href === 'string' ? e.href.trim() : '';
      if (!isWebUrl(href)) return [];
      const title = typeof e.title === 'string' && e.title.trim() ? e.title.replace(/\s+/g, ' ').trim().slice(0, 500) : href;
      return [{ title, href, brand: typeof e.brand === 'string' && e.brand.trim() ? e.brand.trim() : null }];
    }),
  );

export const newsRecordSchema = z
  .object({
    id: z.union([z.number().int(), z.null()], { error: 'id must be a whole number' }),
    title: text('the title'),
    slug: slug('the slug'),
    description: optionalText('the description'),
    date: date('the date'),
    lastMod: date('lastMod').nullable(),
    author: list('author', text('an author name')),
    // null: the record curates no article (normalize found no address anywhere): it is the
    // site's own writing, published when it has a body or an image (lib/content/prepare.ts).
    link: z
      .object(
        {
          brand: text('link.brand (the publisher, e.g. healthcareitnews.com)'),
          href: webUrl('the link'),
          // Optional metadata: an original address that is not one is just not shown.
          original: z.unknown().transform((v) => (typeof v === 'string' && isWebUrl(v) ? v : null)),
        },
        { error: (iss) => `link must be the article's address, or a block with href (the address) and brand, not ${describe(iss.input)}` },
      )
      .nullable(),
    // Real records sometimes carry no topic at all; they still appear in /news.
    categories: list('categories', topicName),
    tags: list('tags', text('a tag').max(100)),
    aliases: list('aliases', aliasPath),
    relatedOfferings: list('relatedOfferings', offering),
    breadcrumbs: list('breadcrumbs', text('a breadcrumb')),
    breadcrumbLinks: list('breadcrumbLinks', breadcrumbLink),
    featuredImage,
    openGraphMetaData: socialMeta,
    twitterMetaData: socialMeta,
    kind: z.enum(ITEM_KINDS),
    feed: feedBlock,
    // Set by normalize from the record's own fields (lib/content/video.ts, event.ts, publishers.ts), never refusing it.
    video: z.custom<VideoDetails | null>(),
    event: z.custom<EventDetails | null>(),
    publisherName: z.string().nullable(),
    imported: z.boolean(),
    status: z.enum(['published', 'draft'], { error: (iss) => `status must be "published" or "draft" (or empty), not ${describe(iss.input)}` }),
    alsoCoveredBy,
    // Set by normalize (featuredWeight): 0, or an editor's pin and its weight; never refusing a record.
    featured: z.number().int().min(0),
  })
  .transform((r) => ({
    recordId: r.id,
    slug: r.slug,
    title: r.title,
    description: r.description,
    date: r.date,
    lastMod: r.lastMod,
    authors: dedupe(r.author),
    link: r.link,
    topics: dedupeBy(r.categories, (t) => t.slug),
    tags: dedupe(r.tags),
    aliases: dedupe(r.aliases.map((a) => (a.length > 1 ? a.replace(/\/+$/, '') : a))),
    offerings: dedupeBy(r.relatedOfferings, (o) => o.slug),
    breadcrumbs: breadcrumbTrail(r.breadcrumbs, r.breadcrumbLinks, r.title),
    featuredImage: r.featuredImage,
    socialMeta: { ...r.openGraphMetaData, ...r.twitterMetaData },
    status: r.status,
    kind: r.kind,
    feed: r.feed,
    video: r.video ?? null,
    event: r.event ?? null,
    publisherName: r.publisherName,
    imported: r.imported,
    alsoCoveredBy: r.alsoCoveredBy,
    featured: r.featured,
  }));

export type NewsFields = z.output<typeof newsRecordSchema>;
export type Breadcrumb = { label: string; href: string | null };

/**
 * A record's trail (`breadcrumbs` labels, `breadcrumbLinks` addresses), as the pages
 * show it: internal addresses in their one form (lib/urls/addresses.ts), anything
 * else (`''`, `'#'`, an external address) as text. Two steps in a row that lead to one
 * address are one step, named by the first (Medigy's "Feeds › Latest" both lead to
 * /feed/latest: the page of feed items, "Feeds"). The last step is the item itself when its link is empty or `'#'`;
 * a trail that ends at a section gets the item's title after it. No trail at all is
 * Home › News › the title.
 */
function breadcrumbTrail(labels: string[], links: string[], title: string): Breadcrumb[] {
  if (labels.length === 0) {
    return [
      { label: 'Home', href: routes.home() },
      { label: 'News', href: routes.newsList() },
      { label: title, href: null },
    ];
  }
  const trail: Breadcrumb[] = [];
  labels.forEach((label, i) => {
    const href = canonicalAddress(links[i] ?? '');
    const previous = trail.at(-1);
    if (href === null || previous?.href !== href) trail.push({ label, href });
  });
  const lastLink = (links[labels.length - 1] ?? '').trim();
  if (lastLink === '' || lastLink === '#') trail.at(-1)!.href = null;
  else trail.push({ label: title, href: null });
  return trail;
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

function dedupeBy<T>(values: T[], key: (v: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(key(v)) ? false : (seen.add(key(v)), true)));
}

const imageObject = (what: string) =>
  z
    .object(
      {
        href: imageFile,
        alt: z.string().nullable().optional(),
        size: z.array(z.number().int().positive()).length(2).nullable().optional(),
      },
      { error: `${what} must name an image file beside the record` },
    )
    .nullable()
    .optional()
    .transform((img) => (img ? { href: img.href, alt: img.alt?.trim() || null, width: img.size?.[0] ?? null, height: img.size?.[1] ?? null } : null));

/**
 * An offering record (Medigy's `layOut: offering-single`): a product's profile. Only a
 * name and a slug are needed for a page; everything else is optional and shown when given.
 */
export const offeringRecordSchema = z
  .object({
    id: z.number().int().nullable(),
    title: text('the offering name (title)'),
    slug: slug('the slug'),
    vendorName: z.string().nullable(),
    offeringType: z.string().nullable(),
    shortDescription: z.string().max(5000, { error: 'shortDescription is longer than 5,000 characters' }).nullable(),
    links: z.record(z.string(), z.string()),
    date: z.date().nullable(),
    lastMod: z.date().nullable(),
    categories: list('categories', topicName),
    aliases: list('aliases', aliasPath),
    featuredImage: imageObject('featuredImage'),
    offeringLogo: imageObject('offeringLogo'),
    status: z.enum(['published', 'draft']),
  })
  .transform((o) => ({
    recordId: o.id,
    name: o.title,
    slug: o.slug,
    vendor: o.vendorName,
    offeringType: o.offeringType,
    shortDescription: o.shortDescription,
    links: o.links,
    date: o.date,
    lastMod: o.lastMod,
    topics: dedupeBy(o.categories, (t) => t.slug),
    aliases: dedupe(o.aliases.map((a) => (a.length > 1 ? a.replace(/\/+$/, '') : a))),
    image: o.featuredImage,
    logo: o.offeringLogo,
    status: o.status,
  }));

export type OfferingFields = z.output<typeof offeringRecordSchema>;
