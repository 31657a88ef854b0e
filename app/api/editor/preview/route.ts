import type { NextRequest } from 'next/server';
import { guardWrite, json } from '@/lib/editor/http';
import { previewBody } from '@/lib/editor/records';
import { previewRequest } from '@/lib/editor/requests';

/** The body as the item page will show it: rendered and sanitized by the ingest's own stage. */
export async function POST(request: NextRequest) {
  const guard = guardWrite(request, request.headers.get('x-csrf-token'));
  if (!guard.ok) return guard.response;
  const parsed = previewRequest(await request.json().catch(() => null));
  if (!parsed.ok) return json({ problems: parsed.problems }, 400);
  const preview = await previewBody(parsed.value);
  return preview.ok ? json({ html: preview.html }) : json({ problems: preview.problems }, 422);
}
