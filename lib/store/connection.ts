import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import { config } from '../config/env';
import { PrismaClient } from '../generated/prisma/client';
import { storeFileIdentity } from './location';

/** The store file is missing: nothing has been ingested yet. */
export class StoreMissingError extends Error {
  constructor(readonly file: string) {
    super(`No store at ${file}: run \`npm run ingest\` to build it from the records in content/.`);
  }
}

/**
 * The store the site reads: one SQLite connection for the typed queries of
 * lib/store/queries/ and one Prisma Client for the pages, opened together and replaced
 * together whenever an ingest has changed the file (a full one renames a new file into
 * place, an incremental one writes into it), so new content shows without a restart.
 */
export interface OpenStore {
  /** Which store content is open (storeFileIdentity). */
  readonly identity: string;
  readonly file: string;
  readonly prisma: PrismaClient;
  /** What `make` builds over this store's connection (prepared statements, derived data), made once per store. */
  once<T>(make: (db: Database.Database) => T): T;
}

interface Opened extends OpenStore {
  readonly db: Database.Database;
  close(): void;
}

let current: Opened | null = null;

/** How long a replaced store stays open: requests already reading it finish on it. */
const RETIRE_AFTER_MS = 30_000;

function open(file: string, identity: string): Opened {
  // Not read-only: after an update killed mid-write (lib/store/update.ts), the first
  // reader must be able to roll its journal back. Nothing here writes.
  const db = new Database(file, { fileMustExist: true });
  db.pragma('query_only = ON');
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file, fileMustExist: true }, { timestampFormat: 'unixepoch-ms' }) });
  const made = new Map<(db: Database.Database) => unknown, unknown>();
  return {
    identity,
    file,
    db,
    prisma,
    once<T>(make: (db: Database.Database) => T): T {
      if (!made.has(make)) made.set(make, make(db));
      return made.get(make) as T;
    },
    close() {
      db.close();
      void prisma.$disconnect();
    },
  };
}

/** The store as it is now, or null when there is none yet. */
export function openStore(): OpenStore | null {
  const file = config().databaseFile;
  const identity = storeFileIdentity(file);
  if (identity === null) return null;
  if (current?.identity === identity && current.file === file) return current;
  const previous = current;
  current = open(file, identity);
  if (previous) setTimeout(() => previous.close(), RETIRE_AFTER_MS).unref();
  return current;
}

/** The store as it is now; throws StoreMissingError when there is none (proxy.ts answers readers with 503 before a page renders). */
export function requireStore(): OpenStore {
  const opened = openStore();
  if (!opened) throw new StoreMissingError(config().databaseFile);
  return opened;
}

/** Prisma Client over the current store, for the pages' queries (lib/pages). */
export function store(): PrismaClient {
  return requireStore().prisma;
}
