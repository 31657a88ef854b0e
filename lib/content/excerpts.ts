import { decodeReferences } from './text';

/**
 * Descriptions as readers should see them. Medigy's curation tool took a record's
 * description from the page it curated, and with it what the page had around the text:
 * the body's closing "Read on healthweather.us" glued to the last sentence ("…projected
 * deathsRead on covid19.healthdata.org"), "Listen on" with nothing after it, and, when the
 * page was a log-in wall, its form ("Can't sign in? Forgot your password?"). Those go;
 * the editor's text stays as it is.
 */

/**
 * A closing call to the original ("Read on cdc.gov", "Watch on YouTube", "Read more »",
 * "Continue reading…"), with the publisher's host or name of up to four words after it, glued to the
 * sentence before it or not. "Read" is matched with
 * its capital only, so that a sentence ending "…spread on" keeps its words.
 */
const TRAILER =
  /(?:\s*[|–—-]\s*|\s*)(?:(?:Read|Watch|Listen|View)(?:\s+it)?\s+(?:on|at)(?:\s+[\p{L}\p{N}.'’&-]+){0,4}|Read (?:more|the (?:full )?(?:article|story))|Continue reading|Full story|\[(?:…|\.\.\.)\])\s*(?:[.…»›>:]+|\.\.\.)?\s*$/u;

/**
 * Sentences of log-in walls, cookie banners and error pages. A description made only of
 * them is no description (the record then has none, and `npm run check` says so).
 */
const BOILERPLATE = [
  /\bcan(?:'|’|no)?t sign in\b/i,
  /\bforgot (?:your )?(?:password|username)\b/i,
  /\b(?:sign|log) ?in (?:to|with|here|below|now)\b/i,
  /^(?:sign|log) ?in\b/i,
  /\b(?:create|register) (?:an|a free|your) account\b/i,
  /\bremember me\b/i,
  /\benter your (?:e-?mail|password|user ?name)\b/i,
  /\breset (?:your )?password\b/i,
  /\b(?:please )?enable (?:javascript|cookies)\b/i,
  /\bjavascript (?:is )?(?:disabled|required)\b/i,
  /\b(?:we|this (?:site|website)) uses? cookies\b/i,
  /\baccept (?:all )?cookies\b/i,
  /\bcookie (?:policy|settings|preferences)\b/i,
  /\b(?:access denied|page not found|404 not found|403 forbidden)\b/i,
  /\bjust a moment\b|\bchecking your browser\b|\battention required\b/i,
  /\byou are being redirected\b/i,
  /\bsubscribe to (?:our|the) newsletter\b/i,
  /\bsubscribers? only\b|\bto continue reading\b/i,
  /^all rights reserved\.?$|^©/i,
];

/** The description without a closing "Read on …" and without log-in or cookie text; null when nothing is left. */
export function cleanExcerpt(text: string | null): string | null {
  if (!text) return null;
  // Character references copied with the text (`&hellip;`) are the characters they stand for.
  let out = decodeReferences(text).replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 3 && TRAILER.test(out); i++) out = out.replace(TRAILER, '').trim();
  if (BOILERPLATE.some((p) => p.test(out))) {
    // Sentences end at ".", "!" or "?" followed by a space; questions ("Can't sign in?") are sentences too.
    const sentences = out.split(/(?<=[.!?])\s+/);
    out = sentences.filter((s) => !BOILERPLATE.some((p) => p.test(s))).join(' ').trim();
  }
  return out && /[\p{L}\p{N}]/u.test(out) ? out : null;
}
