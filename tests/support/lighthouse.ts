import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Flags, RunnerResult } from 'lighthouse';
import { CHROMIUM, CHROMIUM_FLAGS, ROOT } from './helpers';

export type LighthouseResult = RunnerResult['lhr'];

/**
 * Lighthouse audits run `size` at a time, each in a process of its own with its own
 * Chromium (tests/support/lighthouse-worker.mjs): an audit spends much of its time waiting
 * (page loads, quiet windows), so two of them keep a 2-core machine's cores busy where one
 * left them idle a third of the time. An audit asked `alone` waits until no other runs and
 * keeps the others from starting: for a measurement that sharing may have spoiled.
 */
export interface LighthousePool {
  audit(url: string, flags: Flags, options?: { alone?: boolean }): Promise<LighthouseResult>;
  close(): Promise<void>;
}

export async function startLighthousePool(size: number): Promise<LighthousePool> {
  const workers = await Promise.all(Array.from({ length: size }, startWorker));
  const idle = [...workers];
  // First come, first served: an audit waiting to run alone is not overtaken by shared ones.
  const waiting: { count: number; grant: (taken: Worker[]) => void }[] = [];
  const serve = () => {
    while (waiting.length && idle.length >= waiting[0]!.count) {
      const { count, grant } = waiting.shift()!;
      grant(idle.splice(0, count));
    }
  };
  return {
    async audit(url, flags, options = {}) {
      const taken = await new Promise<Worker[]>((grant) => {
        waiting.push({ count: options.alone ? size : 1, grant });
        serve();
      });
      try {
        return await taken[0]!.audit(url, flags);
      } finally {
        idle.push(...taken);
        serve();
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

interface Worker {
  audit(url: string, flags: Flags): Promise<LighthouseResult>;
  close(): Promise<void>;
}

async function startWorker(): Promise<Worker> {
  const child: ChildProcess = fork(path.join(ROOT, 'tests', 'support', 'lighthouse-worker.mjs'), {
    env: { ...process.env, LIGHTHOUSE_CHROME: JSON.stringify({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (lhr: LighthouseResult) => void; reject: (err: Error) => void }>();
  let nextId = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    for (const { reject } of pending.values()) reject(new Error(`the Lighthouse process ended (${signal ?? code}) during an audit`));
    pending.clear();
  });
  child.on('message', (message: { id?: number; lhr?: LighthouseResult; error?: string }) => {
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id!);
    if (message.lhr) waiter.resolve(message.lhr);
    else waiter.reject(new Error(message.error ?? 'Lighthouse returned no result'));
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the Lighthouse process ended (${code}) before Chromium started`)));
  });
  return {
    audit: (url, flags) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ id, url, flags });
      }),
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.disconnect();
      await exited;
    },
  };
}
