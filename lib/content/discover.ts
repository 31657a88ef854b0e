import fs from 'node:fs';
import path from 'node:path';

/**
 * Every record file under the content directory, as sorted paths relative to it
 * (forward slashes). Records are `*.md`; dot-files, `_`-prefixed files and READMEs
 * are notes for editors, not records.
 */
export function discoverRecords(contentDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (skipped(entry.name)) continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), rel);
      else if (entry.isFile() && isRecordName(entry.name)) found.push(rel);
    }
  };
  walk(contentDir, '');
  return found.sort();
}

const skipped = (name: string) => name.startsWith('.') || name.startsWith('_');
const isRecordName = (name: string) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md';

/** Whether a path relative to the content directory names a record file (it may no longer exist). */
export function isRecordPath(rel: string): boolean {
  const parts = rel.split('/');
  if (parts.some((p) => p === '' || p === '..' || skipped(p))) return false;
  return isRecordName(parts.at(-1)!);
}
