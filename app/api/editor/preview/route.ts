import type { NextRequest } from 'next/server';
import { previewBody } from '@/lib/editor/records';
import { guardWrite, json } from '@/lib/editor/http';

/** The body as the item page will show it: rendered and sanitized by the ingest's own stage. */
export async function POST(request: NextRequest) {
  const guard = guardWrite(request, request.headers.get('x-csrf-token'));
  if (!guard.ok) return guard.response;
  const body = (await request.json().catch(() => null)) as { body?: unknown } | null;
  if (!body || typeof body.body !== 'string') return json({ error: 'send the body as text' }, 400);
  return json({ html: previewBody(body.body) });
}
