// The loaded facts, indexed once at start-up so that no query scans the whole pack.
import { distance } from 'fastest-levenshtein';
import { dateExtent, sortKey } from '../dates/fact-date.ts';
import type { FactDate } from '../dates/fact-date.ts';
import type { Built } from './built.ts';
import { type IndexHit, SearchIndex, type SynonymGroups } from './search-index.ts';
import type { Fact, Theme } from './types.ts';
import { contentWords } from './words.ts';

export type { SynonymGroups } from './search-index.ts';

export interface SearchHit {
  fact: Fact;
  score: number;
}

/** A search's page of hits and their total; with none, what the question had that no fact has, and the nearest facts. */
export interface CatalogSearch {
  hits: SearchHit[];
  total: number;
  missing: string[];
  near: SearchHit[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Code-unit order: ids are ASCII kebab-case, and localeCompare costs seconds on 100,000 facts. */
const byId = (a: Fact, b: Fact) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Dated facts oldest first; each date's sort key is computed once, not once per comparison. */
export function chronological(facts: readonly Fact[]): Fact[] {
  return facts
    .filter((fact) => fact.date)
    .map((fact) => ({ fact, key: sortKey(fact.date!) }))
    .sort((a, b) => a.key - b.key || byId(a.fact, b.fact))
    .map(({ fact }) => fact);
}

export class Catalog {
  readonly facts: readonly Fact[];
  readonly themes: readonly Theme[];
  /** Built on the first lookup by id: it is seldom needed, and costs start-up time on a large pack. */
  private byId: Map<string, Fact> | undefined;
  /** Day-precision facts by month * 100 + day. */
  private readonly byMonthDay = new Map<number, Fact[]>();
  /** Month-precision facts by calendar month (1-12), whatever their year. */
  private readonly monthlyByMonth = new Map<number, Fact[]>();
  /** Month- and day-precision facts by year * 100 + month. */
  private readonly byYearMonth = new Map<number, Fact[]>();
  /** Month- and day-precision facts by calendar month, whatever their year. */
  private readonly byCalendarMonth = new Map<number, Fact[]>();
  /** Every dated fact by year. */
  private readonly byYear = new Map<number, Fact[]>();
  private readonly byTheme = new Map<string, Fact[]>();
  private readonly oldestFirst: Fact[];
  private readonly newestFirst: Fact[];
  /** Built (or opened) ahead of time by prepareSearch(), else on the first search: it is the slow part of loading. */
  private index: SearchIndex | undefined;
  /** The one preparation of the index, shared by whoever waits for it. */
  private preparing: Promise<void> | undefined;
  /** Stops a background build when the catalog is closed. */
  private readonly closing = new AbortController();

  /** Entity names and aliases, for "did you mean"; gathered on the first miss. */
  private names: string[] | undefined;

  constructor(
    facts: Fact[],
    themes: Theme[],
    private readonly synonyms: SynonymGroups = [],
    /** The built file the facts come from, with their search index (see built.ts); without it the index is built in memory. */
    private readonly built?: Pick<Built, 'db' | 'factAt'>,
  ) {
    this.facts = facts;
    this.themes = themes;
    this.oldestFirst = chronological(facts);
    for (const fact of this.oldestFirst) this.indexDate(fact);
    this.newestFirst = [...this.oldestFirst].reverse();
    for (const fact of [...this.newestFirst, ...facts.filter((fact) => !fact.date)]) {
      for (const theme of fact.themes) push(this.byTheme, theme, fact);
    }
  }

  /**
   * Opens the search index of the built file, or (without one) builds it in memory in the
   * background, so that start-up need not wait for it. Called again, it waits for the same preparation.
   */
  prepareSearch(): Promise<void> {
    this.preparing ??= this.built
      ? Promise.resolve().then(() => void this.searchIndex())
      : SearchIndex.inBackground(this.facts, this.synonyms, this.closing.signal).then((index) => {
          this.index ??= index;
        });
    return this.preparing;
  }

  /** Stops a search index still being built, and closes the index and the built file. */
  close(): void {
    this.closing.abort();
    this.index?.close();
    this.built?.db.close();
  }

  private searchIndex(): SearchIndex {
    this.index ??= this.built ? new SearchIndex(this.built.db, this.facts.length) : SearchIndex.build(this.facts, this.synonyms);
    return this.index;
  }

  private indexDate(fact: Fact): void {
    const date = fact.date!;
    push(this.byYear, date.year, fact);
    if (date.precision === 'year') return;
    push(this.byYearMonth, date.year * 100 + date.month, fact);
    push(this.byCalendarMonth, date.month, fact);
    if (date.precision === 'month') push(this.monthlyByMonth, date.month, fact);
    else push(this.byMonthDay, date.month * 100 + date.day, fact);
  }

  fact(id: string): Fact | undefined {
    this.byId ??= new Map(this.facts.map((fact) => [fact.id, fact]));
    return this.byId.get(id);
  }

  theme(id: string): Theme | undefined {
    return this.themes.find((theme) => theme.id === id);
  }

  /** Day-precision facts on this month and day, in any year, oldest first. */
  onMonthDay(month: number, day: number): readonly Fact[] {
    return this.byMonthDay.get(month * 100 + day) ?? [];
  }

  /** Month-precision facts of this calendar month, in any year, oldest first. */
  monthlyIn(month: number): readonly Fact[] {
    return this.monthlyByMonth.get(month) ?? [];
  }

  /** Facts dated within a given month of a given year (month or day precision). */
  inYearMonth(year: number, month: number): readonly Fact[] {
    return this.byYearMonth.get(year * 100 + month) ?? [];
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

  /** The words search treats as one with this word (facts/synonyms.yaml), each as its search words, the word's own first. */
  synonymsOf(word: string): string[][] {
    return [
      [word],
      ...this.synonyms
        .filter((group) => group.some((member) => contentWords(member).join(' ') === word))
        .flat()
        .map(contentWords),
    ];
  }

  /** The words the packs know a fact by beside its own: aliases and synonym groups (Korean questions are read against them). */
  vocabulary(): string[] {
    return [...this.facts.flatMap((fact) => fact.aliases ?? []), ...this.synonyms.flat()];
  }

  latest(count: number): readonly Fact[] {
    return this.newestFirst.slice(0, count);
  }

  /**
   * Ranked, typo-tolerant, prefix search over a question's content words and their word forms;
   * titles, entities and aliases weigh more than summaries. When no fact has every word, a fact
   * must still have enough of the question's information (see SearchIndex.search): an unrelated
   * question finds nothing rather than the least bad match.
   */
  search(text: string, limit: number): CatalogSearch {
    const { hits, total, missing, near } = this.searchIndex().search(text, limit);
    const factAt = this.built?.factAt ?? ((row: number) => this.facts[row]!);
    const asHits = (found: readonly IndexHit[]) => found.map((hit) => ({ fact: factAt(hit.position), score: hit.score }));
    return { hits: asHits(hits), total, missing, near: asHits(near) };
  }

  /**
   * Whether a search word is a word of some fact's entity or alias that is no English word: a
   * name that only names ("merck", "standigm"), unlike "korea" or "medical" in "Merck Korea" and
   * "Samsung Medical Center".
   */
  isProperName(word: string): boolean {
    return this.searchIndex().isProperName(word);
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
