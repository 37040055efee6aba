// When a subscription's digests are due: its wall-clock time in its own zone, every day or on
// its weekday (a daily digest may run on chosen days only), the weekday being the day's in that zone. Each occurrence is one instant, identified by its ISO UTC text. Across DST: a
// time that falls in a spring-forward gap runs at the first instant after the gap, and a time
// in a repeated fall-back hour runs once, at its first (earlier) instance.
import { tzOffset } from '@date-fns/tz';
import { addCalendarDays, calendarDayIn, dayNumber, isoWeekday, type CalendarDay } from '../dates/calendar.ts';
import type { Schedule } from '../store/subscriptions.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** The longest a zone has skipped: Pacific/Apia left out all of 30 December 2011. */
const MAX_GAP_MINUTES = 24 * 60;

/**
 * Every instant at which the zone's clock shows `wall` (a wall-clock time written as if it were
 * UTC), earliest first: none in a spring-forward gap, two in a repeated fall-back hour. The
 * offsets a day either side cover both sides of any change that day.
 */
function instantsShowing(wall: number, zone: string): number[] {
  const offsets = new Set([wall - DAY_MS, wall, wall + DAY_MS].map((near) => tzOffset(zone, new Date(near))));
  return [...offsets]
    .map((offset) => ({ offset, instant: wall - offset * MINUTE_MS }))
    .filter(({ offset, instant }) => tzOffset(zone, new Date(instant)) === offset)
    .map(({ instant }) => instant)
    .sort((a, b) => a - b);
}

/**
 * The instant a wall-clock time happens on a day in a zone: the first of a repeated time, and
 * for a time that does not exist, the first minute after it that does (02:30 in a gap from
 * 02:00 to 03:00 runs at 03:00).
 */
function wallClockInstant(day: CalendarDay, hour: number, minute: number, zone: string): Date {
  const wall = Date.UTC(day.year, day.month - 1, day.day, hour, minute);
  for (let later = 0; later <= MAX_GAP_MINUTES; later++) {
    const [first] = instantsShowing(wall + later * MINUTE_MS, zone);
    if (first !== undefined) return new Date(first);
  }
  throw new RangeError(`${zone} shows no time within a day after ${hour}:${minute} on ${day.year}-${day.month}-${day.day}`);
}

function occursOn(schedule: Schedule, day: CalendarDay): boolean {
  const weekday = isoWeekday(day);
  if (schedule.cadence === 'weekly') return weekday === schedule.weekday;
  return !schedule.days || schedule.days.some((runDay) => runDay === weekday);
}

/** Occurrences from `from` to `to`, both included, oldest first. */
export function occurrencesBetween(schedule: Schedule, from: Date, to: Date): Date[] {
  const occurrences: Date[] = [];
  const last = dayNumber(calendarDayIn(to, schedule.zone));
  // From the day before: a gap can move a day's occurrence past midnight into the next.
  for (let day = addCalendarDays(calendarDayIn(from, schedule.zone), -1); dayNumber(day) <= last; day = addCalendarDays(day, 1)) {
    if (!occursOn(schedule, day)) continue;
    const at = wallClockInstant(day, schedule.hour, schedule.minute, schedule.zone);
    // Two days' times can meet after a whole skipped day; one instant is one occurrence.
    if (at >= from && at <= to && at.getTime() !== occurrences.at(-1)?.getTime()) occurrences.push(at);
  }
  return occurrences;
}

/** The first occurrence strictly after `after`. */
export function nextOccurrence(schedule: Schedule, after: Date): Date {
  const start = addCalendarDays(calendarDayIn(after, schedule.zone), -1);
  // A week and two days always hold an occurrence later than `after` on any weekday.
  for (let offset = 0; offset <= 9; offset++) {
    const day = addCalendarDays(start, offset);
    if (!occursOn(schedule, day)) continue;
    const at = wallClockInstant(day, schedule.hour, schedule.minute, schedule.zone);
    if (at > after) return at;
  }
  throw new RangeError(`a ${schedule.cadence} schedule without a day to run on never runs`);
}
