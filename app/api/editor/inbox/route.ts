import { NextResponse, type NextRequest } from 'next/server';
import { guardWrite, json, NO_STORE } from '@/lib/editor/http';
import { dismissFeed, dismissItems } from '@/lib/editor/inbox';
import { inboxAction } from '@/lib/editor/inbox-requests';

/** The inbox's plain forms: dismiss items, or a feed's whole backlog. Answered with a redirect back (303). */
export async function POST(request: NextRequest) {
  const form = await request.formData().catch(() => null);
  const guard = guardWrite(request, String(form?.get('csrf') ?? request.headers.get('x-csrf-token') ?? ''));
  if (!guard.ok) return guard.response;
  const action = form ? inboxAction(form) : null;
  if (!action) return json({ error: 'send action=dismiss with item, or action=dismiss-feed with feed' }, 400);
  const dismissed = action.action === 'dismiss' ? dismissItems(action.items) : dismissFeed(action.feed);
  // A relative Location: the browser stays on the host it used.
  return new NextResponse(null, { status: 303, headers: { ...NO_STORE, Location: `/editor/inbox?dismissed=${dismissed}` } });
}
