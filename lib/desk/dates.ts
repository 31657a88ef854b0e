/**
 * Dates as feeds write them: RFC 3339 (Atom, JSON Feed, dc:date) and RFC 822 (RSS), and
 * the usual deviations: full day and month names, no day name, two-digit years, no
 * seconds, zone names (EST, PDT, CET…), "GMT+2", a missing zone (taken as UTC), a bare
 * date. What cannot be read is null, and so is a date more than a day in the future (an
 * item would sort above today's news for years).
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Offsets in minutes of the zone names feeds use. */
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, WET: 0, BST: 60, IST: 330, CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180, MSK: 180,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420, AKST: -540, AKDT: -480, HST: -600,
  JST: 540, KST: 540, HKT: 480, SGT: 480, AWST: 480, ACST: 570, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
};

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const RFC822 = /^(?:[a-z]+\.?,?\s*)?(\d{1,2})[\s-]+([a-z]+)\.?[\s-]+(\d{2,4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*([a-z]{1,5}(?:\s*[+-]\d{1,4}(?::\d{2})?)?|[+-]\d{2}:?\d{2})?$/i;
/** "Thursday, March 5, 2020 10:00 AM PST" and other US orders. */
const US = /^(?:[a-z]+,?\s+)?([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?\s*([a-z]{1,5}|[+-]\d{2}:?\d{2})?$/i;

export function parseFeedDate(raw: string | null | undefined, now = Date.now()): Date | null {
  const text = raw?.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  const date = parseIso(text) ?? parseRfc822(text) ?? parseUs(text);
  if (!date || Number.isNaN(date.getTime())) return null;
  if (date.getTime() > now + 86_400_000 || date.getUTCFullYear() < 1990) return null;
  return date;
}

function offsetOf(zone: string | undefined): number | null {
  if (!zone) return 0;
  const z = zone.replace(/\s+/g, '').toUpperCase();
  const numeric = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3] ?? 0));
  const named = /^([A-Z]+)(?:([+-])(\d{1,2}):?(\d{2})?)?$/.exec(z);
  if (!named) return null;
  const base = ZONES[named[1]!];
  if (base === undefined) return null;
  return base + (named[2] ? (named[2] === '-' ? -1 : 1) * (Number(named[3]) * 60 + Number(named[4] ?? 0)) : 0);
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMinutes: number): Date | null {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo, d, h, mi, Math.min(s, 59), ms);
  // Refuse dates that would roll over (30 February).
  if (new Date(Date.UTC(y, mo, d)).getUTCDate() !== d) return null;
  return new Date(t - offsetMinutes * 60_000);
}

function parseIso(text: string): Date | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const offset = offsetOf(zone);
  if (offset === null) return null;
  return utc(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), frac ? Math.round(Number(`0.${frac}`) * 1000) : 0, offset);
}

function monthOf(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase());
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? (n < 50 ? 2000 + n : 1900 + n) : n;
}

function parseRfc822(text: string): Date | null {
  const m = RFC822.exec(text);
  if (!m) return null;
  const [, d, mon, y, h = '0', mi = '0', s = '0', zone] = m;
  const offset = offsetOf(zone);
  const month = monthOf(mon!);
  if (offset === null || month < 0) return null;
  return utc(fullYear(y!), month, Number(d), Number(h), Number(mi), Number(s), 0, offset);
}

function parseUs(text: string): Date | null {
  const m = US.exec(text);
  if (!m) return null;
  const [, mon, d, y, h = '0', mi = '0', s = '0', meridiem, zone] = m;
  const offset = offsetOf(zone);
  const month = monthOf(mon!);
  if (offset === null || month < 0) return null;
  let hour = Number(h);
  if (meridiem) hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
  return utc(Number(y), month, Number(d), hour, Number(mi), Number(s), 0, offset);
}
