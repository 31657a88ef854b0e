/**
 * Dictionary order, for names readers look through: SQLite sorts by code point (HIMSS
 * before Healthcare IT News). One collator for every comparison: `localeCompare` with
 * options builds one per call, 5.7 s to sort 50,000 topics against 0.1 s.
 */
export const byName = new Intl.Collator('en', { sensitivity: 'base' }).compare;
