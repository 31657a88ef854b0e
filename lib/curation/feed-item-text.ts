import { diagnostic, type DiagnosticCode } from '../content/problems';
import { cleanLink, linkKey } from '../content/link';
import { hostOf } from '../content/values';
import { readRecord } from '../content/record';
import { isWebUrl, qualifiedTopicName } from '../content/schema';
import { slugify } from '../content/slug';
import { recordText, type DraftResult, type OtherRecords } from './record-text';

/**
 * A feed item as a record in Medigy's `external-bookmark-feed` format (the records its
 * RSS reader made, ../shared/medigy-sample/variants/feeds/): a `feed` block naming the
 * feed, `feedSource`, `pubDate`, the trail Home › Feeds › Latest (/feed/latest), the
 * item's sanitized content as the body, filed under `feeds/<feed>/`. Checked with the
 * ingest's own schema, like every record the site writes; refuses an article already
 * curated. Writes nothing.
 */
export interface FeedItemFields {
  title: string;
  url: string;
  published: Date | null;
  /** Plain text. */
  description: string | null;
  /** Sanitized HTML. */
  bodyHtml: string;
  image: string | null;
  author: string | null;
  /** "Collection: Label": the subscription's default topics. */
  topics: string[];
  feed: { title: string; xmlUrl: string; htmlUrl: string | null; slug: string };
}

/** The desk's name in the `feed.source` field (Medigy's was `miniflux`). */
export const FEED_SOURCE = 'news-desk';

export function draftFeedItem(input: FeedItemFields, index: OtherRecords, now: Date, fileTaken: (file: string) => boolean = () => false): DraftResult {
  const fail = (field: string, message: string, code: DiagnosticCode = 'invalid-field'): DraftResult => ({ ok: false, problems: [diagnostic(code, '(new feed item)', message, { field })] });
  if (!isWebUrl(input.url)) return fail('link.href', `"${input.url.slice(0, 100)}" is not a web address`);
  const url = cleanLink(input.url);
  const owner = index.linkOwner(linkKey(url));
  if (owner) return fail('link.href', `this article is already curated in ${owner}`, 'already-curated');
  const title = input.title.replace(/\s+/g, ' ').trim();
  if (!title) return fail('title', 'the item has no title', 'missing-field');
  const topics = input.topics.filter((t) => qualifiedTopicName.safeParse(t).success);

  const host = hostOf(url)!;
  const base = `${host}-${slugify(title)}`.slice(0, 180).replace(/[-.]+$/, '');
  const folder = `feeds/${input.feed.slug}`;
  let slug = base;
  for (let n = 2; index.slugInUse(slug) || fileTaken(`${folder}/${slug}.md`); n++) slug = `${base}-${n}`;
  const file = `${folder}/${slug}.md`;
  const date = input.published ?? now;

  const record: Record<string, unknown> = {
    archetype: 'external-bookmark-feed',
    author: [input.author || input.feed.title],
    breadcrumbLinks: ['/', '/feed/latest/', '/feed/latest/'],
    breadcrumbs: ['Home', 'Feeds', 'Latest'],
    categories: topics,
    date: date.toISOString(),
    description: input.description?.trim() || null,
    feed: { feed_url: input.feed.xmlUrl, site_url: input.feed.htmlUrl, source: FEED_SOURCE, title: input.feed.title },
    feedSource: [input.feed.slug],
    lastMod: now.toISOString(),
    link: { brand: host, href: url },
    mdName: slug,
    ...(input.image ? { openGraphMetaData: { ogimage: input.image } } : {}),
    pubDate: date.toISOString(),
    searchCategory: 'Feeds',
    slug,
    sub: 'feeds',
    tags: ['Feeds'],
    title,
  };
  const text = recordText(record, input.bodyHtml);
  // The fields checked here; the body (sanitized already) is rendered again by the ingest, on its worker, under the deadline.
  const valid = readRecord(file, text, { body: 'skip' });
  if (!valid.ok) return { ok: false, problems: valid.problems };
  return { ok: true, file, slug, text };
}
