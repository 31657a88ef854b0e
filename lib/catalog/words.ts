/**
 * The words of a title or summary as the news desk compares them: lower case, accents
 * dropped, split at anything that is not a letter or digit, English stop words left out,
 * plural and possessive endings taken off ("hospitals'" and "hospital" are one word).
 * Pure: the same text gives the same words anywhere (the ingest will group stories with
 * them too).
 */

const STOP_WORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our out over own same she should so some such than that the their them then there these they this those through to too under until up very was we were what when where which while why will with would you your yours says say said new`.split(/\s+/),
);

/** Lower-case words of `text`, accents dropped; numbers kept ("2024", "3.5" as "3" and "5"). */
export function plainWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** One form per word: plural, possessive and -ing endings removed (a light stemmer, enough for titles). */
export function stem(word: string): string {
  if (word.length <= 3 || /^\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ss|us|is)$/.test(word)) return word;
  if (/(?:ches|shes|xes|sses|zes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** The words that carry meaning, stemmed, in order (repeats kept). */
export function meaningfulWords(text: string): string[] {
  return plainWords(text)
    .filter((w) => !STOP_WORDS.has(w) && (w.length > 1 || /\d/.test(w)))
    .map(stem);
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}
