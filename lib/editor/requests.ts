import { z } from 'zod';
import { diagnostic, fieldPath, type Diagnostic } from '../content/problems';
import type { RecordFields } from '../curation/record-text';

/**
 * The bodies the editor's endpoints accept, checked before anything reads them: the
 * form's fields as text (lists of text for topics and offerings), bounded in size. The
 * record itself is checked afterwards by the ingest's own schema.
 */
const text = (max: number) => z.string({ error: 'must be text' }).max(max, { error: `must be at most ${max.toLocaleString('en')} characters` });
const list = z.array(text(300), { error: 'must be a list of text' }).max(50, { error: 'may have at most 50 entries' });

const saveSchema = z.object({
  url: text(2000).default(''),
  title: text(5000).optional(),
  description: text(20_000).optional(),
  topics: list.default([]),
  offerings: list.default([]),
  body: text(200_000).optional(),
  status: z.enum(['published', 'draft'], { error: 'must be "published" or "draft"' }).default('published'),
  /** An edit: the record's path, and the version it was opened at. */
  path: text(300).optional(),
  version: text(100).optional(),
});

export type SaveRequest = { fields: RecordFields; existing?: { path: string; version: string } };

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Diagnostic[] };

export function saveRequest(body: unknown): Parsed<SaveRequest> {
  const parsed = saveSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: requestProblems(parsed.error) };
  const { path, version, ...fields } = parsed.data;
  return { ok: true, value: { fields, existing: path === undefined ? undefined : { path, version: version ?? '' } } };
}

const previewSchema = z.object({ body: text(200_000) });

export function previewRequest(body: unknown): Parsed<string> {
  const parsed = previewSchema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data.body } : { ok: false, problems: requestProblems(parsed.error) };
}

function requestProblems(error: z.ZodError): Diagnostic[] {
  return error.issues.map((issue) => diagnostic('invalid-request', '(request)', issue.path.length ? issue.message : 'send the record as a JSON object', { field: fieldPath(issue.path) }));
}
