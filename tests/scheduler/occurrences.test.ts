// When digests are due, in each subscription's own zone: daily and weekly times in Asia/Seoul
// (no DST) and America/New_York across both DST changes, a time inside a spring-forward gap (runs
// when the gap ends), a time in a repeated fall-back hour (runs once, the first time), and a
// property check over random zones, times and windows.
import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextOccurrence, occurrencesBetween } from '../../src/scheduler/occurrences.ts';
import type { Weekday } from '../../src/commands/types.ts';
import type { Schedule } from '../../src/store/subscriptions.ts';

const daily = (hour: number, minute: number, zone: string): Schedule => ({ cadence: 'daily', hour, minute, zone });
const weekly = (weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7, hour: number, minute: number, zone: string): Schedule => ({
  cadence: 'weekly',
  weekday,
  hour,
  minute,
  zone,
});
const iso = (dates: Date[]) => dates.map((date) => date.toISOString());
const between = (schedule: Schedule, from: string, to: string) => iso(occurrencesBetween(schedule, new Date(from), new Date(to)));

describe('daily occurrences', () => {
  it('are 09:00 in Seoul every day, 00:00 UTC', () => {
    expect(between(daily(9, 0, 'Asia/Seoul'), '2026-06-14T00:00:00Z', '2026-06-16T23:59:00Z')).toEqual([
      '2026-06-14T00:00:00.000Z',
      '2026-06-15T00:00:00.000Z',
      '2026-06-16T00:00:00.000Z',
    ]);
  });

  it('stay at 09:00 in New York across spring-forward and fall-back, moving in UTC', () => {
    expect(between(daily(9, 0, 'America/New_York'), '2026-03-07T00:00:00Z', '2026-03-09T23:59:00Z')).toEqual([
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
    expect(between(daily(9, 0, 'America/New_York'), '2026-10-31T00:00:00Z', '2026-11-02T23:59:00Z')).toEqual([
      '2026-10-31T13:00:00.000Z',
      '2026-11-01T14:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
    ]);
  });

  it('run a time that falls in the spring-forward gap at the first instant after the gap', () => {
    // 02:30 does not exist in New York on 8 March 2026: the clocks go from 02:00 EST to 03:00 EDT.
    expect(between(daily(2, 30, 'America/New_York'), '2026-03-07T00:00:00Z', '2026-03-09T23:59:00Z')).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
    // Lord Howe Island moves on by half an hour: 02:15 on 4 October 2026 runs at 02:30 (+11:00).
    expect(between(daily(2, 15, 'Australia/Lord_Howe'), '2026-10-03T00:00:00Z', '2026-10-03T23:59:00Z')).toEqual([
      '2026-10-03T15:30:00.000Z',
    ]);
  });

  it('run a time in the repeated fall-back hour once, at its first instance', () => {
    // 01:30 happens twice in New York on 1 November 2026: at 05:30 UTC (EDT) and 06:30 UTC (EST).
    expect(between(daily(1, 30, 'America/New_York'), '2026-10-31T00:00:00Z', '2026-11-02T23:59:00Z')).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
    expect(between(daily(1, 30, 'Europe/London'), '2026-10-25T00:00:00Z', '2026-10-25T23:59:00Z')).toEqual(['2026-10-25T00:30:00.000Z']);
  });

  it('survive a skipped day: Samoa left out 30 December 2011, whose time runs as the 31st begins', () => {
    expect(between(daily(10, 0, 'Pacific/Apia'), '2011-12-29T00:00:00Z', '2011-12-31T00:00:00Z')).toEqual([
      '2011-12-29T20:00:00.000Z',
      '2011-12-30T10:00:00.000Z',
      '2011-12-30T20:00:00.000Z',
    ]);
  });

  it('include both ends of the window', () => {
    expect(between(daily(9, 0, 'Asia/Seoul'), '2026-06-15T00:00:00Z', '2026-06-16T00:00:00Z')).toEqual([
      '2026-06-15T00:00:00.000Z',
      '2026-06-16T00:00:00.000Z',
    ]);
  });
});

describe('daily occurrences on chosen days', () => {
  const onDays = (days: Weekday[], hour: number, minute: number, zone: string): Schedule => ({
    cadence: 'daily',
    days,
    hour,
    minute,
    zone,
  });

  it('skip the weekend in Seoul, by the day in Seoul even when UTC is still on the day before', () => {
    // 07:00 on Monday 1 June 2026 in Seoul is 22:00 on Sunday in UTC.
    expect(between(onDays([1, 2, 3, 4, 5], 7, 0, 'Asia/Seoul'), '2026-05-29T00:00:00Z', '2026-06-02T00:00:00Z')).toEqual([
      '2026-05-31T22:00:00.000Z',
      '2026-06-01T22:00:00.000Z',
    ]);
  });

  it('run Monday, Wednesday and Friday at 08:30 in New York across spring-forward', () => {
    expect(between(onDays([1, 3, 5], 8, 30, 'America/New_York'), '2026-03-02T00:00:00Z', '2026-03-13T23:59:00Z')).toEqual([
      '2026-03-02T13:30:00.000Z',
      '2026-03-04T13:30:00.000Z',
      '2026-03-06T13:30:00.000Z',
      '2026-03-09T12:30:00.000Z',
      '2026-03-11T12:30:00.000Z',
      '2026-03-13T12:30:00.000Z',
    ]);
  });

  it('run on a Sunday whose time falls in the fall-back repeat once, and the next is a week later', () => {
    // Sunday 1 November 2026: 01:30 happens twice in New York; the digest runs at the first.
    const sundays = onDays([7], 1, 30, 'America/New_York');
    expect(between(sundays, '2026-10-30T00:00:00Z', '2026-11-09T00:00:00Z')).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-08T06:30:00.000Z',
    ]);
    expect(nextOccurrence(sundays, new Date('2026-11-01T05:30:00Z')).toISOString()).toBe('2026-11-08T06:30:00.000Z');
  });

  it('next after Friday evening is Monday for a weekday digest', () => {
    expect(nextOccurrence(onDays([1, 2, 3, 4, 5], 9, 0, 'Europe/London'), new Date('2026-06-05T09:00:00Z')).toISOString()).toBe(
      '2026-06-08T08:00:00.000Z',
    );
  });
});

describe('weekly occurrences', () => {
  it('are on their weekday in their zone, even when that is another day in UTC', () => {
    expect(between(weekly(1, 9, 0, 'Asia/Seoul'), '2026-05-31T00:00:00Z', '2026-06-15T00:00:00Z')).toEqual([
      '2026-06-01T00:00:00.000Z',
      '2026-06-08T00:00:00.000Z',
      '2026-06-15T00:00:00.000Z',
    ]);
    // Monday 07:00 in Seoul is still Sunday in UTC.
    expect(between(weekly(1, 7, 0, 'Asia/Seoul'), '2026-05-31T00:00:00Z', '2026-06-01T00:00:00Z')).toEqual(['2026-05-31T22:00:00.000Z']);
  });

  it('keep Monday 09:00 in New York across both DST changes', () => {
    expect(between(weekly(1, 9, 0, 'America/New_York'), '2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z')).toEqual([
      '2026-03-02T14:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
    expect(between(weekly(1, 9, 0, 'America/New_York'), '2026-10-25T00:00:00Z', '2026-11-03T00:00:00Z')).toEqual([
      '2026-10-26T13:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
    ]);
  });
});

describe('nextOccurrence', () => {
  it('is strictly after the instant given', () => {
    expect(nextOccurrence(daily(9, 0, 'Asia/Seoul'), new Date('2026-06-15T00:00:00Z')).toISOString()).toBe('2026-06-16T00:00:00.000Z');
    expect(nextOccurrence(daily(9, 0, 'Asia/Seoul'), new Date('2026-06-14T23:59:59Z')).toISOString()).toBe('2026-06-15T00:00:00.000Z');
  });

  it('finds next week’s day for a weekly schedule whose day has just passed', () => {
    expect(nextOccurrence(weekly(1, 9, 0, 'America/New_York'), new Date('2026-03-02T14:00:00Z')).toISOString()).toBe(
      '2026-03-09T13:00:00.000Z',
    );
    expect(nextOccurrence(weekly(7, 23, 30, 'Asia/Seoul'), new Date('2026-06-01T00:00:00Z')).toISOString()).toBe(
      '2026-06-07T14:30:00.000Z',
    );
  });
});

describe('occurrences, for any zone, time and window', () => {
  const zones = [
    'Asia/Seoul',
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
    'America/Santiago',
    'Asia/Tehran',
    'Pacific/Chatham',
    'UTC',
  ];
  /** The wall-clock date and time the zone shows at an instant, written as if it were UTC. */
  const wall = (instant: number, zone: string) => {
    const local = new TZDate(instant, zone);
    return Date.UTC(local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes());
  };
  const minuteOfDay = (wallTime: number) => (wallTime % 86_400_000) / 60_000;

  it('are increasing, one a local day, at the first instance of the time asked or, in a gap, at the first valid minute after it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
        (zone, hour, minute, from) => {
          const to = new Date(from.getTime() + 20 * 86_400_000);
          const occurrences = occurrencesBetween(daily(hour, minute, zone), from, to);
          expect(occurrences.length).toBeGreaterThanOrEqual(19);
          expect(occurrences.length).toBeLessThanOrEqual(21);
          const asked = hour * 60 + minute;
          for (const [index, at] of occurrences.entries()) {
            if (index > 0) expect(at.getTime()).toBeGreaterThan(occurrences[index - 1]!.getTime());
            const shown = wall(at.getTime(), zone);
            // The first of a repeated time: half an hour or an hour before, the clock showed another.
            for (const back of [30, 60]) expect(wall(at.getTime() - back * 60_000, zone)).not.toBe(shown);
            if (minuteOfDay(shown) !== asked) {
              // Only in a gap: the minute before, the clock showed a time before the one asked for.
              const askedWall = shown - ((minuteOfDay(shown) - asked + 1440) % 1440) * 60_000;
              expect(wall(at.getTime() - 60_000, zone)).toBeLessThan(askedWall);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
