/**
 * What the site says about its content: one diagnostic per problem, written for an
 * editor rather than a programmer (which file, which field as a path such as
 * `relatedOfferings[1].permalink`, the line when the YAML itself is broken, and what to do
 * about it), with a code from a closed set and the severity that code has. Every stage
 * reports through these: `npm run check` and `npm run ingest` count the same problems the
 * same way, group their summaries by code, and print them as JSON lines for other tools
 * (`--json`).
 */

/** What a code means and how much it matters: an error keeps a record off the site; a warning does not. */
interface CodeInfo {
  severity: Severity;
  /** What the problem is, in a few words: the summary's line for the code. */
  summary: string;
}

export type Severity = 'error' | 'warning';

/** Every code a diagnostic can have. Add one here, and only here, with its severity and what it means. */
export const DIAGNOSTIC_CODES = {
  // The file itself.
  'unreadable-file': { severity: 'error', summary: 'the file could not be read, or is not a regular file' },
  'symbolic-link': { severity: 'error', summary: 'a record or folder is a symbolic link' },
  'unreadable-folder': { severity: 'error', summary: 'a folder could not be read' },
  'file-too-large': { severity: 'error', summary: 'the file is larger than a record may be' },
  'not-utf8': { severity: 'error', summary: 'the file is not UTF-8 text' },
  // Its front matter.
  'front-matter': { severity: 'error', summary: 'the front matter is missing, not closed or not YAML' },
  'yaml-syntax': { severity: 'error', summary: 'the YAML is not valid' },
  'front-matter-too-large': { severity: 'error', summary: 'the front matter is too large or expands to too much data' },
  // Its fields.
  'missing-field': { severity: 'error', summary: 'a field the page needs is missing' },
  'invalid-field': { severity: 'error', summary: 'a field has a value the site cannot use' },
  'topic-format': { severity: 'error', summary: 'a topic is not written "Collection: Label"' },
  'reserved-address': { severity: 'error', summary: "a breadcrumb leads into the site's own machinery" },
  'not-a-curated-link': { severity: 'error', summary: 'an offering record where a curated link was expected' },
  // Its body.
  'body-too-costly': { severity: 'error', summary: 'the body has more of a costly Markdown construct than is rendered' },
  'body-too-slow': { severity: 'error', summary: 'the body took longer to render than a record may' },
  // Among the other records.
  'slug-taken': { severity: 'error', summary: "the slug is another record's" },
  'alias-taken': { severity: 'error', summary: "an old address already leads to another record's page" },
  'address-conflict': { severity: 'error', summary: 'an old address and a section page are the same address' },
  'rejected-earlier': { severity: 'error', summary: 'the file was rejected by an earlier ingest' },
  // The taxonomy file.
  'taxonomy-line': { severity: 'error', summary: 'a line of the taxonomy is not a valid topic' },
  'taxonomy-duplicate': { severity: 'error', summary: 'a topic is on two lines of the taxonomy' },
  'taxonomy-parent': { severity: 'error', summary: "a topic's parent is missing or leads back to it" },
  // The publishers file (content/publishers.yml).
  'publisher-name': { severity: 'error', summary: 'a line of the publishers file is not a host and its name' },
  // The editor's requests and new records (the web editor, curate, the news desk).
  'already-curated': { severity: 'error', summary: 'a new record for an article curated before' },
  'invalid-request': { severity: 'error', summary: "a request is not what the editor sends" },
  'no-such-record': { severity: 'error', summary: 'the record or item asked for does not exist' },
  'edited-meanwhile': { severity: 'error', summary: 'the record or item changed since it was opened' },
  // What an editor should fix, though the record publishes.
  'no-description': { severity: 'warning', summary: 'there is no description' },
  'future-date': { severity: 'warning', summary: 'the date is in the future' },
  'curated-twice': { severity: 'warning', summary: 'the same article is curated by another record' },
  'same-article': { severity: 'warning', summary: 'the same article is curated twice under one slug; shown once' },
  'unknown-topic': { severity: 'warning', summary: 'a topic is not in the taxonomy' },
  'bare-topic': { severity: 'warning', summary: 'a topic names no collection' },
  'unknown-status': { severity: 'warning', summary: 'the status is neither "published" nor "draft"' },
  'not-a-web-address': { severity: 'warning', summary: 'a value that should be a web address is not; it is left out' },
  'image-missing': { severity: 'warning', summary: 'an image the record names is not there' },
  'image-unusable': { severity: 'warning', summary: 'an image could not be published' },
  'no-logo': { severity: 'warning', summary: 'an offering has no logo' },
  'section-label': { severity: 'warning', summary: 'a section is called otherwise than most records call it' },
  'no-link': { severity: 'warning', summary: 'a curated record names no article; its body is its page' },
  'event-no-date': { severity: 'warning', summary: 'an event gives no start date' },
  'featured-value': { severity: 'warning', summary: 'featured is neither true, false nor a positive whole number; the item is not pinned' },
  'event-date': { severity: 'warning', summary: "an event's end or time zone cannot be used; it is left out" },
  // Records left out without fault: named in the report, never failing the ingest (a
  // file whose only problems are these is not published, and is not an error).
  'kind-not-published': { severity: 'warning', summary: 'a kind of record the site does not publish (left out)' },
  'nothing-to-show': { severity: 'warning', summary: "an imported record with no article, no body and no image (left out)" },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  /** Path of the file, relative to the content directory. */
  file: string;
  /** Dotted field path inside the front matter; absent for whole-file problems. */
  field?: string;
  /** 1-based line in the file, when known (YAML syntax errors, taxonomy lines). */
  line?: number;
  message: string;
}

/** Something an editor should know about a record that still publishes, found while reading its fields (the file is added later). */
export interface FieldWarning {
  code: DiagnosticCode;
  field?: string;
  message: string;
}

/** Where in a file a diagnostic is. */
export interface Place {
  field?: string;
  line?: number;
}

/** A diagnostic of `code` (its severity is the code's). */
export function diagnostic(code: DiagnosticCode, file: string, message: string, place: Place = {}): Diagnostic {
  const d: Diagnostic = { severity: DIAGNOSTIC_CODES[code].severity, code, file, message };
  if (place.field) d.field = place.field;
  if (place.line) d.line = place.line;
  return d;
}

export const isError = (d: Diagnostic) => d.severity === 'error';

/**
 * A problem as one line for a terminal. Control characters (a file named with an escape
 * sequence, a newline in a value) are shown escaped: they never reach the terminal as
 * they are.
 */
export function formatProblem(p: Diagnostic): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  return printable(p.field ? `${where}: ${p.field}: ${p.message}` : `${where}: ${p.message}`);
}

/** Text with its control characters written as escapes (\u001b), safe to print. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `['relatedOfferings', 1, 'permalink']` → `relatedOfferings[1].permalink` */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Diagnostics counted by code, errors first, most files first: what is wrong across a corpus at a glance. */
export function countsByCode(diagnostics: Diagnostic[]): { code: DiagnosticCode; severity: Severity; files: number; diagnostics: number }[] {
  const byCode = new Map<DiagnosticCode, { files: Set<string>; diagnostics: number }>();
  for (const d of diagnostics) {
    let entry = byCode.get(d.code);
    if (!entry) byCode.set(d.code, (entry = { files: new Set(), diagnostics: 0 }));
    entry.files.add(d.file);
    entry.diagnostics++;
  }
  return [...byCode]
    .map(([code, e]) => ({ code, severity: DIAGNOSTIC_CODES[code].severity as Severity, files: e.files.size, diagnostics: e.diagnostics }))
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || b.files - a.files || a.code.localeCompare(b.code));
}
