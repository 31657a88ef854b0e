import { taxonomyLine } from './format';

/** A line of Medigy's taxonomy export (../shared/medigy-sample/taxonomy.jsonl). */
interface MedigyTopic {
  label: string;
  parentclasslabel: string;
  ancestors: string[];
  description: string | null;
  equalentCollections?: { label: string; parentclasslabel: string }[];
}

/**
 * Converts Medigy's taxonomy into ours. A topic's collection is its `parentclasslabel`;
 * its parent is the next-to-last of its `ancestors` (root first: collection → … →
 * topic), added as a grouping topic when Medigy has no entry of its own for it;
 * descriptions are base64; `equalentCollections` become equivalents. Medigy lists some
 * topics twice: the first entry wins, completed by the later ones.
 */
export function convertMedigyTaxonomy(text: string): { lines: string[]; topics: number; skipped: number } {
  const entries = new Map<string, { name: string; parent: string | null; description: string | null; equivalents: Set<string> }>();
  let skipped = 0;
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  // A topic name splits at its first colon: the collection may not contain one.
  const nameOf = (collection: string, label: string) => `${clean(collection).replace(/:/g, ' -')}: ${clean(label)}`;
  const ensure = (name: string, parent: string | null) => {
    let e = entries.get(name);
    if (!e) entries.set(name, (e = { name, parent, description: null, equivalents: new Set() }));
    return e;
  };

  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    let t: MedigyTopic;
    try {
      t = JSON.parse(raw) as MedigyTopic;
    } catch {
      skipped++;
      continue;
    }
    if (!t.label?.trim() || !t.parentclasslabel?.trim()) {
      skipped++;
      continue;
    }
    const collection = t.parentclasslabel;
    const name = nameOf(collection, t.label);
    // ancestors: [collection, group…, topic]; every group in between is a topic here.
    const chain = (t.ancestors ?? []).slice(1, -1).map((a) => nameOf(collection, a)).filter((a) => a !== name);
    let parent: string | null = null;
    for (const group of chain) {
      ensure(group, parent);
      parent = group;
    }
    const entry = ensure(name, parent);
    if (entry.parent === null && parent) entry.parent = parent;
    if (!entry.description && t.description) entry.description = Buffer.from(t.description, 'base64').toString('utf8').trim() || null;
    for (const eq of t.equalentCollections ?? []) {
      if (eq.label?.trim() && eq.parentclasslabel?.trim()) {
        const other = nameOf(eq.parentclasslabel, eq.label);
        if (other !== name) entry.equivalents.add(other);
      }
    }
  }
  const lines = [...entries.values()].map((e) =>
    taxonomyLine({ name: e.name, parent: e.parent, description: e.description, equivalents: [...e.equivalents].filter((x) => entries.has(x)) }),
  );
  return { lines, topics: entries.size, skipped };
}
