import crypto from 'node:crypto';
import fs from 'node:fs';

/** Size and modification time of a file when it was read: a changed file shows in these first. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** What identifies a file's content (SourceFile.digest): sha1 of its bytes. */
export function digestOf(bytes: Buffer | string): string {
  return crypto.createHash('sha1').update(bytes).digest('hex');
}

export type FileRead = ({ ok: true; bytes: Buffer; digest: string } | { ok: false; message: string }) & FileStamp;

/**
 * A content file's bytes, size and time from one open (so they describe the same
 * version of it), refused unread past `maxBytes` (`what` names the file in that
 * message). Never throws.
 */
export function readContentFile(full: string, maxBytes: number, what = 'record'): FileRead {
  const stamp: FileStamp = { size: 0, mtimeMs: 0 };
  try {
    const fd = fs.openSync(full, 'r');
    try {
      const st = fs.fstatSync(fd);
      stamp.size = st.size;
      stamp.mtimeMs = st.mtimeMs;
      if (st.size > maxBytes) return { ok: false, ...stamp, message: `the file is ${Math.round(st.size / 1024)} KiB; a ${what} may be at most ${maxBytes / 1024 / 1024} MiB` };
      let bytes = Buffer.allocUnsafe(st.size);
      let read = 0;
      while (read < st.size) {
        const n = fs.readSync(fd, bytes, read, st.size - read, read);
        if (n === 0) break;
        read += n;
      }
      bytes = bytes.subarray(0, read);
      return { ok: true, ...stamp, bytes, digest: digestOf(bytes) };
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    return { ok: false, ...stamp, message: `the file could not be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}
