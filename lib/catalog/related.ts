/**
 * Related news for every item, chosen at ingest time (in full by the full ingest, for
 * the neighbours of each change by the in-place update, lib/store/update.ts): among the items that sit
 * closest in time to it within each of its topics, those sharing the most topics
 * with it, nearest in date first. Work is linear in the number of (item, topic)
 * pairs, so a 10,000-item topic costs no more per item than a 10-item one.
 */
export interface RelatedInput {
  id: number;
  date: number;
  topicIds: number[];
}

const NEIGHBOURS = 6;

/** newsId → related news ids, best first. */
export type RelatedLists = Map<number, number[]>;

export function relatedNews(items: RelatedInput[], perItem = 5): RelatedLists {
  const byTopic = new Map<number, RelatedInput[]>();
  for (const item of items) {
    for (const t of item.topicIds) {
      let list = byTopic.get(t);
      if (!list) byTopic.set(t, (list = []));
      list.push(item);
    }
  }

  const candidates = new Map<number, RelatedInput[]>();
  for (const list of byTopic.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => b.date - a.date || a.id - b.id);
    for (let i = 0; i < list.length; i++) {
      const item = list[i]!;
      let mine = candidates.get(item.id);
      if (!mine) candidates.set(item.id, (mine = []));
      const from = Math.max(0, i - NEIGHBOURS);
      const to = Math.min(list.length - 1, i + NEIGHBOURS);
      for (let j = from; j <= to; j++) if (j !== i) mine.push(list[j]!);
    }
  }

  const result: RelatedLists = new Map();
  const dateOf = new Map(items.map((i) => [i.id, i.date]));
  for (const [id, found] of candidates) result.set(id, rankRelated(dateOf.get(id)!, found, perItem));
  return result;
}

/** Max distance, in a topic's list by date, between an item and the candidates it is related to. */
export const RELATED_WINDOW = NEIGHBOURS;

/**
 * Ranks an item's candidates (its neighbours in each of its topics, one entry per
 * topic they share): most shared topics first, then nearest in date.
 */
export function rankRelated(date: number, found: RelatedInput[], perItem = 5): number[] {
  const shared = new Map<number, { item: RelatedInput; count: number }>();
  for (const c of found) {
    const entry = shared.get(c.id);
    if (entry) entry.count++;
    else shared.set(c.id, { item: c, count: 1 });
  }
  const ranked = [...shared.values()].sort(
    (a, b) => b.count - a.count || Math.abs(a.item.date - date) - Math.abs(b.item.date - date) || b.item.date - a.item.date || a.item.id - b.item.id,
  );
  return ranked.slice(0, perItem).map((r) => r.item.id);
}
