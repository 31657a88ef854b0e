import { normalizeRecord } from './normalize';
import { parseRecord } from './parse';
import { fieldPath, type RecordProblem } from './problems';
import { BodyRefused, renderBody } from './render';
import { newsRecordSchema, type NewsFields } from './schema';

/** A record that passed every check, ready for the store. */
export interface NewsRecord extends NewsFields {
  /** Path relative to the content directory. */
  file: string;
  bodyHtml: string;
  /** Front-matter fields the store has no column for, kept verbatim. */
  extra: Record<string, unknown>;
}

export type RecordResult = { ok: true; record: NewsRecord } | { ok: false; problems: RecordProblem[] };

/**
 * Fields whose whole content is represented by the store's columns and relations.
 * Every other field (featuredImage's attachment details, htmlMetaData, Medigy's
 * OpenProject fields, anything new) is kept verbatim in `extra`.
 */
const STORED_FIELDS = new Set([
  'title', 'slug', 'description', 'date', 'lastMod', 'author', 'link', 'categories', 'tags',
  'aliases', 'relatedOfferings', 'breadcrumbs', 'breadcrumbLinks', 'openGraphMetaData',
  'twitterMetaData', 'status', 'id',
]);

/** One record file through parse → normalize → validate → render. Never throws. */
export function readRecord(file: string, text: string): RecordResult {
  const parsed = parseRecord(file, text);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };

  const normalized = normalizeRecord(parsed.value.data);
  const result = newsRecordSchema.safeParse(normalized);
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((issue) => ({ file, field: fieldPath(issue.path) || undefined, message: issue.message })),
    };
  }

  let bodyHtml: string;
  try {
    bodyHtml = renderBody(parsed.value.body);
  } catch (err) {
    // Elements nested thousands deep overflow the renderer's stack.
    const message =
      err instanceof BodyRefused ? err.message : err instanceof RangeError ? 'the body nests its elements too deeply to render; flatten it' : `the body could not be rendered: ${(err as Error).message}`;
    return { ok: false, problems: [{ file, field: 'body', message }] };
  }

  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed.value.data)) if (!STORED_FIELDS.has(key)) extra[key] = value;

  return { ok: true, record: { ...result.data, file, bodyHtml, extra } };
}
