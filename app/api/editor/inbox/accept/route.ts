import { NextResponse, type NextRequest } from 'next/server';
import { guardWrite, json, NO_STORE } from '@/lib/editor/http';
import { acceptItem } from '@/lib/editor/inbox';
import { acceptRequest } from '@/lib/editor/inbox-requests';

/**
 * Accepts an inbox item: the record form's fields saved as a new curated record (the
 * editor's own save). Success: back to the inbox saying where it is live; problems: back
 * to the form, which shows them next to the fields with what was typed (303 both).
 */
export async function POST(request: NextRequest) {
  const form = await request.formData().catch(() => null);
  const guard = guardWrite(request, String(form?.get('csrf') ?? request.headers.get('x-csrf-token') ?? ''));
  if (!guard.ok) return guard.response;
  const parsed = form ? acceptRequest(form) : null;
  if (!parsed) return json({ error: 'send the accept form' }, 400);
  const result = await acceptItem(parsed.item, parsed.fields);
  const to = (location: string) => new NextResponse(null, { status: 303, headers: { ...NO_STORE, Location: location } });
  if (result.ok) return to(`/editor/inbox?accepted=${encodeURIComponent(result.path)}&slug=${encodeURIComponent(result.slug)}&status=${result.status}`);
  if (result.status === 404 || result.status === 409) return to(`/editor/inbox?gone=${parsed.item}`);
  return to(`/editor/inbox/accept?item=${parsed.item}&retry=1`);
}
