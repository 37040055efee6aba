// Generates a synthetic fact pack of any size for benchmarks (never shipped): dates at every
// precision, themes from facts/themes.yaml, titles from a fixed vocabulary with real entity
// names mixed in (1 fact in 21 names a real one), a large Zipf-like vocabulary, all from fast-check's seeded sampler so every run sees the same facts.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { factDateText } from '../src/dates/fact-date.ts';
import type { Fact, Theme } from '../src/facts/types.ts';

const REAL_ENTITIES = [
  'Lunit',
  'Vuno',
  'MFDS',
  'Daewoong',
  'Standigm',
  'KAIST',
  'POSTECH',
  'Bertis',
  'Samsung Medical Center',
  'HIMSS',
  'Neurophet',
  'Coreline Soft',
  'DeepCatch',
  'SpassMed',
  'HanAll',
  'Merck Korea',
];
const SYLLABLES = [
  'ka',
  'ro',
  'mi',
  'tes',
  'lun',
  'vo',
  'dae',
  'gen',
  'bio',
  'med',
  'ra',
  'di',
  'on',
  'co',
  'pha',
  'sis',
  'tra',
  'ne',
  'ul',
  'an',
  'mo',
  'ter',
  'pix',
  'sa',
  'li',
  'qua',
  'zen',
  'ho',
  'ki',
  'ber',
];
/** Size of the synthetic vocabulary: a real pack of 100,000 facts has tens of thousands of words. */
const VOCABULARY = 20_000;
const ENTITY_NAMES = 2_000;

/** The i-th pseudo-word, spelled from syllables, so the vocabulary is large but deterministic. */
function word(i: number): string {
  let text = '';
  let n = i + SYLLABLES.length;
  while (n > 0) {
    text += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return text;
}

/** A word index skewed towards common words, as word frequencies are in any text (Zipf-like). */
const skewed = (size: number) => fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((n) => Math.floor(size * (n / 1_000_000) ** 2));

const SOURCE = { id: 'bench', title: 'Synthetic benchmark pack', publisher: 'Dateline bench' };

export function generateFacts(count: number, themes: readonly Theme[], seed = 42): Fact[] {
  const date = fc.oneof(
    {
      weight: 60,
      arbitrary: fc.record({
        precision: fc.constant('day' as const),
        year: fc.integer({ min: 1990, max: 2026 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
      }),
    },
    {
      weight: 25,
      arbitrary: fc.record({
        precision: fc.constant('month' as const),
        year: fc.integer({ min: 1990, max: 2026 }),
        month: fc.integer({ min: 1, max: 12 }),
      }),
    },
    { weight: 5, arbitrary: fc.record({ precision: fc.constant('year' as const), year: fc.integer({ min: 1990, max: 2026 }) }) },
    { weight: 10, arbitrary: fc.constant(undefined) },
  );
  const themeIds = themes.map((theme) => theme.id);
  const record = fc.record({
    date,
    entity: fc.oneof(
      { weight: 1, arbitrary: fc.noBias(fc.constantFrom(...REAL_ENTITIES)) },
      { weight: 20, arbitrary: skewed(ENTITY_NAMES).map((i) => word(i + VOCABULARY).replace(/^./, (c) => c.toUpperCase())) },
    ),
    words: fc.array(skewed(VOCABULARY).map(word), { minLength: 12, maxLength: 30 }),
    themes: fc.subarray(themeIds, { minLength: 1, maxLength: 2 }),
  });
  return fc.sample(record, { seed, numRuns: count }).map((raw, index) => {
    const fact: Fact = {
      id: `bench-${index}`,
      title: `${raw.entity} ${raw.words.slice(0, 6).join(' ')}`,
      summary: `${raw.entity} ${raw.words.slice(6).join(' ')}.`,
      themes: raw.themes,
      entities: [raw.entity],
      aliases: [],
      citations: [{ quote: raw.words.join(' '), source: SOURCE }],
      pack: 'bench.yaml',
    };
    if (raw.date) fact.date = raw.date;
    return fact;
  });
}

/** The facts as a pack file, as a team would write it. */
export function toPackYaml(facts: readonly Fact[]): string {
  return stringify({
    sources: [SOURCE],
    facts: facts.map((fact) => ({
      id: fact.id,
      ...(fact.date ? { date: factDateText(fact.date) } : {}),
      title: fact.title,
      summary: fact.summary,
      themes: fact.themes,
      entities: fact.entities,
      quote: fact.citations[0]!.quote,
    })),
  });
}
