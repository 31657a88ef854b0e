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
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), rel);
      else if (entry.isFile() && entry.name.endsWith('.md') && entry.name.toLowerCase() !== 'readme.md') found.push(rel);
    }
  };
  walk(contentDir, '');
  return found.sort();
}
