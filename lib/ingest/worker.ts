import { parentPort, workerData } from 'node:worker_threads';
import { FolderListing, readRecordFile, type PreparedResult } from '../content/prepare';

/** Worker thread of lib/ingest/pool.ts: reads the chunks of record files it is sent. */
const { contentDir } = workerData as { contentDir: string };
// A worker lives for one ingest, so its listing of content folders is current.
const listing = new FolderListing();

parentPort!.on('message', (msg: { chunk: number; files: string[] }) => {
  const results: PreparedResult[] = msg.files.map((file) => readRecordFile(contentDir, file, listing));
  parentPort!.postMessage({ chunk: msg.chunk, results });
});
