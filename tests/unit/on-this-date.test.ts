// The "on this date" rules of DESIGN.md on a small hand-built catalog: day facts recur on their
// month-day, month facts fill their month, year facts never recur, 29 February, time zones.
import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/briefing/model.ts';
import type { CalendarDay } from '../../src/dates/calendar.ts';
import { Dateline } from '../../src/dateline.ts';
import { Catalog } from '../../src/facts/catalog.ts';
import { dueOnDay, factsOnDay } from '../../src/digests/on-this-date.ts';
import { makeFact, THEMES } from './support.ts';

const facts = [
  makeFact('day-2020', '2020-06-15'),
  makeFact('day-2023', '2023-06-15'),
  makeFact('month-2023', '2023-06'),
  makeFact('year-2023', '2023'),
  makeFact('leap-2020', '2020-02-29'),
  makeFact('feb28-2019', '2019-02-28'),
  makeFact('may31-2021', '2021-05-31'),
  makeFact('jun01-2021', '2021-06-01'),
  makeFact('undated'),
];
const catalog = new Catalog(facts, THEMES);
const dateline = new Dateline(catalog, 'Asia/Seoul');

const ids = (list: readonly { id: string }[]) => list.map((fact) => fact.id);
const day = (year: number, month: number, d: number): CalendarDay => ({ year, month, day: d });
/** Noon in Seoul on a calendar day, so that the day is the same in every nearby zone. */
const noonInSeoul = (year: number, month: number, d: number) =>
  new Date(`${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}T12:00:00+09:00`);

function section(briefing: Briefing, heading: string | undefined) {
  return briefing.sections.find((s) => s.heading === heading);
}

function sectionIds(briefing: Briefing, heading: string | undefined): string[] {
  return (section(briefing, heading)?.items ?? []).map((item) => item.factId ?? '');
}

function allIds(briefing: Briefing): string[] {
  return briefing.sections.flatMap((s) => s.items.map((item) => item.factId ?? ''));
}

describe('day precision', () => {
  it('recurs on its month-day every year, oldest first, with "N years ago" from the year asked about', async () => {
    for (let year = 2024; year <= 2040; year++) {
      expect(ids(factsOnDay(catalog, day(year, 6, 15)).onDay)).toEqual(['day-2020', 'day-2023']);
      const briefing = await dateline.ask('today', { now: noonInSeoul(year, 6, 15), zone: 'Asia/Seoul' });
      const items = section(briefing, 'On this day')?.items ?? [];
      expect(items.map((item) => [item.factId, item.anniversary])).toEqual([
        ['day-2020', `${year - 2020} years ago`],
        ['day-2023', year - 2023 === 1 ? '1 year ago' : `${year - 2023} years ago`],
      ]);
      expect(briefing.title).toContain(`15 June ${year}`);
    }
  });

  it('is not on the neighbouring days', () => {
    expect(ids(factsOnDay(catalog, day(2026, 6, 14)).onDay)).toEqual([]);
    expect(ids(factsOnDay(catalog, day(2026, 6, 16)).onDay)).toEqual([]);
  });

  it('`on 06-15` counts anniversaries from the current year', async () => {
    const briefing = await dateline.ask('on 06-15', { now: noonInSeoul(2026, 1, 10), zone: 'Asia/Seoul' });
    expect(briefing.title).toContain('15 June 2026');
    expect(section(briefing, 'On this day')?.items.map((item) => item.anniversary)).toEqual(['6 years ago', '3 years ago']);
  });

  it('`on 2023-06-15` gives that day and its month, nothing from other years', async () => {
    const briefing = await dateline.ask('on 2023-06-15', { now: noonInSeoul(2026, 1, 10), zone: 'Asia/Seoul' });
    expect(briefing.title).toBe('15 June 2023');
    expect(sectionIds(briefing, 'On 15 June 2023')).toEqual(['day-2023']);
    expect(sectionIds(briefing, 'During June 2023')).toEqual(['month-2023']);
    expect(allIds(briefing)).not.toContain('day-2020');
  });
});

describe('month precision', () => {
  it('is listed under "This month" on every day of its month, in later years', async () => {
    for (let d = 1; d <= 30; d++) {
      expect(ids(factsOnDay(catalog, day(2026, 6, d)).thisMonth)).toEqual(['month-2023']);
      const briefing = await dateline.ask('today', { now: noonInSeoul(2026, 6, d), zone: 'Asia/Seoul' });
      expect(section(briefing, 'This month')?.items.map((item) => [item.factId, item.anniversary])).toEqual([
        ['month-2023', '3 years ago'],
      ]);
    }
  });

  it('is not listed outside its month', () => {
    expect(ids(factsOnDay(catalog, day(2026, 5, 31)).thisMonth)).toEqual([]);
    expect(ids(factsOnDay(catalog, day(2026, 7, 1)).thisMonth)).toEqual([]);
  });

  it('is due in the daily digest only on the 1st of its month', () => {
    expect(ids(dueOnDay(catalog, day(2026, 6, 1)).thisMonth)).toEqual(['month-2023']);
    for (let d = 2; d <= 30; d++) expect(ids(dueOnDay(catalog, day(2026, 6, d)).thisMonth)).toEqual([]);
  });

  it('`on June 2023` lists the month and the days in it, not other years or the year fact', async () => {
    const briefing = await dateline.ask('on June 2023', { now: noonInSeoul(2026, 1, 10), zone: 'Asia/Seoul' });
    expect(allIds(briefing).sort()).toEqual(['day-2023', 'month-2023']);
  });
});

describe('year precision', () => {
  it('is never "on this date", on any day of any year', () => {
    for (const year of [2023, 2024, 2026]) {
      for (let d = day(year, 1, 1); d.year === year; d = nextDay(d)) {
        const found = factsOnDay(catalog, d);
        expect([...ids(found.onDay), ...ids(found.thisMonth)]).not.toContain('year-2023');
      }
    }
  });

  it('shows in `on 2023` together with the other facts of 2023', async () => {
    const briefing = await dateline.ask('on 2023', { now: noonInSeoul(2026, 1, 10), zone: 'Asia/Seoul' });
    expect(allIds(briefing).sort()).toEqual(['day-2023', 'month-2023', 'year-2023']);
  });

  it('undated facts never answer a date lookup', async () => {
    for (const text of ['on 2023', 'on 2020', 'on June 2023', 'on 06-15', 'today', 'week']) {
      const briefing = await dateline.ask(text, { now: noonInSeoul(2026, 6, 15), zone: 'Asia/Seoul' });
      expect(allIds(briefing), text).not.toContain('undated');
    }
  });
});

describe('29 February', () => {
  it('shows on 28 February in a year without a 29th, with its own anniversary count', async () => {
    expect(ids(factsOnDay(catalog, day(2026, 2, 28)).onDay)).toEqual(['feb28-2019', 'leap-2020']);
    const briefing = await dateline.ask('today', { now: noonInSeoul(2026, 2, 28), zone: 'Asia/Seoul' });
    expect(section(briefing, 'On this day')?.items.map((item) => [item.factId, item.anniversary])).toEqual([
      ['feb28-2019', '7 years ago'],
      ['leap-2020', '6 years ago'],
    ]);
  });

  it('shows on 29 February in a leap year, and not on the 28th then', () => {
    expect(ids(factsOnDay(catalog, day(2028, 2, 29)).onDay)).toEqual(['leap-2020']);
    expect(ids(factsOnDay(catalog, day(2028, 2, 28)).onDay)).toEqual(['feb28-2019']);
  });

  it('does not spill onto 1 March', () => {
    expect(ids(factsOnDay(catalog, day(2026, 3, 1)).onDay)).toEqual([]);
    expect(ids(factsOnDay(catalog, day(2028, 3, 1)).onDay)).toEqual([]);
  });
});

describe('time zones', () => {
  const instant = new Date('2026-05-31T23:30:00Z');

  it('2026-05-31T23:30:00Z is 1 June in Asia/Seoul', async () => {
    const briefing = await dateline.ask('today', { now: instant, zone: 'Asia/Seoul' });
    expect(briefing.title).toContain('1 June 2026');
    expect(sectionIds(briefing, 'On this day')).toEqual(['jun01-2021']);
    expect(sectionIds(briefing, 'This month')).toEqual(['month-2023']);
  });

  it('the same instant is 31 May in UTC', async () => {
    const briefing = await dateline.ask('today', { now: instant, zone: 'UTC' });
    expect(briefing.title).toContain('31 May 2026');
    expect(allIds(briefing)).toEqual(['may31-2021']);
  });

  it('falls back to the Dateline default zone when the context gives none', async () => {
    expect((await new Dateline(catalog, 'Asia/Seoul').ask('today', { now: instant })).title).toContain('1 June 2026');
    expect((await new Dateline(catalog, 'UTC').ask('today', { now: instant })).title).toContain('31 May 2026');
  });

  it('a zone west of UTC can still be on the previous day', async () => {
    const briefing = await dateline.ask('today', { now: new Date('2026-06-01T03:00:00Z'), zone: 'America/New_York' });
    expect(briefing.title).toContain('31 May 2026');
  });
});

describe('no anniversary before its event', () => {
  it('a day fact does not show in earlier years and shows without "years ago" in its own year', async () => {
    expect(ids(factsOnDay(catalog, day(2022, 6, 15)).onDay)).toEqual(['day-2020']);
    expect(ids(factsOnDay(catalog, day(2019, 6, 15)).onDay)).toEqual([]);
    const own = await dateline.ask('today', { now: noonInSeoul(2023, 6, 15), zone: 'Asia/Seoul' });
    expect(section(own, 'On this day')?.items.map((item) => [item.factId, item.anniversary])).toEqual([
      ['day-2020', '3 years ago'],
      ['day-2023', undefined],
    ]);
  });

  it('a month fact does not show in its month of an earlier year', () => {
    expect(ids(factsOnDay(catalog, day(2022, 6, 10)).thisMonth)).toEqual([]);
  });

  it('a 29 February fact does not show on 28 February before its year', () => {
    expect(ids(factsOnDay(catalog, day(2019, 2, 28)).onDay)).toEqual(['feb28-2019']);
  });

  it('is no dead end when a day has nothing: one line says so, then the nearest anniversaries ahead and the archive fact', async () => {
    const at = noonInSeoul(2026, 9, 9);
    const briefing = await dateline.ask('today', { now: at, zone: 'Asia/Seoul' });
    expect(briefing.title).toContain('9 September 2026');
    expect(briefing.intro).toBe('Nothing on record for 9 September or for September in our facts.');
    // 28 February 2027 has the 28 February fact and, 2027 not being a leap year, the 29 February one.
    expect(briefing.sections.map((s) => [s.heading, s.items.map((item) => item.factId)])).toEqual([
      ['Coming up — 28 February 2027', ['feb28-2019', 'leap-2020']],
      ['Coming up — 31 May 2027', ['may31-2021']],
      ['From the archive', [dateline.digests.archive.factFor(day(2026, 9, 9))!.id]],
    ]);
    // The archive fact is the one the daily digest of that day shows.
    expect(allIds(dateline.digests.daily(at, 'Asia/Seoul')!)).toEqual([briefing.sections[2]!.items[0]!.factId]);
  });

  it('"yesterday" and "tomorrow" are on-this-date for those days in the zone asked about', async () => {
    // 15 June 2026 00:30 in Seoul is still 14 June in UTC.
    const at = new Date('2026-06-14T15:30:00Z');
    expect((await dateline.ask('what happened yesterday?', { now: at, zone: 'Asia/Seoul' })).title).toBe('On this date — 14 June 2026');
    expect((await dateline.ask('what happened yesterday?', { now: at, zone: 'UTC' })).title).toBe('On this date — 13 June 2026');
    const tomorrow = await dateline.ask('tomorrow', { now: noonInSeoul(2026, 6, 14), zone: 'Asia/Seoul' });
    expect(tomorrow.title).toBe('On this date — 15 June 2026');
    expect(sectionIds(tomorrow, 'On this day')).toEqual(['day-2020', 'day-2023']);
  });
});

describe('week', () => {
  it('lists the anniversaries of the next 7 days, today included, by day', async () => {
    const briefing = await dateline.ask('week', { now: noonInSeoul(2026, 6, 9), zone: 'Asia/Seoul' });
    expect(briefing.title).toMatch(/9 June 2026 to 15 June 2026/);
    expect(briefing.sections.map((s) => [s.heading, s.items.map((item) => item.factId)])).toEqual([
      ['15 June 2026', ['day-2020', 'day-2023']],
    ]);
  });

  it('does not reach the 8th day, and says so before showing what comes after the week', async () => {
    const briefing = await dateline.ask('week', { now: noonInSeoul(2026, 6, 8), zone: 'Asia/Seoul' });
    expect(briefing.intro).toBe('No anniversaries in the next 7 days.');
    expect(briefing.sections.map((s) => s.heading)).toEqual([
      'Coming up — 15 June 2026',
      'Coming up — 28 February 2027',
      'From the archive',
    ]);
    expect(sectionIds(briefing, 'Coming up — 15 June 2026')).toEqual(['day-2020', 'day-2023']);
    expect(sectionIds(briefing, 'Coming up — 28 February 2027')).toHaveLength(1);
  });

  it('includes a month fact on the 1st of its month', async () => {
    const briefing = await dateline.ask('week', { now: noonInSeoul(2026, 5, 28), zone: 'Asia/Seoul' });
    expect(briefing.sections.map((s) => [s.heading, s.items.map((item) => item.factId)])).toEqual([
      ['31 May 2026', ['may31-2021']],
      ['1 June 2026', ['jun01-2021', 'month-2023']],
    ]);
  });
});

function nextDay(d: CalendarDay): CalendarDay {
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}
