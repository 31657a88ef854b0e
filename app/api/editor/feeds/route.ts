import { NextResponse, type NextRequest } from 'next/server';
import { guardWrite, json, NO_STORE } from '@/lib/editor/http';
import { subscribe, unsubscribe } from '@/lib/editor/inbox';
import { subscriptionAction } from '@/lib/editor/inbox-requests';

/** Subscriptions from the editor's plain forms: add or remove a feed (content/feeds.opml, committed). Answered with a redirect back (303). */
export async function POST(request: NextRequest) {
  const form = await request.formData().catch(() => null);
  const guard = guardWrite(request, String(form?.get('csrf') ?? request.headers.get('x-csrf-token') ?? ''));
  if (!guard.ok) return guard.response;
  const action = form ? subscriptionAction(form) : null;
  if (!action) return json({ error: 'send action=add with xmlUrl (title, htmlUrl, topics, mode), or action=remove with xmlUrl' }, 400);
  const result = action.action === 'add' ? await subscribe(action) : await unsubscribe(action.xmlUrl);
  const query = result.ok ? `${action.action === 'add' ? 'added' : 'removed'}=${encodeURIComponent(action.xmlUrl)}` : `problem=${encodeURIComponent(result.problems.map((p) => p.message).join('; ').slice(0, 500))}`;
  return new NextResponse(null, { status: 303, headers: { ...NO_STORE, Location: `/editor/feeds?${query}` } });
}
