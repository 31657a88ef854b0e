import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import dns from 'node:dns';
import http from 'node:http';
import path from 'node:path';
import type { Upstream } from './front-server';
import { freePort } from './ports';

export interface NextProcess {
  upstream: Upstream;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * `next start` of the built app in `dir`, on a private loopback port, as a child process:
 * renderings (tens of milliseconds on large stores) run on their own core and never hold
 * up the front server's cache hits.
 */
export async function startNextProcess(options: { dir: string; env?: NodeJS.ProcessEnv; stdio?: StdioOptions; readyTimeoutMs?: number }): Promise<NextProcess> {
  // Next.js names every loopback address "localhost" in the request proxy.ts sees, and
  // serves a rewrite (a section page, the 404 page) itself only when its origin is the
  // one Next.js was started on; any other it fetches over HTTP, running the proxy again.
  // So it is started on "localhost", and reached at the address that name has here.
  const hostname = 'localhost';
  const { address: host } = await dns.promises.lookup(hostname);
  const port = await freePort(host);
  const bin = path.join(options.dir, 'node_modules', 'next', 'dist', 'bin', 'next');
  // Longer than the front server's idle upstream sockets live (front-server.ts), so the
  // app never closes a connection the front server is about to reuse.
  const child = spawn(process.execPath, [bin, 'start', '-H', hostname, '-p', String(port), '--keepAliveTimeout', '70000'], {
    cwd: options.dir,
    env: { NEXT_TELEMETRY_DISABLED: '1', ...(options.env ?? process.env) },
    stdio: options.stdio ?? 'inherit',
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`next start exited (${child.exitCode ?? child.signalCode}) before answering`);
    if (await answers(host, port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer on ${host}:${port}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { upstream: { host, port }, child, stop };
}

/** Any HTTP answer means the server is up; a build asset that does not exist is the cheapest. */
function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host, port, path: '/_next/static/ready-check', timeout: 2000, agent: false }, (response) => {
      response.resume();
      resolve(true);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}
