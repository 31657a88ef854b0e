import matter from 'gray-matter';
import yaml from 'js-yaml';
import { diagnostic, type DiagnosticCode, type RecordProblem } from './problems';

/** The raw pieces of a record file: untrusted front matter and the body text. */
export interface ParsedRecord {
  data: Record<string, unknown>;
  body: string;
}

export type ParseResult = { ok: true; value: ParsedRecord } | { ok: false; problem: RecordProblem };

/** Front matter larger than this is not a curated link; refuse it before parsing. */
const MAX_FRONT_MATTER_BYTES = 256 * 1024;
/** Parsed YAML may share nodes through aliases; past this many nodes we stop walking. */
const MAX_YAML_NODES = 20_000;

const refuseEngine = (name: string) => () => {
  throw new EngineRefused(name);
};

class EngineRefused extends Error {
  constructor(readonly engine: string) {
    super(`front matter in "${engine}" is not accepted`);
  }
}

// gray-matter picks the engine from the text after the opening `---` (`---js` evaluates
// JavaScript). Records are untrusted, so only YAML is registered and every other
// language is refused by name; YAML is read with the core schema: no custom tags,
// no timestamps turned into Dates (normalize does dates), no `<<` merges.
const matterOptions = {
  language: 'yaml',
  engines: {
    yaml: { parse: (text: string) => yaml.load(text, { schema: yaml.CORE_SCHEMA }) as object },
    javascript: refuseEngine('javascript'),
    js: refuseEngine('js'),
    coffee: refuseEngine('coffee'),
    coffeescript: refuseEngine('coffeescript'),
    cson: refuseEngine('cson'),
    json: refuseEngine('json'),
    toml: refuseEngine('toml'),
  },
} as unknown as Parameters<typeof matter>[1];

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

  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(text, matterOptions) as matter.GrayMatterFile<string>;
  } catch (err) {
    if (err instanceof EngineRefused) return fail(err.message, 1);
    if (err instanceof yaml.YAMLException) {
      // gray-matter hands js-yaml the text from the end of the opening `---` line, so
      // js-yaml's 0-based line is the file's 1-based line minus one.
      const line = err.mark ? err.mark.line + 1 : undefined;
      return fail(`the YAML is not valid: ${err.reason}. Check indentation and quoting on this line`, line, 'yaml-syntax');
    }
    return fail(`the front matter could not be read: ${(err as Error).message}`);
  }

  const data = parsed.data as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return fail('the front matter must be a list of "field: value" lines', 2);
  if (!withinNodeBudget(data, MAX_YAML_NODES))
    return fail('the front matter expands to too much data (YAML aliases used to multiply content?)', 2, 'front-matter-too-large');

  return { ok: true, value: { data: data as Record<string, unknown>, body: parsed.content } };
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
