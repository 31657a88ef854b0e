import { pageDay } from '../site/http-cache';
import { storeFileIdentity } from '../store/location';

/**
 * Which store file the pages are rendered from, as `storeFileIdentity` tells it (device,
 * inode, mtime: a full ingest renames a new file into place, an incremental one writes
 * into it; both change it).
 *
 * `current()` stats the file at most once per `checkIntervalMs`, so a busy server pays
 * for one stat per interval rather than one per request, and a page cached before an
 * ingest is served for at most `checkIntervalMs` after it. `fresh()` always stats: fills
 * use it to know exactly which store a rendering began and ended on.
 *
 * The identity holds the day too (pageDay): a page is a function of the store, the build
 * and the day, so a new day is a new version, and what was cached the day before goes.
 */
export class StoreVersion {
  private identity: string | null = null;
  private checkedAt = -Infinity;

  constructor(
    readonly file: string,
    readonly checkIntervalMs: number,
    private readonly onChange: (identity: string | null) => void,
    /** The time (ms), for tests that move the day. */
    private readonly clock: () => number = Date.now,
  ) {}

  current(): string | null {
    const now = performance.now();
    if (now - this.checkedAt >= this.checkIntervalMs) this.observe(this.read(), now);
    return this.identity;
  }

  fresh(): string | null {
    const identity = this.read();
    this.observe(identity, performance.now());
    return identity;
  }

  private read(): string | null {
    const file = storeFileIdentity(this.file);
    return file === null ? null : `${file}\0${pageDay(this.clock())}`;
  }

  private observe(identity: string | null, at: number) {
    this.checkedAt = at;
    if (identity === this.identity) return;
    this.identity = identity;
    this.onChange(identity);
  }
}
