// "From the archive": the fact a daily digest shows on a day when nothing is due. The choice
// is a pure function of the date and the packs: days with nothing due are counted from an
// epoch, and the n-th such day shows the n-th fact of a fixed shuffled order, so no fact
// comes twice before every fact has been shown once.
import { createHash } from 'node:crypto';
import { dayNumber, type CalendarDay } from '../dates/calendar.ts';
import { daysInMonth } from '../dates/fact-date.ts';
import type { Catalog } from '../facts/catalog.ts';
import type { Fact } from '../facts/types.ts';
import { dueOnDay } from '../queries/on-this-date.ts';

const EPOCH_YEAR = 2000;

export class ArchiveRotation {
  private order: Fact[] | undefined;
  private readonly quietDaysInYear = new Map<number, number>();

  constructor(private readonly catalog: Catalog) {}

  /** The archive fact for a day (whether or not anything is due that day). */
  factFor(day: CalendarDay): Fact | undefined {
    const order = this.shuffled();
    if (order.length === 0) return undefined;
    const index = this.quietDaysBefore(day);
    return order[((index % order.length) + order.length) % order.length];
  }

  /** Whether a day has nothing due, so that the digest falls back to the archive. */
  isQuiet(day: CalendarDay): boolean {
    const due = dueOnDay(this.catalog, day);
    return due.onDay.length === 0 && due.thisMonth.length === 0;
  }

  /** Quiet days from 1 January EPOCH_YEAR up to (not including) `day`; negative before it. */
  private quietDaysBefore(day: CalendarDay): number {
    let count = this.quietDaysInYearUpTo(day);
    for (let year = EPOCH_YEAR; year < day.year; year++) count += this.quietDaysIn(year);
    for (let year = day.year; year < EPOCH_YEAR; year++) count -= this.quietDaysIn(year);
    return count;
  }

  private quietDaysIn(year: number): number {
    let count = this.quietDaysInYear.get(year);
    if (count === undefined) {
      count = this.quietDaysInYearUpTo({ year: year + 1, month: 1, day: 1 }, year);
      this.quietDaysInYear.set(year, count);
    }
    return count;
  }

  /** Quiet days from 1 January of `year` (default: the day's own year) up to `end`. */
  private quietDaysInYearUpTo(end: CalendarDay, year = end.year): number {
    let count = 0;
    const last = dayNumber(end);
    for (let month = 1; month <= 12; month++) {
      for (let day = 1; day <= daysInMonth(year, month); day++) {
        const date = { year, month, day };
        if (dayNumber(date) >= last) return count;
        if (this.isQuiet(date)) count++;
      }
    }
    return count;
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
