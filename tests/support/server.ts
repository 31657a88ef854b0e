import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../lib/serving/ports';
import { commandArgs } from './cli';
import { ROOT } from './helpers';

const NEXT = path.join(ROOT, 'node_modules', '.bin', 'next');

/** What `next build` reads: a change to any of these makes the build stale. */
const APP_SOURCES = ['app', 'components', 'lib', 'proxy.ts', 'next.config.ts', 'tsconfig.json', 'package-lock.json', 'prisma/schema.prisma'];
const BUILD_STAMP = path.join(ROOT, '.next', 'test-build-sources.json');
const BUILD_LOCK = path.join(ROOT, 'node_modules', '.cache', 'next-build.lock');

/** Size and time of every file `next build` reads, in one string. */
function sourcesStamp(): string {
  const stamps: string[] = [];
  const walk = (rel: string) => {
    const full = path.join(ROOT, rel);
    let st: fs.Stats;
    try {
      st = fs.statSync(full);
    } catch {
      return stamps.push(`${rel} missing`);
    }
    if (!st.isDirectory()) return stamps.push(`${rel} ${st.size}:${st.mtimeMs}`);
    for (const name of fs.readdirSync(full).sort()) if (name !== 'generated') walk(path.join(rel, name));
  };
  for (const rel of APP_SOURCES) walk(rel);
  return stamps.join('\n');
}

/**
 * `next build` of the working tree, as `npm run build` does it, unless the build in .next
 * is of the sources as they are. One build at a time (a lock folder): a second test run
 * started meanwhile waits for it and then finds it fresh, rather than rewriting .next
 * under the first run's servers.
 */
export async function buildApp(): Promise<void> {
  fs.mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  for (const deadline = Date.now() + 20 * 60_000; ; ) {
    try {
      fs.mkdirSync(BUILD_LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A build that died without removing its lock: builds take minutes, not twenty.
      if (Date.now() > deadline || Date.now() - fs.statSync(BUILD_LOCK, { throwIfNoEntry: false })!.mtimeMs > 20 * 60_000) {
        fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    const stamp = sourcesStamp();
    if (fs.existsSync(BUILD_STAMP) && fs.readFileSync(BUILD_STAMP, 'utf8') === stamp) return;
    // Not spawnSync: the build starts in the global setup and runs while the unit and
    // integration tests do (this process schedules them meanwhile).
    const result = await new Promise<{ status: number | null; output: string }>((resolve, reject) => {
      const child = spawn(NEXT, ['build'], { cwd: ROOT, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, output }));
    });
    if (result.status !== 0) throw new Error(`next build failed:\n${result.output}`);
    fs.writeFileSync(BUILD_STAMP, stamp);
  } finally {
    fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

export interface RunningServer {
  url: string;
  /** The front server (scripts/serve.ts); Next.js runs as its child. */
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The production server (`npm run serve`: scripts/serve.ts, its page cache in front of
 * `next start`) of the built app over the given store, ready to answer.
 */
export async function startServer(env: Record<string, string>, onPort?: number): Promise<RunningServer> {
  // The build the global setup started (or this one, when it failed or the sources changed since).
  if (process.env.TESTS_SKIP_BUILD !== '1') await buildApp();
  const port = onPort ?? (await freePort());
  const child = spawn(process.execPath, commandArgs('serve', '-p', String(port), '-H', '127.0.0.1'), {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  // Generous: on a busy machine `next start` may wait long for a core.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
    try {
      await fetch(`${url}/`, { signal: AbortSignal.timeout(2000) });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`the server did not answer:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
