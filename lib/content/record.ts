import type { z } from 'zod';
import { OWN_KINDS, UNPUBLISHED_KINDS, unpublishedKind } from './kinds';
import { ADDRESS_SOURCES, isOfferingRecord, normalizeOffering, normalizeRecord, type FieldWarning } from './normalize';
import { parseRecord } from './parse';
import { diagnostic, DIAGNOSTIC_CODES, fieldPath, type DiagnosticCode, type Diagnostic } from './problems';
import { BodyRefused, renderRecordBody, type BodyImage, type LocalImage } from './render';
import { newsRecordSchema, offeringRecordSchema, type NewsFields, type OfferingFields } from './schema';
import { hostOf } from './values';

/** A record that passed every check, ready for the store. */
export interface NewsRecord extends NewsFields {
  /** Path relative to the content directory. */
  file: string;
  bodyHtml: string;
  /** Images the body shows from Medigy's site, found beside the record (`localImage`). */
  bodyImages: BodyImage[];
  /** What an editor should know; the record still publishes. */
  warnings: Diagnostic[];
}

/** An offering record (a product's profile) that passed every check. */
export interface OfferingRecord extends OfferingFields {
  file: string;
  bodyHtml: string;
  warnings: Diagnostic[];
}

export type RecordResult = { ok: true; record: NewsRecord } | { ok: false; problems: Diagnostic[] };
export type ContentResult = { ok: true; record: NewsRecord } | { ok: true; offering: OfferingRecord } | { ok: false; problems: Diagnostic[] };

/**
 * What to do with the body. `render` (the default) renders and sanitizes it, which can
 * take long on a hostile body: the ingest, `check` and the editor run that off the main
 * thread, under a deadline (lib/ingest/preparation.ts). `skip` checks the front matter
 * only (bodyHtml is empty): for reading a record's fields into a form, or checking a
 * draft's fields before its body is checked that way.
 */
export interface ReadOptions {
  body?: 'render' | 'skip';
  /**
   * Where the images a body names by a path on Medigy's site are (the file beside the
   * record: lib/content/prepare.ts). Without it such images are kept as written.
   */
  localImage?: LocalImage;
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
  // Kinds Medigy published that the site does not: named, left out, never an error.
  const other = unpublishedKind(data);
  if (other) return { ok: false, problems: [diagnostic('kind-not-published', file, `this is ${UNPUBLISHED_KINDS[other]}, a kind of record the site does not publish; it is left out`)] };
  const warnings: FieldWarning[] = [];
  const offering = isOfferingRecord(data);
  const normalized = offering ? normalizeOffering(data, warnings) : normalizeRecord(data, warnings, body);
  // With each issue's input, so that a missing field and a wrong one get their own codes.
  const checked = (offering ? offeringRecordSchema : newsRecordSchema).safeParse(normalized, { reportInput: true });
  if (!checked.success) return { ok: false, problems: schemaProblems(file, checked.error) };
  if (!offering) {
    const fields = checked.data as NewsFields;
    // A curated kind written here without its article's address is an editor's mistake;
    // imported from Medigy, the record is published as the site's own writing (prepare.ts).
    if (!fields.link && !OWN_KINDS.has(fields.kind) && !fields.imported) {
      return { ok: false, problems: [diagnostic('missing-field', file, `the record needs a link: the address of the article being curated (link.href); none was found in ${ADDRESS_SOURCES}. The site's own writing needs none: give it "archetype: post"`, { field: 'link' })] };
    }
  }

  let bodyHtml = '';
  let bodyImages: BodyImage[] = [];
  try {
    if (options.body !== 'skip') {
      // The item page makes its own call to the article: the body's closing one to the same host goes.
      const link = offering ? null : (checked.data as NewsFields).link;
      const rendered = renderRecordBody(body, options.localImage, link ? hostOf(link.href) : undefined);
      bodyHtml = rendered.html;
      bodyImages = rendered.images;
      for (const src of rendered.missing) {
        warnings.push({ code: 'image-missing', field: 'body', message: `the image "${src.slice(0, 120)}" is not beside the record; the page shows the body without it` });
      }
    }
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
  return { ok: true, record: { ...(checked.data as NewsFields), file, bodyHtml, bodyImages, warnings: notes } };
}

function schemaProblems(file: string, error: z.ZodError): Diagnostic[] {
  return error.issues.map((issue) => diagnostic(schemaCode(issue), file, issue.message, { field: fieldPath(issue.path) }));
}

/** A schema issue's code: the schema's own (a custom check names it), a missing field, or a value the site cannot use. */
function schemaCode(issue: z.core.$ZodIssue): DiagnosticCode {
  const named = (issue as { params?: { diagnostic?: string } }).params?.diagnostic;
  if (named && named in DIAGNOSTIC_CODES) return named as DiagnosticCode;
  return issue.code === 'invalid_type' && issue.input === undefined ? 'missing-field' : 'invalid-field';
}
