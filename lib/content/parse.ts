import yaml from 'js-yaml';
import { diagnostic, type DiagnosticCode, type Diagnostic } from './problems';

/** The raw pieces of a record file: untrusted front matter and the body text. */
export interface ParsedRecord {
  data: Record<string, unknown>;
  body: string;
}

export type ParseResult = { ok: true; value: ParsedRecord } | { ok: false; problem: Diagnostic };

/** Front matter larger than this is not a curated link; refuse it before parsing. */
const MAX_FRONT_MATTER_BYTES = 256 * 1024;
/** Parsed YAML may share nodes through aliases; past this many nodes we stop walking. */
const MAX_YAML_NODES = 20_000;

/**
 * The front matter's YAML and the body, split as gray-matter splits them (Medigy's tools
 * and Hugo read the same files): the YAML runs from the end of the opening `---` to the
 * first line that starts with `---`; the body starts after that line. Done by hand: the
 * first line is exactly `---` (checked before), so there is no other language to pick,
 * and gray-matter's own work per file (a copy of the text, a cache keyed by it, its
 * options merged anew) was a tenth of a record's reading.
 */
function splitFrontMatter(text: string): { yaml: string; body: string } {
  const rest = text.slice(3);
  const close = rest.indexOf('\n---');
  if (close < 0) return { yaml: rest, body: '' };
  let body = rest.slice(close + 4);
  if (body[0] === '\r') body = body.slice(1);
  if (body[0] === '\n') body = body.slice(1);
  return { yaml: rest.slice(0, close), body };
}

/**
 * Splits a record file into front matter and body. Never throws: any problem comes back
 * as a value naming the file (and the line, for YAML syntax errors).
 */
export function parseRecord(file: string, text: string): ParseResult {
  const fail = (message: string, line?: number, code: DiagnosticCode = 'front-matter'): ParseResult => ({ ok: false, problem: diagnostic(code, file, message, { line }) });

  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0).trimEnd();
  if (firstLine !== '---') {
    if (firstLine.startsWith('---'))
      return fail(`the first line must be exactly "---" (found "${firstLine.slice(0, 40)}"): front matter must be YAML`, 1);
    return fail('the file does not start with front matter: the first line must be "---", then the YAML fields, then "---"', 1);
  }
  const close = text.search(/\r?\n---[ \t]*(\r?\n|$)/);
  if (close < 0) return fail('the front matter is never closed: add a line "---" after the last field');
  if (close > MAX_FRONT_MATTER_BYTES)
    return fail(`the front matter is larger than ${MAX_FRONT_MATTER_BYTES / 1024} KiB; a curated link needs far less`, undefined, 'front-matter-too-large');

  // Records are untrusted: YAML only (the first line is exactly `---`, so no `---js` that
  // would evaluate JavaScript), read with the core schema: no custom tags, no timestamps
  // turned into Dates (normalize does dates), no `<<` merges.
  const split = splitFrontMatter(text);
  let data: unknown;
  try {
    // No fields: nothing, only comments and blank lines, or a document that is only `null`
    // or `~` (js-yaml reads each as undefined or null), as gray-matter has it.
    data = yaml.load(split.yaml, { schema: yaml.CORE_SCHEMA }) ?? {};
  } catch (err) {
    if (err instanceof yaml.YAMLException) {
      // The YAML starts at the end of the opening `---` line, so js-yaml's 0-based line
      // is the file's 1-based line minus one.
      const line = err.mark ? err.mark.line + 1 : undefined;
      return fail(`the YAML is not valid: ${err.reason}. Check indentation and quoting on this line`, line, 'yaml-syntax');
    }
    return fail(`the front matter could not be read: ${(err as Error).message}`);
  }

  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return fail('the front matter must be a list of "field: value" lines', 2);
  if (!withinNodeBudget(data, MAX_YAML_NODES))
    return fail('the front matter expands to too much data (YAML aliases used to multiply content?)', 2, 'front-matter-too-large');

  return { ok: true, value: { data: data as Record<string, unknown>, body: split.body } };
}

/**
 * YAML aliases let a small document describe an exponentially large tree
 * ("billion laughs"). js-yaml shares the aliased node rather than copying it, so the
 * danger is in whoever walks the result later; count nodes, including repeats, and
 * give up past a budget.
 */
function withinNodeBudget(root: unknown, budget: number): boolean {
  const stack: unknown[] = [root];
  let seen = 0;
  while (stack.length) {
    const node = stack.pop();
    if (++seen > budget) return false;
    if (node && typeof node === 'object') {
      for (const child of Object.values(node)) if (child && typeof child === 'object') stack.push(child);
    }
  }
  return true;
}
