/**
 * A problem found in one content record, written for an editor rather than a
 * programmer: which file, which field (as a path such as `relatedOfferings[1].permalink`),
 * the line when the YAML itself is broken, and what to do about it.
 */
export interface RecordProblem {
  /** Path of the record file, relative to the content directory. */
  file: string;
  /** Dotted field path inside the front matter; absent for whole-file problems. */
  field?: string;
  /** 1-based line in the file, when known (YAML syntax errors). */
  line?: number;
  message: string;
}

/**
 * A problem as one line for a terminal. Control characters (a file named with an escape
 * sequence, a newline in a value) are shown escaped: they never reach the terminal as
 * they are.
 */
export function formatProblem(p: RecordProblem): string {
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

/**
 * Problems grouped by kind, most frequent first, for the end of a report: what is wrong
 * across a corpus at a glance ("12 records: slug: … is already the slug of …"). A kind
 * is the field (list positions dropped) and the message with its quoted values and
 * numbers left out.
 */
export function problemCounts(problems: RecordProblem[]): { files: number; kind: string }[] {
  const kinds = new Map<string, Set<string>>();
  for (const p of problems) {
    const field = p.field?.replace(/\[\d+\]/g, '[]');
    const message = p.message.replace(/"[^"]*"|“[^”]*”/g, '…').replace(/\b\d[\d,.]*\b/g, 'N');
    const kind = field ? `${field}: ${message}` : message;
    let files = kinds.get(kind);
    if (!files) kinds.set(kind, (files = new Set()));
    files.add(p.file);
  }
  return [...kinds].map(([kind, files]) => ({ kind, files: files.size })).sort((a, b) => b.files - a.files || a.kind.localeCompare(b.kind));
}

/** The lines of that summary. */
export function formatCounts(problems: RecordProblem[], what: string): string[] {
  return problemCounts(problems).map((c) => printable(`${what}: ${c.files} ${c.files === 1 ? 'record' : 'records'}: ${c.kind}`));
}
