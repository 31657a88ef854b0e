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

/**
 * What commands run: a symbolic link to the newest complete build. Each build is written
 * into a folder of its own (dist/cli-<time>-<pid>/) and the link swapped to it at once
 * (rename), so two builds at the same time (two test runs, a command and a test) never
 * show anyone half a build, and a command already running keeps loading its chunks and
 * worker from the build it started with (Node resolves the link when it loads a file).
 */
export const OUT_DIR = path.resolve('dist', 'cli');
export const MANIFEST = path.join(OUT_DIR, 'sources.json');
/** Older builds are removed once this old: no command still loads chunks from them by then. */
const OLD_BUILD_MS = 30 * 60 * 1000;
export const COMMANDS = ['ingest', 'check', 'curate', 'sync', 'serve', 'start', 'import-taxonomy', 'feeds'];

/** Packages with native code or their own files at run time: imported from node_modules. */
const EXTERNAL = ['better-sqlite3', 'sharp', 'esbuild', '@prisma/*', 'vnu-jar', 'playwright-core', 'lighthouse'];

export async function buildCli() {
  const { build } = await import('esbuild');
  const name = `cli-${Date.now()}-${process.pid}`;
  const buildDir = path.join(path.dirname(OUT_DIR), name);
  fs.rmSync(buildDir, { recursive: true, force: true });
  const result = await build({
    entryPoints: COMMANDS.map((c) => ({ in: `scripts/${c}.ts`, out: c })),
    outdir: buildDir,
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
    outdir: buildDir,
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
  fs.writeFileSync(path.join(buildDir, 'package.json'), '{"type":"module"}\n');
  // The project's own sources (not node_modules) with their size and time: run.mjs
  // rebuilds when one differs. package-lock.json stands for the packages.
  const sources = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  sources.push('package-lock.json', 'scripts/build-cli.mjs');
  const stamps = Object.fromEntries(sources.map((f) => [f, stampOf(f)]));
  fs.writeFileSync(path.join(buildDir, 'sources.json'), JSON.stringify(stamps));
  publish(name);
}

/** Points dist/cli at the finished build in one rename, then clears builds long replaced. */
function publish(name) {
  const dist = path.dirname(OUT_DIR);
  // A build of an older version of this script was a plain folder: replaced once.
  try {
    if (!fs.lstatSync(OUT_DIR).isSymbolicLink()) fs.rmSync(OUT_DIR, { recursive: true, force: true });
  } catch {}
  const link = path.join(dist, `${name}.link`);
  fs.symlinkSync(name, link);
  fs.renameSync(link, OUT_DIR);
  const now = Date.now();
  for (const other of fs.readdirSync(dist)) {
    if (other === name || !/^cli-\d+-\d+$/.test(other)) continue;
    const full = path.join(dist, other);
    try {
      if (now - fs.statSync(full).mtimeMs > OLD_BUILD_MS) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // removed by another build meanwhile
    }
  }
}

/** Whether a source of the build at dist/cli changed since (a stat of each, ~1 ms), or there is none. */
export function cliIsStale() {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  } catch {
    return true;
  }
  return Object.entries(recorded).some(([file, stamp]) => stampOf(file) !== stamp);
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
