import type { RelatedInput } from '../catalog/related';
import type { Diagnostic } from '../content/problems';

/**
 * What the record preparation service (preparation.ts) and its worker threads (worker.ts)
 * say to each other.
 */

/**
 * One thing for a worker to do: read a record file, check a record's text, render a body
 * (the editor's preview), or choose related news for a whole store's items (a full ingest's publishing).
 */
export type WorkItem = { kind: 'file'; file: string } | { kind: 'text'; file: string; text: string } | { kind: 'body'; text: string } | { kind: 'related'; items: RelatedInput[] };

/** A record's text checked whole, body rendered (nothing kept but the verdict). */
export type TextCheck = { ok: true } | { ok: false; problems: Diagnostic[] };
/** A body rendered and sanitized, or why not. */
export type BodyResult = { ok: true; html: string } | { ok: false; message: string };
/** Related news chosen (lib/catalog/related.ts): item id → related ids, best first; or why not. */
export type RelatedResult = { ok: true; lists: [number, number[]][] } | { ok: false; message: string };

export interface TaskMessage {
  type: 'task';
  /** Unique per service: the heartbeat names it. */
  id: number;
  /** The job the task belongs to: a worker keeps one listing of the content directory per job. */
  job: number;
  contentDir: string;
  items: WorkItem[];
}

/** A job is over: its listing of the content directory can go. */
export interface EndMessage {
  type: 'end';
  job: number;
}

export type WorkerMessage = TaskMessage | EndMessage;

export interface TaskDone {
  task: number;
  results: unknown[];
}

/**
 * The heartbeat, an Int32Array over a SharedArrayBuffer per worker: the task and the item
 * in it the worker is on (TASK is IDLE between tasks), a counter it bumps at each start,
 * so the supervisor sees progress without a message or a clock in the worker, and the
 * worker's thread id on Linux (0 elsewhere), whose processor time the supervisor reads.
 */
export const TASK = 0;
export const ITEM = 1;
export const BEAT = 2;
export const THREAD = 3;
export const HEARTBEAT_SLOTS = 4;
export const IDLE = -1;
