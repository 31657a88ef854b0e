import fs from 'node:fs';
import path from 'node:path';

/**
 * A synthetic corpus in the seed record's format (every field the seed has), for
 * benchmarks and scale tests. Deterministic for a given size and seed. Topic use is
 * skewed the way real curation is: a few topics (Digital Health…) carry a large share
 * of the items, most carry few.
 */

const COLLECTIONS = ['Healthcare IT News', 'HIMSS', 'Symplur', 'Gartner', 'KLAS', 'Medigy', 'Medical Subject Headings (MeSH)'];
const SUBJECTS = [
  'Digital Health', 'Artificial Intelligence', 'Telehealth', 'Remote Patient Monitoring', 'Interoperability', 'Cybersecurity',
  'Population Health', 'Patient Engagement', 'Analytics', 'Mobile Health', 'Government & Policy', 'Mergers & Acquisitions',
  'Clinical Decision Support', 'EHR', 'Health Equity', 'Precision Medicine', 'Value-Based Care', 'Workforce', 'Privacy',
  'Cloud Computing', 'Wearables', 'Behavioral Health', 'Pharmacy', 'Imaging', 'Genomics', 'Public Health', 'Nursing',
  'Revenue Cycle', 'Health Information Exchange', 'Machine Learning',
];
const BRANDS = [
  'healthcareitnews.com', 'who.int', 'mobihealthnews.com', 'hitconsultant.net', 'himss.org', 'fiercehealthcare.com',
  'statnews.com', 'medicalfuturist.com', 'healthmanagement.org', 'hcinnovationgroup.com', 'beckershospitalreview.com',
  'modernhealthcare.com', 'healthaffairs.org', 'nature.com', 'thelancet.com', 'bmj.com', 'jamanetwork.com', 'nejm.org',
  'digitalhealth.net', 'healthtechmagazine.net',
];
const WORDS = (
  'health system digital care patient data hospital clinic nurse physician model platform study trial network ' +
  'remote monitoring virtual visit outcome cost access equity rural urban policy guideline strategy adoption ' +
  'interoperability record exchange security privacy breach cloud analytics insight workforce training capacity ' +
  'investment funding startup partnership launch pilot evidence research vaccine screening chronic disease diabetes ' +
  'heart cancer mental wellbeing mobile app sensor wearable algorithm intelligence'
).split(' ');
const AUTHORS = ['Athira Ravi', 'Radhika Narayanan', 'Pittosh Poulose', 'Maria Lopez', 'Chen Wei', 'Amina Yusuf', 'John Carter', 'Priya Nair'];

const COMMUNITIES = [
  ['pandemic', 'Pandemic Community'], ['chronic-care-management', 'Chronic Care Management (CCM)'], ['femtech', 'Femtech'],
  ['security', 'Security'], ['risk-and-compliance', 'Risk and Compliance'], ['netspective-news', 'News'], ['telehealth', 'Telehealth'],
  ['value-based-care', 'Value-Based Care'],
] as const;
const COMMUNITY_SECTIONS = [['curated-content', 'Curated Content'], ['curated-news', 'Curated News'], ['curated-video', 'Curated Video'], ['curated-offering', 'Curated Offering']] as const;

/**
 * A record's breadcrumb trail, in the shares of Medigy's corpus (990 of 1,105 records
 * in a community, 190 in the feeds): nine in ten through a community and one of its
 * sections, one in twenty in the feeds, the rest Home › News. Drawn from its own
 * stream, so the other fields are what they were before trails were added.
 */
function trailOf(i: number, seed: number, title: string): string {
  const r = random(seed * 7_919 + i * 31 + 17);
  const roll = r();
  const yaml = (links: string[], labels: string[]) =>
    `breadcrumbLinks:\n${links.map((l) => `  - ${q(l)}`).join('\n')}\nbreadcrumbs:\n${labels.map((l) => `  - ${q(l)}`).join('\n')}\n`;
  if (roll < 0.9) {
    const [community, name] = COMMUNITIES[Math.floor(r() * r() * COMMUNITIES.length)]!;
    const [section, label] = COMMUNITY_SECTIONS[Math.floor(r() * COMMUNITY_SECTIONS.length)]!;
    return yaml(['/', '/communities/', `/communities/${community}/`, `/communities/${community}/${section}`, '#'], ['Home', 'Communities', name, label, title]);
  }
  if (roll < 0.95) return yaml(['/', '/feed/latest/', '/feed/latest/'], ['Home', 'Feeds', 'Latest']);
  return yaml(['/', '/news/', ''], ['Home', 'News', title]);
}

/** The trail of record `i` of a wide corpus: Home › Hubs › its group › each of its hubs › the item. */
function wideTrail(i: number, hubs: number[], title: string): string {
  const group = i % WIDE_SECTION_GROUPS;
  const steps: [string, string][] = [['/', 'Home'], ['/hubs/', 'Hubs'], [`/hubs/group-${group}/`, `Group ${group}`], ...hubs.map((k): [string, string] => [`${wideSectionPath(k)}/`, `Hub ${k}`]), ['#', title]];
  return `breadcrumbLinks:\n${steps.map(([l]) => `  - ${q(l)}`).join('\n')}\nbreadcrumbs:\n${steps.map(([, t]) => `  - ${q(t)}`).join('\n')}\n`;
}

/** Small, fast, deterministic PRNG (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const slug = (s: string) => s.toLowerCase().replace(/['’&]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

export interface SyntheticOptions {
  count: number;
  seed?: number;
  topics?: number;
  offerings?: number;
  /**
   * A wide corpus, for scale tests of listings and sitemaps: record i also names the
   * `each` topics, offerings and tags from i × `each` on (modulo how many there are),
   * comes from source i mod `sources`, and its trail passes through /hubs, its group
   * (i mod WIDE_SECTION_GROUPS) and sections i × `each` and on (wideSectionPath). With `count` × `each` at least as large, every one of them
   * has items. Unset, the corpus is what it always was (its random draws untouched).
   */
  wide?: { tags: number; sections: number; sources: number; each: number };
}

/** How many groups a wide corpus's records are in: their trails pass through /hubs and /hubs/group-<i mod 50>. */
export const WIDE_SECTION_GROUPS = 50;

/** The address of wide section `k` (SyntheticOptions.wide). */
export const wideSectionPath = (k: number) => `/hubs/hub-${k}`;

/** The `each` consecutive numbers from i × each on, modulo `total`. */
const wideRange = (i: number, each: number, total: number) => [...new Set(Array.from({ length: each }, (_, j) => (i * each + j) % total))];

/** The text of record `i` of a synthetic corpus. */
export function syntheticRecords(options: SyntheticOptions): (i: number) => { name: string; text: string } {
  const topicCount = options.topics ?? 200;
  const topics = Array.from({ length: topicCount }, (_, i) => {
    const collection = COLLECTIONS[i % COLLECTIONS.length]!;
    const subject = SUBJECTS[Math.floor(i / COLLECTIONS.length) % SUBJECTS.length]!;
    const round = Math.floor(i / (COLLECTIONS.length * SUBJECTS.length));
    const label = round ? `${subject} ${round + 1}` : subject;
    return { name: `${collection}: ${label}`, slug: slug(`${collection} ${label}`), label };
  });
  const offerings = Array.from({ length: options.offerings ?? 500 }, (_, i) => {
    const label = `${cap(WORDS[i % WORDS.length]!)} ${cap(WORDS[(i * 7 + 3) % WORDS.length]!)} Platform ${i + 1}`;
    return { label, permalink: `/offering/${slug(label)}`, id: 20000 + i, topics: [topics[i % topicCount]!, topics[(i * 3) % topicCount]!] };
  });
  const start = Date.UTC(2019, 0, 1);
  const span = Date.UTC(2026, 10, 1) - start;

  return (i: number) => {
    const r = random((options.seed ?? 42) * 1_000_003 + i);
    const wide = options.wide;
    const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
    // Skewed topic choice: the square of a uniform number favours low indexes.
    const topicAt = () => topics[Math.floor(r() * r() * topicCount)]!;
    const words = Array.from({ length: 5 + Math.floor(r() * 7) }, () => pick(WORDS));
    const title = `${cap(words.join(' '))} ${i + 1}`;
    const drawn = pick(BRANDS);
    const brand = wide ? `source-${i % wide.sources}.example` : drawn;
    // Like "Healthcare IT News: Digital Health" on Medigy, one topic is on about one
    // item in eight: at 100,000 records its page lists over 10,000 items.
    const itemTopics = [
      ...new Set([...(r() < 0.12 ? [topics[0]!] : []), ...Array.from({ length: 1 + Math.floor(r() * 3) }, topicAt), ...(wide ? wideRange(i, wide.each, topicCount).map((k) => topics[k]!) : [])]),
    ];
    const itemOfferings = [...new Set([...Array.from({ length: Math.floor(r() * 4) }, () => pick(offerings)), ...(wide ? wideRange(i, wide.each, offerings.length).map((k) => offerings[k]!) : [])])];
    const date = new Date(start + Math.floor(r() * span));
    const day = date.toISOString().slice(0, 10);
    const uuid = `${(i + 1).toString(16).padStart(8, '0')}-0000-5000-8000-${(options.seed ?? 42).toString(16).padStart(12, '0')}`;
    const url = `https://www.${brand}/news/${slug(title)}`;
    const sentence = () => `${cap(Array.from({ length: 12 + Math.floor(r() * 10) }, () => pick(WORDS)).join(' '))}.`;
    const paragraphs = Array.from({ length: 2 + Math.floor(r() * 3) }, () => `<p>${sentence()} ${sentence()} ${sentence()}</p>`);
    const description = `${sentence()} ${sentence()}`.slice(0, 200);

    const text = `---
aliases: /news/${slug(title)}
archetype: curated-content
author:
  - ${pick(AUTHORS)}
basePath: /news/
${wide ? wideTrail(i, wideRange(i, wide.each, wide.sections), title) : trailOf(i, options.seed ?? 42, title)}categories:
${itemTopics.map((t) => `  - ${q(t.name)}`).join('\n')}
categorySlug:
${itemTopics.map((t) => `  - ${q(t.name.toLowerCase())}`).join('\n')}
categoryUrl:
${itemTopics.map((t) => `  - topic/${t.slug}`).join('\n')}
categoryLabel:
${itemTopics.map((t) => `  - ${q(t.label)}`).join('\n')}
contentCategories: netspective-medigy-news-curated-content
institution: null
offering: null
layOut: single
date: '${day}'
description: >-
  ${description}
favIconImage: null
featuredImage:
  alt: ${q(title)}
  format: JPEG
  href: ${uuid}-featuredImage.jpeg
  size:
    - 300
    - 590
  valid: true
  workPackage: ${30000 + i}
  wpAttachment:
    fileName: Curated_Featured_Image.png
    link: /api/v3/attachments/${50000 + i}/content
featuredPdf: null
htmlMetaData:
  author: null
  description: null
  generator: null
  viewport: null
  ogdescription: >-
    ${description}
  ogimage: null
  ogtitle: ${q(title)}
  robots: null
  keywords: null
id: ${30000 + i}
identifier: News
lastMod: '${new Date(date.getTime() + 3_600_000).toISOString()}'
link:
  brand: ${brand}
  href: >-
    ${url}
  original: >-
    ${url}
href: >-
  ${url}
original: >-
  ${url}
mastHead: NEWS
mdName: ${uuid}.md
openGraphMetaData:
  ogdescription: >-
    ${description}
  ogtitle: ${q(title)}
  ogurl: null
  ogimage: null
openProjectCustomFields:
  cleanUrl: >-
    ${url}
  medigyTopics:
${itemTopics.map((t) => `    - ${q(t.name)}`).join('\n')}
  sourceUrl: >-
    ${url}
openProjectWorkPackageType: Curated Content
searchCategory: News
slug: ${slug(brand.split('.')[0]!)}-${slug(title)}
source: open-project-curations
status: ''
sub: brief
tags:
  - News
${wide ? wideRange(i, wide.each, wide.tags).map((k) => `  - 'Wide tag ${k}'\n`).join('') : ''}title: ${q(title)}
via: ' '
viaLink: null
relatedOfferings:${itemOfferings.length ? '' : ' []'}
${itemOfferings
  .map(
    (o) => `  - label: ${q(o.label)}
    permalink: ${o.permalink}
    categories:
${o.topics.map((t) => `      - ${q(t.name)}`).join('\n')}
    offeringId: ${o.id}`,
  )
  .join('\n')}
twitterMetaData:
  twittercard: null
  twitterdescription: >-
    ${description}
  twittertitle: ${q(title)}
---
${paragraphs.join('')}`;
    return { name: `${uuid}.md`, text };
  };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Writes a synthetic corpus of `count` records into `dir` (emptied first). */
export function writeSyntheticCorpus(dir: string, options: SyntheticOptions): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const record = syntheticRecords(options);
  for (let i = 0; i < options.count; i++) {
    const { name, text } = record(i);
    fs.writeFileSync(path.join(dir, name), text);
  }
}
