// "From the archive": the fact a daily digest shows on a day when nothing is due. The choice
// is a pure function of the date and the packs: days with nothing due are counted from an
// epoch, and the n-th such day shows the n-th fact of a fixed shuffled order, so no fact
// comes twice before every fact has been shown once.
import { createHash } from 'node:crypto';
import { dayNumber, type CalendarDay } from '../dates/calendar.ts';
import { daysInMonth } from '../dates/fact-date.ts';
import type { Catalog } from '../facts/catalog.ts';
import type { Fact } from '../facts/types.ts';
import { dueOnDay } from './on-this-date.ts';

const EPOCH_YEAR = 2000;

export class ArchiveRotation {
  private order: Fact[] | undefined;
  /** Per year, quiet days before each day of it: entry i counts the days before the i-th (0-based). */
  private readonly quietPrefix = new Map<number, number[]>();

  constructor(private readonly catalog: Catalog) {}

  /** The archive fact for a day (whether or not anything is due that day). */
  factFor(day: CalendarDay): Fact | undefined {
    const order = this.shuffled();
    if (order.length === 0) return undefined;
    const index = this.quietDaysBefore(day);
    return order[((index % order.length) + order.length) % order.length];
  }

  /** Whether a day has nothing due, so that the digest falls back to the archive. */
  private isQuiet(day: CalendarDay): boolean {
    const due = dueOnDay(this.catalog, day);
    return due.onDay.length === 0 && due.thisMonth.length === 0;
  }

  /** Quiet days from 1 January EPOCH_YEAR up to (not including) `day`; negative before it. */
  private quietDaysBefore(day: CalendarDay): number {
    const prefix = this.prefixOf(day.year);
    let count = prefix[dayNumber(day) - dayNumber({ year: day.year, month: 1, day: 1 })]!;
    for (let year = EPOCH_YEAR; year < day.year; year++) count += this.prefixOf(year).at(-1)!;
    for (let year = day.year; year < EPOCH_YEAR; year++) count -= this.prefixOf(year).at(-1)!;
    return count;
  }

  /** Counted once per year, so that every digest of a busy minute does not count them again. */
  private prefixOf(year: number): number[] {
    let prefix = this.quietPrefix.get(year);
    if (!prefix) {
      prefix = [0];
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= daysInMonth(year, month); day++) {
          prefix.push(prefix.at(-1)! + (this.isQuiet({ year, month, day }) ? 1 : 0));
        }
      }
      this.quietPrefix.set(year, prefix);
    }
    return prefix;
  }

  private shuffled(): Fact[] {
    this.order ??= this.catalog.facts
      .map((fact) => ({ fact, rank: rank(fact.id) }))
      .sort((a, b) => a.rank.localeCompare(b.rank) || a.fact.id.localeCompare(b.fact.id))
      .map(({ fact }) => fact);
    return this.order;
  }
}

/** A stable pseudo-random rank, so that the rotation does not walk the packs alphabetically. */
function rank(id: string): string {
  return createHash('sha1').update(id).digest('hex');
}
