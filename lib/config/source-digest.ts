import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A digest of the contents (not the times) of files and folders under `root`, in a fixed
 * order: the same on every clone of the same sources. Names in `skip` are left out
 * wherever they occur (generated code).
 */
export function sourceDigest(root: string, entries: readonly string[], skip: readonly string[] = []): string {
  const hash = crypto.createHash('sha256');
  const visit = (rel: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(path.join(root, rel));
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(path.join(root, rel)).sort()) if (!skip.includes(name)) visit(path.posix.join(rel, name));
    } else if (st.isFile()) {
      hash.update(`${rel}\0${st.size}\0`);
      hash.update(fs.readFileSync(path.join(root, rel)));
    }
  };
  entries.forEach(visit);
  return hash.digest('hex');
}
