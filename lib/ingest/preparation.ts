import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { relatedNews, type RelatedInput, type RelatedLists } from '../catalog/related';
import { config } from '../config/env';
import type { PreparedResult, RejectedFile } from '../content/prepare';
import { diagnostic, type DiagnosticCode, type Diagnostic } from '../content/problems';
import { BEAT, HEARTBEAT_SLOTS, IDLE, ITEM, TASK, THREAD, type BodyResult, type RelatedResult, type TaskDone, type TaskMessage, type TextCheck, type WorkItem } from './worker-protocol';

/**
 * The record preparation service: every record's body is rendered here, on worker
 * threads, never on the thread that serves pages or holds the store's write lock, and
 * under a deadline. Rendering is bounded by time, not by what a body looks like: a
 * Markdown parser can take minutes, or overflow its stack, on a few KB made for it (runs
 * of `*`, lists nested on one line, `<div>` × 30,000); lib/content/render.ts refuses the
 * known shapes at once, and this bounds the rest. A worker that spends longer than the
 * deadline on one item is terminated; that item comes back as a problem that names its
 * file and says what to change, and a fresh worker goes on with the others.
 *
 * One service per process, used by every path that renders a body: the full ingest (in
 * parallel for large corpora), the incremental one (before it takes the write lock),
 * `check`, `curate`, the web editor's preview and save, `POST /api/sync`. It keeps one
 * worker warm between jobs (a long-lived process such as the Next.js server answers a
 * preview in milliseconds, not in the ~0.5 s a worker takes to load the pipeline); an idle
 * worker does not keep a command's process alive.
 */

/** Set by scripts/build-cli.mjs: the worker compiled beside the commands. */
declare const __PREBUILT_WORKER__: string | undefined;

/**
 * Where a worker's processor time can be read (Linux), the deadline is in processor time;
 * an item is also stopped after this many times the deadline of waiting, whatever it used.
 */
const WALL_FACTOR = 6;

/** A thread's processor time (user and system) in milliseconds, from /proc; null when not known. */
function threadCpuMs(tid: number): number | null {
  if (!tid) return null;
  try {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
    // Fields after the command name (which may hold spaces), from the third on: utime is the 14th, stime the 15th, in clock ticks (USER_HZ, 100).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** How long a task may wait behind workers busy with other jobs before one more is started. */
const QUEUE_PATIENCE_MS = 200;

/** Files per task: few messages for a large corpus, and results handed back in order. */
const CHUNK_SIZE = 250;
/** Below this many files, one worker: starting more costs more than it saves. */
const PARALLEL_THRESHOLD = 1500;

export interface PreparationOptions {
  /** Worker threads for this job: by default one per core for a large corpus, else the one kept warm. */
  workers?: number;
  /** How long one record (or body) may take (processor time, on Linux); RECORD_DEADLINE_MS (10 s) when not given. */
  deadlineMs?: number;
}

/**
 * Reads record files through the whole per-record pipeline (lib/content/prepare.ts) on
 * worker threads, and hands the results to `consume` in file order (so "the first record
 * wins" rules do not depend on thread timing). A file that overruns the deadline, or whose
 * worker dies, comes back as a rejected file naming the problem.
 */
export async function prepareFiles(contentDir: string, files: string[], consume: (results: PreparedResult[]) => void, options: PreparationOptions = {}): Promise<void> {
  if (!files.length) return;
  const workers = Math.max(1, options.workers ?? (files.length >= PARALLEL_THRESHOLD ? os.availableParallelism() : 1));
  const items: WorkItem[] = files.map((file) => ({ kind: 'file', file }));
  await service().run(contentDir, items, workers, options.deadlineMs, consume as (results: unknown[]) => void);
}

/** The same, all at once, by file. */
export async function prepareFileMap(contentDir: string, files: string[], options: PreparationOptions = {}): Promise<Map<string, PreparedResult>> {
  const prepared = new Map<string, PreparedResult>();
  let next = 0;
  await prepareFiles(contentDir, files, (results) => results.forEach((r) => prepared.set(files[next++]!, r)), options);
  return prepared;
}

/** A record's whole text (front matter and body) checked as the ingest will, before it is written (curate, the web editor). */
export async function checkRecordText(file: string, text: string, options: Pick<PreparationOptions, 'deadlineMs'> = {}): Promise<TextCheck> {
  let check: TextCheck = { ok: true };
  await service().run('', [{ kind: 'text', file, text }], 1, options.deadlineMs, (r) => (check = r[0] as TextCheck));
  return check;
}

/** A body rendered and sanitized as the item page will show it (the editor's preview), or why not. */
export async function renderPreview(text: string, options: Pick<PreparationOptions, 'deadlineMs'> = {}): Promise<BodyResult> {
  let result: BodyResult = { ok: false, message: 'the body was not rendered' };
  await service().run('', [{ kind: 'body', text }], 1, options.deadlineMs, (r) => (result = r[0] as BodyResult));
  return result;
}

/**
 * Many bodies rendered and sanitized in one job (a feed's summaries, an inbox page), each
 * under the deadline on its own: in order, each the HTML or why not.
 */
export async function renderBodies(texts: string[], options: Pick<PreparationOptions, 'deadlineMs'> = {}): Promise<BodyResult[]> {
  const results: BodyResult[] = [];
  await service().run('', texts.map((text) => ({ kind: 'body', text })), 1, options.deadlineMs, (r) => results.push(...(r as BodyResult[])));
  return results;
}

/**
 * Related news for a whole store's items, chosen on a worker while the thread that asks
 * goes on (a full ingest copies its staged rows meanwhile: lib/store/build.ts), and on the
 * asking thread when the worker could not (it died, or ran past RELATED_DEADLINE_MS).
 */
export async function chooseRelatedNews(items: RelatedInput[]): Promise<RelatedLists> {
  let result = { ok: false, message: 'not chosen' } as RelatedResult;
  await service().run('', [{ kind: 'related', items }], 1, RELATED_DEADLINE_MS, (r) => (result = r[0] as RelatedResult));
  return result.ok ? new Map(result.lists) : relatedNews(items);
}
/** Our own work over our own rows, not a record's: bounded only so that a stuck worker is not waited for (100,000 items take ~2 s). */
const RELATED_DEADLINE_MS = 120_000;

/** Starts the warm worker ahead of its first use (the web editor's form), so the first preview does not wait for it. */
export function warmUpPreparation(): void {
  service().warm();
}

export type { BodyResult, TextCheck } from './worker-protocol';

/** What an item that ran over the deadline, or whose worker died, comes back as. */
function failedItem(item: WorkItem, why: string, code: DiagnosticCode, contentDir: string): unknown {
  if (item.kind === 'body' || item.kind === 'related') return { ok: false, message: why } satisfies BodyResult | RelatedResult;
  const problems: Diagnostic[] = [diagnostic(code, item.file, why, { field: 'body' })];
  if (item.kind === 'text') return { ok: false, problems } satisfies TextCheck;
  // Stamped as the file is now, so an incremental ingest does not render it again until it changes.
  let stamp = { size: 0, mtimeMs: 0 };
  try {
    const st = fs.lstatSync(path.join(contentDir, item.file));
    stamp = { size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    // gone meanwhile: the next ingest sees that
  }
  return { ok: false, file: item.file, digest: '', ...stamp, problems } satisfies RejectedFile;
}

function overrunMessage(item: WorkItem, deadlineMs: number): string {
  const limit = deadlineMs >= 1000 ? `${Math.round(deadlineMs / 100) / 10} s` : `${deadlineMs} ms`;
  const what = item.kind === 'body' ? 'the body took' : 'reading and rendering this record took';
  return `${what} longer than ${limit}, so it is refused: shorten the body, or simplify its Markdown or HTML (long runs of one mark such as * or _, lists or quotes nested on one line, elements nested thousands deep)`;
}

interface Job {
  id: number;
  contentDir: string;
  items: WorkItem[];
  workers: number;
  deadlineMs: number;
  results: Map<number, unknown>;
  next: number;
  consume: (results: unknown[]) => void;
  resolve: () => void;
  reject: (err: Error) => void;
  over: boolean;
}

interface Task {
  id: number;
  job: Job;
  /** The job's item indices this task holds, in order. */
  indices: number[];
  /** When it was queued (performance.now()). */
  queuedAt: number;
}

interface Slot {
  worker: Worker;
  beat: Int32Array;
  inflight: Task[];
  /** The heartbeat counter when last seen to move, and when, and the worker's processor time then. */
  lastBeat: number;
  lastBeatAt: number;
  cpuAtBeat: number;
  /** Tasks it finished: a worker that fails before any failed to start. */
  finished: number;
  gone: boolean;
}

let current: PreparationService | null = null;

function service(): PreparationService {
  return (current ??= new PreparationService());
}

class PreparationService {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly jobs = new Set<Job>();
  private starting = 0;
  private nextId = 1;
  private timer: NodeJS.Timeout | null = null;
  private every = 0;
  private readonly code = new WorkerCode();

  run(contentDir: string, items: WorkItem[], workers: number, deadlineMs: number | undefined, consume: (results: unknown[]) => void): Promise<void> {
    if (!items.length) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        contentDir,
        items,
        workers,
        deadlineMs: deadlineMs ?? config().recordDeadlineMs,
        results: new Map(),
        next: 0,
        consume,
        resolve,
        reject,
        over: false,
      };
      this.jobs.add(job);
      for (let i = 0; i < items.length; i += CHUNK_SIZE) {
        this.queue.push({ id: this.nextId++, job, indices: Array.from({ length: Math.min(CHUNK_SIZE, items.length - i) }, (_, k) => i + k), queuedAt: performance.now() });
      }
      this.dispatch();
    });
  }

  warm(): void {
    if (this.slots.length + this.starting === 0) this.dispatch(true);
  }

  /**
   * Sends queued tasks to workers with room (two in flight each for a job of many chunks,
   * so none waits on this thread), starting workers as the jobs want; `extra` starts one more (a task has waited
   * behind busy workers: a preview is not held up by another job's slow record).
   */
  private dispatch(warm = false, extra = false): void {
    const wanted = Math.max(1, ...[...this.jobs].map((j) => j.workers));
    const needed = extra ? this.slots.length + 1 : warm ? 1 : Math.min(wanted, this.slots.length + this.queue.length);
    for (let n = this.slots.length + this.starting; n < needed; n++) {
      this.starting++;
      this.code.file().then(
        (file) => {
          this.starting--;
          this.slots.push(this.startWorker(file));
          this.dispatch();
        },
        (err: Error) => {
          this.starting--;
          this.failAll(new Error(`the record pipeline's worker could not be built: ${err.message}`));
        },
      );
    }
    for (let at = this.queue.length - 1; at >= 0; at--) if (this.queue[at]!.job.over) this.queue.splice(at, 1);
    for (const slot of this.slots) {
      for (;;) {
        // A second task in flight only of the same job (its next chunk): another job's
        // task would wait behind whatever the worker is on, a slow record included.
        const at = slot.inflight.length === 0 ? 0 : slot.inflight.length === 1 ? this.queue.findIndex((t) => t.job === slot.inflight[0]!.job) : -1;
        if (at < 0 || at >= this.queue.length) break;
        const [task] = this.queue.splice(at, 1) as [Task];
        slot.inflight.push(task);
        const message: TaskMessage = { type: 'task', id: task.id, job: task.job.id, contentDir: task.job.contentDir, items: task.indices.map((i) => task.job.items[i]!) };
        slot.worker.postMessage(message);
        slot.worker.ref();
      }
    }
    if (this.slots.some((s) => s.inflight.length)) this.watch();
    // Workers beyond what the jobs want, idle: stopped (one stays warm).
    for (const slot of [...this.slots]) {
      if (this.slots.length > wanted && !slot.inflight.length && !this.queue.length) this.retire(slot);
    }
  }

  private startWorker(file: string): Slot {
    const beat = new Int32Array(new SharedArrayBuffer(HEARTBEAT_SLOTS * Int32Array.BYTES_PER_ELEMENT));
    beat[TASK] = IDLE;
    // A larger young generation than the default means far fewer scavenges for this
    // allocation-heavy work (measured: 1 worker, 10,000 records: 7.8 s → 6.1 s). The old
    // generation is bounded too: a record that would take more memory than any curated
    // one ends its worker (out of memory: the record is refused, as on an overrun) rather
    // than the process.
    const worker = new Worker(file, { workerData: { heartbeat: beat.buffer }, resourceLimits: { maxYoungGenerationSizeMb: 48, maxOldGenerationSizeMb: 1024 } });
    const slot: Slot = { worker, beat, inflight: [], lastBeat: 0, lastBeatAt: performance.now(), cpuAtBeat: 0, finished: 0, gone: false };
    worker.on('message', (done: TaskDone) => this.finished(slot, done));
    worker.on('error', (err) => this.lost(slot, `its worker failed (${err.message})`, err));
    worker.on('exit', (code) => this.lost(slot, `its worker stopped (exit code ${code})`, new Error(`the worker exited with code ${code}`)));
    // Idle, it keeps no process alive (after the listeners: adding one refs the worker's port again).
    worker.unref();
    return slot;
  }

  private finished(slot: Slot, done: TaskDone): void {
    const at = slot.inflight.findIndex((t) => t.id === done.task);
    if (at < 0) return;
    const [task] = slot.inflight.splice(at, 1);
    slot.finished++;
    if (!slot.inflight.length) slot.worker.unref();
    this.deliver(task!.job, task!.indices, done.results);
    this.dispatch();
  }

  /** Results of some of a job's items; whatever is complete from the start on goes to `consume`, in order. */
  private deliver(job: Job, indices: number[], results: unknown[]): void {
    if (job.over) return;
    indices.forEach((index, k) => job.results.set(index, results[k]));
    const ready: unknown[] = [];
    while (job.results.has(job.next)) {
      ready.push(job.results.get(job.next));
      job.results.delete(job.next++);
    }
    if (!ready.length) return;
    try {
      job.consume(ready);
    } catch (err) {
      return this.end(job, err as Error);
    }
    if (job.next === job.items.length) this.end(job);
  }

  private end(job: Job, err?: Error): void {
    if (job.over) return;
    job.over = true;
    this.jobs.delete(job);
    for (const slot of this.slots) slot.worker.postMessage({ type: 'end', job: job.id });
    if (err) job.reject(err);
    else job.resolve();
    this.dispatch();
  }

  /** Looks at the heartbeats while anything is in flight: often enough that an overrun is caught soon after the deadline, at least every half second. */
  private watch(): void {
    const every = Math.min(500, Math.max(20, Math.min(...[...this.jobs].map((j) => j.deadlineMs)) / 5));
    if (this.timer && this.every <= every) return;
    if (this.timer) clearInterval(this.timer);
    this.every = every;
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
  }

  private tick(): void {
    const now = performance.now();
    let busy = false;
    for (const slot of [...this.slots]) {
      if (!slot.inflight.length) continue;
      busy = true;
      const beat = Atomics.load(slot.beat, BEAT);
      const cpu = threadCpuMs(Atomics.load(slot.beat, THREAD));
      if (beat !== slot.lastBeat) {
        slot.lastBeat = beat;
        slot.lastBeatAt = now;
        slot.cpuAtBeat = cpu ?? 0;
        continue;
      }
      // Measured from when this thread saw the item start: a busy main thread only makes
      // the bound later, never earlier. In processor time where the system tells it (a
      // machine busy with other work does not make a body slower to the deadline), with
      // a bound in time as well.
      const task = slot.inflight.find((t) => t.id === Atomics.load(slot.beat, TASK));
      if (!task) continue;
      const deadline = task.job.deadlineMs;
      if (cpu === null ? now - slot.lastBeatAt > deadline : cpu - slot.cpuAtBeat > deadline || now - slot.lastBeatAt > deadline * WALL_FACTOR) this.overrun(slot, task);
    }
    // A task waiting behind workers busy with other jobs gets a worker of its own (up to one per core).
    const waiting = this.queue.find((t) => !t.job.over);
    if (waiting && !this.starting && this.slots.length < os.availableParallelism() && now - waiting.queuedAt > QUEUE_PATIENCE_MS && this.slots.every((s) => s.inflight.some((t) => t.job !== waiting.job))) {
      this.dispatch(false, true);
    }
    if (!busy && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** A worker spent longer than the deadline on one item: it is stopped, the item refused, the rest sent to another worker. */
  private overrun(slot: Slot, task: Task): void {
    const at = Math.min(Math.max(Atomics.load(slot.beat, ITEM), 0), task.indices.length - 1);
    const index = task.indices[at]!;
    this.fail(slot, task, at, overrunMessage(task.job.items[index]!, task.job.deadlineMs), 'body-too-slow');
  }

  /** A worker died (out of memory, a crash): the item it was on is refused, the rest go to another worker. */
  private lost(slot: Slot, why: string, err: Error): void {
    if (slot.gone) return;
    const task = slot.inflight.find((t) => t.id === Atomics.load(slot.beat, TASK));
    if (!task) {
      this.remove(slot);
      if (slot.finished === 0) {
        // Never on an item: the worker itself is broken (it could not load), and a new one would be too.
        for (const t of slot.inflight) this.end(t.job, new Error(`the record pipeline's worker failed: ${err.message}`));
      } else {
        this.queue.unshift(...slot.inflight);
        this.dispatch();
      }
      return;
    }
    const at = Math.min(Math.max(Atomics.load(slot.beat, ITEM), 0), task.indices.length - 1);
    const item = task.job.items[task.indices[at]!]!;
    this.fail(slot, task, at, `${item.kind === 'body' ? 'the body' : 'this record'} could not be rendered: ${why} on it; shorten or simplify its body`, 'body-too-costly');
  }

  private fail(slot: Slot, task: Task, at: number, why: string, code: DiagnosticCode): void {
    this.remove(slot);
    void slot.worker.terminate();
    // The worker's other items (those before this one in its task too: their results were
    // not sent yet) go first to the next worker.
    const requeue = slot.inflight.flatMap((t) => (t !== task ? [t] : t.indices.length > 1 ? [{ id: this.nextId++, job: t.job, indices: t.indices.filter((_, k) => k !== at), queuedAt: performance.now() }] : []));
    this.queue.unshift(...requeue);
    const index = task.indices[at]!;
    this.deliver(task.job, [index], [failedItem(task.job.items[index]!, why, code, task.job.contentDir)]);
    this.dispatch();
  }

  private remove(slot: Slot): void {
    slot.gone = true;
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
  }

  private retire(slot: Slot): void {
    this.remove(slot);
    void slot.worker.terminate();
  }

  private failAll(err: Error): void {
    for (const job of [...this.jobs]) this.end(job, err);
    this.queue.length = 0;
  }
}

/**
 * Where the worker's code is, in each way this project runs. The compiled commands
 * (scripts/build-cli.mjs) ship it beside themselves, kept current by scripts/run.mjs.
 * Anywhere else (tsx: the tests, `npm run dev`; the Next.js server, whose bundles know
 * neither the sources' paths nor TypeScript) it is bundled from lib/ingest/worker.ts under
 * the project directory (the working directory of every command and of `next start`) by
 * esbuild, npm packages left as imports, into node_modules/.cache/ingest/ (so those
 * resolve), named by its content; it is bundled again when a source it is made of changes
 * (a stat of each, at each job).
 */
class WorkerCode {
  private built: Promise<{ file: string; inputs: [string, string][] }> | null = null;

  async file(): Promise<string> {
    if (typeof __PREBUILT_WORKER__ === 'string') return fileURLToPath(new URL(__PREBUILT_WORKER__, import.meta.url));
    if (this.built) {
      const { file, inputs } = await this.built;
      if (inputs.every(([input, stamp]) => stampOf(input) === stamp) && fs.existsSync(file)) return file;
    }
    this.built = bundleWorker();
    this.built.catch(() => (this.built = null));
    return (await this.built).file;
  }
}

async function bundleWorker(): Promise<{ file: string; inputs: [string, string][] }> {
  const root = process.cwd();
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [path.join(/*turbopackIgnore: true*/ root, 'lib', 'ingest', 'worker.ts')],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const dir = path.join(/*turbopackIgnore: true*/ root, 'node_modules', '.cache', 'ingest');
  const file = path.join(dir, `worker-${crypto.createHash('sha1').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, file);
    removeOldBundles(dir, file);
  }
  const inputs = Object.keys(result.metafile.inputs).map((input): [string, string] => {
    const full = path.resolve(/*turbopackIgnore: true*/ root, input);
    return [full, stampOf(full)];
  });
  return { file, inputs };
}

/** Bundles of older sources, a day old: no process still starts workers from them. */
function removeOldBundles(dir: string, keep: string): void {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    try {
      if (full !== keep && /^worker-.*\.mjs$/.test(name) && fs.statSync(full).mtimeMs < dayAgo) fs.rmSync(full, { force: true });
    } catch {
      // another process removed it first
    }
  }
}

function stampOf(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return 'missing';
  }
}
