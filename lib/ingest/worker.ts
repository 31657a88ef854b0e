import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { relatedNews } from '../catalog/related';
import { ContentTree } from '../content/files';
import { readRecordFile, type PreparedResult } from '../content/prepare';
import { diagnostic } from '../content/problems';
import { readContentRecord } from '../content/record';
import { renderBody } from '../content/render';
import { BEAT, IDLE, ITEM, TASK, THREAD, type BodyResult, type RelatedResult, type TaskMessage, type TextCheck, type WorkItem, type WorkerMessage } from './worker-protocol';

/**
 * A worker thread of the record preparation service (lib/ingest/preparation.ts): reads
 * record files (or checks a record's text, or renders a body for the editor's preview)
 * as it is sent them, and says on a shared heartbeat which item it is on, so that the
 * supervisor can stop it when one takes too long.
 */
const beat = new Int32Array(workerData.heartbeat as SharedArrayBuffer);
Atomics.store(beat, THREAD, threadId());
// The content directory of each job as it is read (its folders' listings): one per job, so current.
const trees = new Map<number, ContentTree>();

parentPort!.on('message', (message: WorkerMessage) => {
  if (message.type === 'end') {
    trees.delete(message.job);
    return;
  }
  const task = message as TaskMessage;
  const results: (PreparedResult | TextCheck | BodyResult | RelatedResult)[] = [];
  for (let i = 0; i < task.items.length; i++) {
    Atomics.store(beat, TASK, task.id);
    Atomics.store(beat, ITEM, i);
    Atomics.add(beat, BEAT, 1);
    results.push(work(task, task.items[i]!));
  }
  Atomics.store(beat, TASK, IDLE);
  Atomics.add(beat, BEAT, 1);
  parentPort!.postMessage({ task: task.id, results });
});

function work(task: TaskMessage, item: WorkItem): PreparedResult | TextCheck | BodyResult | RelatedResult {
  if (item.kind === 'related') {
    try {
      return { ok: true, lists: [...relatedNews(item.items)] };
    } catch (err) {
      return { ok: false, message: (err as Error).message };
    }
  }
  if (item.kind === 'body') {
    try {
      return { ok: true, html: renderBody(item.text) };
    } catch (err) {
      return { ok: false, message: bodyProblem(err) };
    }
  }
  if (item.kind === 'text') {
    const result = readContentRecord(item.file, item.text);
    return result.ok ? { ok: true } : { ok: false, problems: result.problems };
  }
  let tree = trees.get(task.job);
  if (!tree) trees.set(task.job, (tree = new ContentTree(task.contentDir)));
  try {
    return readRecordFile(task.contentDir, item.file, tree);
  } catch (err) {
    // readRecordFile returns its problems; anything else is reported as this file's, not thrown.
    return { ok: false, file: item.file, digest: '', size: 0, mtimeMs: 0, problems: [diagnostic('unreadable-file', item.file, `the file could not be read: ${(err as Error).message}`)] };
  }
}

function bodyProblem(err: unknown): string {
  if (err instanceof RangeError) return 'the body nests its elements too deeply to render; flatten it';
  return (err as Error).message;
}

/** This thread's id in the kernel (Linux: /proc/thread-self is a link to <pid>/task/<tid>); 0 when not known. */
function threadId(): number {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : 0;
  } catch {
    return 0;
  }
}
