import fs from 'node:fs';
import http from 'node:http';

/**
 * A closed-loop HTTP load generator in the test process: `connections` kept-alive
 * connections, each sending its next request as soon as the last one is answered,
 * cycling through `paths`. Every answer goes to `check`, which says whether it is right.
 */
export interface LoadOptions {
  origin: string;
  paths: string[];
  connections: number;
  durationMs: number;
  headers?: Record<string, string>;
  /** Whether an answer is right; wrong ones count as errors. Called with the body. */
  check?: (path: string, status: number, body: string, startedAt: number) => boolean;
  /** Stop early when this returns true (checked after each answer). */
  until?: () => boolean;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** First few errors, for the report. */
  errorSamples: string[];
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let errors = 0;
  const errorSamples: string[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const fail = (message: string) => {
    errors++;
    if (errorSamples.length < 10) errorSamples.push(message);
  };

  const one = (path: string) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.get(`${options.origin}${path}`, { agent, headers: options.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => {
          fail(`${path}: ${e.message}`);
          resolve();
        });
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          const body = Buffer.concat(chunks).toString('utf8');
          if (options.check && !options.check(path, res.statusCode!, body, t0)) fail(`${path}: status ${res.statusCode}`);
          resolve();
        });
      });
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('error', (e) => {
        fail(`${path}: ${e.message}`);
        resolve();
      });
    });

  const worker = async () => {
    while (performance.now() < deadline && !options.until?.()) {
      await one(options.paths[next++ % options.paths.length]!);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { requests: latencies.length, errors, errorSamples, requestsPerSecond: latencies.length / seconds, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: q(1) };
}

/** Resident memory of a process, in MiB (Linux). */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

/** Direct children of a process (Linux). */
export function childPids(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}
