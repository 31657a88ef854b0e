import crypto from 'node:crypto';
import { meaningfulWords } from './words';

/**
 * One story is one story: items about the same event from different publishers share a
 * story id. Two items are the same story when they point at the same article (the same
 * link key), or when their titles are near-identical (most of their meaningful words in
 * common, rarer words counting more) and they appeared close in time. Pure: the news
 * desk groups feed items with it, and the ingest can group curated records the same way.
 */
export interface StoryItem {
  /** Unique among the items given (the desk uses the item's link key). */
  key: string;
  title: string;
  /** The article's link key (lib/content/link.ts): the same key is the same story whatever the titles. */
  link: string;
  /** When it appeared (ms), if known. */
  time: number | null;
  /** A story id the item already has (from an earlier grouping): kept when its group is the same story. */
  story?: string | null;
}

export interface StoryOptions {
  /** Items further apart in time are different stories, however alike their titles (72 hours). */
  windowMs?: number;
  /** Weighted share of title words in common above which titles are the same story (0.5). */
  threshold?: number;
}

const DEFAULT_WINDOW_MS = 72 * 3600_000;
const DEFAULT_THRESHOLD = 0.5;
/** With a time unknown, only titles this alike count (a reprint years later is another story). */
const UNDATED_THRESHOLD = 0.75;
/** Words in common, at least: two shared words are a coincidence more often than a story. */
const MIN_SHARED = 3;

/**
 * A publisher's name after the title ("… | Healthcare IT News", "… - STAT"): up to four
 * words after a spaced bar or dash, when at least four words come before it.
 */
const SITE_SUFFIX = /^(.*\S(?:\s+\S+){3,})\s+[|–—-]\s+(?:\S+\s*){1,4}$/u;

/** The words a title is compared by: the publisher's suffix dropped, meaningful words, each once. */
export function storyWords(title: string): string[] {
  const bare = SITE_SUFFIX.exec(title.trim())?.[1] ?? title;
  return [...new Set(meaningfulWords(bare))];
}

/**
 * How alike two titles are, 0 to 1: the weight of the words they share over the weight
 * of all their words, each word weighing by how rare it is among the titles compared
 * (`rarity`; all alike without it).
 */
export function titleSimilarity(a: string[] | string, b: string[] | string, rarity: (word: string) => number = () => 1): { score: number; shared: number } {
  const wa = new Set(typeof a === 'string' ? storyWords(a) : a);
  const wb = new Set(typeof b === 'string' ? storyWords(b) : b);
  let both = 0;
  let all = 0;
  let shared = 0;
  for (const w of wa) {
    const weight = rarity(w);
    all += weight;
    if (wb.has(w)) {
      both += weight;
      shared++;
    }
  }
  for (const w of wb) if (!wa.has(w)) all += rarity(w);
  return { score: all ? both / all : 0, shared };
}

/** Whether two items are the same story (see the module's comment). */
export function sameStory(a: StoryItem, b: StoryItem, options: StoryOptions = {}, rarity?: (word: string) => number, wordsOf: (item: StoryItem) => string[] = (i) => storyWords(i.title)): boolean {
  if (a.link === b.link) return true;
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const dated = a.time !== null && b.time !== null;
  if (dated && Math.abs(a.time! - b.time!) > windowMs) return false;
  const { score, shared } = titleSimilarity(wordsOf(a), wordsOf(b), rarity);
  if (shared < MIN_SHARED) return false;
  return score >= (dated ? (options.threshold ?? DEFAULT_THRESHOLD) : Math.max(UNDATED_THRESHOLD, options.threshold ?? 0));
}

/**
 * The story of each item: key → story id. Candidates are found through the words items
 * share (never every pair: 10,000 items compare in well under a second), then joined
 * transitively. A group keeps the story id its earliest member already had, so a story
 * in the inbox keeps its id as items join it; a new group's id derives from its earliest
 * member (its time, then its key), so the same items give the same ids anywhere.
 */
export function groupStories(items: StoryItem[], options: StoryOptions = {}): Map<string, string> {
  const words = items.map((i) => storyWords(i.title));
  // How many titles have each word: common words ("health" on a health site) count less.
  const df = new Map<string, number>();
  for (const ws of words) for (const w of ws) df.set(w, (df.get(w) ?? 0) + 1);
  const n = items.length;
  const rarity = (w: string) => Math.log(1 + n / (df.get(w) ?? 1));

  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const join = (i: number, j: number) => {
    const a = find(i);
    const b = find(j);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  };

  // Same link: joined outright.
  const byLink = new Map<string, number>();
  items.forEach((item, i) => {
    const first = byLink.get(item.link);
    if (first === undefined) byLink.set(item.link, i);
    else join(first, i);
  });

  // Candidate pairs share words that are not among the commonest (a word in more than
  // `commonLimit` titles cannot tell stories apart, and would make the pairs quadratic).
  const commonLimit = Math.max(50, Math.ceil(n / 20));
  const postings = new Map<string, number[]>();
  words.forEach((ws, i) => {
    for (const w of ws) {
      if ((df.get(w) ?? 0) > commonLimit) continue;
      let list = postings.get(w);
      if (!list) postings.set(w, (list = []));
      list.push(i);
    }
  });
  // Pairs that share at least two uncommon words are compared; counted per item first,
  // which costs a map increment per pair rather than a comparison.
  const itemIndex = new Map(items.map((item, i) => [item.key, i]));
  const wordsOf = (item: StoryItem) => words[itemIndex.get(item.key)!]!;
  for (let i = 0; i < n; i++) {
    const counts = new Map<number, number>();
    for (const w of words[i]!) {
      const list = postings.get(w);
      if (!list) continue;
      for (const j of list) if (j > i) counts.set(j, (counts.get(j) ?? 0) + 1);
    }
    for (const [j, shared] of counts) {
      if (shared >= 2 && find(i) !== find(j) && sameStory(items[i]!, items[j]!, options, rarity, wordsOf)) join(i, j);
    }
  }

  const groups = new Map<number, number[]>();
  items.forEach((_, i) => {
    const root = find(i);
    let group = groups.get(root);
    if (!group) groups.set(root, (group = []));
    group.push(i);
  });
  const result = new Map<string, string>();
  for (const members of groups.values()) {
    const ordered = members.map((i) => items[i]!).sort(earliestFirst);
    const id = ordered.find((m) => m.story)?.story ?? storyIdOf(ordered[0]!.key);
    for (const m of ordered) result.set(m.key, id);
  }
  return result;
}

function earliestFirst(a: StoryItem, b: StoryItem): number {
  const ta = a.time ?? Number.MAX_SAFE_INTEGER;
  const tb = b.time ?? Number.MAX_SAFE_INTEGER;
  return ta - tb || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** A story's id: "s" and 12 hex digits of a hash of its first item's key. */
export function storyIdOf(key: string): string {
  return `s${crypto.createHash('sha256').update(`story\0${key}`).digest('hex').slice(0, 12)}`;
}
