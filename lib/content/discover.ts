import fs from 'node:fs';
import path from 'node:path';
import type { RecordProblem } from './problems';

/** The topic taxonomy's file, at the top of the content directory (lib/taxonomy/format.ts reads it). */
export const TAXONOMY_FILE = 'taxonomy.jsonl';

export interface Discovered {
  /** Record files, as sorted paths relative to the content directory (forward slashes). */
  files: string[];
  /** Folders that could not be listed (too deep for a path, unreadable): reported and skipped. */
  problems: RecordProblem[];
}

/**
 * Every record file under the content directory. Records are `*.md`; dot-files,
 * `_`-prefixed files and READMEs are notes for editors, not records. Symbolic links are
 * not followed. A folder that cannot be read (nested deeper than a path can name, no
 * permission) is reported and skipped; the rest is still found.
 */
export function discoverRecords(contentDir: string): Discovered {
  const files: string[] = [];
  const problems: RecordProblem[] = [];
  const walk = (dir: string, prefix: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if (!prefix) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENAMETOOLONG' ? 'it is nested deeper than a file path can name' : `it could not be read (${code ?? (err as Error).message})`;
      problems.push({ file: `${prefix}/`, message: `the folder was skipped: ${why}; move its records nearer the top of content/` });
      return;
    }
    for (const entry of entries) {
      if (skipped(entry.name)) continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), rel);
      else if (entry.isFile() && isRecordName(entry.name)) files.push(rel);
    }
  };
  walk(contentDir, '');
  return { files: files.sort(), problems };
}

const skipped = (name: string) => name.startsWith('.') || name.startsWith('_');
const isRecordName = (name: string) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md';

/** Whether a path relative to the content directory names a record file (it may no longer exist). */
export function isRecordPath(rel: string): boolean {
  const parts = rel.split('/');
  if (parts.some((p) => p === '' || p === '..' || skipped(p))) return false;
  return isRecordName(parts.at(-1)!);
}
