import { isWebUrl, qualifiedTopicName } from '../content/schema';
import { commitContent, type Author } from '../curation/git';
import { parseSubscriptions, readSubscriptions, subscriptionsOpml, writeSubscriptions, type FeedMode, type Subscription } from './subscriptions';

/**
 * Changes to the subscriptions, from `npm run feeds -- --import` and the web editor:
 * each writes content/feeds.opml whole and is a commit (by the editor, in the editor),
 * like any change to content/. One change at a time within a process.
 */
export type Change = { ok: true; subscriptions: Subscription[]; commit: string | null } | { ok: false; problems: { field?: string; message: string }[] };

let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(run: () => Promise<T>): Promise<T> {
  const next = queue.then(run);
  queue = next.catch(() => undefined);
  return next;
}

export interface NewSubscription {
  xmlUrl: string;
  title?: string;
  htmlUrl?: string;
  topics?: string[];
  mode?: FeedMode;
}

/** Adds a subscription (refused: not a web address, a topic not written "Collection: Label", one already there). */
export function addSubscription(contentDir: string, input: NewSubscription, author?: Author): Promise<Change> {
  return oneAtATime(async () => {
    const problems: { field?: string; message: string }[] = [];
    const xmlUrl = input.xmlUrl.trim();
    if (!isWebUrl(xmlUrl)) problems.push({ field: 'xmlUrl', message: xmlUrl ? `"${xmlUrl.slice(0, 100)}" is not a web address starting with https://` : "give the feed's address" });
    const htmlUrl = input.htmlUrl?.trim() || null;
    if (htmlUrl && !isWebUrl(htmlUrl)) problems.push({ field: 'htmlUrl', message: `"${htmlUrl.slice(0, 100)}" is not a web address starting with https://` });
    const topics: string[] = [];
    for (const [i, raw] of (input.topics ?? []).map((t) => t.trim()).filter(Boolean).entries()) {
      const t = qualifiedTopicName.safeParse(raw);
      if (t.success) topics.push(t.data.name);
      else problems.push({ field: `topics[${i}]`, message: t.error.issues[0]!.message });
    }
    const { subscriptions } = readSubscriptions(contentDir);
    if (subscriptions.some((s) => s.xmlUrl === xmlUrl)) problems.push({ field: 'xmlUrl', message: `${xmlUrl} is already a subscription` });
    if (problems.length) return { ok: false, problems };
    const title = input.title?.replace(/\s+/g, ' ').trim() || new URL(xmlUrl).hostname.replace(/^www\./, '');
    const added: Subscription = { title, xmlUrl, htmlUrl, topics, mode: input.mode === 'publish' ? 'publish' : 'review', retired: null };
    return save(contentDir, [...subscriptions, added], `Feeds: subscribe to ${title}`, author);
  });
}

export function removeSubscription(contentDir: string, xmlUrl: string, author?: Author): Promise<Change> {
  return oneAtATime(async () => {
    const { subscriptions } = readSubscriptions(contentDir);
    const gone = subscriptions.find((s) => s.xmlUrl === xmlUrl);
    if (!gone) return { ok: false, problems: [{ field: 'xmlUrl', message: `${xmlUrl.slice(0, 200)} is not a subscription` }] };
    return save(contentDir, subscriptions.filter((s) => s !== gone), `Feeds: unsubscribe from ${gone.title}`, author);
  });
}

/** Subscriptions of another OPML file (a reader's export) added to ours; those already there are kept as they are. */
export function importSubscriptions(contentDir: string, opml: string, author?: Author): Promise<Change & { added?: number; problems?: { message: string }[] }> {
  return oneAtATime(async () => {
    const incoming = parseSubscriptions(opml);
    const { subscriptions } = readSubscriptions(contentDir);
    const known = new Set(subscriptions.map((s) => s.xmlUrl));
    const added = incoming.subscriptions.filter((s) => !known.has(s.xmlUrl));
    if (!incoming.subscriptions.length && incoming.problems.length) return { ok: false, problems: incoming.problems.map((message) => ({ message })) };
    const problems = incoming.problems.map((message) => ({ message }));
    if (!added.length) return { ok: true, subscriptions, commit: null, added: 0, problems };
    const result = await save(contentDir, [...subscriptions, ...added], `Feeds: import ${added.length} subscription${added.length === 1 ? '' : 's'}`, author);
    return { ...result, added: added.length, problems };
  });
}

/** content/feeds.opml as this code writes it (an empty list when there is none). */
export function exportSubscriptions(contentDir: string): string {
  return subscriptionsOpml(readSubscriptions(contentDir).subscriptions);
}

async function save(contentDir: string, subscriptions: Subscription[], message: string, author?: Author): Promise<Change> {
  const file = writeSubscriptions(contentDir, subscriptions);
  const commit = await commitContent(contentDir, [file], message, author);
  return { ok: true, subscriptions, commit: commit.committed ? commit.commit : null };
}
