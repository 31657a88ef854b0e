import type { NextRequest } from 'next/server';
import { guardWrite, json } from '@/lib/editor/http';
import { saveRecord } from '@/lib/editor/records';
import { saveRequest } from '@/lib/editor/requests';

/**
 * Saves a record: a new one, or (with `path` and the `version` it was opened at) an
 * edit. Answers 200 with where it is live, 400 for a malformed request, 422 with the
 * record's problems field by field, 409 when someone else saved it meanwhile.
 */
export async function POST(request: NextRequest) {
  const guard = guardWrite(request, request.headers.get('x-csrf-token'));
  if (!guard.ok) return guard.response;
  const parsed = saveRequest(await request.json().catch(() => null));
  if (!parsed.ok) return json({ problems: parsed.problems }, 400);
  const result = await saveRecord(parsed.value.fields, parsed.value.existing);
  if (!result.ok) return json({ problems: result.problems }, result.status);
  return json(result);
}
