// Dates in words relative to the day a question is asked: "last spring", "the year before last",
// "four years ago", "earlier this year", "last quarter", "April this year", "the past two years".
// A question keeps the phrase (DateQuery 'relative'); the answer resolves it against today in the
// channel's zone, and its title states the dates ("Last spring (March–May 2026)"). Counts of units
// ago and "last year/month" are read by chrono; what chrono does not read (seasons, quarters,
// "before last", "earlier this year", "the past few months", "late last year", "two years back")
// by the table below. Seasons are those of parse-range.ts.
// A follow-up's dates relative to the last answer's date ("that spring", "the year after",
// "around then", "anything older?", 그해, 같은 달, 그때) are read by findAnaphoricDate.
import * as chrono from 'chrono-node/en';
import { addCalendarDays, isoWeekday, type CalendarDay } from '../dates/calendar.ts';
import { daysInMonth, formatFactDate, monthName, type FactDate } from '../dates/fact-date.ts';
import { YEAR_PARTS } from './parse-range.ts';
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
/** How many "a few" and "recent" years or months are. */
const FEW = 3;
const count = (word: string) => (word === 'few' ? FEW : word.startsWith('couple') ? 2 : (NUMBERS[word] ?? Number(word)));

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
  [
    /\b(?:earlier\s+this\s+year|so\s+far\s+this\s+year|this\s+year\s+so\s+far|year\s+to\s+date)\b/,
    (_m, today) => ({ from: monthOf(today.year, 1), to: monthOf(today.year, today.month) }),
  ],
  [
    /\b(first|second|1st|2nd)\s+half\s+of\s+(this|last)\s+year\b/,
    (m, today) => {
      const year = today.year - (m[2] === 'last' ? 1 : 0);
      const first = /^(?:first|1st)$/.test(m[1]!) ? 1 : 7;
      return { from: monthOf(year, first), to: monthOf(year, first + 5) };
    },
  ],
  [
    /\b(?:(early|mid|late)[\s-]+|(?:the\s+)?(beginning|start|middle|end)\s+of\s+)(this|last)\s+year\b/,
    (m, today) => {
      const { first, last } = YEAR_PARTS[m[1] ?? m[2]!]!;
      const year = today.year - (m[3] === 'last' ? 1 : 0);
      return { from: monthOf(year, first), to: monthOf(year, last) };
    },
  ],
  // The twelve months to this one: "over the past year", "in the last year" (but "last year" is the calendar year).
  [
    /\b(?:(?:over|in|during|within)\s+the\s+(?:past|last)\s+year|the\s+past\s+year|(?:the\s+)?(?:past|last)\s+12\s+months)\b/,
    (_m, today) => {
      const first = shift(today.year, today.month, -11);
      return { from: monthOf(first.year, first.month), to: monthOf(today.year, today.month) };
    },
  ],
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
  // "last March" is the latest March before this month; "this March" this year's.
  [
    new RegExp(`\\b(last|past|previous|this)\\s+(${MONTHS.join('|')})\\b`),
    (m, today) => {
      const month = MONTHS.indexOf(m[2]!) + 1;
      const at = monthOf(m[1] === 'this' || month < today.month ? today.year : today.year - 1, month);
      return { from: at, to: at };
    },
  ],
  [
    /\b(?:(?:in|over|during|within)\s+)?(?:the\s+)?(?:past|last|recent)\s+(few|couple\s+of|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(years|months)\b|\b(?:in\s+)?recent\s+(years|months)\b/,
    (m, today) => {
      const n = m[1] ? count(m[1]) : FEW;
      if ((m[2] ?? m[3]) === 'years')
        return { from: { precision: 'year', year: today.year - n + 1 }, to: { precision: 'year', year: today.year } };
      const first = shift(today.year, today.month, -(n - 1));
      return { from: monthOf(first.year, first.month), to: monthOf(today.year, today.month) };
    },
  ],
  [
    /\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(years?|months?)\s+back\b/,
    (m, today) => {
      if (m[2]!.startsWith('year')) return YEAR(today.year - count(m[1]!));
      const at = shift(today.year, today.month, -count(m[1]!));
      return { from: monthOf(at.year, at.month), to: monthOf(at.year, at.month) };
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

/** The first relative date in a text, resolved as of `today`, if any; "since", "after" or "before" it opens it ("since last year"). */
export function findRelativeDate(text: string, today: CalendarDay): RelativeMatch | undefined {
  const lower = text.toLowerCase();
  for (const [pattern, read] of PHRASES) {
    const match = pattern.exec(lower);
    if (!match) continue;
    const { from, to } = read(match, today);
    return opened(text, match.index, match[0].length, from, to);
  }
  // chrono is the costly part of reading a question: asked only when a phrase it reads is there.
  const found = CHRONO_READS.test(lower) ? fromChrono(lower, today) : undefined;
  if (!found) return undefined;
  return opened(text, found.match.index, found.match.text.length, found.from, found.to);
}

/** The phrase at `index`, or with "since", "after" or "before" just ahead of it the open range that makes: "since last year (since 2025)". */
function opened(text: string, index: number, length: number, from: FactDate, to: FactDate): RelativeMatch {
  const bound = /\b(since|after|before)\s+$/i.exec(text.slice(0, index));
  const phrase = text.slice(bound ? bound.index : index, index + length);
  if (!bound) return { phrase, index, date: range(phrase, from, to) };
  const word = bound[1]!.toLowerCase();
  const ends = word === 'since' ? { from } : word === 'after' ? { from: step(to, 1) } : { to: step(from, -1) };
  return { phrase, index: bound.index, date: { kind: 'range', ...ends, label: anaphoricLabel(phrase, ends.from, ends.to) } };
}

/** A date `offset` units (its own precision's: a year, a month, a day) from `date`. */
function step(date: FactDate, offset: number): FactDate {
  if (date.precision === 'year') return { precision: 'year', year: date.year + offset };
  if (date.precision === 'month') {
    const at = shift(date.year, date.month, offset);
    return monthOf(at.year, at.month);
  }
  return dayOf(addCalendarDays(date, offset));
}

/** The date at no finer a precision than a month: a day's month, a month, a year. */
const asMonth = (date: FactDate): FactDate => (date.precision === 'day' ? monthOf(date.year, date.month) : date);
const same = (date: FactDate) => ({ from: date, to: date });

/** The season of that name in the anchor's year (winter: the one the anchor's January or February ends, else the one its December starts). */
function seasonOf(name: string, anchor: FactDate): { from: FactDate; to: FactDate } {
  const month = anchor.precision === 'year' ? 6 : anchor.month;
  const named = name === 'season' ? Object.keys(SEASONS).find((key) => key !== 'fall' && inSeason(key, month))! : name;
  const first = SEASONS[named]!;
  const start = first === 12 && month <= 2 ? anchor.year - 1 : anchor.year;
  const end = shift(start, first, 2);
  return { from: monthOf(start, first), to: monthOf(end.year, end.month) };
}
const inSeason = (name: string, month: number) => (month - SEASONS[name]! + 12) % 12 < 3;

const HANGUL = /\p{Script=Hangul}/u;
const KOREAN_SEASONS: Record<string, string> = { 봄: 'spring', 여름: 'summer', 가을: 'autumn', 겨울: 'winter' };

type AnaphoricReader = (match: RegExpExecArray, anchor: FactDate) => { from?: FactDate; to?: FactDate };

/** Korean words of a follow-up's date, whole ("그때", not the end of 어그때), with a particle after ("그해에", "같은 달에는"). */
const ko = (words: string) =>
  `(?<!\\p{Script=Hangul})(?:${words})(?:에는|에도|부터|까지|으로는|로는|으로|로|에|의|엔|쯤|는|은|도)?(?!\\p{Script=Hangul})`;
const pattern = (english: string, korean: string) => new RegExp(`${english}|${ko(korean)}`, 'u');
/** A year or a month from the anchor, by the unit named (a month from a year's date is a year). */
const beside = (unit: string, anchor: FactDate, offset: number) =>
  same(step(unit.startsWith('year') || anchor.precision === 'year' ? { precision: 'year', year: anchor.year } : asMonth(anchor), offset));

/**
 * "that spring", "the same month", "그해": a date of the last answer's (`anchor`), each with how a
 * title names it when it was asked in Korean; the first that matches wins.
 */
const ANAPHORIC: { pattern: RegExp; english: string | ((match: RegExpExecArray) => string); read: AnaphoricReader }[] = [
  {
    pattern: pattern(
      '\\b(?:the\\s+)?(year|month)\\s+after\\b|\\bthe\\s+(?:following|next)\\s+(year|month)\\b|\\ba\\s+(year|month)\\s+(?:later|after)\\b',
      '이듬해|(?:그\\s*)?다음\\s*(해|달)',
    ),
    english: (m) => `The ${m[4] === '달' ? 'month' : 'year'} after`,
    read: (m, anchor) => beside(m[1] ?? m[2] ?? m[3] ?? (m[4] === '달' ? 'month' : 'year'), anchor, 1),
  },
  {
    pattern: pattern(
      '\\b(?:the\\s+)?(year|month)\\s+before\\b(?!\\s+last)|\\bthe\\s+(?:previous|prior)\\s+(year|month)\\b|\\ba\\s+(year|month)\\s+(?:earlier|before)\\b',
      '그\\s*전\\s*(해|달)',
    ),
    english: (m) => `The ${m[4] === '달' ? 'month' : 'year'} before`,
    read: (m, anchor) => beside(m[1] ?? m[2] ?? m[3] ?? (m[4] === '달' ? 'month' : 'year'), anchor, -1),
  },
  {
    pattern: pattern(
      '\\b(?:that|the\\s+same)\\s+(spring|summer|autumn|fall|winter|season)\\b',
      '그\\s*해?\\s*(봄|여름|가을|겨울)|(?:같은|그)\\s*계절',
    ),
    english: 'That season',
    read: (m, anchor) => seasonOf(m[1] ?? (m[2] ? KOREAN_SEASONS[m[2]]! : 'season'), anchor),
  },
  {
    pattern: pattern('\\b(?:that|the\\s+same)\\s+quarter\\b', '(?:같은|그)\\s*분기'),
    english: 'That quarter',
    read: (_m, anchor) => {
      if (anchor.precision === 'year') return same(anchor);
      const first = Math.floor((anchor.month - 1) / 3) * 3 + 1;
      return { from: monthOf(anchor.year, first), to: monthOf(anchor.year, first + 2) };
    },
  },
  { pattern: pattern('\\b(?:that|the\\s+same)\\s+day\\b', '(?:그|같은)\\s*날'), english: 'That day', read: (_m, anchor) => same(anchor) },
  {
    pattern: pattern('\\b(?:that|the\\s+same)\\s+month\\b', '(?:그|같은)\\s*달'),
    english: 'That month',
    read: (_m, anchor) => same(asMonth(anchor)),
  },
  {
    pattern: pattern('\\b(?:that|the\\s+same)\\s+year\\b', '(?:그|같은)\\s*(?:해|연도)'),
    english: 'That year',
    read: (_m, anchor) => same({ precision: 'year', year: anchor.year }),
  },
  {
    pattern: pattern('\\b(?:since\\s+then|after\\s+that|afterwards|later|newer|more\\s+recent(?:ly)?)\\b', '그\\s*(?:이후|후|뒤)'),
    english: 'Since then',
    read: (_m, anchor) => ({ from: step(asMonth(anchor), 1) }),
  },
  {
    pattern: pattern('\\b(?:before\\s+(?:that|then)|earlier|older|previously)\\b', '그\\s*(?:이전|전)'),
    english: 'Before that',
    read: (_m, anchor) => ({ to: step(asMonth(anchor), -1) }),
  },
  {
    pattern: pattern('\\b(?:around|about)\\s+(?:then|that\\s+time)\\b', '(?:그\\s*)?(?:무렵|즈음)'),
    english: 'Around then',
    read: (_m, anchor) => (anchor.precision === 'year' ? same(anchor) : { from: step(asMonth(anchor), -1), to: step(asMonth(anchor), 1) }),
  },
  {
    pattern: pattern(
      '\\b(?:back|by|at|from)\\s+(?:then|that\\s+time|the\\s+time)\\b|\\b(?:that|the\\s+same)\\s+time\\b|\\bthen$',
      '그\\s*때|그\\s*당시|당시|같은\\s*시기|그\\s*시기',
    ),
    english: 'Then',
    read: (_m, anchor) => same(asMonth(anchor)),
  },
];

/** How a follow-up's date is titled: "That spring (March–May 2023)", "Later (since July 2022)". */
function anaphoricLabel(phrase: string, from: FactDate | undefined, to: FactDate | undefined): string {
  if (from && to) return label(phrase, from, to);
  const name = phrase.trim().replace(/\s+/g, ' ');
  const title = `${name[0]!.toUpperCase()}${name.slice(1)}`;
  return from ? `${title} (since ${formatFactDate(from)})` : `${title} (up to ${formatFactDate(to!)})`;
}

/**
 * The first date in a follow-up that stands for the last answer's date (`anchor`): "that spring"
 * (that year's spring), "that year", "the same month", "that day", "that quarter", "the year
 * after", "a month earlier", "around then" (a month either side), "back then", "since then" or
 * "later" (from the next month on), "before that", "earlier" or "older" (up to the month before),
 * and their Korean: 그해, 같은 달, 그날, 그때, 당시, 그 무렵, 이듬해, 그 이후, 그 전.
 */
export function findAnaphoricDate(text: string, anchor: FactDate): RelativeMatch | undefined {
  const lower = text
    .toLowerCase()
    .replace(/[?!.,;:]/g, ' ')
    .trimEnd();
  for (const { pattern, english, read } of ANAPHORIC) {
    const match = pattern.exec(lower);
    if (!match) continue;
    const { from, to } = read(match, anchor);
    const phrase = text.slice(match.index, match.index + match[0].length);
    const name = !HANGUL.test(phrase) ? phrase : typeof english === 'string' ? english : english(match);
    return {
      phrase,
      index: match.index,
      date: { kind: 'range', ...(from ? { from } : {}), ...(to ? { to } : {}), label: anaphoricLabel(name, from, to) },
    };
  }
  return undefined;
}
