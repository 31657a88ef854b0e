import fs from 'node:fs';
import path from 'node:path';

/**
 * Sessions ended by signing out, until they would have expired anyway: a cookie captured
 * before sign-out opens nothing after it. Kept in a small JSON file (beside the store,
 * never replaced by an ingest) so that a restart forgets nothing; written whole through a
 * temporary file and a rename.
 */
export class RevokedSessions {
  private revoked = new Map<string, number>();
  private loadedMtime = -1;

  constructor(readonly file: string) {}

  isRevoked(nonce: string, now = Date.now()): boolean {
    this.load();
    const until = this.revoked.get(nonce);
    return until !== undefined && until >= now;
  }

  revoke(nonce: string, expires: number, now = Date.now()): void {
    this.load();
    for (const [n, until] of this.revoked) if (until < now) this.revoked.delete(n);
    this.revoked.set(nonce, expires);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.revoked)), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
    this.loadedMtime = fs.statSync(this.file).mtimeMs;
  }

  /** Reads the file again when another process (a second server) changed it. */
  private load(): void {
    let mtime: number;
    try {
      mtime = fs.statSync(this.file).mtimeMs;
    } catch {
      return;
    }
    if (mtime === this.loadedMtime) return;
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, unknown>;
      this.revoked = new Map(Object.entries(data).filter((e): e is [string, number] => typeof e[1] === 'number'));
    } catch {
      // A damaged file keeps what was known; the next sign-out rewrites it.
    }
    this.loadedMtime = mtime;
  }
}
