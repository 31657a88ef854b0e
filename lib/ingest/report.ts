import path from 'node:path';
import { KIND_COUNT_NAMES } from '../content/kinds';
import { countsByCode, DIAGNOSTIC_CODES, formatProblem, isError, type Diagnostic } from '../content/problems';
import type { StoreUpdateSummary } from './update-store';

/**
 * How `npm run check` and `npm run ingest` tell what they found: every diagnostic, then a
 * summary with one line per code, as text for a person or (`--json`) as one JSON object
 * per line for a CI system or an editor's tool, then the exit code. Decided here, once,
 * for both commands.
 */

export interface ReportOptions {
  /** JSON lines instead of text. */
  json: boolean;
  /** The content directory as paths are shown (relative to the working directory). */
  contentDir: string;
}

/** Where a report goes, lines at a time: a person reads stderr for problems and stdout for what was done. */
export interface ReportOutput {
  out(lines: readonly string[]): void;
  err(lines: readonly string[]): void;
}

/**
 * Each batch of lines in one write (a corpus with a warning on every record printed
 * 100,000 lines one write each: 0.7 s of a 100,000-record ingest). Writes to a pipe or
 * a file are synchronous on Linux, so nothing is lost when the process exits.
 */
export const consoleOutput: ReportOutput = {
  out: (lines) => writeLines(process.stdout, lines),
  err: (lines) => writeLines(process.stderr, lines),
};

function writeLines(stream: NodeJS.WriteStream, lines: readonly string[]): void {
  if (!lines.length) return;
  if (!readerMayLeave.has(stream)) {
    // A reader that stops reading (`npm run check -- --json | head`) closes the pipe: the
    // rest of the report goes nowhere and the command ends with its own exit code, not
    // with a stack trace for an unhandled EPIPE.
    readerMayLeave.add(stream);
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  stream.write(`${lines.join('\n')}\n`);
}
const readerMayLeave = new WeakSet<NodeJS.WriteStream>();

/** What decides the exit code, besides the diagnostics. */
export interface ExitRules {
  /** The store was changed as asked (the ingest); a check changes nothing. */
  published?: boolean;
  /** Errors are accepted: the valid records are published (ingest --skip-invalid). */
  skipInvalid?: boolean;
  /** Warnings fail too (check --strict). */
  strict?: boolean;
}

/** 0 when all is well; 1 when a record is refused (and that was not accepted), the store was not changed, or with `strict` any warning. */
export function exitCodeOf(diagnostics: Diagnostic[], rules: ExitRules = {}): 0 | 1 {
  if (rules.published === false) return 1;
  if (diagnostics.some(isError) && !rules.skipInvalid) return 1;
  if (rules.strict && diagnostics.some((d) => !isError(d))) return 1;
  return 0;
}

/** The file of a diagnostic as the person running the command names it. */
function shownFile(d: Diagnostic, contentDir: string): string {
  return d.file.startsWith('(') ? d.file : path.join(path.relative(process.cwd(), contentDir) || '.', d.file);
}

/** A diagnostic as one line of text: `error: content/a.md: slug: "x" is already the slug of b.md; … [slug-taken]`. */
export function diagnosticLine(d: Diagnostic, contentDir: string): string {
  return `${d.severity}: ${formatProblem({ ...d, file: shownFile(d, contentDir) })} [${d.code}]`;
}

/** A diagnostic as a JSON object (one line). */
export function diagnosticJson(d: Diagnostic, contentDir: string): string {
  const { severity, code, field, line, message } = d;
  return JSON.stringify({ type: 'diagnostic', severity, code, file: shownFile(d, contentDir), ...(field ? { field } : {}), ...(line ? { line } : {}), message });
}

/** The summary's lines, one per code: `errors: 3 records: slug-taken: the slug is another record's`. */
export function countLines(diagnostics: Diagnostic[]): string[] {
  return countsByCode(diagnostics).map((c) => `${c.severity}s: ${c.files} ${c.files === 1 ? 'record' : 'records'}: ${c.code}: ${DIAGNOSTIC_CODES[c.code].summary}`);
}

/**
 * Writes the diagnostics and the summary, and returns the exit code. `summary` is what the
 * command did, as fields for the JSON summary; `lines` says it to a person.
 */
export function writeReport(
  output: ReportOutput,
  diagnostics: Diagnostic[],
  summary: { command: 'check' | 'ingest'; fields: Record<string, unknown>; lines: { out: string[]; err: string[] } },
  options: ReportOptions,
  rules: ExitRules,
): 0 | 1 {
  const exitCode = exitCodeOf(diagnostics, rules);
  if (options.json) {
    const codes = Object.fromEntries(countsByCode(diagnostics).map((c) => [c.code, c.diagnostics]));
    const errors = diagnostics.filter(isError).length;
    output.out([
      ...diagnostics.map((d) => diagnosticJson(d, options.contentDir)),
      JSON.stringify({ type: 'summary', command: summary.command, ...summary.fields, errors, warnings: diagnostics.length - errors, codes, exitCode }),
    ]);
    return exitCode;
  }
  // Each problem, then at a glance, by code: what is wrong across the corpus.
  output.err([...diagnostics.map((d) => diagnosticLine(d, options.contentDir)), ...countLines(diagnostics), ...summary.lines.err]);
  output.out(summary.lines.out);
  return exitCode;
}

/** What an ingest did, for its summary: the fields of the JSON summary and the lines for a person. */
export function ingestSummary(sync: StoreUpdateSummary, options: { skipInvalid: boolean; storeFile: string }): { command: 'ingest'; fields: Record<string, unknown>; lines: { out: string[]; err: string[] } } {
  const out: string[] = [];
  const err: string[] = [];
  const store = path.relative(process.cwd(), options.storeFile) || options.storeFile;
  const fields: Record<string, unknown> = { mode: sync.mode, published: sync.published, seconds: Number(sync.seconds.toFixed(3)) };
  const full = sync.full;
  if (!full) {
    Object.assign(fields, { added: sync.added.length, changed: sync.changed.length, removed: sync.removed.length, moved: sync.renamed.length, unchanged: sync.unchanged });
    const changes = `${sync.added.length} added, ${sync.changed.length} changed, ${sync.removed.length} removed, ${sync.renamed.length} moved, ${sync.unchanged} unchanged`;
    if (sync.published) {
      const how = sync.reused ? 'rebuilt into a new file, reusing the rows of unchanged files; --from-scratch reads every file' : 'only changed files read; --full rebuilds';
      out.push(`ingest: ${changes} in ${sync.seconds.toFixed(2)} s → ${store} (${how})`);
      // The tree is the truth: records refused earlier and not fixed since are still refused.
      if (sync.stillRejected.length) {
        const files = new Set(sync.stillRejected.map((p) => p.file)).size;
        err.push(`ingest: ${files} record(s) above are still rejected and not published${options.skipInvalid ? ' (--skip-invalid)' : ': fix them, or run with --skip-invalid to accept that'}`);
      }
    } else {
      err.push(`ingest: the store was not changed (${store}): fix the record(s) above, or run with --skip-invalid to apply the other changes.`);
    }
  } else {
    Object.assign(fields, { records: full.records, kinds: full.kinds, drafts: full.drafts, topics: full.topics, offerings: full.offerings, sources: full.sources, rejected: full.rejected, leftOut: full.leftOut, profiles: full.profiles });
    const line = `${full.records} records${kindCounts(full.kinds)}${full.drafts ? ` (+${full.drafts} drafts)` : ''}, ${full.topics} topics, ${full.offerings} offerings, ${full.sources} sources, ${full.rejected} rejected${full.leftOut ? `, ${full.leftOut} left out (see the warnings)` : ''}${full.profiles ? `, ${full.profiles} offering profiles` : ''} in ${full.seconds.toFixed(2)} s`;
    if (full.published) {
      out.push(`ingest: ${line} → ${store}`);
      const { records, related, publish } = full.phases;
      if (full.seconds > 2) out.push(`ingest: ${records.toFixed(2)} s records, ${related.toFixed(2)} s related news, ${publish.toFixed(2)} s indexes and publishing`);
      if (full.rejected) out.push(`ingest: published without the ${full.rejected} rejected record(s) listed above (--skip-invalid)`);
    } else {
      err.push(`ingest: ${full.rejected} record(s) rejected; the store was not changed (${store}). Fix them, or run with --skip-invalid to publish the others.`);
      err.push(`ingest: ${line}`);
    }
  }
  const media = sync.media;
  if (media && (media.read || media.problems.length)) {
    fields.images = { shown: media.images, read: media.read, written: media.written, bytes: media.bytes, seconds: Number(media.seconds.toFixed(3)) };
    out.push(`ingest: images: ${media.images} shown, ${media.read} read, ${media.written} files (${(media.bytes / 1024 / 1024).toFixed(1)} MB) written to the media folder in ${media.seconds.toFixed(2)} s (after the text was live)`);
  }
  return { command: 'ingest', fields, lines: { out, err } };
}

/** " (20 articles, 5 feed items, 3 videos)" when more than one kind was published. */
function kindCounts(kinds: Record<string, number>): string {
  const names: Record<string, readonly [string, string]> = KIND_COUNT_NAMES;
  const parts = Object.entries(kinds)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${n.toLocaleString('en')} ${(names[kind] ?? [kind, kind])[n === 1 ? 0 : 1]}`);
  return parts.length > 1 ? ` (${parts.join(', ')})` : '';
}
