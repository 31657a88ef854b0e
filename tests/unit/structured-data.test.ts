import { describe, expect, it } from 'vitest';
import { newsArticle } from '../../lib/site/structured-data';

const facts = { slug: 'an-item', title: 'An item', description: null, date: new Date('2024-05-01T00:00:00Z'), lastMod: null, authors: [], image: null, topics: [] };

describe("an item's NewsArticle", () => {
  it('names the article it curates, with its publisher', () => {
    const ld = newsArticle({ ...facts, url: 'https://www.who.int/news/item/x', source: { brand: 'who.int' } });
    expect(ld.isBasedOn).toEqual({ '@type': 'CreativeWork', url: 'https://www.who.int/news/item/x', publisher: { '@type': 'Organization', name: 'who.int' } });
  });

  // The site's own writing (Medigy's posts, infographics) links to no original: its url is its own page.
  for (const source of [null, { brand: '' }]) {
    it(`names no original for the site's own writing (source ${JSON.stringify(source)})`, () => {
      const ld = newsArticle({ ...facts, url: '/news/an-item', source });
      expect(ld).not.toHaveProperty('isBasedOn');
      expect(JSON.stringify(ld)).not.toContain('"name":""');
    });
  }

  it('names no publisher it does not know', () => {
    expect(newsArticle({ ...facts, url: 'https://example.org/a', source: { brand: '' } }).isBasedOn).toEqual({ '@type': 'CreativeWork', url: 'https://example.org/a' });
  });
});
