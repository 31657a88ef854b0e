import { parentPort, workerData } from 'node:worker_threads';
import { prepareRecordFile, type PreparedResult } from './prepare';

/** Worker thread: prepares the chunks of record files it is sent. */
const { contentDir } = workerData as { contentDir: string };

parentPort!.on('message', (msg: { chunk: number; files: string[] }) => {
  const results: PreparedResult[] = msg.files.map((file) => prepareRecordFile(contentDir, file));
  parentPort!.postMessage({ chunk: msg.chunk, results });
});
