import crypto from 'node:crypto';
import type { EntityKind } from './view';

/**
 * Ids derive from content, never from the order records were read in: the same files
 * give the same ids whether the store was built in one go or change by change, on any
 * machine.
 *
 * A news item's id is its day (days since 1970, 16 bits: until 2149) followed by 37 bits
 * of a hash of its slug. Ids so run in date order, which the search index uses as its
 * rowid: the newest matches of a query come straight off the index, and a year is one
 * range of it. A named thing's id is 52 bits of a hash of its kind and key.
 *
 * Two slugs hashing alike on one day (about once in 10^8 corpora of 100,000 items) take
 * the next free id instead; only then does an id depend on which record came first.
 */
const HASH_BITS = 37;
const HASH_SPAN = 2 ** HASH_BITS;
const MAX_DAY = 2 ** 16 - 1;
const DAY_MS = 86_400_000;

function hashBits(text: string, bits: number): number {
  const digest = crypto.createHash('sha256').update(text).digest();
  // 52 bits fit a JS number exactly: the top 6.5 bytes.
  const high = digest.readUIntBE(0, 6) * 16 + (digest[6]! >> 4);
  return high % 2 ** bits;
}

/** The first id of a day (for ranges of the search index). */
export function dayKey(dateMs: number): number {
  const day = Math.min(MAX_DAY, Math.max(0, Math.floor(dateMs / DAY_MS)));
  return day * HASH_SPAN;
}

export function newsId(slug: string, dateMs: number, taken: (id: number) => boolean): number {
  const base = dayKey(dateMs);
  let h = hashBits(`news\0${slug}`, HASH_BITS) || 1;
  while (taken(base + h)) h = (h + 1) % HASH_SPAN || 1;
  return base + h;
}

export function entityId(kind: EntityKind, key: string, taken: (id: number) => boolean): number {
  let id = hashBits(`${kind}\0${key}`, 52) || 1;
  while (taken(id)) id = (id + 1) % 2 ** 52 || 1;
  return id;
}

/** `base`, or `base-2`, `base-3`… when taken. */
export function uniqueSlug(base: string, taken: (slug: string) => boolean): string {
  let slug = base;
  for (let n = 2; taken(slug); n++) slug = `${base}-${n}`;
  return slug;
}
