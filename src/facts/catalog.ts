// The loaded facts, indexed once at start-up so that no query scans the whole pack.
import { distance } from 'fastest-levenshtein';
import MiniSearch from 'minisearch';
import { dateExtent, sortKey } from '../dates/fact-date.ts';
import { monthDayKey } from '../dates/calendar.ts';
import type { FactDate } from '../dates/fact-date.ts';
import type { Fact, Theme } from './types.ts';
import { contentWords, searchTerm, tokenize, WORD_SEPARATORS } from './words.ts';

export interface SearchHit {
  fact: Fact;
  score: number;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Groups of words search treats as one (facts/synonyms.yaml): "haemorrhage", "hemorrhage", "bleed". */
export type SynonymGroups = readonly (readonly string[])[];

/** The fields a fact is found by; aliases and synonyms are searched but never shown. */
type SearchField = 'title' | 'entityText' | 'aliasText' | 'synonymText' | 'summary';

/** The members of every synonym group that the fact's own words mention, as whole words or phrases. */
function synonymsOf(fact: Fact, groups: readonly { members: readonly string[]; phrases: string[] }[]): string {
  if (groups.length === 0) return '';
  const words = ` ${tokenize([fact.title, ...fact.entities, ...(fact.aliases ?? []), fact.summary].join(' ')).join(' ')} `;
  return groups
    .filter((group) => group.phrases.some((phrase) => words.includes(phrase)))
    .flatMap((group) => group.members)
    .join(' ');
}

function newSearchIndex(synonyms: SynonymGroups): MiniSearch<Fact> {
  // Each member as the words it is made of, padded so that "hr" never matches inside "three".
  const groups = synonyms.map((members) => ({ members, phrases: members.map((member) => ` ${tokenize(member).join(' ')} `) }));
  const fieldText: Record<SearchField, (fact: Fact) => string> = {
    title: (fact) => fact.title,
    entityText: (fact) => fact.entities.join(' '),
    aliasText: (fact) => (fact.aliases ?? []).join(' '),
    synonymText: (fact) => synonymsOf(fact, groups),
    summary: (fact) => fact.summary,
  };
  return new MiniSearch<Fact>({
    fields: Object.keys(fieldText),
    storeFields: [],
    extractField: (fact, field) => (field === 'id' ? fact.id : fieldText[field as SearchField](fact)),
    tokenize: (text) => text.split(WORD_SEPARATORS),
    processTerm: (term) => (term ? searchTerm(term) : null),
    searchOptions: {
      boost: { title: 3, entityText: 3, aliasText: 3 },
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
  private readonly oldestFirst: Fact[];
  private readonly newestFirst: Fact[];
  /** Built on first search, or ahead of time by prepareSearch(): it is the slow part of loading. */
  private index: MiniSearch<Fact> | undefined;

  /** Entity names and aliases, for "did you mean"; gathered on the first miss. */
  private names: string[] | undefined;

  constructor(
    facts: Fact[],
    themes: Theme[],
    private readonly synonyms: SynonymGroups = [],
  ) {
    this.facts = facts;
    this.themes = themes;
    this.oldestFirst = chronological(facts);
    for (const fact of this.oldestFirst) this.indexDate(fact);
    for (const fact of facts) this.byId.set(fact.id, fact);
    this.newestFirst = [...this.oldestFirst].reverse();
    for (const fact of [...this.newestFirst, ...facts.filter((fact) => !fact.date)]) {
      for (const theme of fact.themes) push(this.byTheme, theme, fact);
    }
  }

  /** Builds the search index in the background, a chunk at a time, so start-up need not wait for it. */
  async prepareSearch(): Promise<void> {
    if (this.index) return;
    const index = newSearchIndex(this.synonyms);
    await index.addAllAsync(this.facts, { chunkSize: 2_000 });
    this.index ??= index;
  }

  private searchIndex(): MiniSearch<Fact> {
    if (!this.index) {
      this.index = newSearchIndex(this.synonyms);
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

  /**
   * Dated facts lying wholly within a range, oldest first: a fact is in it only at its precision
   * (a 2023 fact is not in March–May 2023). An absent end leaves the range open on that side.
   */
  inRange(from: FactDate | undefined, to: FactDate | undefined): readonly Fact[] {
    const first = from ? dateExtent(from).first : -Infinity;
    const last = to ? dateExtent(to).last : Infinity;
    return this.oldestFirst.filter((fact) => {
      const extent = dateExtent(fact.date!);
      return extent.first >= first && extent.last <= last;
    });
  }

  /** A theme's facts: dated newest first, then its undated context. */
  inTheme(themeId: string): readonly Fact[] {
    return this.byTheme.get(themeId) ?? [];
  }

  latest(count: number): readonly Fact[] {
    return this.newestFirst.slice(0, count);
  }

  /**
   * Ranked, typo-tolerant, prefix search over a question's content words; titles, entities and
   * aliases weigh more than summaries. When no fact has every word, a fact must still have more
   * than half of them: an unrelated question finds nothing rather than the least bad match.
   */
  search(text: string, limit: number): { hits: SearchHit[]; total: number } {
    const words = contentWords(text);
    if (words.length === 0) return { hits: [], total: 0 };
    const index = this.searchIndex();
    const query = words.join(' ');
    // Exact words first: when they fill the page, prefix and typo matching could only add
    // lower-scored results, and they cost far more on a large pack.
    let results = index.search(query, { prefix: false, fuzzy: false });
    if (results.length < limit) results = index.search(query);
    if (results.length === 0 && words.length > 2) {
      const floor = Math.floor(words.length / 2) + 1;
      results = index.search(query, { combineWith: 'OR' }).filter((result) => new Set(result.queryTerms).size >= floor);
    }
    const hits = results.slice(0, limit).map((result) => ({ fact: this.byId.get(result.id as string)!, score: result.score }));
    return { hits, total: results.length };
  }

  /**
   * The entity name or alias nearest to a word of the text, if one is near enough to be a
   * misspelling of it. A misspelt word is preferred to one that is a name already ("Parexell
   * Korea" suggests PAREXEL, not South Korea).
   */
  nearestName(text: string): string | undefined {
    this.names ??= [...new Set(this.facts.flatMap((fact) => [...fact.entities, ...(fact.aliases ?? [])]))];
    const nearest = contentWords(text)
      .filter((word) => word.length >= 3)
      .map((word) => {
        let best: { name: string; cost: number } | undefined;
        for (const name of this.names!) {
          for (const part of [name, ...name.split(' ')]) {
            const cost = distance(word, part.toLowerCase()) / word.length;
            if (cost <= 0.34 && (!best || cost < best.cost)) best = { name, cost };
          }
        }
        return best;
      })
      .filter((found) => found !== undefined);
    const misspelt = nearest.filter((found) => found.cost > 0);
    return (misspelt.length > 0 ? misspelt : nearest).sort((a, b) => a.cost - b.cost)[0]?.name;
  }
}
