// A small hand-built catalog for the scheduler suites, so that which days have facts due is
// known: a day fact on 15 June, a month fact in March, an undated one, and three themes.
import { Catalog } from '../../src/facts/catalog.ts';
import type { Theme } from '../../src/facts/types.ts';
import { makeFact as fact } from '../unit/support.ts';

export const TEST_THEMES: Theme[] = [
  { id: 'regulation', title: 'Regulation', description: 'Rules.' },
  { id: 'imaging', title: 'Imaging', description: 'Images.' },
  { id: 'market', title: 'Market', description: 'Money.' },
];

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
