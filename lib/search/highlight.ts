/** A run of text, `hit` where it matched the query. Rendered as text: never as HTML. */
export interface TextRun {
  text: string;
  hit: boolean;
}

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
  const folded = terms.map(fold).filter(Boolean);
  // Word positions of hits, then the window of `words` words holding the most of them
  // (a sliding count: one pass over the text, which is the whole body of each result).
  const tokens = text.match(/\S+/g) ?? [];
  const hits = tokens.map((t) => (t.match(/[\p{L}\p{N}]+/gu) ?? []).some((w) => matches(fold(w), folded)));
  if (!hits.includes(true)) return null;
  if (tokens.length <= words) return markTerms(text, terms);
  let count = 0;
  for (let i = 0; i < words; i++) if (hits[i]) count++;
  let best = 0;
  let bestCount = count;
  for (let start = 1; start + words <= tokens.length; start++) {
    if (hits[start - 1]) count--;
    if (hits[start + words - 1]) count++;
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
  // Most words are plain ASCII: no accents to strip.
  if (/^[\x00-\x7f]*$/.test(word)) return word.toLowerCase();
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function matches(word: string, terms: string[]): boolean {
  return terms.some((t) => word === t || (Math.min(word.length, t.length) >= 4 && (word.startsWith(t) || t.startsWith(word))));
}
