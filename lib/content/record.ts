import type { z } from 'zod';
import { isOfferingRecord, normalizeOffering, normalizeRecord, type FieldWarning } from './normalize';
import { parseRecord } from './parse';
import { diagnostic, DIAGNOSTIC_CODES, fieldPath, type DiagnosticCode, type RecordProblem } from './problems';
import { BodyRefused, renderBody } from './render';
import { newsRecordSchema, offeringRecordSchema, type NewsFields, type OfferingFields } from './schema';

/** A record that passed every check, ready for the store. */
export interface NewsRecord extends NewsFields {
  /** Path relative to the content directory. */
  file: string;
  bodyHtml: string;
  /** What an editor should know; the record still publishes. */
  warnings: RecordProblem[];
}

/** An offering record (a product's profile) that passed every check. */
export interface OfferingRecord extends OfferingFields {
  file: string;
  bodyHtml: string;
  warnings: RecordProblem[];
}

export type RecordResult = { ok: true; record: NewsRecord } | { ok: false; problems: RecordProblem[] };
export type ContentResult = { ok: true; record: NewsRecord } | { ok: true; offering: OfferingRecord } | { ok: false; problems: RecordProblem[] };

/**
 * What to do with the body. `render` (the default) renders and sanitizes it, which can
 * take long on a hostile body: the ingest, `check` and the editor run that off the main
 * thread, under a deadline (lib/ingest/preparation.ts). `skip` checks the front matter
 * only (bodyHtml is empty): for reading a record's fields into a form, or checking a
 * draft's fields before its body is checked that way.
 */
export interface ReadOptions {
  body?: 'render' | 'skip';
}

/** A curated link's record through parse → normalize → validate → render. Never throws. */
export function readRecord(file: string, text: string, options: ReadOptions = {}): RecordResult {
  const result = readContentRecord(file, text, options);
  if (!result.ok || 'record' in result) return result;
  return { ok: false, problems: [diagnostic('not-a-curated-link', file, 'this is an offering record (a product profile), not a curated link')] };
}

/**
 * Any record file's text through parse → normalize → validate → render: a curated link
 * (news, videos, feed items) or an offering record, told apart by their fields. Never
 * throws: every problem comes back as a value naming the file and field.
 */
export function readContentRecord(file: string, text: string, options: ReadOptions = {}): ContentResult {
  const parsed = parseRecord(file, text);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const { data, body } = parsed.value;
  const warnings: FieldWarning[] = [];
  const offering = isOfferingRecord(data);
  const normalized = offering ? normalizeOffering(data, warnings) : normalizeRecord(data, warnings, body);
  // With each issue's input, so that a missing field and a wrong one get their own codes.
  const checked = (offering ? offeringRecordSchema : newsRecordSchema).safeParse(normalized, { reportInput: true });
  if (!checked.success) return { ok: false, problems: schemaProblems(file, checked.error) };

  let bodyHtml = '';
  try {
    if (options.body !== 'skip') bodyHtml = renderBody(body);
  } catch (err) {
    // Elements nested thousands deep overflow the renderer's stack.
    const message =
      err instanceof BodyRefused ? err.message : err instanceof RangeError ? 'the body nests its elements too deeply to render; flatten it' : `the body could not be rendered: ${(err as Error).message}`;
    return { ok: false, problems: [diagnostic('body-too-costly', file, message, { field: 'body' })] };
  }
  const notes = warnings.map((w) => diagnostic(w.code, file, w.message, { field: w.field }));
  if (offering) return { ok: true, offering: { ...(checked.data as OfferingFields), file, bodyHtml, warnings: notes } };

  // Fields the pages do not use (Medigy's OpenProject fields, htmlMetaData…) stay in the
  // file, which is the record; the store keeps what pages show.
  return { ok: true, record: { ...(checked.data as NewsFields), file, bodyHtml, warnings: notes } };
}

function schemaProblems(file: string, error: z.ZodError): RecordProblem[] {
  return error.issues.map((issue) => diagnostic(schemaCode(issue), file, issue.message, { field: fieldPath(issue.path) }));
}

/** A schema issue's code: the schema's own (a custom check names it), a missing field, or a value the site cannot use. */
function schemaCode(issue: z.core.$ZodIssue): DiagnosticCode {
  const named = (issue as { params?: { diagnostic?: string } }).params?.diagnostic;
  if (named && named in DIAGNOSTIC_CODES) return named as DiagnosticCode;
  return issue.code === 'invalid_type' && issue.input === undefined ? 'missing-field' : 'invalid-field';
}
