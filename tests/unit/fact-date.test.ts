// Fact dates (EDTF level 0): parsing with reasons, labels at their own precision, ordering.
import { describe, expect, it } from 'vitest';
import { compareFactDates, factDateText, formatFactDate, parseFactDate, type FactDate } from '../../src/dates/fact-date.ts';

function parsed(text: string): FactDate {
  const result = parseFactDate(text);
  if (!result.ok) throw new Error(`expected ${text} to parse, got: ${result.reason}`);
  return result.date;
}

function reason(text: string): string {
  const result = parseFactDate(text);
  if (result.ok) throw new Error(`expected ${text} to be rejected, got ${JSON.stringify(result.date)}`);
  return result.reason;
}

describe('parseFactDate', () => {
  it('reads the three precisions', () => {
    expect(parsed('2023')).toEqual({ precision: 'year', year: 2023 });
    expect(parsed('2023-06')).toEqual({ precision: 'month', year: 2023, month: 6 });
    expect(parsed('2023-06-15')).toEqual({ precision: 'day', year: 2023, month: 6, day: 15 });
  });

  it('rejects 30 February and says the month has 28 days', () => {
    const why = reason('2023-02-30');
    expect(why).toContain('2023-02-30');
    expect(why).toMatch(/February 2023 has 28 days/);
  });

  it('accepts 29 February in a leap year only', () => {
    expect(parsed('2024-02-29')).toEqual({ precision: 'day', year: 2024, month: 2, day: 29 });
    expect(reason('2023-02-29')).toMatch(/28 days/);
    expect(reason('2024-02-30')).toMatch(/29 days/);
    expect(reason('1900-02-29')).toMatch(/28 days/); // not a leap year: divisible by 100
    expect(parsed('2000-02-29').precision).toBe('day'); // a leap year: divisible by 400
  });

  it('rejects a 31st in a 30-day month and a day 00', () => {
    expect(reason('2023-04-31')).toMatch(/April 2023 has 30 days/);
    expect(reason('2023-06-00')).toMatch(/June 2023 has 30 days/);
  });

  it('rejects month 13 and month 00, saying a month is 01 to 12', () => {
    expect(reason('2023-13')).toMatch(/a month is 01 to 12/);
    expect(reason('2023-00')).toMatch(/a month is 01 to 12/);
    expect(reason('2023-13-01')).toMatch(/a month is 01 to 12/);
  });

  it.each(['2023/06', 'June 2023', '23-06', '2023-6', '2023-06-5', '', 'next year', '20230615'])('rejects the form %j', (text) => {
    expect(reason(text)).toMatch(/YYYY, YYYY-MM or YYYY-MM-DD/);
  });
});

describe('formatFactDate', () => {
  it('labels each date at exactly its precision', () => {
    expect(formatFactDate(parsed('2018'))).toBe('2018');
    expect(formatFactDate(parsed('2023-06'))).toBe('June 2023');
    expect(formatFactDate(parsed('2022-03-21'))).toBe('21 March 2022');
    expect(formatFactDate(parsed('2024-02-29'))).toBe('29 February 2024');
  });

  it('round-trips through the canonical text', () => {
    for (const text of ['2018', '2023-06', '2022-03-21', '1999-01-01']) expect(factDateText(parsed(text))).toBe(text);
  });
});

describe('compareFactDates', () => {
  it('orders chronologically across precisions, a coarser date before the finer dates inside it', () => {
    const texts = ['2023-06-15', '2022', '2023-06', '2023', '2023-06-01', '2022-12-31', '2023-07'];
    const sorted = texts.map(parsed).sort(compareFactDates).map(factDateText);
    expect(sorted).toEqual(['2022', '2022-12-31', '2023', '2023-06', '2023-06-01', '2023-06-15', '2023-07']);
  });

  it('is zero only for equal dates and antisymmetric', () => {
    const a = parsed('2023-06');
    const b = parsed('2023-06-15');
    expect(compareFactDates(a, parsed('2023-06'))).toBe(0);
    expect(Math.sign(compareFactDates(a, b))).toBe(-1);
    expect(Math.sign(compareFactDates(b, a))).toBe(1);
  });
});
