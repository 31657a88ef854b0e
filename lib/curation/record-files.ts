import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// Record files are written whole or not at all: under a temporary name beside the
// target (a dot-file ending in .tmp, which the ingest and the watcher skip), then
// moved into place in one step.

/** Writes the whole file under a temporary name, then links it into place: never half a record, never over another. */
export function writeNewFile(target: string, text: string): void {
  const tmp = tempBeside(target);
  fs.writeFileSync(tmp, text, { flag: 'wx' });
  try {
    fs.linkSync(tmp, target);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** The new text under a temporary name, then renamed over the old: never half a record. */
export function replaceFile(target: string, text: string): void {
  const tmp = tempBeside(target);
  fs.writeFileSync(tmp, text, { flag: 'wx' });
  try {
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}


function tempBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${crypto.randomUUID()}.tmp`);
}
