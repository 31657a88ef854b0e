/**
 * Medigy's values, read the same way by every part of normalize: what counts as empty,
 * text, a web address, a date, a yes or a no.
 */

/** `[null]` (Medigy's empty metadata) and `Nil` mean "no value". */
export function emptyToNull(value: unknown): unknown {
  if (Array.isArray(value) && value.length === 1 && value[0] === null) return null;
  if (value === 'Nil') return null;
  return value;
}

/** Whether a value says nothing: absent, null, blank text, `Nil`, `[null]`. */
export function isBlank(value: unknown): boolean {
  const v = emptyToNull(value);
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** Text with its runs of white space (newlines in titles) made one space, trimmed; other values as they are. */
export function trimmedText(value: unknown): unknown {
  value = emptyToNull(value);
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : value;
}

/** Trimmed text, or null for anything else or blank. */
export function textOrNull(value: unknown): string | null {
  const v = trimmedText(value);
  return typeof v === 'string' && v !== '' ? v : null;
}

/** The host of a web address without its `www.` (`who.int`), the publisher it names; undefined for anything else. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}

/** A web address in a metadata value or an attribute: trimmed, http(s), with a host. */
export function webAddress(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!/^https?:\/\//i.test(text)) return undefined;
  try {
    const url = new URL(text);
    return url.hostname ? text : undefined;
  } catch {
    return undefined;
  }
}

/** The first web address among values, each a text or a list of texts (older records give `herf: [address]`). */
export function firstWebAddress(...values: unknown[]): string | undefined {
  for (const value of values) {
    for (const v of Array.isArray(value) ? value : [value]) {
      const address = webAddress(v);
      if (address) return address;
    }
  }
  return undefined;
}

/**
 * A yes or a no as Medigy's exports write it (PostgreSQL's `t`/`f`, YAML's true/false,
 * `yes`/`no`, 1/0); null when the value says neither.
 */
export function flag(value: unknown): boolean | null {
  const v = emptyToNull(value);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : null;
  if (typeof v !== 'string') return null;
  const w = v.trim().toLowerCase();
  if (['t', 'true', 'yes', 'y', '1', 'on'].includes(w)) return true;
  if (['f', 'false', 'no', 'n', '0', 'off'].includes(w)) return false;
  return null;
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Dates come as `2023-02-02`, `2023-02-02T09:10:39.415850Z`, with an offset, or as epoch
 * milliseconds (offering records; seconds with a fraction in the 2021H2 layout's
 * `createdOn: 1586343764.32612`).
 */
export function parseRecordDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Before 1973 in milliseconds is after 5138 in seconds: a number this small is seconds.
    const date = new Date(Math.abs(value) < 1e11 ? Math.round(value * 1000) : value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  if (typeof value !== 'string') return null;
  const match = DATE_TEXT.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = match;
  const ms = frac ? Math.min(999, Math.round(Number(frac) * 1000)) : 0;
  const offset = zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${String(ms).padStart(3, '0')}${offset}`);
  // Reject impossible calendar dates that Date would silently roll over (2023-02-30).
  if (Number.isNaN(date.getTime())) return null;
  if (zone === 'Z' && date.getUTCDate() !== Number(d)) return null;
  return date;
}

/**
 * A date as a day or a moment: `2020-05-14` is a day, and so is Medigy's way of writing
 * one as a moment (`2020-05-14T00:00:00.000Z`, midnight UTC); anything with a time of day
 * is a moment (as ISO 8601 in UTC). Null when the value is not a date.
 */
export function dayOrMoment(value: unknown): { text: string; allDay: boolean; ms: number } | null {
  const date = parseRecordDate(emptyToNull(value));
  if (!date) return null;
  const written = typeof value === 'string' ? value.trim() : '';
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(written);
  const midnightUtc = date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0 && date.getUTCMilliseconds() === 0 && !/[+-]\d{2}:?\d{2}$/.test(written);
  if (dayOnly || (midnightUtc && typeof value === 'string')) return { text: date.toISOString().slice(0, 10), allDay: true, ms: date.getTime() };
  return { text: date.toISOString(), allDay: false, ms: date.getTime() };
}
