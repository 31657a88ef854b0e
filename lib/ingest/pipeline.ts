import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The code that turns content files into a store's rows: the record pipeline, the rules
 * across records, the store's writers and schema, and the packages they use. A store
 * remembers the digest of the code that made it (StoreInfo.pipelineDigest): an update,
 * or a rebuild that reuses the rows of unchanged files, is only right when the same code
 * would make those rows again; otherwise every file is read anew.
 */
const PIPELINE_SOURCES = ['lib/content', 'lib/catalog', 'lib/taxonomy', 'lib/store', 'lib/ingest', 'prisma/migrations', 'package-lock.json'];

let cached: string | null = null;

/** A digest of the contents (not the times) of the pipeline's sources: the same on every clone. */
export function pipelineDigest(root = process.cwd()): string {
  if (cached !== null && root === process.cwd()) return cached;
  const hash = crypto.createHash('sha256');
  const visit = (rel: string) => {
    const full = path.join(root, rel);
    let st: fs.Stats;
    try {
      st = fs.statSync(full);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) visit(path.posix.join(rel, name));
    } else if (st.isFile()) {
      hash.update(`${rel}\0${st.size}\0`);
      hash.update(fs.readFileSync(full));
    }
  };
  PIPELINE_SOURCES.forEach(visit);
  const digest = hash.digest('hex');
  if (root === process.cwd()) cached = digest;
  return digest;
}
