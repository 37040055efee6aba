// The core's side of "Quote & source": every item made from a fact carries each of its sources
// with its own verbatim quote and a credit line (publisher, author, publication date as people
// write it), so that renderers can offer the quote without anyone typing `fact <id>`.
import { describe, expect, it } from 'vitest';
import { factItem } from '../../src/briefing/items.ts';
import type { Fact } from '../../src/facts/types.ts';

const fact: Fact = {
  id: 'two-sources',
  date: { precision: 'month', year: 2023, month: 5 },
  title: 'Stated twice',
  summary: 'A fact two sources state.',
  themes: ['regulation'],
  entities: [],
  aliases: [],
  citations: [
    {
      quote: 'In May 2023, the first source said so.',
      source: {
        id: 'a',
        title: 'First',
        publisher: 'BioSpectrum Asia',
        author: 'Ayesha Siddiqui',
        published: '2023-09-01',
        url: 'https://a.example/',
      },
    },
    { quote: 'The second source said so too.', source: { id: 'b', title: 'Second', published: '2023-10' } },
    { quote: 'A third, with nothing but a title.', source: { id: 'c', title: 'Third' } },
  ],
  pack: 'test.yaml',
};

describe('an item made from a fact', () => {
  it('carries each source with its own quote, and a credit line naming what the source gives', () => {
    const item = factItem(fact);
    expect(item.provenance).toEqual([
      {
        quote: fact.citations[0]!.quote,
        source: fact.citations[0]!.source,
        credit: 'BioSpectrum Asia · Ayesha Siddiqui · 1 September 2023',
      },
      { quote: fact.citations[1]!.quote, source: fact.citations[1]!.source, credit: 'October 2023' },
      { quote: fact.citations[2]!.quote, source: fact.citations[2]!.source, credit: '' },
    ]);
    // Listed, not in full: the quotes are offered, not shown.
    expect(item.quotes).toBeUndefined();
    expect(factItem(fact, { full: true }).quotes).toEqual(fact.citations);
  });
});
