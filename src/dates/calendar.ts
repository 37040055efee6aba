// Calendar days and time zones: every "today" is a day in an IANA zone, never server time.
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { isLeapYear } from 'date-fns/isLeapYear';

/** A day on the wall calendar, with no time and no zone. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

const MS_PER_DAY = 86_400_000;
/** A Monday, so that week numbers counted from it change on Mondays as ISO weeks do. */
const WEEK_EPOCH_DAY = Date.UTC(2024, 0, 1) / MS_PER_DAY;

const knownZones = new Set(Intl.supportedValuesOf('timeZone'));

/** True for IANA zone names this runtime knows ("Asia/Seoul", "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone.toUpperCase() === 'UTC';
  } catch {
    return false;
  }
}

export function listTimeZones(): string[] {
  return [...knownZones];
}

/** The calendar day an instant falls on in a zone. */
export function calendarDayIn(instant: Date, zone: string): CalendarDay {
  const local = new TZDate(instant.getTime(), zone);
  return { year: local.getFullYear(), month: local.getMonth() + 1, day: local.getDate() };
}

/** Days since 1970-01-01 for a calendar day: a zone-free counter for rotations. */
export function dayNumber(day: CalendarDay): number {
  return Date.UTC(day.year, day.month - 1, day.day) / MS_PER_DAY;
}

export function addCalendarDays(day: CalendarDay, days: number): CalendarDay {
  const next = addDays(new TZDate(day.year, day.month - 1, day.day, 'UTC'), days);
  return { year: next.getFullYear(), month: next.getMonth() + 1, day: next.getDate() };
}

/** Weeks since a fixed Monday: consecutive ISO weeks always get consecutive numbers. */
export function weekNumber(day: CalendarDay): number {
  return Math.floor((dayNumber(day) - WEEK_EPOCH_DAY) / 7);
}

/** 1 = Monday … 7 = Sunday, as in ISO 8601. */
export function isoWeekday(day: CalendarDay): number {
  const weekday = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

export function isLeap(year: number): boolean {
  return isLeapYear(new Date(year, 0, 1));
}
