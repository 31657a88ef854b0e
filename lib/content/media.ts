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


/**
 * An image stored beside the records, by its path under the content directory.
 * Only plain names of image files: no dot-files, no `..`, nothing outside content/.
 */
export function mediaFile(segments: string[]): { file: string; type: string } | null {
  if (segments.length === 0 || segments.some((s) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s))) return null;
  const type = TYPES[path.extname(segments.at(-1)!).toLowerCase()];
  if (!type) return null;
  const root = config().contentDir;
  const file = path.join(/*turbopackIgnore: true*/ root, ...segments);
  if (!file.startsWith(root + path.sep)) return null;
  try {
    if (!fs.statSync(file).isFile()) return null;
  } catch {
    return null;
  }
  return { file, type };
}
