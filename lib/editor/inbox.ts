import { config } from '../config/env';
import { isWebUrl } from '../content/schema';
import { diagnostic, type Diagnostic } from '../content/problems';
import { editorAuthor } from '../curation/git';
import { renderBodies } from '../ingest/preparation';
import { addSubscription, removeSubscription, type NewSubscription } from '../desk/manage';
import { DeskState, type AcceptDraft, type DeskItem, type FeedState } from '../desk/state';
import { readSubscriptions, type Subscription } from '../desk/subscriptions';
import { saveRecord } from './records';

/**
 * The web editor's side of the news desk: the inbox (items waiting for review, grouped
 * by story, newest story first), accepting an item (the record form filled in from it;
 * saving goes through the editor's own save, lib/editor/records.ts), dismissing items or
 * a feed's whole backlog (remembered in the desk's file, never shown again), and the
 * subscriptions. The desk file is shared with `npm run feeds`.
 */
let opened: { file: string; state: DeskState } | null = null;

function desk(): DeskState {
  const file = config().deskFile;
  if (opened?.file !== file) {
    opened?.state.close();
    opened = { file, state: DeskState.open(file) };
  }
  return opened.state;
}

export interface InboxItem extends Omit<DeskItem, 'summaryHtml'> {
  /** Sanitized again on the way out: the desk file is data, not trusted markup. */
  summaryHtml: string;
}

export interface InboxStory {
  id: string;
  items: InboxItem[];
  newest: number;
}

export interface InboxPage {
  stories: InboxStory[];
  /** Items waiting, all stories. */
  total: number;
  /** Feeds with items waiting: for "dismiss a feed's backlog". */
  feeds: { url: string; title: string; pending: number }[];
}

/**
 * Items as the editor's pages show them: links and images only when they are web
 * addresses, summaries sanitized again (off this thread, under the record deadline: the
 * desk's file is data, and a page of the editor must not be held up by it).
 */
async function safe(items: DeskItem[]): Promise<InboxItem[]> {
  const summaries = await renderBodies(items.map((item) => (item.summaryHtml.trim() ? `<div>${item.summaryHtml}</div>` : '')));
  return items.map((item, i) => {
    const summary = summaries[i]!;
    return {
      ...item,
      link: isWebUrl(item.link) ? item.link : '',
      image: item.image && isWebUrl(item.image) ? item.image : null,
      summaryHtml: summary.ok ? summary.html : '',
    };
  });
}

/** Stories with items waiting, newest first (by their newest item), `limit` at most; `feed` narrows to one feed's items. */
export async function inbox(options: { feed?: string; limit?: number } = {}): Promise<InboxPage> {
  const pending = desk().pending();
  const stories = new Map<string, { id: string; items: DeskItem[]; newest: number }>();
  for (const item of pending) {
    if (options.feed && item.feed !== options.feed) continue;
    let story = stories.get(item.story);
    if (!story) stories.set(item.story, (story = { id: item.story, items: [], newest: 0 }));
    story.items.push(item);
    story.newest = Math.max(story.newest, item.published ?? item.addedAt);
  }
  const shown = [...stories.values()].sort((a, b) => b.newest - a.newest || a.id.localeCompare(b.id)).slice(0, options.limit ?? 100);
  for (const s of shown) s.items.sort((a, b) => (b.published ?? b.addedAt) - (a.published ?? a.addedAt) || a.id - b.id);
  // Only what the page shows is made safe to show, in one job.
  const items = await safe(shown.flatMap((s) => s.items));
  let next = 0;
  const titles = new Map(readSubscriptions(config().contentDir).subscriptions.map((s) => [s.xmlUrl, s.title]));
  const feeds = [...desk().pendingByFeed()].map(([url, n]) => ({ url, title: titles.get(url) ?? pending.find((p) => p.feed === url)?.feedTitle ?? url, pending: n })).sort((a, b) => a.title.localeCompare(b.title));
  return {
    stories: shown.map((s) => ({ id: s.id, newest: s.newest, items: s.items.map(() => items[next++]!) })),
    total: pending.length,
    feeds,
  };
}

export function pendingCount(): number {
  return [...desk().pendingByFeed().values()].reduce((a, b) => a + b, 0);
}

export function dismissItems(ids: number[]): number {
  return desk().dismiss(ids);
}

export function dismissFeed(feed: string): number {
  return desk().dismissFeed(feed);
}

export interface AcceptForm {
  item: InboxItem;
  /** The other items of its story still waiting: "also covered by". */
  others: InboxItem[];
  /** What the editor sent last time, and what was wrong with it. */
  draft: AcceptDraft | null;
}

export async function acceptForm(id: number): Promise<AcceptForm | null> {
  const item = desk().item(id);
  if (!item || item.state !== 'new') return null;
  const [shown, ...others] = await safe([item, ...desk().storyItems(item.story).filter((o) => o.id !== id && o.state === 'new')]);
  return { item: shown!, others, draft: desk().draft(id) ?? null };
}

export interface AcceptFields {
  url: string;
  title: string;
  description: string;
  topics: string[];
  image: string;
  status: 'published' | 'draft';
  /** Items of the same story the record names as also covering it. */
  covered: number[];
}

export type AcceptResult = { ok: true; path: string; slug: string; status: 'published' | 'draft' } | { ok: false; status: 404 | 409 | 400 | 422; problems: Diagnostic[] };

/**
 * Publishes an inbox item as a curated record through the editor's own save (the same
 * checks, file, ingest and commit as any new record), naming the chosen items of its
 * story in `alsoCoveredBy`; they leave the inbox with it. A refused save keeps what the
 * editor typed, with the problems, for the form.
 */
export async function acceptItem(id: number, fields: AcceptFields): Promise<AcceptResult> {
  const item = desk().item(id);
  if (!item) return { ok: false, status: 404, problems: [diagnostic('no-such-record', '(inbox)', 'there is no such item in the inbox')] };
  if (item.state !== 'new') return { ok: false, status: 409, problems: [diagnostic('edited-meanwhile', '(inbox)', `this item was ${item.state} already${item.record ? ` (${item.record})` : ''}`)] };
  const covered = fields.covered
    .map((c) => desk().item(c))
    .filter((o): o is DeskItem => !!o && o.id !== id && o.story === item.story && o.state === 'new');
  const image = fields.image.trim();
  if (image && !isWebUrl(image)) {
    const problems = [diagnostic('invalid-field', '(new record)', `"${image.slice(0, 100)}" is not a web address starting with https://`, { field: 'image' })];
    desk().saveDraft(id, { ...fields }, problems);
    return { ok: false, status: 422, problems };
  }
  const saved = await saveRecord({
    url: fields.url,
    title: fields.title,
    description: fields.description,
    topics: fields.topics,
    status: fields.status,
    ...(image ? { ogImage: image } : {}),
    alsoCoveredBy: covered.map((o) => ({ title: `${o.title} (${o.feedTitle})`, url: o.link })),
  });
  if (!saved.ok) {
    desk().saveDraft(id, { ...fields }, saved.problems);
    return { ok: false, status: saved.status === 409 || saved.status === 404 ? 422 : saved.status, problems: saved.problems };
  }
  desk().accept(id, saved.path, covered.map((o) => o.id));
  return { ok: true, path: saved.path, slug: saved.slug, status: saved.status };
}

export interface SubscriptionView extends Subscription {
  state: FeedState | null;
  pending: number;
}

export function subscriptionsView(): { subscriptions: SubscriptionView[]; problems: string[] } {
  const { subscriptions, problems } = readSubscriptions(config().contentDir);
  const states = desk().feeds();
  const pending = desk().pendingByFeed();
  return { subscriptions: subscriptions.map((s) => ({ ...s, state: states.get(s.xmlUrl) ?? null, pending: pending.get(s.xmlUrl) ?? 0 })), problems };
}

export function subscribe(input: NewSubscription) {
  return addSubscription(config().contentDir, input, editorAuthor(config().editor.user));
}

export function unsubscribe(xmlUrl: string) {
  return removeSubscription(config().contentDir, xmlUrl, editorAuthor(config().editor.user));
}
