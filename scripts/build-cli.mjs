/**
 * Compiles the command-line scripts (npm run ingest, check, curate, serve, start,
 * taxonomy:import, feeds) and the ingest's worker into plain JavaScript under dist/cli/, so
 * each command starts in node without compiling TypeScript first (tsx costs ~1.2 s a
 * start). One esbuild run: npm packages bundled in (loading one file is much faster
 * than resolving hundreds of small modules), native ones left as imports, and the
 * record pipeline split into chunks loaded only when a command needs it. Runs at
 * `npm install` and, through scripts/run.mjs, whenever a source file is newer than the
 * build. Plain JavaScript: it runs before anything is compiled.
 */
import fs from 'node:fs';
import path from 'node:path';

export const OUT_DIR = path.resolve('dist', 'cli');
export const MANIFEST = path.join(OUT_DIR, 'sources.json');
export const COMMANDS = ['ingest', 'check', 'curate', 'sync', 'serve', 'start', 'import-taxonomy', 'feeds'];

/** Packages with native code or their own files at run time: imported from node_modules. */
const EXTERNAL = ['better-sqlite3', 'sharp', 'esbuild', '@prisma/*', 'vnu-jar', 'playwright-core', 'lighthouse'];

export async function buildCli() {
  const { build } = await import('esbuild');
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  const result = await build({
    entryPoints: COMMANDS.map((c) => ({ in: `scripts/${c}.ts`, out: c })),
    outdir: OUT_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // Bundled CommonJS packages call require() for Node's own modules.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    // lib/ingest/preparation.ts starts this worker rather than bundling one at run time.
    define: { __PREBUILT_WORKER__: JSON.stringify('worker.js') },
    outExtension: { '.js': '.js' },
    metafile: true,
    logLevel: 'warning',
  });
  // The record worker on its own (in one bundle with the commands' shared chunks, the read
  // of 100,000 records ran ~20 % slower), its npm packages bundled in: it starts in ~0.4 s
  // rather than the ~0.6 s of resolving hundreds of small modules, which a command that
  // reads one file waits for.
  const worker = await build({
    entryPoints: [{ in: 'lib/ingest/worker.ts', out: 'worker' }],
    outdir: OUT_DIR,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
  });
  Object.assign(result.metafile.inputs, worker.metafile.inputs);
  // dist/cli is ESM whatever the project's package.json says.
  fs.writeFileSync(path.join(OUT_DIR, 'package.json'), '{"type":"module"}\n');
  // The project's own sources (not node_modules) with their size and time: run.mjs
  // rebuilds when one differs. package-lock.json stands for the packages.
  const sources = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  sources.push('package-lock.json', 'scripts/build-cli.mjs');
  const stamps = Object.fromEntries(sources.map((f) => [f, stampOf(f)]));
  fs.writeFileSync(MANIFEST, JSON.stringify(stamps));
}

export function stampOf(file) {
  try {
    const st = fs.statSync(file);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = performance.now();
  await buildCli();
  console.log(`build-cli: ${COMMANDS.length} commands compiled into ${path.relative(process.cwd(), OUT_DIR)}/ in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
}
