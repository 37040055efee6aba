// Dates in words relative to the day a question is asked: "last spring", "the year before last",
// "four years ago", "earlier this year", "last quarter", "April this year", "the past two years".
// A question keeps the phrase (DateQuery 'relative'); the answer resolves it against today in the
// channel's zone, and its title states the dates ("Last spring (March–May 2026)"). Counts of units
// ago and "last year/month" are read by chrono; what chrono does not read (seasons, quarters,
// "before last", "earlier this year") by the table below. Seasons are those of parse-range.ts.
import * as chrono from 'chrono-node/en';
import { addCalendarDays, isoWeekday, type CalendarDay } from '../dates/calendar.ts';
import { daysInMonth, formatFactDate, monthName, type FactDate } from '../dates/fact-date.ts';
import type { DateQuery } from './types.ts';

type Range = Extract<DateQuery, { kind: 'range' }>;
/** A relative phrase found in a text: where, and the dates it means as of `today`. */
export interface RelativeMatch {
  phrase: string;
  index: number;
  date: Range;
}

const SEASONS: Record<string, number> = { spring: 3, summer: 6, autumn: 9, fall: 9, winter: 12 };
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

const monthOf = (year: number, month: number): FactDate => ({ precision: 'month', year, month });
const dayOf = (day: CalendarDay): FactDate => ({ precision: 'day', ...day });
/** The month `offset` months from (year, month). */
function shift(year: number, month: number, offset: number): { year: number; month: number } {
  const index = year * 12 + month - 1 + offset;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The phrase as a title's start ("last spring" → "Last spring"), with what it means. */
function label(phrase: string, from: FactDate, to: FactDate): string {
  const name = phrase.trim().replace(/\s+/g, ' ');
  return `${name[0]!.toUpperCase()}${name.slice(1)} (${extent(from, to)})`;
}

/** "March–May 2026", "December 2025 – February 2026", "2022", "May 2023", "8–14 June 2026". */
function extent(from: FactDate, to: FactDate): string {
  if (from.precision === 'year' && to.precision === 'year') return from.year === to.year ? `${from.year}` : `${from.year}–${to.year}`;
  if (from.precision === 'month' && to.precision === 'month') {
    if (from.year === to.year && from.month === to.month) return formatFactDate(from);
    if (from.year === to.year) return `${monthName(from.month)}–${monthName(to.month)} ${to.year}`;
  }
  if (from.precision === 'day' && to.precision === 'day' && from.year === to.year && from.month === to.month) {
    return from.day === to.day ? formatFactDate(from) : `${from.day}–${to.day} ${monthName(to.month)} ${to.year}`;
  }
  return `${formatFactDate(from)} – ${formatFactDate(to)}`;
}

const range = (phrase: string, from: FactDate, to: FactDate): Range => ({ kind: 'range', from, to, label: label(phrase, from, to) });

/** The `back`-th most recent season of that name that has ended by today (1 is the last one). */
function season(name: string, back: number, today: CalendarDay): { from: FactDate; to: FactDate } {
  const first = SEASONS[name]!;
  // The latest start of this season in a year whose season is over: it ends two months after it starts.
  let start = today.year;
  const ended = (year: number) => {
    const end = shift(year, first, 2);
    return end.year < today.year || (end.year === today.year && end.month < today.month);
  };
  while (!ended(start)) start--;
  start -= back - 1;
  const end = shift(start, first, 2);
  return { from: monthOf(start, first), to: monthOf(end.year, end.month) };
}

/** The season of that name this year, or the one under way (this winter began last December in February). */
function thisSeason(name: string, today: CalendarDay): { from: FactDate; to: FactDate } {
  const first = SEASONS[name]!;
  const start = first === 12 && today.month <= 2 ? today.year - 1 : today.year;
  const end = shift(start, first, 2);
  return { from: monthOf(start, first), to: monthOf(end.year, end.month) };
}

type Reader = (match: RegExpExecArray, today: CalendarDay) => { from: FactDate; to: FactDate };

const YEAR = (year: number) => ({ from: { precision: 'year', year } as FactDate, to: { precision: 'year', year } as FactDate });
const count = (word: string) => NUMBERS[word] ?? Number(word);

/** What chrono does not read, first match wins; each pattern is whole words of a lower-cased text. */
const PHRASES: [RegExp, Reader][] = [
  [/\b(?:the\s+)?year\s+before\s+last\b/, (_m, today) => YEAR(today.year - 2)],
  [/\b(?:the\s+)?(spring|summer|autumn|fall|winter)\s+before\s+last\b/, (m, today) => season(m[1]!, 2, today)],
  [/\b(?:last|past|previous)\s+(spring|summer|autumn|fall|winter)\b/, (m, today) => season(m[1]!, 1, today)],
  [/\bthis\s+(spring|summer|autumn|fall|winter)\b/, (m, today) => thisSeason(m[1]!, today)],
  [
    /\b(spring|summer|autumn|fall|winter)\s+(?:of\s+)?(this|last)\s+year\b/,
    (m, today) => thisSeason(m[1]!, { ...today, year: today.year - (m[2] === 'last' ? 1 : 0), month: 12 }),
  ],
  [/\bearlier\s+this\s+year\b/, (_m, today) => ({ from: monthOf(today.year, 1), to: monthOf(today.year, today.month) })],
  [
    /\b(?:last|past|previous)\s+quarter\b/,
    (_m, today) => {
      const first = shift(today.year, Math.floor((today.month - 1) / 3) * 3 + 1, -3);
      return { from: monthOf(first.year, first.month), to: monthOf(first.year, first.month + 2) };
    },
  ],
  [
    /\bthis\s+quarter\b/,
    (_m, today) => {
      const first = Math.floor((today.month - 1) / 3) * 3 + 1;
      return { from: monthOf(today.year, first), to: monthOf(today.year, first + 2) };
    },
  ],
  [
    new RegExp(`\\b(${MONTHS.join('|')})\\s+(?:of\\s+)?(this|last)\\s+year\\b`),
    (m, today) => {
      const at = monthOf(today.year - (m[2] === 'last' ? 1 : 0), MONTHS.indexOf(m[1]!) + 1);
      return { from: at, to: at };
    },
  ],
  [
    /\b(?:in\s+)?the\s+(?:past|last)\s+(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(years|months)\b/,
    (m, today) => {
      const n = count(m[1]!);
      if (m[2] === 'years') return { from: { precision: 'year', year: today.year - n + 1 }, to: { precision: 'year', year: today.year } };
      const first = shift(today.year, today.month, -(n - 1));
      return { from: monthOf(first.year, first.month), to: monthOf(today.year, today.month) };
    },
  ],
  [/\bthis\s+year\b/, (_m, today) => YEAR(today.year)],
  [/\bthis\s+month\b/, (_m, today) => ({ from: monthOf(today.year, today.month), to: monthOf(today.year, today.month) })],
  // "this week" alone asks for the week's anniversaries (intents.ts); something new this week is dated this week.
  [
    /\b(?:new\s+this|last|past|previous)\s+week\b/,
    (m, today) => {
      const monday = addCalendarDays(today, 1 - isoWeekday(today) - (m[0].startsWith('new') ? 0 : 7));
      return { from: dayOf(monday), to: dayOf(addCalendarDays(monday, 6)) };
    },
  ],
];

const CHRONO_READS = /\bago\b|\blast\s+(?:year|month)\b/;

/** "four years ago", "a month ago", "last year", "last month": chrono, at the precision it is certain of. */
function fromChrono(
  text: string,
  today: CalendarDay,
): { match: { index: number; text: string }; from: FactDate; to: FactDate } | undefined {
  const instant = new Date(Date.UTC(today.year, today.month - 1, today.day, 12));
  for (const result of chrono.parse(text, { instant, timezone: 0 })) {
    if (!CHRONO_READS.test(result.text)) continue;
    const start = result.start;
    if (!start.isCertain('year')) continue;
    const year = start.get('year')!;
    if (!start.isCertain('month')) return { match: result, ...YEAR(year) };
    const month = start.get('month')!;
    if (!start.isCertain('day')) return { match: result, from: monthOf(year, month), to: monthOf(year, month) };
    const day = dayOf({ year, month, day: Math.min(start.get('day')!, daysInMonth(year, month)) });
    return { match: result, from: day, to: day };
  }
  return undefined;
}

/** The first relative date in a text, resolved as of `today`, if any. */
export function findRelativeDate(text: string, today: CalendarDay): RelativeMatch | undefined {
  const lower = text.toLowerCase();
  for (const [pattern, read] of PHRASES) {
    const match = pattern.exec(lower);
    if (!match) continue;
    const { from, to } = read(match, today);
    const phrase = text.slice(match.index, match.index + match[0].length);
    return { phrase, index: match.index, date: range(phrase, from, to) };
  }
  // chrono is the costly part of reading a question: asked only when a phrase it reads is there.
  const found = CHRONO_READS.test(lower) ? fromChrono(lower, today) : undefined;
  if (!found) return undefined;
  const phrase = text.slice(found.match.index, found.match.index + found.match.text.length);
  return { phrase, index: found.match.index, date: range(phrase, found.from, found.to) };
}
