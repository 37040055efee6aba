// Date ranges: EDTF intervals in `on` ("2023-03/2023-05", "2022/2023", "2022/.."), and in
// questions seasons, quarters, halves, thirds of a year ("early 2023", "the end of 2022"),
// "between X and Y", "from X to Y", "since", "after", "before" and decades.
//
// Seasons are the northern hemisphere's meteorological seasons, in whole months: spring is
// March to May, summer June to August, autumn (or fall) September to November, and winter
// December to February, so "winter 2023" runs from December 2023 to February 2024.
// Quarters are calendar quarters (Q1 is January to March) and halves calendar halves. Early
// (or the beginning, the start of) a year is January to April, mid (the middle) May to August,
// late (the end) September to December.
import { dateExtent, formatFactDate, monthName, parseFactDate, type FactDate } from '../dates/fact-date.ts';
import type { DateParse, FoundDate } from './types.ts';

const SEASONS: Record<string, { first: number; last: number }> = {
  spring: { first: 3, last: 5 },
  summer: { first: 6, last: 8 },
  autumn: { first: 9, last: 11 },
  fall: { first: 9, last: 11 },
  winter: { first: 12, last: 2 },
};
const ORDINALS: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4 };
/** "the last quarter", "the last half": the fourth and the second. */
const LAST = { quarter: 4, half: 2 };
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** A month's name or its abbreviation ("sept" too), as a word. */
const MONTH_WORD = `(?:${MONTHS.join('|')}|${MONTHS.map((name) => name.slice(0, 3)).join('|')}|sept)\\.?`;
/** A date that can end a range in a question: "2022", "2023-03", "March", "March 2023". */
const BOUND = `(?:\\d{4}(?:-\\d{1,2})?|${MONTH_WORD}(?:\\s+(?:of\\s+)?\\d{4})?)`;
const EDTF_DATE = /^\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$/;

const range = (from: FactDate | undefined, to: FactDate | undefined, label: string): DateParse => ({
  ok: true,
  date: { kind: 'range', ...(from ? { from } : {}), ...(to ? { to } : {}), label },
});
const month = (year: number, month: number): FactDate => ({ precision: 'month', year, month });
const year = (value: number): FactDate => ({ precision: 'year', year: value });
const months = (first: number, last: number, from: number, to = from) =>
  `${monthName(first)}–${monthName(last)} ${from === to ? from : `${from} to ${to}`}`;

/** The argument of `on` as an EDTF interval ("2023-03/2023-05", "2022/.."), or undefined when it is not one. */
export function parseInterval(arg: string): DateParse | undefined {
  const ends = arg.split('/').map((end) => end.trim());
  if (ends.length !== 2 || !ends.every((end) => end === '..' || EDTF_DATE.test(end)) || ends.every((end) => end === '..')) return undefined;
  const dates: (FactDate | undefined)[] = [];
  for (const end of ends) {
    if (end === '..') {
      dates.push(undefined);
      continue;
    }
    const canonical = end.replace(/-(\d)(?=-|$)/g, '-0$1');
    const checked = parseFactDate(canonical);
    if (!checked.ok) return { ok: false, error: { message: checked.reason, suggestions: ['on 2023-03/2023-05'] } };
    dates.push(checked.date);
  }
  const [from, to] = dates;
  if (from && to && dateExtent(from).first > dateExtent(to).last) {
    return { ok: false, error: { message: `${arg} ends before it starts`, suggestions: [`on ${ends[1]}/${ends[0]}`] } };
  }
  return range(from, to, intervalLabel(from, to));
}

function intervalLabel(from: FactDate | undefined, to: FactDate | undefined): string {
  if (!from) return `Up to ${formatFactDate(to!)}`;
  if (!to) return `Since ${formatFactDate(from)}`;
  return `${formatFactDate(from)} to ${formatFactDate(to)}`;
}

type Reader = (match: RegExpExecArray) => DateParse | undefined;

/** Question forms of a range, each with how to read its match; the first that matches wins. */
const QUESTION_RANGES: [RegExp, Reader][] = [
  [/\b(spring|summer|autumn|fall|winter)\s+(?:of\s+)?(\d{4})\b/i, (m) => season(m[1]!, Number(m[2]))],
  [/\b(\d{4})\s+(spring|summer|autumn|fall|winter)\b/i, (m) => season(m[2]!, Number(m[1]))],
  [/\bq([1-4])\s*(?:of\s+)?(\d{4})\b/i, (m) => quarter(Number(m[1]), Number(m[2]))],
  [/\b(\d{4})\s*q([1-4])\b/i, (m) => quarter(Number(m[2]), Number(m[1]))],
  [
    /\b(first|second|third|fourth|1st|2nd|3rd|4th|last|final)\s+quarter\s+(?:of\s+)?(\d{4})\b/i,
    (m) => quarter(ORDINALS[m[1]!.toLowerCase()] ?? LAST.quarter, Number(m[2])),
  ],
  [/\bh([12])\s*(?:of\s+)?(\d{4})\b/i, (m) => half(Number(m[1]), Number(m[2]))],
  [/\b(\d{4})\s*h([12])\b/i, (m) => half(Number(m[2]), Number(m[1]))],
  [
    /\b(first|second|1st|2nd|last|final)\s+half\s+(?:of\s+)?(\d{4})\b/i,
    (m) => half(ORDINALS[m[1]!.toLowerCase()] ?? LAST.half, Number(m[2])),
  ],
  // "by the end of 2030" is a target (parse-date.ts), not a time asked about.
  [/(?<!\bby\s+(?:the\s+)?)\b(early|mid|late)[\s-]+(\d{4})\b/i, (m) => part(m[1]!, Number(m[2]))],
  [/(?<!\bby\s+(?:the\s+)?)\b(beginning|start|middle|end)\s+of\s+(\d{4})\b/i, (m) => part(m[1]!, Number(m[2]))],
  [/\b(?:the\s+)?(\d{3})0s\b/i, (m) => decade(Number(m[1]) * 10)],
  // "the 90s" is the 1990s, "the 20s" the 2020s: a two-digit decade is the nearest one to now.
  [/\bthe\s+'?(\d)0s\b/i, (m) => decade((Number(m[1]) <= 2 ? 2000 : 1900) + Number(m[1]) * 10)],
  [new RegExp(`\\bbetween\\s+(${BOUND})\\s+and\\s+(${BOUND})\\b`, 'i'), (m) => between(m[1]!, m[2]!)],
  [new RegExp(`\\bfrom\\s+(${BOUND})\\s+(?:to|until|till|through|thru)\\s+(${BOUND})\\b`, 'i'), (m) => between(m[1]!, m[2]!)],
  [new RegExp(`\\bsince\\s+(${BOUND})\\b`, 'i'), (m) => openEnded(m[1]!, 'since')],
  [new RegExp(`\\bafter\\s+(${BOUND})\\b`, 'i'), (m) => openEnded(m[1]!, 'after')],
  [new RegExp(`\\bbefore\\s+(${BOUND})\\b`, 'i'), (m) => openEnded(m[1]!, 'before')],
];

/** A range named anywhere in a question, if any. */
export function findRangeInQuestion(text: string): FoundDate | undefined {
  for (const [pattern, read] of QUESTION_RANGES) {
    const match = pattern.exec(text);
    const parse = match && read(match);
    if (parse) return { parse, rest: text.slice(0, match.index) + text.slice(match.index + match[0].length) };
  }
  return undefined;
}

function season(name: string, start: number): DateParse {
  const { first, last } = SEASONS[name.toLowerCase()]!;
  const end = last < first ? start + 1 : start;
  const title = `${name[0]!.toUpperCase()}${name.slice(1).toLowerCase()} ${start}`;
  return range(
    month(start, first),
    month(end, last),
    `${title} (${months(first, last, start, end)}: meteorological seasons, northern hemisphere)`,
  );
}

function quarter(number: number, at: number): DateParse {
  const first = number * 3 - 2;
  return range(month(at, first), month(at, first + 2), `Q${number} ${at} (${months(first, first + 2, at)})`);
}

function half(number: number, at: number): DateParse {
  const first = number === 1 ? 1 : 7;
  return range(
    month(at, first),
    month(at, first + 5),
    `${number === 1 ? 'First' : 'Second'} half of ${at} (${months(first, first + 5, at)})`,
  );
}

/** The first months of a year (early, the beginning or start), its middle ones (mid) or its last (late, the end). */
export const YEAR_PARTS: Record<string, { first: number; last: number; name: string }> = {
  early: { first: 1, last: 4, name: 'Early' },
  beginning: { first: 1, last: 4, name: 'Early' },
  start: { first: 1, last: 4, name: 'Early' },
  mid: { first: 5, last: 8, name: 'Mid' },
  middle: { first: 5, last: 8, name: 'Mid' },
  late: { first: 9, last: 12, name: 'Late' },
  end: { first: 9, last: 12, name: 'Late' },
};

function part(word: string, at: number): DateParse {
  const { first, last, name } = YEAR_PARTS[word.toLowerCase()]!;
  return range(month(at, first), month(at, last), `${name} ${at} (${months(first, last, at)})`);
}

function decade(start: number): DateParse {
  return range(year(start), year(start + 9), `The ${start}s (${start} to ${start + 9})`);
}

/** "between March and May 2023": an end without a year takes the other end's; ends given backwards are swapped. */
function between(fromText: string, toText: string): DateParse | undefined {
  const toDate = readBound(toText, undefined);
  const from = readBound(fromText, toDate?.year);
  const to = toDate ?? readBound(toText, from?.year);
  if (!from || !to) return undefined;
  const [first, last] = dateExtent(from).first > dateExtent(to).last ? [to, from] : [from, to];
  return range(first, last, intervalLabel(first, last));
}

function openEnded(text: string, word: 'since' | 'after' | 'before'): DateParse | undefined {
  const bound = readBound(text, undefined);
  if (!bound || bound.precision === 'day') return undefined;
  const label = formatFactDate(bound);
  if (word === 'since') return range(bound, undefined, `Since ${label}`);
  const step = word === 'after' ? 1 : -1;
  const next = bound.precision === 'year' ? year(bound.year + step) : shiftMonth(bound, step);
  return word === 'after' ? range(next, undefined, `After ${label}`) : range(undefined, next, `Before ${label}`);
}

function shiftMonth(date: Extract<FactDate, { precision: 'month' }>, step: number): FactDate {
  const index = date.year * 12 + date.month - 1 + step;
  return month(Math.floor(index / 12), (index % 12) + 1);
}

/** "2022", "2023-03", "March 2023" or "March" (in `fallbackYear`), as a date at its precision. */
function readBound(text: string, fallbackYear: number | undefined): FactDate | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^\d{4}$/.test(trimmed)) return year(Number(trimmed));
  const iso = /^(\d{4})-(\d{1,2})$/.exec(trimmed);
  if (iso) return Number(iso[2]) >= 1 && Number(iso[2]) <= 12 ? month(Number(iso[1]), Number(iso[2])) : undefined;
  const named = /^([a-z]+)\.?\s*(?:of\s+)?(\d{4})?$/.exec(trimmed);
  const word = named?.[1] ?? '';
  const index = MONTHS.findIndex((name) => name === word || name.slice(0, 3) === word || (word === 'sept' && name === 'september'));
  const at = named?.[2] ? Number(named[2]) : fallbackYear;
  return index >= 0 && at !== undefined ? month(at, index + 1) : undefined;
}
