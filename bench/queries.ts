// Query benchmark: the catalog's indexed lookups against a naive linear scan over the same
// facts, at several pack sizes, plus index build time (start-up is bench/startup.ts).
import { Catalog } from '../src/facts/catalog.ts';
import type { Fact, Theme } from '../src/facts/types.ts';
import { factsOnDay } from '../src/digests/on-this-date.ts';
import { generateFacts } from './generate-facts.ts';
import { timeEach, timeOnce, type Timing } from './stats.ts';

const SEARCH_TERMS = ['lunit', 'kaist', 'merck korea', 'samsung medical center', 'daewong', 'deepcach', 'proteomics', 'lunanco', 'radi'];

interface Compared extends Timing {
  naive: Timing;
  speedup_p99: number;
}

export interface QueryResults {
  facts: number;
  index_build_ms: number;
  on_this_date: Compared;
  on_month: Compared;
  theme: Compared;
  search: Compared;
}

/** The same answers computed by scanning every fact, the baseline an index must beat. */
const naive = {
  onThisDate: (facts: readonly Fact[], month: number, day: number) =>
    facts.filter(
      (fact) =>
        fact.date &&
        fact.date.precision !== 'year' &&
        fact.date.month === month &&
        (fact.date.precision === 'month' || fact.date.day === day),
    ),
  onMonth: (facts: readonly Fact[], year: number, month: number) =>
    facts.filter((fact) => fact.date && fact.date.precision !== 'year' && fact.date.year === year && fact.date.month === month),
  theme: (facts: readonly Fact[], theme: string) => facts.filter((fact) => fact.themes.includes(theme)).slice(0, 15),
  search: (facts: readonly Fact[], text: string) => {
    const words = text.toLowerCase().split(' ');
    return facts
      .filter((fact) => words.every((word) => `${fact.title} ${fact.summary} ${fact.entities.join(' ')}`.toLowerCase().includes(word)))
      .slice(0, 10);
  },
};

function compare(iterations: number, indexed: (i: number) => unknown, scan: (i: number) => unknown): Compared {
  const ours = timeEach(iterations, indexed);
  const baseline = timeEach(Math.max(20, Math.floor(iterations / 20)), scan);
  return { ...ours, naive: baseline, speedup_p99: Math.round((baseline.p99_us / ours.p99_us) * 10) / 10 };
}

export function benchQueries(count: number, themes: readonly Theme[], iterations: number): QueryResults {
  const facts = generateFacts(count, themes);
  let catalog: Catalog | undefined;
  const index_build_ms = timeOnce(() => (catalog = new Catalog(facts, [...themes])));
  const built = catalog!;
  const day = (i: number) => ({ month: (i % 12) + 1, day: (i % 28) + 1 });
  return {
    facts: count,
    index_build_ms,
    on_this_date: compare(
      iterations,
      (i) => factsOnDay(built, { year: 2026, ...day(i) }),
      (i) => naive.onThisDate(facts, day(i).month, day(i).day),
    ),
    on_month: compare(
      iterations,
      (i) => built.inYearMonth(1990 + (i % 37), (i % 12) + 1),
      (i) => naive.onMonth(facts, 1990 + (i % 37), (i % 12) + 1),
    ),
    theme: compare(
      iterations,
      (i) => built.inTheme(themes[i % themes.length]!.id).slice(0, 15),
      (i) => naive.theme(facts, themes[i % themes.length]!.id),
    ),
    search: compare(
      iterations,
      (i) => built.search(SEARCH_TERMS[i % SEARCH_TERMS.length]!, 10),
      (i) => naive.search(facts, SEARCH_TERMS[i % SEARCH_TERMS.length]!),
    ),
  };
}
