/**
 * Authors as readers should see them: names. Medigy's curation tool wrote its users'
 * log-ins into `author` ("Vinit @maxinovip.com", "amina @maxinov.com", a whole address,
 * an `@handle`) and system accounts ("Admin", "OpenProject Admin"). A byline shows a
 * person's name or nothing: never an address, a handle or an account.
 */

/** System accounts and placeholders: not people. */
const NOT_A_PERSON = /^(?:(?:open ?project|site|system|super|wordpress|wp)\s+)?(?:admin|administrator|user|editor|root|nil|null|none|n\/a|unknown|anonymous|guest|test)$/i;
/** An e-mail address (local part, `@`, a domain with a dot). */
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** "Name @domain.com": an address split at the `@` by the tool; the domain goes. */
const SPLIT_ADDRESS = /\s+@[\w-]+(?:\.[\w-]+)+\b/g;
/** A social handle (`@vinit`), alone or in brackets. */
const HANDLE = /\(?\s*@[\w.]{1,40}\s*\)?/g;

/**
 * A person's name from an author value, or null when none is left: "Curated by Vinit
 * @maxinovip.com" → "Vinit", "rameena @aitiainfotech.com" → "Rameena", "john.doe@x.org"
 * → "John Doe", "@vinit" → null, "Admin" → null.
 */
export function authorName(raw: string): string | null {
  let text = raw.replace(/\s+/g, ' ').trim();
  text = text.replace(/^(?:curated|written|posted|contributed)?\s*by\s+/i, '');
  let fromAddress: string | null = null;
  text = text.replace(SPLIT_ADDRESS, '');
  text = text.replace(EMAIL, (address) => {
    // A whole address with nothing else: its local part is a name when it reads as one (first.last).
    const parts = address.slice(0, address.indexOf('@')).split(/[._-]+/).filter((p) => /^[a-z]{2,}$/i.test(p));
    if (parts.length >= 2 && parts.length <= 4) fromAddress ??= parts.join(' ');
    return '';
  });
  text = text.replace(HANDLE, ' ').replace(/[<>()[\]]/g, ' ').replace(/\s+/g, ' ').replace(/^[\s,;:|–—-]+|[\s,;:|–—-]+$/g, '').trim();
  if (!text && fromAddress) text = fromAddress;
  if (!text || NOT_A_PERSON.test(text) || !/\p{L}/u.test(text)) return null;
  // A name typed all in lower case ("amina") is shown as names are written.
  if (text === text.toLowerCase()) text = text.replace(/(^|[\s'-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
  return text.slice(0, 200);
}

/** The record's authors as names, once each (compared without case), in their order. */
export function authorNames(values: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const name = authorName(value);
    if (name && !seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      out.push(name);
    }
  }
  return out;
}
