import type { NextRequest } from 'next/server';
import { suggestOfferings, suggestTopics } from '@/lib/store/queries/editor';
import { guardRead, json } from '@/lib/editor/http';

/** Suggestions for the form: topics of the taxonomy and records, or offerings. */
export async function GET(request: NextRequest) {
  const guard = guardRead(request);
  if (!guard.ok) return guard.response;
  const q = (request.nextUrl.searchParams.get('q') ?? '').slice(0, 100);
  const kind = request.nextUrl.searchParams.get('kind');
  return json({ suggestions: kind === 'offerings' ? suggestOfferings(q) : suggestTopics(q) });
}
