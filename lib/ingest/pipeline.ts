import { sourceDigest } from '../config/source-digest';

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
  const digest = sourceDigest(root, PIPELINE_SOURCES);
  if (root === process.cwd()) cached = digest;
  return digest;
}
