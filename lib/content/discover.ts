import fs from 'node:fs';
import path from 'node:path';
import { diagnostic, type Diagnostic } from './problems';

/** The topic taxonomy's file, at the top of the content directory (lib/taxonomy/format.ts reads it). */
export const TAXONOMY_FILE = 'taxonomy.jsonl';

export interface Discovered {
  /**
   * Record files, as sorted paths relative to the content directory (forward slashes).
   * A symbolic link (or a FIFO, a device) named like a record is one of them: reading it
   * refuses it by name (lib/content/files.ts), as every other way to the store does.
   */
  files: string[];
  /** Folders that could not be listed, or that are symbolic links: reported, not read. */
  problems: Diagnostic[];
  /** The folders (relative, ending in "/") that could not be listed: what they hold is unknown, not gone. */
  unlisted: string[];
}

/**
 * Every record file under the content directory. Records are `*.md`; dot-files,
 * `_`-prefixed files and READMEs are notes for editors, not records. Symbolic links are
 * never followed: a link named like a record is listed (and refused when read), a link
 * to a folder is reported and its records are not read. A folder that cannot be read
 * (nested deeper than a path can name, no permission) is reported and skipped; the rest
 * is still found.
 */
export function discoverRecords(contentDir: string): Discovered {
  const files: string[] = [];
  const problems: Diagnostic[] = [];
  const unlisted: string[] = [];
  const walk = (dir: string, prefix: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if (!prefix) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENAMETOOLONG' ? 'it is nested deeper than a file path can name' : `it could not be read (${code ?? (err as Error).message})`;
      problems.push(diagnostic('unreadable-folder', `${prefix}/`, `the folder was skipped: ${why}; move its records nearer the top of content/`));
      unlisted.push(`${prefix}/`);
      return;
    }
    for (const entry of entries) {
      if (skipped(entry.name)) continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), rel);
      else if (isRecordName(entry.name)) files.push(rel);
      else if (entry.isSymbolicLink() && linksToFolder(path.join(dir, entry.name))) {
        problems.push(diagnostic('symbolic-link', `${rel}/`, 'the folder is a symbolic link; records are read only from files inside content/, never through a link, so its records were not read: put the folder itself there'));
      }
    }
  };
  walk(contentDir, '');
  return { files: files.sort(), problems, unlisted };
}

/** Whether a link leads to a folder (only looked at, never read). */
function linksToFolder(link: string): boolean {
  try {
    return fs.statSync(link).isDirectory();
  } catch {
    return false;
  }
}

const skipped = (name: string) => name.startsWith('.') || name.startsWith('_');
const isRecordName = (name: string) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md';

/** Whether a path relative to the content directory names a record file (it may no longer exist). */
export function isRecordPath(rel: string): boolean {
  const parts = rel.split('/');
  if (parts.some((p) => p === '' || p === '..' || skipped(p))) return false;
  return isRecordName(parts.at(-1)!);
}
