import type { NextRequest } from 'next/server';
import type { RecordFields } from '@/lib/curation/record-text';
import { saveRecord } from '@/lib/editor/records';
import { guardWrite, json } from '@/lib/editor/http';

const asText = (v: unknown) => (typeof v === 'string' ? v : undefined);
const asList = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 50) : []);

/**
 * Saves a record: a new one, or (with `path` and the `version` it was opened at) an
 * edit. Answers 200 with where it is live, 422 with the problems field by field, 409
 * when someone else saved it meanwhile.
 */
export async function POST(request: NextRequest) {
  const guard = guardWrite(request, request.headers.get('x-csrf-token'));
  if (!guard.ok) return guard.response;
  const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
  if (!body || typeof body !== 'object') return json({ error: 'send the record as JSON' }, 400);

  const fields: RecordFields = {
    url: asText(body.url) ?? '',
    title: asText(body.title),
    description: asText(body.description),
    topics: asList(body.topics),
    offerings: asList(body.offerings),
    body: asText(body.body),
    status: body.status === 'draft' ? 'draft' : 'published',
  };
  const existing = body.path === undefined ? undefined : { path: String(body.path), version: String(body.version ?? '') };
  const result = await saveRecord(fields, existing);
  if (!result.ok) return json({ problems: result.problems }, result.status);
  return json(result);
}
