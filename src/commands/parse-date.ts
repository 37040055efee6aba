// Reads the date of an `on` command or of a question: ISO forms and bare years by pattern
// (chrono misses them), ranges by parse-range.ts, dates relative to today ("last spring") by
// relative-date.ts, everything else ("June 2023", "15 June", "March 21, 2022") by chrono. A year
// a question aims at ("by 2030", "2023~2027") is no date.
import * as chrono from 'chrono-node/en';
import { calendarDayIn } from '../dates/calendar.ts';
import { daysInMonth, type FactDate, monthName, parseFactDate } from '../dates/fact-date.ts';
import { findRangeInQuestion, parseInterval } from './parse-range.ts';
import { findRelativeDate } from './relative-date.ts';
import type { DateParse, DateQuery, FoundDate } from './types.ts';

const ISO_DATE = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/;
const MONTH_DAY = /^(\d{1,2})-(\d{1,2})$/;
const SLASHED = /^(\d{4})[/.](\d{1,2})(?:[/.](\d{1,2}))?$/;
const ISO_IN_TEXT = /\b(\d{4}-\d{1,2}(?:-\d{1,2})?)\b/;
const YEAR_IN_TEXT = /\b(1[89]\d\d|2[01]\d\d)\b/;
/** Years as targets or spans, not the time asked about: "by 2030", "plan to 2027", "2023~2027". */
const TARGET_YEARS = /\b(?:by|to|until|till|through|thru|towards?)\s+(?:(?:the\s+)?end\s+of\s+)?\d{4}\b|\b\d{4}\s*[~–—-]\s*\d{4}\b/gi;
/** What chrono reads that is a date a person names, not a relative one ("today", "this week"). */
const NAMED_DATE = /\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;

const pad = (n: string) => n.padStart(2, '0');
const fail = (message: string, suggestions: string[] = []): DateParse => ({ ok: false, error: { message, suggestions } });

/** The argument of `on`: a date in one of the accepted forms, or a reason why not. */
export function parseDateArgument(text: string, reference: Date): DateParse {
  const arg = text.trim();
  if (/^\d{4}$/.test(arg)) return { ok: true, date: { kind: 'year', year: Number(arg) } };
  const interval = parseInterval(arg);
  if (interval) return interval;
  const relative = findRelativeDate(arg, calendarDayIn(reference, 'UTC'));
  if (relative && relative.phrase.length === arg.replace(/[?.!]$/, '').trim().length) {
    return { ok: true, date: { kind: 'relative', phrase: relative.phrase } };
  }
  const iso = ISO_DATE.exec(arg);
  if (iso) return fromIso(iso[1]!, iso[2]!, iso[3]);
  const monthDay = MONTH_DAY.exec(arg);
  if (monthDay) return fromMonthDay(Number(monthDay[1]), Number(monthDay[2]));
  const slashed = SLASHED.exec(arg);
  if (slashed) {
    const fixed = [slashed[1], pad(slashed[2]!), slashed[3] && pad(slashed[3])].filter(Boolean).join('-');
    return fail(`${arg} is not a date form I read: write it as ${fixed}`, [`on ${fixed}`]);
  }
  const found = fromChrono(arg, reference, true);
  return found ?? fail(`"${clip(arg)}" is not a date I understand`, ['on 2023', 'on 2023-06', 'on 06-15', 'on June 2023']);
}

/**
 * A date or range mentioned anywhere in a question ("what happened in June 2023?"), if any. An
 * impossible ISO date ("2023-02-30") is an error, never quietly widened to its year.
 */
export function findDateInQuestion(text: string, reference: Date): FoundDate | undefined {
  const range = findRangeInQuestion(text);
  if (range) return range;
  // Found as of any day: the answer resolves the phrase as of today in the channel's zone.
  const relative = findRelativeDate(text, calendarDayIn(reference, 'UTC'));
  if (relative) {
    const rest = text.slice(0, relative.index) + text.slice(relative.index + relative.phrase.length);
    return { parse: { ok: true, date: { kind: 'relative', phrase: relative.phrase } }, rest };
  }
  // Target years are blanked out, not removed, so that what is found keeps its place in `text`.
  const asked = text.replace(TARGET_YEARS, (target) => ' '.repeat(target.length));
  const without = (index: number, found: string) => text.slice(0, index) + text.slice(index + found.length);
  const iso = ISO_IN_TEXT.exec(asked);
  if (iso) return { parse: parseDateArgument(iso[1]!, reference), rest: without(iso.index, iso[0]) };
  const result = chrono.parse(asked, reference)[0];
  const found = result && NAMED_DATE.test(result.text) ? fromChronoResult(result, false, asked) : undefined;
  if (found) return { parse: found, rest: without(result!.index, result!.text) };
  const year = YEAR_IN_TEXT.exec(asked);
  return year ? { parse: { ok: true, date: { kind: 'year', year: Number(year[1]) } }, rest: without(year.index, year[0]) } : undefined;
}

function fromIso(yearText: string, monthText: string, dayText: string | undefined): DateParse {
  const canonical = [yearText, pad(monthText), dayText && pad(dayText)].filter(Boolean).join('-');
  const checked = parseFactDate(canonical);
  if (!checked.ok) {
    const month = Number(monthText);
    const hint = month >= 1 && month <= 12 ? [`on ${yearText}-${pad(monthText)}`] : [`on ${yearText}`];
    return fail(checked.reason, hint);
  }
  return { ok: true, date: dateQueryOf(checked.date) };
}

/** A fact's date as the date lookup that asks for it ("on 2023-07"). */
export function dateQueryOf(date: FactDate): DateQuery {
  switch (date.precision) {
    case 'year':
      return { kind: 'year', year: date.year };
    case 'month':
      return { kind: 'month', year: date.year, month: date.month };
    case 'day':
      return { kind: 'day', year: date.year, month: date.month, day: date.day };
  }
}

function fromMonthDay(month: number, day: number): DateParse {
  if (month < 1 || month > 12) return fail(`${pad(String(month))}-${pad(String(day))} is not a date: a month is 01 to 12`, ['on 06-15']);
  const days = daysInMonth(2024, month); // a leap year, so that 02-29 is a day that recurs
  if (day < 1 || day > days) {
    return fail(`${pad(String(month))}-${pad(String(day))} is not a date: ${monthName(month)} has at most ${days} days`, [
      `on ${pad(String(month))}-${days}`,
    ]);
  }
  return { ok: true, date: { kind: 'month-day', month, day } };
}

/**
 * Reads a date with chrono, keeping only what chrono is certain of: a year it only implied
 * is not the user's year. With `whole`, the date must be all of the text.
 */
function fromChrono(text: string, reference: Date, whole: boolean): DateParse | undefined {
  const result = chrono.parse(text, reference)[0];
  return result ? fromChronoResult(result, whole, text) : undefined;
}

function fromChronoResult(result: chrono.ParsedResult, whole: boolean, text: string): DateParse | undefined {
  if (whole && result.text.trim().length < text.replace(/[?.!]$/, '').trim().length) return undefined;
  const start = result.start;
  const month = start.isCertain('month') ? start.get('month') : null;
  const day = start.isCertain('day') ? start.get('day') : null;
  const year = start.isCertain('year') ? start.get('year') : null;
  if (month === null) return year === null ? undefined : { ok: true, date: { kind: 'year', year } };
  if (year !== null && day !== null) return { ok: true, date: { kind: 'day', year, month, day } };
  if (year !== null) return { ok: true, date: { kind: 'month', year, month } };
  if (day !== null) return fromMonthDay(month, day);
  return { ok: true, date: { kind: 'calendar-month', month } };
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
