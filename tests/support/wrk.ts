import { spawnSync } from 'node:child_process';

export interface WrkResult {
  requestsPerSecond: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers other than 2xx/3xx, and connections that failed (connect, read, write, timeout). */
  errors: number;
}

/** `wrk -t2 -c50 -d<seconds>s --latency` on one address (Debian's wrk), parsed; throws when wrk fails. */
export function runWrk(url: string, options: { seconds: number; headers?: string[] }): WrkResult {
  const run = spawnSync('wrk', ['-t2', '-c50', `-d${options.seconds}s`, '--latency', ...(options.headers ?? []).flatMap((h) => ['-H', h]), url], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr || run.error?.message}`);
  const ms = (label: string) => {
    const m = new RegExp(`^\\s+${label}\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(run.stdout);
    if (!m) return NaN;
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
  };
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(run.stdout);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(run.stdout)?.[1] ?? 0);
  return {
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(run.stdout)?.[1]),
    requests: Number(/(\d+) requests in/.exec(run.stdout)?.[1]),
    p50Ms: ms('50%'),
    p99Ms: ms('99%'),
    errors: non2xx + (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0),
  };
}
