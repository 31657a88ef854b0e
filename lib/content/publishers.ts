import yaml from 'js-yaml';
import { readContentFile } from './files';
import { diagnostic, type Diagnostic } from './problems';

/**
 * One name per publisher, everywhere: search, the home page, the source page, cards.
 * Records know a publisher by the host of the address they curate (`link.brand`:
 * `beckershospitalreview.com`); readers know it by its name ("Becker's Hospital Review").
 * The name comes, in this order, from:
 *
 * 1. `content/publishers.yml`, editors' own map from host to name (below);
 * 2. what the records say of it, the name most of them give: a feed's title (without its
 *    section: "Becker's Hospital Review - Healthcare News" → "Becker's Hospital Review"),
 *    else the `og:site_name` of the curated page ("The Healthcare Guys");
 * 3. the host itself.
 *
 * Each record carries its own claim (`PreparedRecord.publisherName`, from
 * `publisherClaim`); `publisherDisplayName` decides among the claims of all the records
 * of a host, with the map first.
 */

/** The editors' map of publisher names, at the top of the content directory. */
export const PUBLISHERS_FILE = 'publishers.yml';

/** A host as records name publishers by it: lower case, without `www.`. */
export function publisherKey(hostOrBrand: string): string {
  return hostOrBrand.trim().toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
}

const HOST = /^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

export interface PublisherNames {
  /** Host → name. */
  names: Map<string, string>;
  /** Lines of the file the site cannot use: each names its line. */
  problems: Diagnostic[];
}

/**
 * `publishers.yml`: one line per publisher, its host and its name.
 *
 *   beckershospitalreview.com: Becker's Hospital Review
 *   www.healthcareitnews.com: Healthcare IT News     # www. is dropped
 *
 * A missing file is an empty map. A line whose key is not a host name or whose value is
 * not a name is reported (`publisher-name`) and left out; the rest is used.
 */
export function parsePublisherNames(text: string, file = PUBLISHERS_FILE): PublisherNames {
  const names = new Map<string, string>();
  const problems: Diagnostic[] = [];
  const lines = text.split('\n');
  const lineOf = (key: string) => {
    const at = lines.findIndex((l) => l.trimStart().startsWith(key) || l.trimStart().startsWith(`"${key}"`) || l.trimStart().startsWith(`'${key}'`));
    return at >= 0 ? at + 1 : undefined;
  };
  let data: unknown;
  try {
    data = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (err) {
    const line = err instanceof yaml.YAMLException && err.mark ? err.mark.line + 1 : undefined;
    problems.push(diagnostic('publisher-name', file, `the file is not valid YAML: ${err instanceof yaml.YAMLException ? err.reason : (err as Error).message}; write one "host: Name" per line`, { line }));
    return { names, problems };
  }
  if (data === null || data === undefined) return { names, problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push(diagnostic('publisher-name', file, 'the file must be lines of "host: Name", like "beckershospitalreview.com: Becker\'s Hospital Review"', { line: 1 }));
    return { names, problems };
  }
  for (const [rawKey, value] of Object.entries(data as Record<string, unknown>)) {
    const key = publisherKey(rawKey);
    const line = lineOf(rawKey);
    if (!HOST.test(key)) {
      problems.push(diagnostic('publisher-name', file, `"${rawKey.slice(0, 80)}" is not a host name; write the publisher's host as records name it, like "healthcareitnews.com"`, { line, field: rawKey.slice(0, 80) }));
      continue;
    }
    const name = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
    if (!name || name.length > 200) {
      problems.push(diagnostic('publisher-name', file, `the name of ${key} must be text of at most 200 characters, like "Healthcare IT News"`, { line, field: rawKey.slice(0, 80) }));
      continue;
    }
    if (names.has(key)) {
      problems.push(diagnostic('publisher-name', file, `${key} is named twice; the first name is used`, { line, field: rawKey.slice(0, 80) }));
      continue;
    }
    names.set(key, name);
  }
  return { names, problems };
}

/** The editors' map from the content directory (an empty map when there is no file), read like every content file. */
export function readPublisherNames(contentDir: string): PublisherNames & { digest: string | null } {
  const read = readContentFile(contentDir, PUBLISHERS_FILE, 1024 * 1024, { what: 'publishers file' });
  if (!read.ok) {
    if (read.code === 'unreadable-file' && /ENOENT/.test(read.message)) return { names: new Map(), problems: [], digest: null };
    return { names: new Map(), problems: [diagnostic(read.code, PUBLISHERS_FILE, read.message)], digest: null };
  }
  return { ...parsePublisherNames(read.bytes.toString('utf8')), digest: read.digest };
}

/** Separators between a publisher's name and the rest of a title ("Becker's Hospital Review - Healthcare News"). */
const SEPARATOR = /\s+[-–—|:·•»]\s+|\s+::\s+/;

/**
 * A publisher's name from what a record says of it: a feed's title or a page's
 * `og:site_name`. A title with parts ("Health IT - HealthLeaders Media") is the part that
 * reads like the host (`healthleadersmedia.com`), else its first part; "RSS", "Feed" and
 * "Latest News" around it go; a name written in lower case gets a capital ("the Guardian").
 */
export function publisherClaim(text: string | null | undefined, brand: string): string | null {
  if (!text) return null;
  const cleaned = text.replace(/\s+/g, ' ').trim();
  if (!cleaned) return null;
  const parts = cleaned.split(SEPARATOR).map((p) => p.replace(/\b(?:RSS|Atom)(?: Feed)?\b|\bFeed$/gi, '').trim()).filter((p) => /\p{L}/u.test(p));
  if (!parts.length) return null;
  const host = letters(publisherKey(brand).split('.').slice(0, -1).join(''));
  const likeHost = host.length >= 3 ? parts.find((p) => { const l = letters(p); return l.length >= 3 && (host.includes(l) || l.includes(host)); }) : undefined;
  let name = likeHost ?? parts[0]!;
  if (/^[a-z]/.test(name) && !/^[a-z0-9.-]+\.[a-z]{2,}$/.test(name)) name = name[0]!.toUpperCase() + name.slice(1);
  return name.slice(0, 200);
}

const letters = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The one name of a publisher: the editors' map, else the name most of its records give
 * (the first given, of equals), else its host.
 */
export function publisherDisplayName(brand: string, claims: (string | null)[], names: ReadonlyMap<string, string>): string {
  const key = publisherKey(brand);
  const mapped = names.get(key);
  if (mapped) return mapped;
  const counts = new Map<string, number>();
  for (const claim of claims) if (claim) counts.set(claim, (counts.get(claim) ?? 0) + 1);
  let best: string | null = null;
  for (const [claim, n] of counts) if (best === null || n > counts.get(best)!) best = claim;
  return best ?? key;
}
