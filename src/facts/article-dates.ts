// How an article's sentence states its date, for `facts draft`: chrono reads the written dates
// (English month names, ISO and other year-first numbers, and Korean "2024년 2월 14일" through one
// added parser); patterns read what chrono does not (quarters, halves and seasons of a year,
// targets, ranges, a period's start, a bare year). Only what the words fix is a date: a date
// relative to when the article was written ("last month", "this spring", "two years ago") is none.
import * as chrono from 'chrono-node';
import { factDateText, parseFactDate, type FactDate } from '../dates/fact-date.ts';

export interface StatedDate {
  date: FactDate;
  /** The words that state it. */
  words: string;
  /** "As of …": a status at the date rather than an event. */
  asOf: boolean;
  /** A quarter, half or season, dated by its year: a pack has no finer precision for it. */
  period?: boolean;
}

export interface SentenceDates {
  dates: StatedDate[];
  /** Why a date the sentence names is not its date, for the reviewer. */
  notes: string[];
  /** "during the same month", "later that year": the date of the sentence before, at that precision. */
  samePeriod?: 'month' | 'year';
}

/** "2024년 2월 14일", "2024년 2월", "2월 14일" (a month without a year is left to the no-year rule). */
const KOREAN_DATE: chrono.Parser = {
  pattern: () => /(?:(\d{4})\s*년\s*)?(\d{1,2})\s*월(?:\s*(\d{1,2})\s*일)?/,
  extract: (_context, match) => {
    const [, year, month, day] = match;
    return { ...(year ? { year: Number(year) } : {}), month: Number(month), ...(day ? { day: Number(day) } : {}) };
  },
};
const reader = chrono.casual.clone();
reader.parsers.push(KOREAN_DATE);

/** The reference chrono reads against, and a second one: what a date's words do not fix moves with it. */
const REFERENCE = new Date(2000, 0, 1);
const OTHER_REFERENCE = new Date(2010, 6, 15);
/** Numbers alone are a date only year first (2024-02-14, 2024.02.14, 2024/02/14): "3/4" is no date. */
const YEAR_FIRST = /^\d{4}([-./])\d{1,2}\1\d{1,2}$/;
/** The same in running text, where chrono left it: an impossible date ("2024-02-30"). */
const YEAR_FIRST_IN_TEXT = /\b(\d{4})[-./](\d{1,2})[-./](\d{1,2})\b/g;

const YEAR = '(1[89]\\d\\d|20\\d\\d)';
const RANGE = new RegExp(`\\b${YEAR}\\s*(?:-|\u2013|\u2014|~|to)\\s*${YEAR}\\b`, 'g');
const TARGET = new RegExp(
  `\\b(?:by|until|till|through|before)\\s+(?:the\\s+end\\s+of\\s+)?${YEAR}\\b|${YEAR}\\s*년\\s*(?:까지|말까지)`,
  'gi',
);
const SINCE = new RegExp(`\\bsince\\s+${YEAR}\\b|${YEAR}\\s*년\\s*(?:부터|이후)`, 'gi');
const YEAR_MENTION = new RegExp(`\\b(?:in|during|of|for|from)\\s+(?:early\\s+|late\\s+|mid-)?${YEAR}\\b|${YEAR}\\s*년`, 'gi');
const ORDINAL = '(?:first|second|third|fourth|1st|2nd|3rd|4th|final|last)';
/** A quarter, half or season of a stated year ("Q1 2024", "the second quarter of 2024", "H2 2023", "spring 2023"). */
const PERIOD = new RegExp(
  `\\b(?:(by|until|till|through|before)\\s+(?:the\\s+end\\s+of\\s+)?)?(?:the\\s+)?` +
    `(?:Q[1-4]|[1-4]Q|H[12]|${ORDINAL}\\s+(?:quarter|half)|(?:early\\s+|late\\s+)?(?:spring|summer|autumn|fall|winter))` +
    `\\s*,?\\s*(?:of\\s+)?(?:FY\\s*)?${YEAR}\\b|\\b${YEAR}\\s*(?:Q[1-4]|H[12])\\b`,
  'gi',
);
/** Relative expressions chrono does not read: seasons, quarters and halves near now, and Korean ones. */
const RELATIVE = new RegExp(
  '\\b(?:this|last|next|past|coming|previous|earlier this|later this)\\s+(?:spring|summer|autumn|fall|winter|quarter|half)\\b(?!\\s*,?\\s*(?:of\\s+)?(?:FY\\s*)?\\d{4})' +
    '|지난\\s?(?:달|해|주)|작년|올해|내년|이번\\s?달|다음\\s?달|\\d+\\s*(?:년|개월|달)\\s*전',
  'gi',
);
const SAME_PERIOD = /\b(?:during|in|later in|earlier in)\s+(?:the\s+)?same\s+(month|year)\b|\b(?:later|earlier)\s+that\s+(month|year)\b/i;
const AS_OF_BEFORE = /\bas of\s*$/i;

/** The dates a sentence states, and notes on those it names but that are not its date. */
export function statedDates(sentence: string): SentenceDates {
  const notes: string[] = [];
  const dates: StatedDate[] = [];
  let rest = sentence;
  const mask = (start: number, length: number) => {
    rest = rest.slice(0, start) + ' '.repeat(length) + rest.slice(start + length);
  };
  const asOf = (index: number) => AS_OF_BEFORE.test(sentence.slice(0, index));
  for (const match of [...sentence.matchAll(PERIOD)]) {
    const words = match[0].replace(/^the\s+/i, '');
    if (match[1]) notes.push(`"${words}" is a target, not the event's date`);
    else {
      const year = Number(match[2] ?? match[3]);
      notes.push(`"${words}" is a quarter, half or season: dated by its year, as a pack has no finer precision; keep it in the title`);
      dates.push({ date: { precision: 'year', year }, words, asOf: asOf(match.index), period: true });
    }
    mask(match.index, match[0].length);
  }
  // chrono reads what the periods leave: "the last quarter of 2023" is no relative "last quarter".
  for (const result of reader.parse(rest, REFERENCE)) {
    const words = result.text.replace(/^on\s+/i, '').replace(/[,\s]+$/, '');
    // "now" is the article's present, not a date it names.
    if (/^now$/i.test(words)) continue;
    if (isRelative(result)) {
      mask(result.index, result.text.length);
      notes.push(relativeNote(words));
      continue;
    }
    const { start } = result;
    // A month must be named with a capital ("may" is a verb far more often than a month), or
    // written as numbers year first, or in Korean.
    if (!start.isCertain('month') || !(/[A-Z]/.test(words) || YEAR_FIRST.test(words) || /월/.test(words))) continue;
    mask(result.index, result.text.length);
    if (!start.isCertain('year')) {
      notes.push(`"${words}" has no year: left undated (never guess the year)`);
      continue;
    }
    const year = start.get('year')!;
    const month = start.get('month')!;
    const date: FactDate = start.isCertain('day')
      ? { precision: 'day', year, month, day: start.get('day')! }
      : { precision: 'month', year, month };
    const checked = parseFactDate(factDateText(date));
    if (!checked.ok) notes.push(`${checked.reason}: left undated`);
    else dates.push({ date, words, asOf: asOf(result.index) });
  }
  for (const match of [...rest.matchAll(YEAR_FIRST_IN_TEXT)]) {
    const checked = parseFactDate(
      match
        .slice(1, 4)
        .map((part, index) => (index === 0 ? part : part!.padStart(2, '0')))
        .join('-'),
    );
    if (!checked.ok) notes.push(`${checked.reason}: left undated`);
    mask(match.index, match[0].length);
  }
  for (const match of [...rest.matchAll(RELATIVE)]) {
    notes.push(relativeNote(match[0]));
    mask(match.index, match[0].length);
  }
  for (const match of [...rest.matchAll(RANGE)]) {
    notes.push(`${match[0]} is a range, not the event's date`);
    mask(match.index, match[0].length);
  }
  const targets = [...rest.matchAll(TARGET)];
  for (const match of targets) {
    notes.push(`"${match[0]}" is a target, not the event's date`);
    mask(match.index, match[0].length);
  }
  for (const match of [...rest.matchAll(SINCE)]) {
    notes.push(`"${match[0]}" starts a period, not an event's date`);
    mask(match.index, match[0].length);
  }
  for (const match of rest.matchAll(YEAR_MENTION)) {
    const year = match[1] ?? match[2];
    const words = match[1] ? match[0].replace(/^\w+\s+/, '') : match[0];
    if (targets.length > 0) notes.push(`${words} is the baseline of a projection, not an event's date`);
    else dates.push({ date: { precision: 'year', year: Number(year) }, words, asOf: asOf(match.index) });
  }
  const same = SAME_PERIOD.exec(sentence);
  const samePeriod = (same?.[1] ?? same?.[2])?.toLowerCase() as 'month' | 'year' | undefined;
  return { dates, notes, ...(samePeriod ? { samePeriod } : {}) };
}

/**
 * Whether chrono took the date from when it is read rather than from the words: it says so for
 * most relative forms, and a date that moves with the reference ("this year") is relative too.
 */
function isRelative(result: chrono.ParsedResult): boolean {
  if (result.tags().has('result/relativeDate')) return true;
  const again = reader.parse(result.text, OTHER_REFERENCE)[0];
  if (!again) return false;
  return (['year', 'month', 'day'] as const).some(
    (component) => result.start.isCertain(component) && again.start.get(component) !== result.start.get(component),
  );
}

const relativeNote = (words: string) =>
  `"${words}" is relative to when the article was written: left undated (anchor it to the publication date by hand)`;

/**
 * The date a short text is, and nothing else but a time of day ("14 February 2024",
 * "2024.02.14 10:30", "2024년 2월 14일"): a byline's or a page's publication date. Undefined
 * for anything else, a relative date or one without a year.
 */
export function writtenDate(text: string): FactDate | undefined {
  const result = reader.parse(text, REFERENCE)[0];
  if (!result || isRelative(result) || !result.start.isCertain('year') || !result.start.isCertain('month')) return undefined;
  const around = text.slice(0, result.index) + text.slice(result.index + result.text.length);
  if (/[\p{L}\d]/u.test(around.replace(/\b(?:on|at|[AP]M|KST|UTC|GMT)\b|\d{1,2}:\d{2}(?::\d{2})?/gi, ''))) return undefined;
  const { start } = result;
  const date: FactDate = start.isCertain('day')
    ? { precision: 'day', year: start.get('year')!, month: start.get('month')!, day: start.get('day')! }
    : { precision: 'month', year: start.get('year')!, month: start.get('month')! };
  return parseFactDate(factDateText(date)).ok ? date : undefined;
}
