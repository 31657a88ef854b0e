import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/helpers';

/**
 * The shape of lib/: data flows one way, content → catalog → store → pages, each stage a
 * folder. A folder may import only folders below it in LAYERS (never one above, so no two
 * import each other), and no file imports itself around a circle.
 */
const LAYERS = ['generated', 'config', 'urls', 'content', 'taxonomy', 'search', 'catalog', 'store', 'ingest', 'curation', 'desk', 'editor', 'pages', 'site', 'serving'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** Relative imports of each file under lib/, resolved to files. */
function importGraph(): Map<string, string[]> {
  const lib = path.join(ROOT, 'lib');
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(lib)) {
    const text = fs.readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/g)) {
      const base = path.resolve(path.dirname(file), m[1]!);
      const resolved = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), base].find((p) => fs.existsSync(p) && fs.statSync(p).isFile());
      if (resolved) targets.push(resolved);
    }
    graph.set(file, targets);
  }
  return graph;
}

const folderOf = (file: string) => path.relative(path.join(ROOT, 'lib'), file).split(path.sep)[0]!;
const rel = (file: string) => path.relative(ROOT, file);

describe('the layout of lib/', () => {
  const graph = importGraph();

  it('has every folder in the pipeline order', () => {
    const folders = new Set([...graph.keys()].map(folderOf));
    expect([...folders].filter((f) => !LAYERS.includes(f))).toEqual([]);
  });

  it('imports only from its own folder or folders earlier in the pipeline', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      for (const target of targets) {
        const from = LAYERS.indexOf(folderOf(file));
        const to = LAYERS.indexOf(folderOf(target));
        if (to > from) upward.push(`${rel(file)} → ${rel(target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('has no circle of imports between files', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map(rel).join(' → '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('keeps test tooling out of lib/ and the raw store connection inside lib/store', () => {
    expect(fs.existsSync(path.join(ROOT, 'lib', 'synthetic'))).toBe(false);
    const inner = ['lib/store/catalog-view.ts', 'lib/store/rows.ts', 'lib/store/writes.ts'];
    const outside = [...graph.entries()]
      .filter(([file]) => folderOf(file) !== 'store')
      .filter(([, targets]) => targets.some((t) => inner.includes(rel(t))))
      .map(([file]) => rel(file));
    // Records reach the store through its writer (lib/store/writer.ts) only.
    expect(outside).toEqual([]);
  });
});

/**
 * The store is written one way: every statement that puts rows in or takes them out is in
 * lib/store/writes.ts (rows) or lib/store/derived.ts (what the store derives from them),
 * built from the tables' one definition (lib/store/tables.ts, from schema.prisma); the
 * ingests only judge records and hand each verdict to applyVerdict.
 */
describe('the one store writer', () => {
  const graph = importGraph();
  const code = (file: string) =>
    fs
      .readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
  // SQL that changes rows: INSERT (OR …) INTO, REPLACE INTO, UPDATE <table> SET, DELETE FROM.
  const WRITE_SQL = /\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE\s+[\w"`${}.]+\s+SET|DELETE\s+FROM)\b/;
  const WRITERS = ['lib/store/writes.ts', 'lib/store/derived.ts'];
  // Their own bookkeeping, not the store's rows: the migrations' record, and the news desk's own database (desk.db).
  const OWN_DATABASES = ['lib/store/migrate.ts', 'lib/desk/state.ts'];

  it('writes rows only in lib/store/writes.ts and lib/store/derived.ts', () => {
    const writing = [...graph.keys()].filter((file) => WRITE_SQL.test(code(file))).map(rel);
    expect(writing.filter((f) => !OWN_DATABASES.includes(f)).sort()).toEqual([...WRITERS].sort());
    // The statements in writes.ts are built from the tables' definitions: no table's column list is typed out there.
    expect(code(path.join(ROOT, 'lib/store/writes.ts'))).not.toMatch(/INSERT[^`'\n]*\(\w+, \w+/);
  });

  it('keeps the per-verdict row logic out of the ingests: they judge, and apply each verdict', () => {
    for (const file of ['lib/ingest/full.ts', 'lib/ingest/incremental.ts']) {
      const text = code(path.join(ROOT, file));
      const imports = (graph.get(path.join(ROOT, file)) ?? []).map(rel);
      expect(imports, file).not.toContain('lib/store/rows.ts');
      expect(imports, file).not.toContain('lib/store/writes.ts');
      expect(imports, file).toContain('lib/store/writer.ts');
      expect(text, file).toMatch(/\bapplyVerdict\(verdict, writer\)/);
      // No row of an item, profile or named thing put by hand, nor a file's row made from a verdict.
      expect(text, file).not.toMatch(/\.(?:putNews|putProfile|putEntities)\(|sourceFileOf|rejectedSourceFile|taxonomySourceFile/);
    }
  });

  it('lets the catalogue\'s views only read', () => {
    for (const file of ['lib/store/catalog-view.ts', 'lib/catalog/view.ts', 'lib/store/views.ts']) {
      const text = code(path.join(ROOT, file));
      expect(text, file).not.toMatch(WRITE_SQL);
      expect(text, file).not.toMatch(/\b(?:putEntity|putProfile|admitted|noted)\s*[(<]/);
    }
  });
});

/** Source of the site's code (lib/, app/, components/, proxy.ts), comments left out: what it does, not what it says. */
function siteCode(): { file: string; code: string }[] {
  const files = [...['lib', 'app', 'components'].flatMap((dir) => sourceFiles(path.join(ROOT, dir))), path.join(ROOT, 'proxy.ts')];
  return files.map((file) => ({
    file: rel(file),
    code: fs
      .readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|\s)\/\/.*$/gm, '$1'),
  }));
}

describe("the site's addresses", () => {
  const code = siteCode();

  it('are built and matched only in lib/urls', () => {
    // A page path in a string, template, SQL text or JSX (`'/news/' || slug`, `/topic/${slug}`,
    // `>/news/{slug}<`), or a regular expression over one (`/^\/news\/([^/]+)$/`).
    const literal = /[>'"`](\/(?:news|topics?|offerings?|source|tag|feeds|sitemaps|search|sitemap\.xml|robots\.txt)(?:[/?][^\s'"`<>]*)?)(?=['"`<])/g;
    const pattern = /\\\/(?:\(\?:)?(?:news|topics?|offerings?|source|tag|feeds|sitemaps)\b/g;
    // Medigy's record format names a related offering by its address there, whatever ours
    // is: the schema writes and reads that form, and gives editors examples of it.
    const allowed = new Set([
      'lib/content/schema.ts `/offering/${slug}',
      'lib/content/schema.ts "/offering/luscii-platform',
      'lib/content/schema.ts "/news/old-title',
      'lib/content/schema.ts \\/offering',
    ]);
    const found: string[] = [];
    for (const { file, code: text } of code) {
      if (file.startsWith('lib/urls/')) continue;
      for (const m of [...text.matchAll(literal), ...text.matchAll(pattern)]) {
        const entry = `${file} ${m[0]}`;
        if (!allowed.has(entry)) found.push(entry);
      }
    }
    expect(found).toEqual([]);
  });

  it("name Next.js's RSC request headers in one list", () => {
    const header = /['"`](?:rsc|next-router-[a-z-]+|next-action)['"`]/gi;
    const files = code.filter(({ code: text }) => header.test(text)).map(({ file }) => file);
    expect(files).toEqual(['lib/site/http-cache.ts']);
  });
});

describe('commands', () => {
  it("start with their node flags from one list, in package.json's scripts too", async () => {
    const { COMMANDS } = await import('../../scripts/build-cli.mjs');
    const { NODE_FLAGS } = await import('../../scripts/node-flags.mjs');
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const started = Object.values(scripts)
      .map((line) => /^node((?: --[\w-]+(?:=\S+)?)*) scripts\/run\.mjs ([\w-]+)/.exec(line))
      .filter((m) => m !== null)
      .map((m) => ({ command: m[2]!, flags: m[1]!.trim().split(' ').filter(Boolean) }));
    expect(started.length).toBeGreaterThanOrEqual(6);
    for (const { command, flags } of started) {
      expect(COMMANDS, command).toContain(command);
      expect(flags, command).toEqual(NODE_FLAGS[command] ?? []);
    }
    expect(Object.keys(NODE_FLAGS).every((c) => started.some((s) => s.command === c))).toBe(true);
  });
});
