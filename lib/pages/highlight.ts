import type { TextRun } from './search';

/**
 * Marks the words of a text that match the reader's query terms. FTS5 decides what
 * matches (with Porter stemming); this only shows it, so it may be approximate: a word
 * is marked when it and a term share a beginning of at least four letters ("strengthen"
 * / "strengthening"), or are equal. Done here rather than with FTS5's highlight(), which
 * re-runs the whole match (tens of milliseconds for a common word).
 */
export function markTerms(text: string, terms: string[]): TextRun[] {
  const folded = terms.map(fold).filter(Boolean);
  const runs: TextRun[] = [];
  const push = (t: string, hit: boolean) => {
    const last = runs.at(-1);
    if (last && last.hit === hit) last.text += t;
    else if (t) runs.push({ text: t, hit });
  };
  const re = /[\p{L}\p{N}]+/gu;
  let at = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    push(text.slice(at, m.index), false);
    push(m[0], matches(fold(m[0]), folded));
    at = m.index + m[0].length;
  }
  push(text.slice(at), false);
  return runs;
}

/** The part of a long text around its densest cluster of matches, as runs, with ellipses. */
export function snippetRuns(text: string, terms: string[], words = 28): TextRun[] | null {
  const runs = markTerms(text, terms);
  if (!runs.some((r) => r.hit)) return null;
  // Word positions of hits, then the window of `words` words holding the most of them.
  const tokens = text.match(/\S+/g) ?? [];
  if (tokens.length <= words) return runs;
  const folded = terms.map(fold);
  const hits = tokens.map((t) => (t.match(/[\p{L}\p{N}]+/gu) ?? []).some((w) => matches(fold(w), folded)));
  let best = 0;
  let bestCount = -1;
  for (let start = 0; start + words <= tokens.length; start++) {
    let count = 0;
    for (let i = start; i < start + words; i++) if (hits[i]) count++;
    if (count > bestCount) {
      bestCount = count;
      best = start;
    }
  }
  const piece = tokens.slice(best, best + words).join(' ');
  const marked = markTerms(piece, terms);
  if (best > 0) marked.unshift({ text: '…', hit: false });
  if (best + words < tokens.length) marked.push({ text: '…', hit: false });
  return marked;
}

function fold(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function matches(word: string, terms: string[]): boolean {
  return terms.some((t) => word === t || (Math.min(word.length, t.length) >= 4 && (word.startsWith(t) || t.startsWith(word))));
}
