import { plainWords, stem } from './words';

/**
 * Topics suggested for an item that has none yet (a feed item in the inbox), best first,
 * each with why: the topic's label (or an equivalent's) in the item's text, what editors
 * chose for similar curated items, the subscription's default topics. Pure: the desk
 * asks the store for the vocabulary and the similar items, then scores here.
 */
export interface VocabularyTopic {
  /** "Collection: Label" */
  name: string;
  label: string;
  collection: string;
  /** How many curated items have it: between topics of one label, editors' usual choice first. */
  uses: number;
  /** Names of the same topic in other collections (the taxonomy's equivalents). */
  equivalents: string[];
}

export interface SimilarRecord {
  title: string;
  /** 0 to 1: how alike the record is to the item (1 the closest of those found). */
  similarity: number;
  topics: string[];
}

export interface SuggestionInput {
  title: string;
  /** Plain text of the summary. */
  summary: string;
  /** The item's own categories, as the feed gives them. */
  categories?: string[];
  /** Topics every item of the subscription gets (its OPML `category`). */
  defaults?: string[];
  similar?: SimilarRecord[];
}

export interface TopicSuggestion {
  topic: string;
  score: number;
  /** Why, for the editor: "“telehealth” in the title", "3 similar curated items have it". */
  reasons: string[];
}

/** A vocabulary ready to match: each label's words as a phrase, to the topics that have it. */
export interface TopicVocabulary {
  topics: VocabularyTopic[];
  byName: Map<string, number>;
  /** Stemmed words joined by spaces → topic indexes. */
  phrases: Map<string, number[]>;
  longest: number;
}

/** Labels as words to look for: the label, and for "Long Name (LN)" the long name and the acronym apart. */
function labelPhrases(label: string): string[] {
  const phrases = new Set<string>();
  const add = (text: string) => {
    const w = plainWords(text).map(stem);
    if (w.length && w.length <= 8) phrases.add(w.join(' '));
  };
  add(label);
  const paren = /^(.*?)\s*\(([^)]+)\)\s*$/.exec(label);
  if (paren) {
    add(paren[1]!);
    if (/^[A-Z][A-Za-z0-9&-]{1,9}$/.test(paren[2]!.trim())) add(paren[2]!);
  }
  return [...phrases];
}

/** Phrases too general to say what an item is about on a digital-health site. */
const GENERAL = new Set(['health', 'healthcare', 'health care', 'news', 'topic', 'care', 'medicine', 'technology', 'other', 'general', 'service', 'data', 'digital']);

export function topicVocabulary(topics: VocabularyTopic[]): TopicVocabulary {
  const phrases = new Map<string, number[]>();
  let longest = 1;
  topics.forEach((t, i) => {
    for (const p of labelPhrases(t.label)) {
      if (GENERAL.has(p)) continue;
      let list = phrases.get(p);
      if (!list) phrases.set(p, (list = []));
      list.push(i);
      longest = Math.max(longest, p.split(' ').length);
    }
  });
  return { topics, byName: new Map(topics.map((t, i) => [t.name, i])), phrases, longest };
}

/** Where a phrase was found, and how much that says. */
const PLACES = [
  ['title', 3],
  ['categories', 2.5],
  ['summary', 1.5],
] as const;
const SIMILAR_WEIGHT = 1.5;
const DEFAULT_WEIGHT = 10;
const EQUIVALENT_SHARE = 0.6;
const PRIOR_WEIGHT = 0.35;

/**
 * Scores every topic the evidence names and returns the best `limit`. A phrase of more
 * words counts more (a longer label is more specific); among topics of one label,
 * those editors used more come first; a found phrase inside a longer found phrase
 * ("health records" in "electronic health records") counts for the longer one only.
 */
export function suggestTopics(input: SuggestionInput, vocabulary: TopicVocabulary, limit = 5): TopicSuggestion[] {
  const scores = new Map<number, { score: number; evidence: number; reasons: string[] }>();
  const credit = (i: number, points: number, reason: string, evidence = true) => {
    let s = scores.get(i);
    if (!s) scores.set(i, (s = { score: 0, evidence: 0, reasons: [] }));
    s.score += points;
    if (evidence) s.evidence += points;
    if (!s.reasons.includes(reason)) s.reasons.push(reason);
  };

  for (const [place, weight] of PLACES) {
    const text = place === 'title' ? input.title : place === 'summary' ? input.summary : (input.categories ?? []).join(' · ');
    for (const found of findPhrases(text, vocabulary)) {
      const topicIndexes = vocabulary.phrases.get(found.phrase)!;
      const points = weight * (1 + 0.5 * (found.words - 1));
      // The topics of that label, then (once each, however many of them name it) their equivalents.
      const equivalents = new Map<number, string>();
      for (const i of topicIndexes) {
        credit(i, points, `“${found.text}” in the ${place}`);
        for (const eq of vocabulary.topics[i]!.equivalents) {
          const j = vocabulary.byName.get(eq);
          if (j !== undefined && !topicIndexes.includes(j) && !equivalents.has(j)) equivalents.set(j, vocabulary.topics[i]!.name);
        }
      }
      for (const [j, via] of equivalents) credit(j, points * EQUIVALENT_SHARE, `the same topic as ${via}, whose “${found.text}” is in the ${place}`);
    }
  }

  // What editors chose for similar items: each vote weighs by how alike the item is.
  const votes = new Map<string, { weight: number; titles: string[] }>();
  for (const record of input.similar ?? []) {
    for (const topic of new Set(record.topics)) {
      let v = votes.get(topic);
      if (!v) votes.set(topic, (v = { weight: 0, titles: [] }));
      v.weight += record.similarity;
      v.titles.push(record.title);
    }
  }
  for (const [topic, v] of votes) {
    const i = vocabulary.byName.get(topic);
    if (i === undefined) continue;
    const example = v.titles[0]!.length > 70 ? `${v.titles[0]!.slice(0, 67)}…` : v.titles[0]!;
    const reason = v.titles.length === 1 ? `a similar curated item has it (“${example}”)` : `${v.titles.length} similar curated items have it (e.g. “${example}”)`;
    credit(i, SIMILAR_WEIGHT * v.weight, reason);
  }

  for (const name of input.defaults ?? []) {
    const i = vocabulary.byName.get(name);
    if (i !== undefined) credit(i, DEFAULT_WEIGHT, "the subscription's default topic", false);
  }

  const ranked = [...scores.entries()].map(([i, s]) => {
    const t = vocabulary.topics[i]!;
    // Between topics with evidence, the ones editors use more (a tie-breaker more than a signal).
    const prior = s.evidence > 0 ? PRIOR_WEIGHT * (Math.log1p(t.uses)) : 0;
    return { topic: t.name, score: Math.round((s.score + prior) * 100) / 100, reasons: s.reasons };
  });
  // Defaults the vocabulary does not know are still the subscription's choice.
  for (const name of input.defaults ?? []) if (!vocabulary.byName.has(name)) ranked.push({ topic: name, score: DEFAULT_WEIGHT, reasons: ["the subscription's default topic"] });
  return ranked.sort((a, b) => b.score - a.score || a.topic.localeCompare(b.topic)).slice(0, limit);
}

interface FoundPhrase {
  phrase: string;
  /** The words as they are in the text. */
  text: string;
  words: number;
}

/** The vocabulary's phrases in `text`, longest first at each place, none inside another found. */
function findPhrases(text: string, vocabulary: TopicVocabulary): FoundPhrase[] {
  const raw = plainWords(text);
  const stems = raw.map(stem);
  const found: FoundPhrase[] = [];
  const seen = new Set<string>();
  let coveredUntil = 0;
  for (let i = 0; i < stems.length; i++) {
    for (let len = Math.min(vocabulary.longest, stems.length - i); len >= 1; len--) {
      if (i + len <= coveredUntil) break;
      const phrase = stems.slice(i, i + len).join(' ');
      if (!vocabulary.phrases.has(phrase)) continue;
      coveredUntil = Math.max(coveredUntil, i + len);
      if (!seen.has(phrase)) {
        seen.add(phrase);
        found.push({ phrase, text: raw.slice(i, i + len).join(' '), words: len });
      }
      break;
    }
  }
  return found;
}
