import type { PreparedOffering } from '../content/prepare';
import { routes } from '../urls/pages';
import type { Prepared } from './judge';
import { sectionPaths, type CatalogRecord } from './rules';

/**
 * What a valid record claims among the others: the keys the rules across records
 * (rules.ts: Catalog.conflicts, offeringConflicts) compare it on. A news item's address
 * (`/news/<slug>`) and its old addresses are its own (exclusive); the sections its trail
 * passes through it shares with every other item of them, but an old address of another
 * record cannot be one of them. An offering record's slug and old addresses are its own.
 *
 * Two records can change each other's fate only through a key they both claim and at
 * least one of them claims exclusively. From scratch, records are judged in path order and
 * the first wins; so a record's fate depends only on the records it is linked to through
 * such keys, directly or through others (its conflict group). The incremental ingest
 * re-judges, in path order, the whole group of every record a change touches (before and
 * after the change): it then decides what a build from scratch decides, by construction.
 * Keys are compared in lower case (a section's address is), which only makes groups larger.
 */
export interface Claim {
  key: string;
  exclusive: boolean;
}

const key = (path: string) => path.toLowerCase();

export function newsClaims(r: Pick<CatalogRecord, 'slug' | 'aliases' | 'breadcrumbs' | 'sectionPaths'>): Claim[] {
  const claims = new Map<string, Claim>();
  const add = (path: string, exclusive: boolean) => claims.set(`${exclusive}:${key(path)}`, { key: key(path), exclusive });
  add(routes.news(r.slug), true);
  for (const alias of r.aliases) add(alias, true);
  for (const section of r.sectionPaths ?? sectionPaths(r.breadcrumbs)) add(section, false);
  return [...claims.values()];
}

export function offeringClaims(o: Pick<PreparedOffering, 'slug' | 'aliases'>): Claim[] {
  // A profile's slug is among offering records only (a prefix no address has).
  const keys = new Set([`offering:${o.slug}`.toLowerCase(), ...o.aliases.map(key)]);
  return [...keys].map((k) => ({ key: k, exclusive: true }));
}

export function claimsOf(item: Prepared): Claim[] {
  return item.kind === 'news' ? newsClaims(item.record) : offeringClaims(item.offering);
}

/** Who claims what, as the store holds it (lib/store/update.ts), for the records not being changed. */
export interface ClaimIndex {
  /** The records claiming a key (only those claiming it exclusively, when `exclusiveOnly`). */
  holders(key: string, exclusiveOnly: boolean): { path: string; exclusive: boolean }[];
  /** A record's claims. */
  claims(path: string): Claim[];
}

/**
 * The records whose fate a change can alter: the conflict groups (above) of the changed
 * files, as their claims were (`before`: the store's, of the files changed or gone) and
 * are (`after`: of the changed files that are valid now). The other records are read
 * from `index` (whose answers for the changed or gone files, old, are passed over).
 * Returns the paths of the records to judge again, the changed valid ones
 * included.
 */
export function conflictGroup(changed: { before: Map<string, Claim[]>; after: Map<string, Claim[]> }, index: ClaimIndex): Set<string> {
  const members = new Set<string>(changed.after.keys());
  // The changed records' new claims, by key: the index answers only for the others.
  const fresh = new Map<string, { path: string; exclusive: boolean }[]>();
  for (const [path, claims] of changed.after) for (const c of claims) (fresh.get(c.key) ?? fresh.set(c.key, []).get(c.key)!).push({ path, exclusive: c.exclusive });
  const pending: Claim[] = [...[...changed.before.values()].flat(), ...[...changed.after.values()].flat()];
  // Keys looked at already: 'exclusive' when every holder was taken, 'shared' when only the exclusive ones.
  const seen = new Map<string, 'all' | 'exclusive'>();
  while (pending.length) {
    const claim = pending.pop()!;
    const wanted = claim.exclusive ? 'all' : 'exclusive';
    const before = seen.get(claim.key);
    if (before === 'all' || before === wanted) continue;
    seen.set(claim.key, wanted);
    const exclusiveOnly = !claim.exclusive;
    const holders = [...index.holders(claim.key, exclusiveOnly), ...(fresh.get(claim.key) ?? []).filter((h) => !exclusiveOnly || h.exclusive)];
    for (const h of holders) {
      if (members.has(h.path) || changed.before.has(h.path)) continue;
      members.add(h.path);
      pending.push(...index.claims(h.path));
    }
  }
  return members;
}
