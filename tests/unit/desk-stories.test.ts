import { describe, expect, it } from 'vitest';
import { groupStories, sameStory, storyWords, titleSimilarity, type StoryItem } from '../../lib/catalog/stories';
import { suggestTopics, topicVocabulary, type VocabularyTopic } from '../../lib/catalog/topic-suggestions';

/** "One story is one story", and topic suggestions: pure functions, tables of cases. */
const H = 3600_000;
const T0 = Date.parse('2024-05-01T08:00:00Z');
const item = (key: string, title: string, hours: number | null, link = key): StoryItem => ({ key, title, link, time: hours === null ? null : T0 + hours * H });

describe('stories', () => {
  it.each([
    ['the same title, another case and punctuation', 'WHO launches global strategy on digital health', 'Who Launches Global Strategy on Digital Health!'],
    ["a publisher's name after the title", 'Amazon to shut down Halo health tracker business', 'Amazon to shut down Halo health tracker business | Healthcare IT News'],
    ['one word more', 'CMS finalizes 2025 telehealth payment rule', 'CMS finalizes 2025 telehealth payment rule for physicians'],
    ['plurals and possessives', "Epic's new AI tools draft patient messages", 'Epic new AI tool drafts patients messages'],
  ])('joins %s', (_name, a, b) => {
    expect(sameStory(item('a', a, 0), item('b', b, 5))).toBe(true);
  });

  it.each([
    ['different events on one subject', 'Telehealth visits fell in March, survey finds', 'Hospitals invest in telehealth carts for rural clinics', 5],
    ['two words in common only', 'Digital health funding slows', 'Digital health startup raises Series A', 5],
    ['the same title ten days apart', 'Weekly digital health funding roundup for investors', 'Weekly digital health funding roundup for investors', 240],
  ])('keeps apart %s', (_name, a, b, hours) => {
    expect(sameStory(item('a', a, 0), item('b', b, hours))).toBe(false);
  });

  it('joins the same link whatever the titles, and undated items only when the titles are nearly the same', () => {
    expect(sameStory(item('a', 'One title', 0, 'x.example/1'), item('b', 'Another', 500, 'x.example/1'))).toBe(true);
    expect(sameStory(item('a', 'Virtual wards scale up across the NHS', null), item('b', 'Virtual wards scale up across the NHS', 2))).toBe(true);
    expect(sameStory(item('a', 'Virtual wards close across the NHS amid staff shortages', null), item('b', 'Virtual wards scale up across the NHS', 2))).toBe(false);
  });

  it('groups transitively, gives every member the id of the earliest, and keeps an id a story already had', () => {
    const items = [
      item('stat', 'FDA clears first AI tool for skin cancer detection', 3),
      item('fierce', 'FDA clears first AI tool for skin cancer detection in primary care', 1),
      item('verge', 'FDA clears AI tool for skin cancer detection', 6),
      item('other', 'Hospital cyberattack delays surgeries in London', 2),
    ];
    const stories = groupStories(items);
    expect(new Set(['stat', 'fierce', 'verge'].map((k) => stories.get(k))).size).toBe(1);
    expect(stories.get('other')).not.toBe(stories.get('stat'));
    // The same items in another order: the same ids.
    expect(groupStories([...items].reverse())).toEqual(stories);
    // An inbox story keeps its id when a new item joins it.
    const withOld = groupStories([{ ...items[0]!, story: 'sKEPT' }, items[1]!]);
    expect([...withOld.values()]).toEqual(['sKEPT', 'sKEPT']);
  });

  it('groups 10,000 titles in well under the time of a poll', () => {
    const subjects = ['telehealth', 'wearables', 'EHR', 'interoperability', 'cybersecurity', 'AI', 'genomics', 'payers', 'pharmacy', 'nursing'];
    const items = Array.from({ length: 10_000 }, (_, i) => item(`k${i}`, `${subjects[i % 10]} story number ${i} about event ${Math.floor(i / 3)} in region ${i % 97}`, i % 500));
    const started = performance.now();
    const stories = groupStories(items);
    const seconds = (performance.now() - started) / 1000;
    expect(stories.size).toBe(10_000);
    expect(seconds).toBeLessThan(10);
  });

  it('weighs rare words more than common ones', () => {
    const common = (w: string) => (w === 'health' || w === 'digital' ? 0.1 : 1);
    expect(titleSimilarity(storyWords('Digital health in Kenya'), storyWords('Digital health in Peru'), common).score).toBeLessThan(0.2);
  });
});

describe('topic suggestions', () => {
  const topics: VocabularyTopic[] = [
    { name: 'Healthcare IT News: Telehealth', label: 'Telehealth', collection: 'Healthcare IT News', uses: 40, equivalents: ['Symplur: #telehealth'] },
    { name: 'Symplur: #telehealth', label: '#telehealth', collection: 'Symplur', uses: 3, equivalents: ['Healthcare IT News: Telehealth'] },
    { name: 'Symplur: Remote Patient Monitoring', label: 'Remote Patient Monitoring', collection: 'Symplur', uses: 5, equivalents: [] },
    { name: 'Healthcare IT News: Electronic Health Records (EHR)', label: 'Electronic Health Records (EHR)', collection: 'Healthcare IT News', uses: 12, equivalents: [] },
    { name: 'Healthcare IT News: Health Records', label: 'Health Records', collection: 'Healthcare IT News', uses: 2, equivalents: [] },
    { name: 'Medigy: Digital Health', label: 'Digital Health', collection: 'Medigy', uses: 1, equivalents: [] },
    { name: 'HIMSS: Health', label: 'Health', collection: 'HIMSS', uses: 100, equivalents: [] },
    { name: 'KLAS: Cybersecurity', label: 'Cybersecurity', collection: 'KLAS', uses: 8, equivalents: [] },
  ];
  const vocabulary = topicVocabulary(topics);

  it('finds labels in the title and summary, the most used topic of a label first, with reasons', () => {
    const s = suggestTopics({ title: 'Telehealth and remote patient monitoring cut readmissions', summary: 'A study of EHR data.' }, vocabulary);
    expect(s.map((x) => x.topic).slice(0, 3)).toEqual(['Symplur: Remote Patient Monitoring', 'Healthcare IT News: Telehealth', 'Symplur: #telehealth']);
    expect(s[0]!.reasons).toEqual(['“remote patient monitoring” in the title']);
    // "EHR", the acronym of a longer label, counts too.
    expect(s.map((x) => x.topic)).toContain('Healthcare IT News: Electronic Health Records (EHR)');
  });

  it('counts a phrase inside a longer one for the longer only, and never a label too general to tell', () => {
    const s = suggestTopics({ title: 'Electronic health records vendors consolidate', summary: 'Health systems buy fewer systems.' }, vocabulary);
    expect(s.map((x) => x.topic)).toEqual(['Healthcare IT News: Electronic Health Records (EHR)']);
  });

  it("weighs what editors chose for similar items, and puts the subscription's defaults first", () => {
    const s = suggestTopics(
      {
        title: 'Hospital pays ransom after attack',
        summary: '',
        defaults: ['Medigy: Digital Health'],
        similar: [
          { title: 'Ransomware hits clinic', similarity: 1, topics: ['KLAS: Cybersecurity'] },
          { title: 'Another ransom case', similarity: 0.8, topics: ['KLAS: Cybersecurity'] },
        ],
      },
      vocabulary,
    );
    expect(s.map((x) => x.topic)).toEqual(['Medigy: Digital Health', 'KLAS: Cybersecurity']);
    expect(s[0]!.reasons).toEqual(["the subscription's default topic"]);
    expect(s[1]!.reasons[0]).toBe('2 similar curated items have it (e.g. “Ransomware hits clinic”)');
  });

  it('suggests the equivalents of a found topic, once, after it', () => {
    const s = suggestTopics({ title: '#telehealth rises', summary: '' }, vocabulary);
    expect(s.map((x) => x.topic)).toEqual(['Healthcare IT News: Telehealth', 'Symplur: #telehealth']);
  });
});
