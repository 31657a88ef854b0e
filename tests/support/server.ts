import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../lib/serving/ports';
import { commandArgs } from './cli';
import { ROOT } from './helpers';

const NEXT = path.join(ROOT, 'node_modules', '.bin', 'next');

/** `next build` of the working tree, as `npm run build` does it. */
export function buildApp(): void {
  const result = spawnSync(NEXT, ['build'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
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
  const deadline = Date.now() + 30_000;
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
