// The scheduled digests on the real pack: the daily "on this date" digest, its "From the archive"
// rotation (deterministic, no repeat before every fact has been shown), quiet days, and the
// weekly thematic digest rotating through themes.yaml by ISO week.
import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/briefing/model.ts';
import { compareFactDates } from '../../src/dates/fact-date.ts';
import { Dateline } from '../../src/dateline.ts';
import { Digests } from '../../src/digests/digests.ts';
import { Catalog } from '../../src/facts/catalog.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { FACTS_DIR } from './support.ts';

const catalog = openCatalog(FACTS_DIR);
const ZONE = 'Asia/Seoul';
const ids = (briefing: Briefing | undefined) => (briefing?.sections ?? []).flatMap((s) => s.items.map((item) => item.factId ?? ''));
const sorted = (list: string[]) => [...list].sort();
const pad = (n: number) => String(n).padStart(2, '0');
/** 09:00 in Seoul on a calendar day given in UTC terms. */
const nineInSeoul = (day: Date) =>
  new Date(`${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}T09:00:00+09:00`);

/** One calendar day in milliseconds (the walks step through midnights UTC). */
const DAY_MS = 86_400_000;

/**
 * The archive facts of the first `count` quiet days from `from` on (days with something due
 * show no archive fact and are only counted).
 */
function archiveWalk(digests: Digests, from: string, count: number): { picks: string[]; dueDays: number } {
  const picks: string[] = [];
  let dueDays = 0;
  for (let t = Date.parse(`${from}T00:00:00Z`); picks.length < count; t += DAY_MS) {
    const briefing = digests.daily(nineInSeoul(new Date(t)), ZONE);
    const archive = briefing?.sections.find((s) => s.heading === 'From the archive');
    if (archive) {
      expect(briefing!.sections).toHaveLength(1);
      expect(archive.items).toHaveLength(1);
      picks.push(archive.items[0]!.factId!);
    } else {
      dueDays++;
    }
  }
  return { picks, dueDays };
}

function expectFairRotation(picks: string[], all: string[]): void {
  const n = all.length;
  expect(picks.length).toBeGreaterThanOrEqual(2 * n);
  for (let start = 0; start + n <= picks.length; start++) {
    const window = picks.slice(start, start + n);
    expect(new Set(window).size, `quiet days ${start}..${start + n - 1} repeat a fact`).toBe(n);
    expect(sorted(window)).toEqual(all);
  }
}

describe('daily digest', () => {
  const digests = new Digests(catalog);

  it('on 1 June 2026 lists the June month facts under "This month"', () => {
    const briefing = digests.daily(new Date('2026-06-01T09:00:00+09:00'), ZONE);
    const june = catalog.facts.filter((fact) => fact.date?.precision === 'month' && fact.date.month === 6).map((f) => f.id);
    expect(june.length).toBeGreaterThan(0);
    expect(briefing?.title).toBe('On this date — 1 June 2026');
    expect(briefing?.sections.map((s) => s.heading)).toEqual(['This month']);
    expect(sorted(ids(briefing))).toEqual(sorted(june));
    for (const item of briefing!.sections[0]!.items) expect(item.anniversary).toMatch(/^\d+ years? ago$/);
  });

  it('on 2 June 2026 nothing is due, so it shows one fact "From the archive"', () => {
    const briefing = digests.daily(new Date('2026-06-02T09:00:00+09:00'), ZONE);
    expect(briefing?.sections.map((s) => s.heading)).toEqual(['From the archive']);
    expect(ids(briefing)).toHaveLength(1);
    expect(catalog.fact(ids(briefing)[0]!)).toBeDefined();
    expect(briefing?.intro).toMatch(/archive/);
  });

  it('on 21 March 2026 shows the PAREXEL anniversary "On this day"', () => {
    const briefing = digests.daily(new Date('2026-03-21T09:00:00+09:00'), ZONE);
    const parexel = catalog.facts.find((fact) => fact.entities.includes('PAREXEL'))!;
    expect(briefing?.sections.find((s) => s.heading === 'On this day')?.items.map((i) => [i.factId, i.anniversary])).toEqual([
      [parexel.id, '4 years ago'],
    ]);
  });

  it('a quiet subscription gets nothing when nothing is due, and the digest when something is', () => {
    expect(digests.daily(new Date('2026-06-02T09:00:00+09:00'), ZONE, { quiet: true })).toBeUndefined();
    expect(ids(digests.daily(new Date('2026-06-01T09:00:00+09:00'), ZONE, { quiet: true })).length).toBeGreaterThan(0);
  });

  it('uses the day in the subscription zone: 1 June 08:30 in Seoul is still 31 May in UTC', () => {
    const instant = new Date('2026-05-31T23:30:00Z');
    expect(digests.daily(instant, ZONE)?.title).toBe('On this date — 1 June 2026');
    expect(digests.daily(instant, 'UTC')?.title).toBe('On this date — 31 May 2026');
    expect(digests.daily(instant, 'UTC')?.sections.map((s) => s.heading)).toEqual(['From the archive']);
  });

  it('`preview daily` shows the same digest', async () => {
    const now = new Date('2026-06-01T09:00:00+09:00');
    const preview = await new Dateline(catalog, ZONE).ask('preview daily', { now, zone: ZONE });
    expect(preview).toEqual(digests.daily(now, ZONE));
  });
});

describe('"From the archive" rotation', () => {
  const all = sorted(catalog.facts.map((fact) => fact.id));
  // Two full cycles and one more, so that every window of one cycle is checked.
  const twoCycles = 2 * all.length + 1;
  // One instance for the walks: a fresh Digests first counts every quiet day since 2000.
  const shared = new Digests(catalog);

  it('shows no fact twice before every fact has been shown, over any run of quiet days', () => {
    const { picks, dueDays } = archiveWalk(shared, '2026-02-20', twoCycles);
    // 1 March, 21 March, 1 April and 1 May have something due and do not advance the rotation.
    expect(dueDays).toBeGreaterThanOrEqual(4);
    expectFairRotation(picks, all);
  });

  it('stays fair across a new year', () => {
    expectFairRotation(archiveWalk(shared, '2026-12-01', twoCycles).picks, all);
  });

  it('stays fair across the rotation epoch (years before and after 2000)', () => {
    expectFairRotation(archiveWalk(shared, '1999-11-20', twoCycles).picks, all);
  });

  it('is a pure function of the day: a fresh Digests, another hour or another zone on the same day agree', () => {
    const fresh = new Digests(catalog);
    for (const day of ['2026-06-02', '2026-08-17', '2030-01-02']) {
      const expected = ids(fresh.daily(new Date(`${day}T09:00:00+09:00`), ZONE));
      expect(expected).toHaveLength(1);
      expect(ids(shared.daily(new Date(`${day}T09:00:00+09:00`), ZONE)), day).toEqual(expected);
      expect(ids(shared.daily(new Date(`${day}T23:59:00+09:00`), ZONE)), day).toEqual(expected);
      expect(ids(shared.daily(new Date(`${day}T12:00:00Z`), 'UTC')), day).toEqual(expected);
    }
  });

  it('moves on from one quiet day to the next', () => {
    const { picks, dueDays } = archiveWalk(shared, '2026-06-02', 2);
    expect(dueDays).toBe(0);
    expect(picks).toHaveLength(2);
    expect(picks[0]).not.toBe(picks[1]);
  });
});

describe('weekly digest', () => {
  const digests = new Digests(catalog);
  const titles = catalog.themes.map((theme) => theme.title);
  const weeklyTitle = (iso: string, zone = ZONE) => digests.weekly(new Date(iso), zone)?.title ?? '<none>';

  it('gives consecutive weeks different themes, in themes.yaml order', () => {
    const sequence: string[] = [];
    for (let week = 0; week < 2 * titles.length + 1; week++) {
      sequence.push(weeklyTitle(new Date(Date.parse('2026-06-08T09:00:00+09:00') + week * 7 * 86_400_000).toISOString()));
    }
    const first = titles.indexOf(sequence[0]!);
    expect(first).toBeGreaterThanOrEqual(0);
    for (const [week, title] of sequence.entries()) expect(title, `week ${week}`).toBe(titles[(first + week) % titles.length]);
    expect(new Set(sequence.slice(0, titles.length)).size).toBe(titles.length);
  });

  it('keeps one theme from Monday to Sunday and changes it on Monday', () => {
    const monday = weeklyTitle('2026-06-08T00:01:00+09:00');
    for (const day of ['09', '10', '11', '12', '13', '14']) expect(weeklyTitle(`2026-06-${day}T12:00:00+09:00`)).toBe(monday);
    expect(weeklyTitle('2026-06-14T23:59:00+09:00')).toBe(monday);
    expect(weeklyTitle('2026-06-07T23:59:00+09:00')).not.toBe(monday);
    expect(weeklyTitle('2026-06-15T00:00:00+09:00')).not.toBe(monday);
  });

  it('follows ISO weeks across a new year (the week of Monday 28 December 2026 runs into 2027)', () => {
    const lastWeek = weeklyTitle('2026-12-28T09:00:00+09:00');
    expect(weeklyTitle('2027-01-01T09:00:00+09:00')).toBe(lastWeek);
    expect(weeklyTitle('2027-01-03T09:00:00+09:00')).toBe(lastWeek);
    const next = weeklyTitle('2027-01-04T09:00:00+09:00');
    expect(titles.indexOf(next)).toBe((titles.indexOf(lastWeek) + 1) % titles.length);
  });

  it('decides the week in the subscription zone', () => {
    // Monday 00:30 in Seoul is still Sunday in UTC.
    const instant = '2026-06-08T00:30:00+09:00';
    expect(weeklyTitle(instant, ZONE)).toBe(weeklyTitle('2026-06-08T12:00:00+09:00'));
    expect(weeklyTitle(instant, 'UTC')).toBe(weeklyTitle('2026-06-07T12:00:00+09:00'));
  });

  it('with a theme id, gives that theme whatever the week', () => {
    for (const theme of catalog.themes) {
      for (const week of ['2026-06-08', '2026-06-15']) {
        const briefing = digests.weekly(new Date(`${week}T09:00:00+09:00`), ZONE, theme.id);
        expect(briefing?.title).toBe(theme.title);
        expect(sorted(ids(briefing))).toEqual(sorted(catalog.facts.filter((f) => f.themes.includes(theme.id)).map((f) => f.id)));
      }
    }
  });

  it('lists dated facts newest first, then the undated ones', () => {
    for (const theme of catalog.themes) {
      const facts = ids(digests.weekly(new Date('2026-06-08T09:00:00+09:00'), ZONE, theme.id)).map((id) => catalog.fact(id)!);
      const firstUndated = facts.findIndex((fact) => !fact.date);
      const datedPart = firstUndated === -1 ? facts : facts.slice(0, firstUndated);
      if (firstUndated !== -1)
        expect(
          facts.slice(firstUndated).every((fact) => !fact.date),
          theme.id,
        ).toBe(true);
      for (let i = 1; i < datedPart.length; i++) {
        expect(compareFactDates(datedPart[i - 1]!.date!, datedPart[i]!.date!), theme.id).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('an unknown theme gives no digest, and `preview weekly theme <unknown>` an error', async () => {
    expect(digests.weekly(new Date('2026-06-08T09:00:00+09:00'), ZONE, 'robotics')).toBeUndefined();
    const briefing = await new Dateline(catalog, ZONE).ask('preview weekly theme robotics', { now: new Date('2026-06-08T09:00:00+09:00') });
    expect(briefing.kind).toBe('error');
    expect(briefing.title).toContain('robotics');
  });

  it('`preview weekly` shows the theme of the week', async () => {
    const now = new Date('2026-06-08T09:00:00+09:00');
    const briefing = await new Dateline(catalog, ZONE).ask('preview weekly', { now, zone: ZONE });
    expect(briefing.title).toBe(digests.themeOfWeek(now, ZONE)?.title);
  });
});

describe('the digest for a subscription (scheduler, preview and `dateline digest` alike)', () => {
  const digests = new Digests(catalog);
  const empty = new Digests(new Catalog([], []));
  const daily = { cadence: 'daily', zone: ZONE, quiet: false } as const;
  const weekly = { cadence: 'weekly', zone: ZONE, quiet: false } as const;
  const JUNE_FIRST = new Date('2026-06-01T09:00:00+09:00');
  const QUIET_DAY = new Date('2026-06-02T09:00:00+09:00');

  it('posts the daily or weekly digest there is', () => {
    expect(digests.forSubscription(daily, JUNE_FIRST)).toEqual({ action: 'post', briefing: digests.daily(JUNE_FIRST, ZONE) });
    const theme = catalog.themes[1]!;
    expect(digests.forSubscription({ ...weekly, themeId: theme.id }, JUNE_FIRST)).toEqual({
      action: 'post',
      briefing: digests.weekly(JUNE_FIRST, ZONE, theme.id),
    });
  });

  it('skips, with one wording for each reason, when there is nothing to post', () => {
    expect(digests.forSubscription({ ...daily, quiet: true }, QUIET_DAY)).toEqual({
      action: 'skip',
      reason: 'Nothing is due on this date, and a quiet digest posts nothing then.',
    });
    expect(empty.forSubscription(daily, QUIET_DAY)).toEqual({
      action: 'skip',
      reason: 'Nothing is due on this date, and the archive is empty.',
    });
    expect(empty.forSubscription(weekly, QUIET_DAY)).toEqual({ action: 'skip', reason: 'There are no themes to digest yet.' });
  });

  it('pauses a weekly subscription whose theme has left the packs', () => {
    expect(digests.forSubscription({ ...weekly, themeId: 'robotics' }, JUNE_FIRST)).toEqual({
      action: 'pause',
      reason: 'The theme "robotics" is no longer in the fact packs: subscribe again with another theme.',
    });
  });

  it('gives `preview` the same wording when there is nothing to show', async () => {
    const briefing = await new Dateline(new Catalog([], []), ZONE).ask('preview weekly', { now: JUNE_FIRST, zone: ZONE });
    expect(briefing.title).toBe('There are no themes to digest yet.');
  });
});
