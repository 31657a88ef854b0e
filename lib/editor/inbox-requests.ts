import { z } from 'zod';
import type { AcceptFields } from './inbox';

/**
 * The inbox's and the subscriptions' forms (plain HTML forms: they work without
 * JavaScript), checked before anything reads them: bounded text, whole numbers for items.
 */
const text = (max: number) => z.string().max(max);
const id = z.coerce.number().int().positive();

export type InboxAction = { action: 'dismiss'; items: number[] } | { action: 'dismiss-feed'; feed: string };

export function inboxAction(form: FormData): InboxAction | null {
  const action = form.get('action');
  if (action === 'dismiss') {
    const items = z.array(id).min(1).max(500).safeParse(form.getAll('item'));
    return items.success ? { action, items: items.data } : null;
  }
  if (action === 'dismiss-feed') {
    const feed = text(2000).min(1).safeParse(form.get('feed'));
    return feed.success ? { action, feed: feed.data } : null;
  }
  return null;
}

const acceptSchema = z.object({
  item: id,
  url: text(2000),
  title: text(5000),
  description: text(20_000),
  image: text(2000),
  status: z.enum(['published', 'draft']),
  topics: z.array(text(300)).max(50),
  covered: z.array(id).max(100),
});

/** The accept form: the chosen suggestions (`topic`, checkboxes) and more typed one per line (`more-topics`). */
export function acceptRequest(form: FormData): { item: number; fields: AcceptFields } | null {
  const more = String(form.get('more-topics') ?? '')
    .split(/[\n;]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  const parsed = acceptSchema.safeParse({
    item: form.get('item'),
    url: form.get('url') ?? '',
    title: form.get('title') ?? '',
    description: form.get('description') ?? '',
    image: form.get('image') ?? '',
    status: form.get('status') ?? 'published',
    topics: [...new Set([...form.getAll('topic').map(String), ...more])],
    covered: form.getAll('covered'),
  });
  if (!parsed.success) return null;
  const { item, ...fields } = parsed.data;
  return { item, fields };
}

export type SubscriptionAction = { action: 'add'; xmlUrl: string; title: string; htmlUrl: string; topics: string[]; mode: 'publish' | 'review' } | { action: 'remove'; xmlUrl: string };

export function subscriptionAction(form: FormData): SubscriptionAction | null {
  const action = form.get('action');
  const xmlUrl = text(2000).safeParse(form.get('xmlUrl') ?? '');
  if (!xmlUrl.success) return null;
  if (action === 'remove') return { action, xmlUrl: xmlUrl.data };
  if (action !== 'add') return null;
  const rest = z
    .object({ title: text(300), htmlUrl: text(2000), topics: text(5000), mode: z.enum(['publish', 'review']) })
    .safeParse({ title: form.get('title') ?? '', htmlUrl: form.get('htmlUrl') ?? '', topics: form.get('topics') ?? '', mode: form.get('mode') ?? 'review' });
  if (!rest.success) return null;
  return { action, xmlUrl: xmlUrl.data, title: rest.data.title, htmlUrl: rest.data.htmlUrl, mode: rest.data.mode, topics: rest.data.topics.split(/[\n,;]+/).map((t) => t.trim()).filter(Boolean) };
}
