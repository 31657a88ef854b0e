import fs from 'node:fs';
import path from 'node:path';
import { discoverRecords, isRecordPath, TAXONOMY_FILE } from '../content/discover';
import { ContentTree, readContentFile } from '../content/files';
import type { Diagnostic } from '../content/problems';
import type { SourceFileRow } from '../store/source-files';

/**
 * Which content files differ from what the store remembers of them: compared by size
 * and modification time, then (same size, new time) by content hash. Light on purpose:
 * a look with nothing to do loads none of the record pipeline (lib/ingest/update-store.ts).
 */
/** What the comparison reads of a SourceFile row. */
export type FileStampRow = Pick<SourceFileRow, 'path' | 'size' | 'mtimeMs' | 'digest' | 'state'>;

export interface FileChanges<Row extends FileStampRow = SourceFileRow> {
  /** Record files now in the content directory (among those looked at). */
  present: Set<string>;
  /** New or edited files: to read through the pipeline. */
  toPrepare: string[];
  /** Saved again with the same bytes: only their new time to remember. */
  touched: Row[];
  /** Files the store knows that are no longer there. */
  gone: Row[];
  unchanged: number;
  /** Folders that could not be listed (their files are not gone). */
  problems: Diagnostic[];
  /** The files looked at, when told which. */
  looked: Set<string> | null;
}

/** The files a caller says changed, as content-relative paths with `/`, once each. */
export function toldPaths(paths: string[] | undefined): string[] | undefined {
  return paths ? [...new Set(paths.map((p) => p.split(path.sep).join('/')))] : undefined;
}

/** Compares the content directory (or only the `told` files) with the store's rows. */
export function compareFiles<Row extends FileStampRow>(contentDir: string, known: Map<string, Row>, told?: string[]): FileChanges<Row> {
  const discovered = told ? { files: told.filter(isRecordPath), problems: [], unlisted: [] } : discoverRecords(contentDir);
  const present = new Set<string>();
  const toPrepare: string[] = [];
  const touched: Row[] = [];
  let unchanged = 0;
  const tree = new ContentTree(contentDir);
  // Record paths are already relative with forward slashes: joining them by hand is a
  // third of the time of a no-op look at 10,000 files with path.join.
  const root = contentDir.endsWith(path.sep) ? contentDir : contentDir + path.sep;
  for (const file of discovered.files) {
    let st: fs.Stats | undefined;
    try {
      // The file itself, never what a link leads to: a link is there (and refused when read).
      st = fs.lstatSync(root + file, { throwIfNoEntry: false });
    } catch {
      st = undefined; // unreadable since it was listed
    }
    if (!st || st.isDirectory()) continue; // deleted (found below), or now a folder
    present.add(file);
    const before = known.get(file);
    if (before && before.size === st.size && before.mtimeMs === st.mtimeMs) {
      unchanged++;
      continue;
    }
    if (before && st.isFile() && before.size === st.size && digestOfFile(contentDir, file, tree) === before.digest) {
      touched.push({ ...before, mtimeMs: st.mtimeMs });
      unchanged++;
      continue;
    }
    toPrepare.push(file);
  }
  const looked = told ? new Set(discovered.files) : null;
  // Files in a folder that could not be listed are not gone: they stay as they were.
  const unlisted = discovered.unlisted;
  const gone = [...known.values()].filter(
    (f) => f.state !== 'taxonomy' && !present.has(f.path) && (looked === null || looked.has(f.path)) && !unlisted.some((folder) => f.path.startsWith(folder)),
  );
  return { present, toPrepare, touched, gone, unchanged, problems: discovered.problems, looked };
}

/** Whether there is nothing at all to write: no file to read, to forget or to re-stamp. */
export function nothingToDo(changes: FileChanges<FileStampRow>): boolean {
  return changes.toPrepare.length === 0 && changes.gone.length === 0 && changes.touched.length === 0 && changes.problems.length === 0;
}

/** The taxonomy shapes every topic: when it changes, only a full ingest gets it right. */
export function taxonomyChanged(contentDir: string, before: FileStampRow | undefined): boolean {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(path.join(contentDir, TAXONOMY_FILE));
  } catch {
    return before !== undefined;
  }
  if (!before) return true;
  if (before.size === st.size && before.mtimeMs === st.mtimeMs) return false;
  return digestOfFile(contentDir, TAXONOMY_FILE, new ContentTree(contentDir)) !== before.digest;
}

/** A file's digest, read as every content file is (never through a link); null when it cannot be read. */
function digestOfFile(contentDir: string, file: string, tree: ContentTree): string | null {
  const read = readContentFile(contentDir, file, Number.MAX_SAFE_INTEGER, { tree });
  return read.ok ? read.digest : null;
}
