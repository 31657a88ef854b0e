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

  // Each item's candidates, by the item (one entry per topic a candidate shares with it).
  const candidates = new Map<RelatedInput, RelatedInput[]>();
  for (const list of byTopic.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => b.date - a.date || a.id - b.id);
    for (let i = 0; i < list.length; i++) {
      const item = list[i]!;
      let mine = candidates.get(item);
      if (!mine) candidates.set(item, (mine = []));
      const from = Math.max(0, i - NEIGHBOURS);
      const to = Math.min(list.length - 1, i + NEIGHBOURS);
      for (let j = from; j <= to; j++) if (j !== i) mine.push(list[j]!);
    }
  }

  const result: RelatedLists = new Map();
  for (const [item, found] of candidates) result.set(item.id, rankRelated(item.date, found, perItem));
  return result;
}

/** Max distance, in a topic's list by date, between an item and the candidates it is related to. */
export const RELATED_WINDOW = NEIGHBOURS;

/**
 * Ranks an item's candidates (its neighbours in each of its topics, one entry per
 * topic they share): most shared topics first, then nearest in date.
 */
export function rankRelated(date: number, found: RelatedInput[], perItem = 5): number[] {
  // A few dozen candidates at most: counted in a sorted copy rather than a map.
  const byId = [...found].sort((a, b) => a.id - b.id);
  const shared: { item: RelatedInput; count: number }[] = [];
  for (let i = 0; i < byId.length; ) {
    let j = i + 1;
    while (j < byId.length && byId[j]!.id === byId[i]!.id) j++;
    shared.push({ item: byId[i]!, count: j - i });
    i = j;
  }
  shared.sort((a, b) => b.count - a.count || Math.abs(a.item.date - date) - Math.abs(b.item.date - date) || b.item.date - a.item.date || a.item.id - b.item.id);
  const ranked: number[] = [];
  for (let i = 0; i < shared.length && i < perItem; i++) ranked.push(shared[i]!.item.id);
  return ranked;
}
