import http from 'node:http';
import https from 'node:https';
import { groupStories, storyWords, titleSimilarity, type StoryItem } from '../catalog/stories';
import { suggestTopics, topicVocabulary, type TopicSuggestion, type TopicVocabulary } from '../catalog/topic-suggestions';
import { config } from '../config/env';
import type { Diagnostic } from '../content/problems';
import { recordsInFiles } from '../curation/curate';
import { commitContent } from '../curation/git';
import { defaultReach, type Reach } from '../curation/guarded-fetch';
import { withDeskQueries, type DeskQueries } from '../store/queries/desk';
import { decodeFeed } from './decode';
import { feedEntries, type FeedEntry, type SkippedEntry } from './entries';
import { DEFAULT_FEED_LIMITS, fetchFeed, type FeedAnswer } from './fetch';
import { parseFeedText } from './parse';
import { publishFeedItems } from './publish';
import { DeskState, type DeskItem, type FeedState, type NewDeskItem } from './state';
import { feedSlug, readSubscriptions, writeSubscriptions, type Subscription } from './subscriptions';

/**
 * One poll of every subscription (`npm run feeds`): each feed asked once, politely (one
 * request per host at a time, a few hosts at once, the validators of its last answer,
 * backoff after failures), its items read and cleaned, then only what is new kept: not
 * curated already (the store's records), not seen by the desk already (the inbox, what
 * editors dismissed or accepted, what was published), not twice in this poll. New items
 * get a story id (lib/catalog/stories.ts, across the inbox too) and topic suggestions
 * (lib/catalog/topic-suggestions.ts); then publish-mode feeds' items become records
 * (lib/desk/publish.ts) and review-mode feeds' wait in the inbox. A dry run does all of
 * it but writes nothing, and returns what it would have added.
 */
export interface PollOptions {
  contentDir: string;
  databasePath: string;
  mediaDir: string;
  deskFile: string;
  dryRun?: boolean;
  now?: number;
  /** Hosts admitted besides the public internet (FETCH_ALLOW by default). */
  reach?: Reach;
  userAgent?: string;
  limits?: Partial<typeof DEFAULT_FEED_LIMITS>;
  /** Hosts asked at once (each host one request at a time). */
  concurrency?: number;
  purgeUrls?: string[];
}

export type FeedStatus = 'fetched' | 'unchanged' | 'failed' | 'gone' | 'waiting' | 'invalid';

export interface FeedReport {
  feed: string;
  title: string;
  status: FeedStatus;
  error?: string;
  /** The address the feed moved to (301/308), now in feeds.opml. */
  movedTo?: string;
  /** Failures in a row, and when it is asked again. */
  failures: number;
  nextPollAt?: number;
  newItems: number;
  items: number;
  skipped: SkippedEntry[];
  /** A tolerated fault ("read as Windows-1252"). */
  note?: string;
}

export interface NewItem {
  feed: string;
  feedTitle: string;
  mode: Subscription['mode'];
  title: string;
  link: string;
  key: string;
  published: string | null;
  summary: string;
  summaryText: string;
  image: string | null;
  topics: TopicSuggestion[];
  duplicateOf: string | null;
  story: string;
  /** The record it became (publish mode). */
  record?: string;
  /** Why a publish-mode item waits in the inbox instead. */
  note?: string;
}

export interface PollReport {
  feeds: FeedReport[];
  items: NewItem[];
  /** Record files written (publish mode). */
  published: string[];
  /** Problems of the subscriptions file and of records the store refused. */
  problems: string[];
  commits: string[];
  seconds: number;
}

/** After n failures in a row, the next try waits 15 min × 2^(n-1), at most a day. */
export function backoffMs(failures: number): number {
  return Math.min(15 * 60_000 * 2 ** Math.max(0, failures - 1), 86_400_000);
}

/** Near-identical titles from one publisher: the same article under another address. */
const SAME_ARTICLE = 0.85;
const RECENT_MS = 60 * 86_400_000;

export async function pollFeeds(options: PollOptions): Promise<PollReport> {
  const started = performance.now();
  const now = options.now ?? Date.now();
  const limits = { ...DEFAULT_FEED_LIMITS, ...options.limits };
  const reach = options.reach ?? defaultReach();
  const userAgent = options.userAgent ?? `DigitalHealthCurated-NewsDesk/1.0 (+${config().siteUrl}/)`;
  const { subscriptions, problems: opmlProblems } = readSubscriptions(options.contentDir);
  const report: PollReport = { feeds: [], items: [], published: [], problems: opmlProblems.map((p) => `feeds.opml: ${p}`), commits: [], seconds: 0 };
  const desk = DeskState.open(options.deskFile, { readonly: options.dryRun });
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 1 }), https: new https.Agent({ keepAlive: true, maxSockets: 1 }) };
  try {
    const states = desk.feeds();
    const polled: { sub: Subscription; entries: FeedEntry[]; report: FeedReport }[] = [];
    const opmlChanges: string[] = [];
    let subscriptionsChanged = false;

    const poll = async (sub: Subscription) => {
      const previous = states.get(sub.xmlUrl);
      const feedReport: FeedReport = { feed: sub.xmlUrl, title: sub.title, status: 'fetched', failures: previous?.failures ?? 0, newItems: 0, items: 0, skipped: [] };
      report.feeds.push(feedReport);
      if (!options.dryRun && previous?.nextPollAt && previous.nextPollAt > now) {
        Object.assign(feedReport, { status: 'waiting', nextPollAt: previous.nextPollAt, error: previous.lastError ?? undefined });
        return;
      }
      const answer = await fetchFeed({ url: sub.xmlUrl, etag: previous?.etag, lastModified: previous?.lastModified, userAgent, ...limits, reach, agents });
      const next: FeedState = {
        url: sub.xmlUrl,
        etag: previous?.etag ?? null,
        lastModified: previous?.lastModified ?? null,
        failures: 0,
        nextPollAt: null,
        lastPolledAt: now,
        lastStatus: null,
        lastError: null,
        lastNew: previous?.lastNew ?? 0,
      };
      const fail = (reason: string, retryAfterMs: number | null = null) => {
        next.failures = (previous?.failures ?? 0) + 1;
        next.nextPollAt = now + Math.max(backoffMs(next.failures), retryAfterMs ?? 0);
        next.lastStatus = 'failed';
        next.lastError = reason;
        Object.assign(feedReport, { status: 'failed', error: reason, failures: next.failures, nextPollAt: next.nextPollAt });
      };
      await handle(answer);
      if (answer.kind !== 'failed' && answer.movedTo && answer.movedTo !== sub.xmlUrl) {
        feedReport.movedTo = answer.movedTo;
        opmlChanges.push(`${sub.title} moved to ${answer.movedTo}`);
        if (!options.dryRun) desk.moveFeed(sub.xmlUrl, answer.movedTo);
        next.url = answer.movedTo;
        sub.xmlUrl = answer.movedTo;
        subscriptionsChanged = true;
      }
      if (!options.dryRun) desk.saveFeed(next);

      async function handle(a: FeedAnswer) {
        if (a.kind === 'failed') return fail(a.reason, a.retryAfterMs);
        if (a.kind === 'not-modified') {
          next.lastStatus = '304';
          feedReport.status = 'unchanged';
          return;
        }
        if (a.kind === 'gone') {
          next.lastStatus = 'gone';
          feedReport.status = 'gone';
          sub.retired = new Date(now).toISOString().slice(0, 10);
          subscriptionsChanged = true;
          opmlChanges.push(`${sub.title} is gone (410): retired`);
          return;
        }
        const decoded = decodeFeed(a.bytes, a.contentType);
        const parsed = parseFeedText(decoded.text);
        if (!parsed.ok) return fail(parsed.reason);
        const { entries, skipped } = await feedEntries(parsed.feed, a.url, now);
        next.etag = a.etag;
        next.lastModified = a.lastModified;
        next.lastStatus = '200';
        Object.assign(feedReport, { items: entries.length, skipped, ...(decoded.repaired ? { note: decoded.repaired } : {}) });
        polled.push({ sub, entries, report: feedReport });
      }
    };
    await politely(
      subscriptions.filter((s) => !s.retired),
      options.concurrency ?? 6,
      poll,
    );
    report.feeds.sort((a, b) => subscriptions.findIndex((s) => s.xmlUrl === a.feed || s.xmlUrl === a.movedTo) - subscriptions.findIndex((s) => s.xmlUrl === b.feed || s.xmlUrl === b.movedTo));

    // What is new, its story and its topics: with the store's answers when there is a store.
    const fresh = await (async () => {
      const viaStore = withDeskQueries(options.databasePath, (q) => analyse(polled, desk, q, null, now));
      if (viaStore) return viaStore;
      const others = await recordsInFiles(options.contentDir);
      return analyse(polled, desk, null, (key) => others.linkOwner(key), now);
    })();
    report.items = fresh.items;
    for (const p of polled) p.report.newItems = fresh.items.filter((i) => i.feed === p.sub.xmlUrl).length;
    if (options.dryRun) return report;

    desk.setStories(fresh.restoried);
    // Publish mode: records now; an item the record format refuses waits for review instead.
    const toPublish = fresh.items.filter((i) => i.mode === 'publish');
    if (toPublish.length) {
      const bySub = new Map(subscriptions.map((s) => [s.xmlUrl, s]));
      const outcome = await publishFeedItems(
        await Promise.all(toPublish.map(async (i) => {
          const sub = bySub.get(i.feed)!;
          const entry = fresh.entries.get(i.key)!;
          return {
            title: i.title,
            url: i.link,
            published: entry.published,
            description: i.summaryText || null,
            bodyHtml: await entry.body(),
            image: i.image,
            author: entry.author,
            topics: sub.topics,
            feed: { title: sub.title, xmlUrl: sub.xmlUrl, htmlUrl: sub.htmlUrl, slug: feedSlug(sub) },
          };
        })),
        { contentDir: options.contentDir, databasePath: options.databasePath, mediaDir: options.mediaDir, ...(options.purgeUrls ? { purgeUrls: options.purgeUrls } : {}) },
        `Feeds: ${toPublish.length} new item${toPublish.length === 1 ? '' : 's'} from ${[...new Set(toPublish.map((i) => i.feedTitle))].join(', ')}`.slice(0, 200),
        new Date(now),
      );
      toPublish.forEach((item, i) => {
        const file = outcome.written.get(i);
        if (file) {
          item.record = file;
          report.published.push(file);
        } else item.note = `not published: ${outcome.refused.get(i) ?? 'refused'}; it waits for review`;
      });
      report.problems.push(...outcome.problems.map(problemLine));
      if (outcome.commit?.committed) report.commits.push(outcome.commit.commit);
    }
    desk.addItems(
      fresh.items.map(
        (i): NewDeskItem => ({
          key: i.key,
          alternateKeys: fresh.entries.get(i.key)!.alternateKeys,
          feed: i.feed,
          feedTitle: i.feedTitle,
          title: i.title,
          link: i.link,
          published: i.published ? Date.parse(i.published) : null,
          addedAt: now,
          summaryHtml: i.summary,
          summaryText: i.summaryText,
          image: i.image,
          topics: i.topics,
          story: i.story,
          duplicateOf: i.duplicateOf,
          note: i.note ?? null,
          ...(i.record ? { state: 'published', record: i.record } : {}),
        }),
      ),
      now,
    );
    for (const p of polled) {
      const s = desk.feed(p.sub.xmlUrl);
      if (s && p.report.newItems) desk.saveFeed({ ...s, lastNew: p.report.newItems });
    }
    if (subscriptionsChanged) {
      const file = writeSubscriptions(options.contentDir, subscriptions);
      const commit = await commitContent(options.contentDir, [file], `Feeds: ${opmlChanges.join('; ')}`.slice(0, 200));
      if (commit.committed) report.commits.push(commit.commit);
    }
    return report;
  } finally {
    agents.http.destroy();
    agents.https.destroy();
    desk.close();
    report.seconds = (performance.now() - started) / 1000;
  }
}

const problemLine = (p: Diagnostic) => `${p.file}: ${p.field ? `${p.field}: ` : ''}${p.message}`;

/**
 * Runs `work` for each subscription, one at a time per host and `lanes` hosts at once,
 * so that a publisher with many feeds sees one request at a time from us.
 */
async function politely(subscriptions: Subscription[], lanes: number, work: (s: Subscription) => Promise<void>): Promise<void> {
  const byHost = new Map<string, Subscription[]>();
  for (const s of subscriptions) {
    let host: string;
    try {
      host = new URL(s.xmlUrl).hostname.toLowerCase();
    } catch {
      host = s.xmlUrl;
    }
    let list = byHost.get(host);
    if (!list) byHost.set(host, (list = []));
    list.push(s);
  }
  const queue = [...byHost.values()];
  const lane = async () => {
    for (let hostFeeds = queue.shift(); hostFeeds; hostFeeds = queue.shift()) for (const s of hostFeeds) await work(s);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, queue.length)) }, lane));
}

interface Analysis {
  items: NewItem[];
  entries: Map<string, FeedEntry>;
  /** Inbox items whose story id changed (they joined a story with new items). */
  restoried: Map<number, string>;
}

/** New items among the polled ones, with their stories and topics. */
function analyse(polled: { sub: Subscription; entries: FeedEntry[] }[], desk: DeskState, queries: DeskQueries | null, linkOwner: ((key: string) => string | undefined) | null, now: number): Analysis {
  const seen = desk.seenKeys();
  const curated = (key: string): string | undefined => {
    if (queries) {
      const c = queries.curated(key);
      return c ? (c.slug ?? c.path) : undefined;
    }
    return linkOwner?.(key);
  };
  const chosen: { sub: Subscription; entry: FeedEntry; duplicateOf: string | null }[] = [];
  const taken = new Set<string>();
  for (const { sub, entries } of polled) {
    for (const entry of entries) {
      if (taken.has(entry.key) || seen.has(entry.key) || curated(entry.key)) continue;
      if (entry.alternateKeys.some((k) => seen.has(k) || taken.has(k))) continue;
      taken.add(entry.key);
      for (const k of entry.alternateKeys) taken.add(k);
      chosen.push({ sub, entry, duplicateOf: entry.alternateKeys.map(curated).find((s) => !!s) ?? null });
    }
  }

  // Nothing new (a poll of unchanged feeds): no story changes, nothing to suggest.
  if (!chosen.length) return { items: [], entries: new Map(), restoried: new Map() };

  // The same article curated under another address: a near-identical title from the same publisher.
  if (queries) {
    const byBrand = new Map<string, { slug: string; words: string[] }[]>();
    for (const r of queries.recentCurated(now - RECENT_MS)) {
      const brand = (r.brand ?? '').replace(/^www\./, '');
      let list = byBrand.get(brand);
      if (!list) byBrand.set(brand, (list = []));
      list.push({ slug: r.slug, words: storyWords(r.title) });
    }
    for (const c of chosen) {
      if (c.duplicateOf) continue;
      const host = new URL(c.entry.link).hostname.replace(/^www\./, '');
      const words = storyWords(c.entry.title);
      const match = byBrand.get(host)?.find((r) => titleSimilarity(words, r.words).score >= SAME_ARTICLE);
      if (match) c.duplicateOf = match.slug;
    }
  }

  // Stories across the inbox and the new items: an inbox story keeps its id as items join it.
  const pending = desk.pending();
  const storyItems: StoryItem[] = [
    ...pending.map((p) => ({ key: p.key, title: p.title, link: p.key, time: p.published ?? p.addedAt, story: p.story })),
    ...chosen.map((c) => ({ key: c.entry.key, title: c.entry.title, link: c.entry.key, time: c.entry.published?.getTime() ?? now, story: null })),
  ];
  const stories = groupStories(storyItems);
  const restoried = new Map<number, string>();
  for (const p of pending as DeskItem[]) {
    const s = stories.get(p.key);
    if (s && s !== p.story) restoried.set(p.id, s);
  }

  let vocabulary: TopicVocabulary | null = null;
  const items: NewItem[] = chosen.map(({ sub, entry, duplicateOf }) => {
    vocabulary ??= topicVocabulary(queries?.vocabulary() ?? []);
    const similar = queries?.similar(entry.title, entry.summaryText) ?? [];
    const topics = suggestTopics({ title: entry.title, summary: entry.summaryText, categories: entry.categories, defaults: sub.topics, similar }, vocabulary);
    return {
      feed: sub.xmlUrl,
      feedTitle: sub.title,
      mode: sub.mode,
      title: entry.title,
      link: entry.link,
      key: entry.key,
      published: entry.published?.toISOString() ?? null,
      summary: entry.summaryHtml,
      summaryText: entry.summaryText,
      image: entry.image,
      topics,
      duplicateOf,
      story: stories.get(entry.key)!,
    };
  });
  return { items, entries: new Map(chosen.map((c) => [c.entry.key, c.entry])), restoried };
}
