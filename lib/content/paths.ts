import fs from 'node:fs';
import path from 'node:path';
import { isRecordPath } from './discover';

export type PathCheck = { ok: true; path: string; full: string } | { ok: false; status: 400 | 404; message: string };

/**
 * A record path from outside (a request, a command line): relative, inside the content
 * directory, naming a record file (no `..`, no hidden or note files, no symbolic link
 * out of content/; the ingest does not follow links either).
 */
export function checkRecordPath(contentDir: string, candidate: unknown): PathCheck {
  const refused = { ok: false, status: 400, message: 'not the path of a record in content/' } as const;
  if (typeof candidate !== 'string' || !candidate || candidate.length > 300 || candidate.includes('\\') || candidate.includes('\0') || candidate.startsWith('/') || !isRecordPath(candidate)) {
    return refused;
  }
  const full = path.resolve(contentDir, candidate);
  if (path.relative(contentDir, full).startsWith('..')) return refused;
  let real: string;
  try {
    real = fs.realpathSync(full);
  } catch {
    return { ok: false, status: 404, message: `there is no record ${candidate}` };
  }
  if (real !== path.join(fs.realpathSync(contentDir), candidate)) return refused;
  return { ok: true, path: candidate, full };
}
