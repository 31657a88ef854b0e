import fs from 'node:fs';
import path from 'node:path';
import { ingest, type IngestSummary } from './run';

export interface ContentWatcher {
  close(): void;
  /** Resolves when no ingest is running or queued. */
  idle(): Promise<void>;
}

/**
 * Re-ingests whenever a file under the content directory changes: bursts of changes
 * (an editor saving several files) make one ingest after `quietMs` of calm, and a
 * change during an ingest makes one more after it. Each summary goes to `report`.
 */
export function watchContent(contentDir: string, databasePath: string, report: (reason: string, summary: IngestSummary | Error) => void, quietMs = 150): ContentWatcher {
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let scheduled = false;

  const run = (reason: string) => {
    if (running) {
      again = true;
      return;
    }
    running = ingest({ contentDir, databasePath })
      .then((s) => report(reason, s), (err: Error) => report(reason, err))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run('more changes');
        }
      });
  };

  const watcher = fs.watch(contentDir, { recursive: true }, (_event, file) => {
    const name = file ? String(file) : '';
    // Temporary files of atomic writes (ours: .name.tmp) are not content.
    if (path.basename(name).startsWith('.') || name.endsWith('.tmp')) return;
    clearTimeout(timer);
    scheduled = true;
    timer = setTimeout(() => {
      scheduled = false;
      run(`changed ${name || 'content'}`);
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
