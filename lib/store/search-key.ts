/**
 * The search index's rowid orders items by date: (seconds since 1970) × 2^20 + item id,
 * so that search reads the newest matches first without sorting (lib/pages/search.ts).
 * Item ids must stay below SEARCH_KEY_IDS.
 */
export const SEARCH_KEY_IDS = 1_048_576;

/** The rowid of an item in the search index (exact in a JS number until the year 2250). */
export function searchKey(dateMs: number, id = 0): number {
  return Math.max(0, Math.floor(dateMs / 1000)) * SEARCH_KEY_IDS + id;
}
