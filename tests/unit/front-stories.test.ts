import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { updateStore } from '../../lib/ingest/update-store';
import { homePage } from '../../lib/pages/home';
import { recordText, tempDir } from '../support/helpers';

/**
 * One story is one story on the front page: three publishers' items on one event (titles
 * written three ways, hours apart) stand as one top story with the other two as "also
 * covered by"; a follow-up by the same publisher is not other coverage; unrelated items
 * stand alone. The real ingest over records written here.
 */
const HOUR = 3_600_000;
const NEWEST = Date.UTC(2021, 9, 6, 18);

const records = [
  { slug: 'stat-malaria', brand: 'statnews.com', title: 'WHO endorses first malaria vaccine for children in Africa', at: NEWEST - 2 * HOUR },
  { slug: 'hitn-malaria', brand: 'healthcareitnews.com', title: 'World Health Organization endorses first malaria vaccine, for children in Africa', at: NEWEST - 5 * HOUR },
  { slug: 'fierce-malaria', brand: 'fiercehealthcare.com', title: 'First malaria vaccine for children endorsed by WHO for Africa', at: NEWEST - 9 * HOUR },
  { slug: 'stat-malaria-followup', brand: 'statnews.com', title: 'Malaria vaccine for children in Africa: WHO endorses the first', at: NEWEST - 11 * HOUR },
  { slug: 'ehr-outage', brand: 'beckershospitalreview.com', title: 'Hospital network restores EHR access after weekend outage', at: NEWEST - 3 * HOUR },
  { slug: 'telehealth-rules', brand: 'mobihealthnews.com', title: 'CMS extends telehealth flexibilities through next year', at: NEWEST - 4 * HOUR },
  { slug: 'ai-radiology', brand: 'statnews.com', title: 'Radiology AI startup raises Series B to expand screening tools', at: NEWEST - 6 * HOUR },
];

/**
 * Other news of the days before, as the newest items a front page groups from hold: word
 * weights (a rare word counts more than "health") come from them too.
 */
const SUBJECTS = ['hospital', 'digital health', 'telehealth', 'EHR', 'cybersecurity', 'payer', 'AI', 'nursing', 'pharmacy', 'clinical trial'];
const ACTIONS = ['budget grows', 'pilot expands', 'study finds gaps', 'rules change', 'startup raises funds', 'vendor merges', 'survey warns', 'program launches'];
const filler = Array.from({ length: 48 }, (_, i) => ({
  slug: `other-${i}`,
  brand: `publisher-${i % 9}.example`,
  title: `${SUBJECTS[i % SUBJECTS.length]} ${ACTIONS[(i * 3) % ACTIONS.length]} in region ${i}`,
  at: NEWEST - (24 + i * 5) * HOUR,
}));

beforeAll(async () => {
  const dir = tempDir('front-stories');
  for (const r of [...records, ...filler]) {
    fs.writeFileSync(
      path.join(dir, `${r.slug}.md`),
      recordText({ title: `'${r.title}'`, slug: r.slug, date: `'${new Date(r.at).toISOString()}'`, link: `\n  brand: ${r.brand}\n  href: https://www.${r.brand}/${r.slug}` }),
    );
  }
  const db = path.join(tempDir('front-stories-store'), 'site.db');
  process.env.DATABASE_URL = `file:${db}`;
  expect((await updateStore({ contentDir: dir, databasePath: db, full: true, purgeUrls: [] })).published).toBe(true);
}, 60_000);

describe('stories on the front page', () => {
  it('shows one story covered by three publishers as one element, the others under it', async () => {
    const home = await homePage();
    const shown = [home.lead!, ...home.topStories].map((s) => s.slug);
    const malaria = shown.filter((s) => s.includes('malaria'));
    expect(malaria).toEqual(['stat-malaria']);
    const lead = [home.lead!, ...home.topStories].find((s) => s.slug === 'stat-malaria')!;
    expect(home.coverage[lead.id]!.map((c) => c.href).sort()).toEqual(['/news/fierce-malaria', '/news/hitn-malaria']);
    // The story with the most coverage leads (no item has a picture here).
    expect(home.lead!.slug).toBe('stat-malaria');
    // Unrelated items stand alone, without coverage.
    for (const s of ['ehr-outage', 'telehealth-rules', 'ai-radiology']) expect(shown).toContain(s);
    expect(Object.keys(home.coverage)).toEqual([String(lead.id)]);
  });
});
