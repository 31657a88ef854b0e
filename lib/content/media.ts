import fs from 'node:fs';
import path from 'node:path';
import { config } from '../config/env';

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
};

/** No image beside a record is this large; past it, nothing is read. */
const MAX_MEDIA_BYTES = 20 * 1024 * 1024;

/** File systems whose "files" are the machine's state (process environments, devices), never images. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev'];

/**
 * An image stored beside the records, by its path under the content directory. Only plain
 * names of image files (no dot-files, no `..`), and only a regular file whose real path,
 * symbolic links resolved, is inside the content directory: a link in content/ (git keeps
 * them) to /etc/passwd or /proc/self/environ serves nothing. The file is read through the
 * descriptor that was checked, so it cannot be swapped for a link in between.
 */
export function readMediaFile(segments: string[]): { body: Buffer; type: string } | null {
  if (segments.length === 0 || segments.some((s) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s))) return null;
  const type = TYPES[path.extname(segments.at(-1)!).toLowerCase()];
  if (!type) return null;
  let fd: number | undefined;
  try {
    const root = fs.realpathSync(config().contentDir);
    const real = fs.realpathSync(path.join(/*turbopackIgnore: true*/ root, ...segments));
    if (!real.startsWith(root + path.sep) || SYSTEM_TREES.some((t) => real === t || real.startsWith(`${t}/`))) return null;
    fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > MAX_MEDIA_BYTES) return null;
    const body = Buffer.alloc(st.size);
    let read = 0;
    while (read < st.size) {
      const n = fs.readSync(fd, body, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { body: body.subarray(0, read), type };
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
