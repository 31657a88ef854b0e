import fs from 'node:fs';
import path from 'node:path';
import { generateOpml, parseOpml } from 'feedsmith';
import { isWebUrl, qualifiedTopicName } from '../content/schema';
import { slugify } from '../content/slug';
import { replaceFile } from '../curation/record-files';

/**
 * The desk's subscriptions: `content/feeds.opml` (OPML 2.0, in git so that every node
 * polls the same feeds), one `<outline type="rss" text="…" xmlUrl="…" htmlUrl="…"/>`
 * per feed, with two optional attributes of ours: `category="Collection: Label,…"` (the
 * topics every item of the feed gets) and `mode="publish"` (new items become feed-item
 * records at once) or `mode="review"` (the default: they wait in the editor's inbox).
 * A feed that answered 410 Gone is kept with `retired="<date>"` and no longer polled.
 */
export const SUBSCRIPTIONS_FILE = 'feeds.opml';

export type FeedMode = 'publish' | 'review';

export interface Subscription {
  title: string;
  xmlUrl: string;
  htmlUrl: string | null;
  /** Default topics, "Collection: Label". */
  topics: string[];
  mode: FeedMode;
  /** When the feed was found gone (ISO date), or null while it is polled. */
  retired: string | null;
}

export interface SubscriptionList {
  subscriptions: Subscription[];
  /** What was wrong with an outline, for the operator ("feeds.opml: …"). */
  problems: string[];
}

const EXTRA = ['mode', 'retired'] as const;

/** Subscriptions in an OPML document; folders are flattened, outlines without an xmlUrl ignored. */
export function parseSubscriptions(text: string): SubscriptionList {
  let doc: ReturnType<typeof parseOpml<string, typeof EXTRA>>;
  try {
    doc = parseOpml(text, { extraOutlineAttributes: EXTRA });
  } catch (err) {
    return { subscriptions: [], problems: [`the file is not an OPML document (${(err as Error).message})`] };
  }
  const subscriptions: Subscription[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  type Outline = NonNullable<NonNullable<typeof doc.body>['outlines']>[number];
  const visit = (outline: Outline) => {
    for (const child of outline.outlines ?? []) visit(child);
    const xmlUrl = outline.xmlUrl?.trim();
    if (!xmlUrl) return;
    const name = outline.text?.trim() || outline.title?.trim() || xmlUrl;
    if (!isWebUrl(xmlUrl)) return void problems.push(`"${name}": xmlUrl "${xmlUrl.slice(0, 100)}" is not a web address starting with https://`);
    if (seen.has(xmlUrl)) return void problems.push(`"${name}": ${xmlUrl} is listed twice; the first one counts`);
    seen.add(xmlUrl);
    const topics: string[] = [];
    for (const raw of (outline.category ?? '').split(',').map((c) => c.trim()).filter(Boolean)) {
      const topic = qualifiedTopicName.safeParse(raw);
      if (topic.success) topics.push(topic.data.name);
      else problems.push(`"${name}": category "${raw}" is not a topic written "Collection: Label"; it is left out`);
    }
    const mode = typeof outline.mode === 'string' ? outline.mode.trim().toLowerCase() : undefined;
    if (mode && mode !== 'publish' && mode !== 'review') problems.push(`"${name}": mode "${mode}" is neither "publish" nor "review"; its items wait for review`);
    const htmlUrl = outline.htmlUrl?.trim();
    subscriptions.push({
      title: name,
      xmlUrl,
      htmlUrl: htmlUrl && isWebUrl(htmlUrl) ? htmlUrl : null,
      topics,
      mode: mode === 'publish' ? 'publish' : 'review',
      retired: (typeof outline.retired === 'string' && outline.retired.trim()) || null,
    });
  };
  for (const outline of doc.body?.outlines ?? []) visit(outline);
  return { subscriptions, problems };
}

/** The OPML 2.0 document of a list of subscriptions (ours: flat, one outline each). */
export function subscriptionsOpml(subscriptions: Subscription[]): string {
  // No modification date: git keeps when, and a diff then shows only what changed.
  return generateOpml(
    {
      head: { title: 'Digital Health Curated: news desk subscriptions' },
      body: {
        outlines: subscriptions.map((s) => ({
          text: s.title,
          title: s.title,
          type: 'rss',
          xmlUrl: s.xmlUrl,
          ...(s.htmlUrl ? { htmlUrl: s.htmlUrl } : {}),
          ...(s.topics.length ? { category: s.topics.join(',') } : {}),
          mode: s.mode,
          ...(s.retired ? { retired: s.retired } : {}),
        })),
      },
    },
    { extraOutlineAttributes: EXTRA },
  ) as string;
}

export function readSubscriptions(contentDir: string): SubscriptionList {
  let text: string;
  try {
    text = fs.readFileSync(path.join(contentDir, SUBSCRIPTIONS_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { subscriptions: [], problems: [] };
    throw err;
  }
  return parseSubscriptions(text);
}

/** Writes the list whole (a temporary file renamed over the old): never half a file. */
export function writeSubscriptions(contentDir: string, subscriptions: Subscription[]): string {
  const target = path.join(contentDir, SUBSCRIPTIONS_FILE);
  fs.mkdirSync(contentDir, { recursive: true });
  replaceFile(target, subscriptionsOpml(subscriptions));
  return SUBSCRIPTIONS_FILE;
}

/** The folder of a feed's published items under content/feeds/ (Medigy's `feedSource`). */
export function feedSlug(subscription: Pick<Subscription, 'title' | 'xmlUrl'>): string {
  return slugify(subscription.title).slice(0, 60).replace(/-+$/, '') || slugify(new URL(subscription.xmlUrl).hostname);
}
