import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DiagnosticCode } from './problems';

/** Size and modification time of a file when it was read: a changed file shows in these first. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** What identifies a file's content (SourceFile.digest): sha1 of its bytes. */
export function digestOf(bytes: Buffer | string): string {
  return crypto.createHash('sha1').update(bytes).digest('hex');
}

export type FileRead = ({ ok: true; bytes: Buffer; digest: string } | { ok: false; code: DiagnosticCode; message: string }) & FileStamp;

/**
 * The one way a content file (a record, the taxonomy) is read, by every ingest, by
 * `npm run check` and by the web editor: its bytes, size and time from one open (so they
 * describe the same version of it), refused unread past `maxBytes` (`what` names the file
 * in that message). A file is read only where it is: never through a symbolic link, the
 * file's own (opened with O_NOFOLLOW) or a folder's on its way from the content directory
 * (its real path must be the path asked for), and only a regular file (not a FIFO that
 * would block, not a device). A pull request can carry a link to /proc/self/environ or
 * to a file outside content/; it is refused by name. `rel` is relative to `contentDir`
 * with forward slashes. Never throws.
 */
export function readContentFile(contentDir: string, rel: string, maxBytes: number, options: { what?: string; tree?: ContentTree } = {}): FileRead {
  const stamp: FileStamp = { size: 0, mtimeMs: 0 };
  const tree = options.tree ?? new ContentTree(contentDir);
  const full = path.join(contentDir, rel);
  let fd: number | undefined;
  try {
    const folder = tree.folderLink(rel);
    if (folder !== null) return { ok: false, ...stamp, code: 'symbolic-link', message: linkMessage(folder, rel) };
    fd = fs.openSync(full, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    const st = fs.fstatSync(fd);
    stamp.size = st.size;
    stamp.mtimeMs = st.mtimeMs;
    if (!st.isFile()) return { ok: false, ...stamp, code: 'unreadable-file', message: 'this is not a regular file (a device, a pipe or a socket); a record is a text file' };
    if (st.size > maxBytes) return { ok: false, ...stamp, code: 'file-too-large', message: `the file is ${Math.round(st.size / 1024)} KiB; a ${options.what ?? 'record'} may be at most ${maxBytes / 1024 / 1024} MiB` };
    const bytes = readOpenFile(fd, st.size);
    return { ok: true, ...stamp, bytes, digest: digestOf(bytes) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // O_NOFOLLOW: the file is a link. Stamped by what the link itself is, so that an
    // unchanged link is not looked at again by an incremental ingest (lib/ingest/changes.ts).
    if (code === 'ELOOP') return { ok: false, ...linkStamp(full), code: 'symbolic-link', message: linkMessage(rel, rel) };
    return { ok: false, ...stamp, code: 'unreadable-file', message: `the file could not be read: ${code ?? (err as Error).message}` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** What an editor reads when a record is, or is inside, a symbolic link. */
function linkMessage(link: string, rel: string): string {
  const what = link === rel ? 'the file is a symbolic link' : `the folder "${link}/" is a symbolic link`;
  return `${what}; records are read only from files inside content/, never through a link: put the file itself there (git add the file, not a link to it)`;
}

function linkStamp(full: string): FileStamp {
  try {
    const st = fs.lstatSync(full);
    return { size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return { size: 0, mtimeMs: 0 };
  }
}

/**
 * The content directory as one ingest (or check) reads it, each folder looked at once:
 * whether it is reached without a symbolic link (the content directory itself is the
 * operator's to choose and may be one; what is below it comes with the records), and the
 * names of the files in it (whether a record's image is there beside it is then a set
 * look-up, not a system call). Made anew for each ingest, so it is current.
 */
/** What a folder's entry is, as a listing tells without following it. */
export type EntryKind = 'file' | 'link' | 'other';

export class ContentTree {
  private realRoot: string | null = null;
  /** Folder (relative) → the link on its way ("" when none). */
  private readonly folders = new Map<string, string>();
  private readonly listings = new Map<string, Map<string, EntryKind>>();

  constructor(readonly contentDir: string) {}

  /** What the folder (absolute) holds under this name: a regular file, a symbolic link, something else, or nothing. */
  entry(dir: string, name: string): EntryKind | 'missing' {
    let entries = this.listings.get(dir);
    if (!entries) {
      entries = new Map();
      try {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) entries.set(e.name, e.isFile() ? 'file' : e.isSymbolicLink() ? 'link' : 'other');
      } catch {
        // An unreadable folder holds nothing this can use.
      }
      this.listings.set(dir, entries);
    }
    return entries.get(name) ?? 'missing';
  }

  /** The folder (relative, "/"-separated) on the way to the file `rel` that is a symbolic link, the outermost; null when none is. */
  folderLink(rel: string): string | null {
    const slash = rel.lastIndexOf('/');
    return slash < 0 ? null : this.linkOf(rel.slice(0, slash)) || null;
  }

  private linkOf(folder: string): string {
    let link = this.folders.get(folder);
    if (link !== undefined) return link;
    link = '';
    try {
      this.realRoot ??= fs.realpathSync.native(this.contentDir);
      // One call when nothing is a link (the usual case); component by component to name the link otherwise.
      if (fs.realpathSync.native(path.join(this.contentDir, folder)) !== path.join(this.realRoot, folder)) {
        const parts = folder.split('/');
        for (let i = 1; i <= parts.length && !link; i++) {
          const prefix = parts.slice(0, i).join('/');
          if (fs.lstatSync(path.join(this.contentDir, prefix)).isSymbolicLink()) link = prefix;
        }
        link ||= folder;
      }
    } catch {
      // Not there (or unreadable): the open reports it.
    }
    this.folders.set(folder, link);
    return link;
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
