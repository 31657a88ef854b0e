import slugifyText from '@sindresorhus/slugify';

// Medigy's slugs drop apostrophes and ampersands rather than spelling them out
// ("Women's Health" → womens-health, "Scale & M&A" → scale-ma); do the same.
const options = {
  decamelize: false,
  customReplacements: [
    ['&', ''],
    ["'", ''],
    ['’', ''],
    // Symplur's hashtag topics: "Symplur: #telehealth" → symplur-hash-telehealth,
    // distinct from "Symplur: Telehealth" (Medigy's own slugs do the same).
    ['#', ' hash '],
  ] as [string, string][],
};

/** URL slug of free text: lower case ASCII words joined by single hyphens. */
export function slugify(text: string): string {
  return slugifyText(text, options);
}

/**
 * What every slug must look like: one safe segment of a URL path, as Medigy's own are
 * (`journals.lww-the-time-is-now`, `-five-examples-of…`): letters, digits, `-`, `_` and
 * `.`, never a leading `.` nor `..`, so nothing can climb out of the path or need escaping.
 */
export const SLUG_PATTERN = /^(?!.*\.\.)[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** "Healthcare IT News: Digital Health" → "healthcare-it-news-digital-health" */
export function topicSlug(collection: string, label: string): string {
  return slugify(`${collection} ${label}`);
}

/** Short name of a publisher from its host: "www.healthcareitnews.com" → "healthcareitnews". */
export function brandSlug(brand: string): string {
  const host = brand.toLowerCase().replace(/^www\./, '');
  const firstLabel = host.split('.')[0] ?? host;
  return slugify(firstLabel);
}
