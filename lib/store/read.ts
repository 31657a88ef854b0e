import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/client';
import { databasePath, storeFileIdentity } from './location';

/** The store file is missing: nothing has been ingested yet. */
export class StoreMissingError extends Error {
  constructor(readonly file: string) {
    super(`No store at ${file}: run \`npm run ingest\` first.`);
  }
}

interface OpenStore {
  identity: string;
  client: PrismaClient;
}

let current: OpenStore | null = null;

/**
 * Prisma Client over the store that DATABASE_URL names, reopened whenever an ingest
 * has swapped in a new file (a new inode), so new content shows without a rebuild or
 * restart. Requests already running finish on the old file, which stays readable
 * until its last connection closes.
 */
export function store(): PrismaClient {
  const file = databasePath();
  const identity = storeFileIdentity(file);
  if (identity === null) throw new StoreMissingError(file);
  if (current?.identity === identity) return current.client;

  const previous = current;
  // Not read-only: after an update killed mid-write (lib/store/update.ts), the first
  // reader must be able to roll its journal back. Pages only read.
  const adapter = new PrismaBetterSqlite3({ url: file, fileMustExist: true }, { timestampFormat: 'unixepoch-ms' });
  current = { identity, client: new PrismaClient({ adapter }) };
  if (previous) setTimeout(() => void previous.client.$disconnect(), 30_000).unref();
  return current.client;
}

/** Identity of the store file currently served: changes with every ingest. */
export function storeVersion(): string {
  store();
  return current!.identity;
}
