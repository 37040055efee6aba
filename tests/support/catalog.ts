// A small hand-built catalog for the scheduler suites, so that which days have facts due is
// known: a day fact on 15 June, a month fact in March, an undated one, and three themes.
import { parseFactDate } from '../../src/dates/fact-date.ts';
import { Catalog } from '../../src/facts/catalog.ts';
import type { Fact, Theme } from '../../src/facts/types.ts';

export const TEST_THEMES: Theme[] = [
  { id: 'regulation', title: 'Regulation', description: 'Rules.' },
  { id: 'imaging', title: 'Imaging', description: 'Images.' },
  { id: 'market', title: 'Market', description: 'Money.' },
];

function fact(id: string, date: string | undefined, themes: string[]): Fact {
  const made: Fact = {
    id,
    title: `Title of ${id}`,
    summary: `Summary of ${id}.`,
    themes,
    entities: [],
    aliases: [],
    citations: [{ quote: `Quote of ${id}.`, source: { id: 'test-source', title: 'Test source' } }],
    pack: 'test.yaml',
  };
  if (date) {
    const parsed = parseFactDate(date);
    if (!parsed.ok) throw new Error(parsed.reason);
    made.date = parsed.date;
  }
  return made;
}

export function testCatalog(): Catalog {
  return new Catalog(
    [
      fact('june-fifteenth', '2023-06-15', ['regulation']),
      fact('march-month', '2022-03', ['imaging']),
      fact('undated-market', undefined, ['market']),
    ],
    TEST_THEMES,
  );
}
