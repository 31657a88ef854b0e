import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

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
      const bytes = readOpenFile(fd, st.size);
      return { ok: true, ...stamp, bytes, digest: digestOf(bytes) };
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    return { ok: false, ...stamp, message: `the file could not be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}

/**
 * The offset of the first byte that is not part of valid UTF-8 (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or -1 when all of it is valid.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) (need = 1), (min = 0x80);
    else if (b >= 0xe0 && b <= 0xef) (need = 2), (min = 0x800);
    else if (b >= 0xf0 && b <= 0xf4) (need = 3), (min = 0x10000);
    else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** The 1-based line of a byte offset. */
export function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** File systems whose "files" are the machine's state (process environments, devices), never content. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev'];

/**
 * A regular file, opened only when its real path (symbolic links resolved) is inside
 * `root`: a link in content/ (git keeps them) to /etc/passwd or /proc/self/environ opens
 * nothing. The descriptor is the one that was checked, so the file cannot be swapped for
 * a link in between. Null when any of that fails; the caller closes `fd`.
 */
export function openFileInside(root: string, rel: string, maxBytes: number): { fd: number; size: number; mtimeMs: number } | null {
  let fd: number | undefined;
  try {
    const realRoot = fs.realpathSync(root);
    const real = fs.realpathSync(path.join(/*turbopackIgnore: true*/ realRoot, rel));
    if (!real.startsWith(realRoot + path.sep) || SYSTEM_TREES.some((t) => real === t || real.startsWith(`${t}/`))) return null;
    fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) {
      fs.closeSync(fd);
      return null;
    }
    return { fd, size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    if (fd !== undefined) fs.closeSync(fd);
    return null;
  }
}

/** A regular file's bytes, only when it is inside `root` (see openFileInside). */
export function readFileInside(root: string, rel: string, maxBytes: number): { bytes: Buffer; size: number; mtimeMs: number } | null {
  const opened = openFileInside(root, rel, maxBytes);
  if (!opened) return null;
  try {
    return { bytes: readOpenFile(opened.fd, opened.size), size: opened.size, mtimeMs: opened.mtimeMs };
  } catch {
    return null;
  } finally {
    fs.closeSync(opened.fd);
  }
}

/** The bytes of an open file of `size` bytes (fewer if it shrank while read). */
function readOpenFile(fd: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = fs.readSync(fd, bytes, read, size - read, read);
    if (n === 0) break;
    read += n;
  }
  return bytes.subarray(0, read);
}
