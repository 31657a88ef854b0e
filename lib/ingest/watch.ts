import fs from 'node:fs';
import path from 'node:path';
import { TAXONOMY_FILE } from '../content/discover';
import { isRecordPath } from '../content/discover';
import { updateStore, type StoreUpdateSummary } from './update-store';

export interface ContentWatcher {
  close(): void;
  /** Resolves when no update is running or queued. */
  idle(): Promise<void>;
}

/**
 * Applies changes under the content directory to the store as they happen: the files
 * named by change events are re-read (updateStore: an in-place update), so one edited record
 * is live in milliseconds. Bursts of changes (an editor saving several files) make one
 * update after `quietMs` of calm; a change during an update makes one more after it.
 * An event that names no record file (a folder moved, an unknown name) makes the
 * update compare every file instead. Each summary goes to `report`.
 */
export function watchContent(
  contentDir: string,
  store: { databasePath: string; mediaDir?: string },
  report: (reason: string, summary: StoreUpdateSummary | Error) => void,
  quietMs = 50,
): ContentWatcher {
  const { databasePath, mediaDir } = store;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let scheduled = false;
  // Changed paths since the last update; null means "compare everything".
  let pending: Set<string> | null = new Set();
  let anything = false;

  const run = () => {
    if (running || !anything) return;
    const paths = pending ? [...pending] : undefined;
    pending = new Set();
    anything = false;
    const reason = paths ? `changed ${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ` and ${paths.length - 3} more` : ''}` : 'changes under content';
    running = updateStore({ contentDir, databasePath, mediaDir, paths })
      .then((s) => report(reason, s), (err: Error) => report(reason, err))
      .finally(() => {
        running = null;
        run();
      });
  };

  const watcher = fs.watch(contentDir, { recursive: true }, (_event, file) => {
    const name = file ? String(file).split(path.sep).join('/') : '';
    // Temporary files of atomic writes (ours: .name.tmp) are not content.
    if (path.posix.basename(name).startsWith('.') || name.endsWith('.tmp')) return;
    if (pending && name && (isRecordPath(name) || name === TAXONOMY_FILE)) pending.add(name);
    else if (!isNotContent(name)) pending = null;
    anything = true;
    clearTimeout(timer);
    scheduled = true;
    timer = setTimeout(() => {
      scheduled = false;
      run();
    }, quietMs);
  });

  return {
    close() {
      clearTimeout(timer);
      scheduled = false;
      watcher.close();
    },
    async idle() {
      while (running || scheduled) {
        if (running) await running;
        else await new Promise((r) => setTimeout(r, quietMs));
      }
    },
  };
}

/** Files beside the records that no page is built from (notes, images). */
function isNotContent(name: string): boolean {
  return /\.(txt|png|jpe?g|gif|webp|svg|avif)$/i.test(name) || /(^|\/)readme\.md$/i.test(name);
}
