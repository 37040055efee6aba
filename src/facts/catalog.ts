// The loaded facts, indexed once at start-up so that no query scans the whole pack.
import MiniSearch from 'minisearch';
import { sortKey } from '../dates/fact-date.ts';
import { monthDayKey } from '../dates/calendar.ts';
import type { Fact, Theme } from './types.ts';

export interface SearchHit {
  fact: Fact;
  score: number;
}

/** Words that carry no meaning in a question such as "anything on Lunit?". */
const STOP_WORDS = new Set(
  'a an and any anything about are did do does for from has have how i in is it me new news of on or show tell that the there to was were what whats when where which who with'.split(' '),
);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function newSearchIndex(): MiniSearch<Fact> {
  return new MiniSearch<Fact>({
    fields: ['title', 'entityText', 'summary'],
    storeFields: [],
    extractField: (fact, field) => (field === 'entityText' ? fact.entities.join(' ') : String(fact[field as keyof Fact] ?? '')),
    processTerm: (term) => (STOP_WORDS.has(term.toLowerCase()) ? null : term.toLowerCase()),
    searchOptions: {
      boost: { title: 3, entityText: 3 },
      // Short terms stay exact: prefix or fuzzy matching "ai" would match half the vocabulary.
      prefix: (term) => term.length >= 3,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      maxFuzzy: 2,
      combineWith: 'AND',
    },
  });
}

/** Code-unit order: ids are ASCII kebab-case, and localeCompare costs seconds on 100,000 facts. */
const byId = (a: Fact, b: Fact) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Dated facts oldest first; each date's sort key is computed once, not once per comparison. */
function chronological(facts: readonly Fact[]): Fact[] {
  return facts
    .filter((fact) => fact.date)
    .map((fact) => ({ fact, key: sortKey(fact.date!) }))
    .sort((a, b) => a.key - b.key || byId(a.fact, b.fact))
    .map(({ fact }) => fact);
}

export class Catalog {
  readonly facts: readonly Fact[];
  readonly themes: readonly Theme[];
  private readonly byId = new Map<string, Fact>();
  /** Day-precision facts by "MM-DD". */
  private readonly byMonthDay = new Map<string, Fact[]>();
  /** Month-precision facts by calendar month (1-12), whatever their year. */
  private readonly monthlyByMonth = new Map<number, Fact[]>();
  /** Month- and day-precision facts by "YYYY-MM". */
  private readonly byYearMonth = new Map<string, Fact[]>();
  /** Month- and day-precision facts by calendar month, whatever their year. */
  private readonly byCalendarMonth = new Map<number, Fact[]>();
  /** Every dated fact by year. */
  private readonly byYear = new Map<number, Fact[]>();
  private readonly byTheme = new Map<string, Fact[]>();
  private readonly newestFirst: Fact[];
  /** Built on first search, or ahead of time by prepareSearch(): it is the slow part of loading. */
  private index: MiniSearch<Fact> | undefined;

  constructor(facts: Fact[], themes: Theme[]) {
    this.facts = facts;
    this.themes = themes;
    const dated = chronological(facts);
    for (const fact of dated) this.indexDate(fact);
    for (const fact of facts) this.byId.set(fact.id, fact);
    this.newestFirst = [...dated].reverse();
    for (const fact of [...this.newestFirst, ...facts.filter((fact) => !fact.date)]) {
      for (const theme of fact.themes) push(this.byTheme, theme, fact);
    }
  }

  /** Builds the search index in the background, a chunk at a time, so start-up need not wait for it. */
  async prepareSearch(): Promise<void> {
    if (this.index) return;
    const index = newSearchIndex();
    await index.addAllAsync(this.facts, { chunkSize: 2_000 });
    this.index ??= index;
  }

  private searchIndex(): MiniSearch<Fact> {
    if (!this.index) {
      this.index = newSearchIndex();
      this.index.addAll(this.facts);
    }
    return this.index;
  }

  private indexDate(fact: Fact): void {
    const date = fact.date!;
    push(this.byYear, date.year, fact);
    if (date.precision === 'year') return;
    const yearMonth = `${date.year}-${String(date.month).padStart(2, '0')}`;
    push(this.byYearMonth, yearMonth, fact);
    push(this.byCalendarMonth, date.month, fact);
    if (date.precision === 'month') push(this.monthlyByMonth, date.month, fact);
    else push(this.byMonthDay, monthDayKey(date.month, date.day), fact);
  }

  fact(id: string): Fact | undefined {
    return this.byId.get(id);
  }

  theme(id: string): Theme | undefined {
    return this.themes.find((theme) => theme.id === id);
  }

  /** Day-precision facts on this month and day, in any year, oldest first. */
  onMonthDay(month: number, day: number): readonly Fact[] {
    return this.byMonthDay.get(monthDayKey(month, day)) ?? [];
  }

  /** Month-precision facts of this calendar month, in any year, oldest first. */
  monthlyIn(month: number): readonly Fact[] {
    return this.monthlyByMonth.get(month) ?? [];
  }

  /** Facts dated within a given month of a given year (month or day precision). */
  inYearMonth(year: number, month: number): readonly Fact[] {
    return this.byYearMonth.get(`${year}-${String(month).padStart(2, '0')}`) ?? [];
  }

  /** Facts dated within a calendar month of any year (month or day precision). */
  inCalendarMonth(month: number): readonly Fact[] {
    return this.byCalendarMonth.get(month) ?? [];
  }

  inYear(year: number): readonly Fact[] {
    return this.byYear.get(year) ?? [];
  }

  /** A theme's facts: dated newest first, then its undated context. */
  inTheme(themeId: string): readonly Fact[] {
    return this.byTheme.get(themeId) ?? [];
  }

  latest(count: number): readonly Fact[] {
    return this.newestFirst.slice(0, count);
  }

  /** Ranked, typo-tolerant, prefix search; titles and entities weigh more than summaries. */
  search(text: string, limit: number): { hits: SearchHit[]; total: number } {
    const index = this.searchIndex();
    // Exact words first: when they fill the page, prefix and typo matching could only add
    // lower-scored results, and they cost far more on a large pack.
    let results = index.search(text, { prefix: false, fuzzy: false });
    if (results.length < limit) results = index.search(text);
    if (results.length === 0) results = index.search(text, { combineWith: 'OR' });
    const hits = results.slice(0, limit).map((result) => ({ fact: this.byId.get(result.id as string)!, score: result.score }));
    return { hits, total: results.length };
  }
}
