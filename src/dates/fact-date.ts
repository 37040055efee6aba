// Parsing, validating, ordering and labelling fact dates ("2023", "2023-06", "2023-06-15").
import { format } from 'date-fns/format';
import { getDaysInMonth } from 'date-fns/getDaysInMonth';

/** A fact's date at the precision its source states it (EDTF level 0). */
export type FactDate =
  | { precision: 'year'; year: number }
  | { precision: 'month'; year: number; month: number }
  | { precision: 'day'; year: number; month: number; day: number };

const FACT_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export type DateCheck = { ok: true; date: FactDate } | { ok: false; reason: string };

/** Parses an EDTF level-0 date, explaining what is wrong with an impossible one. */
export function parseFactDate(text: string): DateCheck {
  const match = FACT_DATE.exec(text.trim());
  if (!match) {
    return { ok: false, reason: `"${text}" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD` };
  }
  const year = Number(match[1]);
  if (match[2] === undefined) return checkYear(year);
  const month = Number(match[2]);
  if (month < 1 || month > 12) {
    return { ok: false, reason: `${text} is not a date: a month is 01 to 12` };
  }
  if (match[3] === undefined) return { ok: true, date: { precision: 'month', year, month } };
  const day = Number(match[3]);
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    return { ok: false, reason: `${text} is not a date: ${monthName(month)} ${year} has ${days} days` };
  }
  return { ok: true, date: { precision: 'day', year, month, day } };
}

function checkYear(year: number): DateCheck {
  if (year < 1) return { ok: false, reason: `${year} is not a year` };
  return { ok: true, date: { precision: 'year', year } };
}

export function daysInMonth(year: number, month: number): number {
  return getDaysInMonth(new Date(year, month - 1, 1));
}

export function monthName(month: number): string {
  return format(new Date(2000, month - 1, 1), 'MMMM');
}

/** "21 March 2022", "June 2023" or "2018": the date at exactly the precision it has. */
export function formatFactDate(date: FactDate): string {
  switch (date.precision) {
    case 'year':
      return String(date.year);
    case 'month':
      return `${monthName(date.month)} ${date.year}`;
    case 'day':
      return `${date.day} ${monthName(date.month)} ${date.year}`;
  }
}

/** The canonical EDTF text of a date, as written in fact packs. */
export function factDateText(date: FactDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (date.precision) {
    case 'year':
      return String(date.year);
    case 'month':
      return `${date.year}-${pad(date.month)}`;
    case 'day':
      return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
  }
}

/** Orders dates chronologically; a coarser date sorts before the finer dates it contains. */
export function compareFactDates(a: FactDate, b: FactDate): number {
  return sortKey(a) - sortKey(b);
}

/** A number that orders dates as compareFactDates does. */
export function sortKey(date: FactDate): number {
  const month = date.precision === 'year' ? 0 : date.month;
  const day = date.precision === 'day' ? date.day : 0;
  return date.year * 10_000 + month * 100 + day;
}

/** The first and last day a date covers, as YYYYMMDD numbers: "2023" covers 20230101 to 20231231. */
export function dateExtent(date: FactDate): { first: number; last: number } {
  const base = date.year * 10_000;
  if (date.precision === 'year') return { first: base + 101, last: base + 1231 };
  if (date.precision === 'month')
    return { first: base + date.month * 100 + 1, last: base + date.month * 100 + daysInMonth(date.year, date.month) };
  const key = base + date.month * 100 + date.day;
  return { first: key, last: key };
}
