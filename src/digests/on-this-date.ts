// The "on this date" rules of DESIGN.md: which facts belong to a calendar day.
import { isLeap, type CalendarDay } from '../dates/calendar.ts';
import type { Catalog } from '../facts/catalog.ts';
import type { Fact } from '../facts/types.ts';

export interface DayFacts {
  /** Day-precision facts on this month-day in earlier years (and this one). */
  onDay: readonly Fact[];
  /** Month-precision facts of this calendar month in earlier years (and this one). */
  thisMonth: readonly Fact[];
}

/** Facts up to and including `year`, from a list sorted oldest first: no anniversary precedes its event. */
function upToYear(facts: readonly Fact[], year: number): readonly Fact[] {
  let low = 0;
  let high = facts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (facts[middle]!.date!.year <= year) low = middle + 1;
    else high = middle;
  }
  return low === facts.length ? facts : facts.slice(0, low);
}

/** A 29 February fact shows on 28 February in years that have no 29th. */
function dayFacts(catalog: Catalog, day: CalendarDay): readonly Fact[] {
  const facts = catalog.onMonthDay(day.month, day.day);
  if (day.month !== 2 || day.day !== 28 || isLeap(day.year)) return facts;
  const leapDay = catalog.onMonthDay(2, 29);
  return leapDay.length === 0 ? facts : [...facts, ...leapDay].sort((a, b) => a.date!.year - b.date!.year);
}

export function factsOnDay(catalog: Catalog, day: CalendarDay): DayFacts {
  return {
    onDay: upToYear(dayFacts(catalog, day), day.year),
    thisMonth: upToYear(catalog.monthlyIn(day.month), day.year),
  };
}

/** What the daily digest posts on a day: its anniversaries, and on the 1st its month's facts. */
export function dueOnDay(catalog: Catalog, day: CalendarDay): DayFacts {
  const { onDay, thisMonth } = factsOnDay(catalog, day);
  return { onDay, thisMonth: day.day === 1 ? thisMonth : [] };
}
