import fs from 'node:fs';

/**
 * Which store content is at `file` now: an ingest renames a new store into place (a new
 * inode) or writes into it (a new modification time, and SQLite's change counter).
 * Null when there is no store yet.
 */
export function storeFileIdentity(file: string): string | null {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return null;
  }
  const base = `${st.dev}:${st.ino}:${st.mtimeMs}:${st.size}`;
  // Two commits within one tick of the file clock leave the same modification time;
  // the database header's change counter (bytes 24-27) tells them apart. It is read
  // while the time is recent; once the time is older than any tick, no commit can
  // hide behind it, and the last value read stands (a stat per call, nothing more).
  const recent = Date.now() - st.mtimeMs < 250;
  const known = settled.get(file);
  if (!recent && known?.base === base) return `${base}:${known.counter}`;
  const counter = changeCounter(file);
  if (!recent) settled.set(file, { base, counter });
  return `${base}:${counter}`;
}

const settled = new Map<string, { base: string; counter: number }>();

function changeCounter(file: string): number {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const header = Buffer.alloc(4);
      return fs.readSync(fd, header, 0, 4, 24) === 4 ? header.readUInt32BE(0) : 0;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return 0;
  }
}
