import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { FolderListing, prepareRecordFile, type PreparedResult } from './prepare';

const CHUNK_SIZE = 250;
/** Below this many files, starting worker threads costs more than it saves. */
const PARALLEL_THRESHOLD = 1500;

export interface LoadOptions {
  /** Worker threads to use; defaults to one per core, and none for small corpora. */
  workers?: number;
}

/**
 * Prepares every file, in parallel on worker threads for large corpora, and hands
 * the results to `consume` in file order (so ids and "first record wins" rules do
 * not depend on thread timing).
 */
export async function loadRecords(
  contentDir: string,
  files: string[],
  consume: (results: PreparedResult[]) => void,
  options: LoadOptions = {},
): Promise<void> {
  const workers = options.workers ?? (files.length >= PARALLEL_THRESHOLD ? os.availableParallelism() : 0);
  if (workers <= 0) {
    const listing = new FolderListing();
    for (let i = 0; i < files.length; i += CHUNK_SIZE) {
      consume(files.slice(i, i + CHUNK_SIZE).map((f) => prepareRecordFile(contentDir, f, listing)));
    }
    return;
  }

  const chunks: string[][] = [];
  for (let i = 0; i < files.length; i += CHUNK_SIZE) chunks.push(files.slice(i, i + CHUNK_SIZE));
  const pending = new Map<number, PreparedResult[]>();
  let nextToSend = 0;
  let nextToConsume = 0;

  await new Promise<void>((resolve, reject) => {
    const pool = Array.from({ length: Math.min(workers, chunks.length) }, () => startWorker(contentDir));
    let failed = false;
    const finish = (err?: Error) => {
      if (failed) return;
      if (err) failed = true;
      if (err || nextToConsume === chunks.length) {
        for (const w of pool) void w.terminate();
        if (err) reject(err);
        else resolve();
      }
    };
    const feed = (w: Worker) => {
      if (nextToSend < chunks.length) {
        w.postMessage({ chunk: nextToSend, files: chunks[nextToSend] });
        nextToSend++;
      }
    };
    for (const w of pool) {
      w.on('message', (msg: { chunk: number; results: PreparedResult[] }) => {
        pending.set(msg.chunk, msg.results);
        feed(w);
        try {
          while (pending.has(nextToConsume)) {
            const ready = pending.get(nextToConsume)!;
            pending.delete(nextToConsume);
            nextToConsume++;
            consume(ready);
          }
        } catch (err) {
          return finish(err as Error);
        }
        finish();
      });
      w.on('error', (err) => finish(err));
      // Keep two chunks in flight per worker so none waits on the main thread.
      feed(w);
      feed(w);
    }
  });
}

/**
 * Workers run TypeScript: under tsx (npm scripts) they register tsx's loader first;
 * under a bundler or compiled output the module is already JavaScript.
 */
function startWorker(contentDir: string): Worker {
  const url = new URL('./worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(boot, { eval: true, workerData: { contentDir }, resourceLimits: { maxYoungGenerationSizeMb: 48 } });
}
