// Dateline.ask as the one entry point: help, subscription commands handed to the desk for a
// channel (or a notice without one), "today" in the channel's subscription zone, and a search that
// waits for the search index being built in the background.
import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/briefing/model.ts';
import { apologyBriefing, notice } from '../../src/briefing/model.ts';
import type { Logger } from 'pino';
import { Dateline, type SubscriptionCommand, type SubscriptionDesk } from '../../src/dateline.ts';
import { Catalog } from '../../src/facts/catalog.ts';
import { makeFact, THEMES } from './support.ts';
import type { ChannelRef } from '../../src/types.ts';

const catalog = new Catalog([makeFact('may31', '2021-05-31'), makeFact('jun01', '2021-06-01')], THEMES);
const channel: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'C1' };
// 08:30 on 1 June in Seoul, still 31 May in UTC.
const instant = new Date('2026-05-31T23:30:00Z');

class FakeDesk implements SubscriptionDesk {
  readonly calls: { command: SubscriptionCommand; channel: ChannelRef; now: Date }[] = [];
  constructor(private readonly zone?: string) {}
  async handle(command: SubscriptionCommand, at: ChannelRef, now: Date): Promise<Briefing> {
    this.calls.push({ command, channel: at, now });
    return notice(`desk handled ${command.kind}`);
  }
  async zoneOf(): Promise<string | undefined> {
    return this.zone;
  }
}

function withDesk(desk: SubscriptionDesk): Dateline {
  const dateline = new Dateline(catalog, 'Asia/Seoul');
  dateline.useSubscriptions(desk);
  return dateline;
}

const ids = (briefing: Briefing) => briefing.sections.flatMap((s) => s.items.map((item) => item.factId));

describe('subscription commands', () => {
  it('without a desk or a channel, explain that digests live in channels and suggest a preview', async () => {
    const bare = new Dateline(catalog, 'Asia/Seoul');
    const noChannel = withDesk(new FakeDesk());
    for (const [dateline, context] of [
      [bare, { now: instant, channel }],
      [noChannel, { now: instant }],
    ] as const) {
      const briefing = await dateline.ask('subscribe weekly', context);
      expect(briefing.kind).toBe('notice');
      expect(briefing.title).toMatch(/channels/);
      expect(briefing.suggestions).toEqual(['preview weekly']);
    }
  });

  it('with a desk and a channel, hand the parsed command to the desk', async () => {
    const desk = new FakeDesk();
    const briefing = await withDesk(desk).ask('subscribe daily 07:30 Europe/London quiet', { now: instant, channel });
    expect(briefing.title).toBe('desk handled subscribe');
    expect(desk.calls).toEqual([
      {
        command: { kind: 'subscribe', cadence: 'daily', quiet: true, time: { hour: 7, minute: 30 }, zone: 'Europe/London' },
        channel,
        now: instant,
      },
    ]);
  });

  it('a bad subscription command never reaches the desk', async () => {
    const desk = new FakeDesk();
    const briefing = await withDesk(desk).ask('subscribe daily 25:00', { now: instant, channel });
    expect(briefing.kind).toBe('error');
    expect(desk.calls).toEqual([]);
  });
});

describe('"today" follows the channel', () => {
  it('uses the channel subscription zone', async () => {
    const briefing = await withDesk(new FakeDesk('UTC')).ask('today', { now: instant, channel });
    expect(briefing.title).toContain('31 May 2026');
    expect(ids(briefing)).toEqual(['may31']);
  });

  it('uses the context zone when the channel has no subscription zone', async () => {
    const briefing = await withDesk(new FakeDesk(undefined)).ask('today', { now: instant, channel, zone: 'UTC' });
    expect(briefing.title).toContain('31 May 2026');
  });

  it('prefers the channel subscription zone to the fallback zone in the context', async () => {
    // RunContext.zone is documented as "the zone for today when the channel has no subscription zone",
    // and DESIGN.md: "Today is today in the zone of the channel's subscription, else DATELINE_TZ".
    const briefing = await withDesk(new FakeDesk('UTC')).ask('today', { now: instant, channel, zone: 'Asia/Seoul' });
    expect(briefing.title).toContain('31 May 2026');
  });

  it('falls back to the default zone without channel or context zone', async () => {
    expect((await withDesk(new FakeDesk(undefined)).ask('today', { now: instant, channel })).title).toContain('1 June 2026');
  });
});

describe('help', () => {
  it('lists every command of the command language', async () => {
    const briefing = await new Dateline(catalog, 'Asia/Seoul').ask('help', { now: instant });
    expect(briefing.kind).toBe('help');
    const titles = briefing.sections.flatMap((s) => s.items.map((item) => item.title)).join('\n');
    for (const word of [
      'today',
      'on <date>',
      'week',
      'themes',
      'theme <id>',
      'search <words>',
      'latest [n]',
      'fact <id>',
      'subscribe daily',
      'subscribe weekly',
      'unsubscribe',
      'subscriptions',
      'preview daily|weekly',
    ]) {
      expect(titles).toContain(word);
    }
  });
});

describe('a failure inside the core', () => {
  it('is logged and answered with the one apology, never thrown', async () => {
    const logged: unknown[] = [];
    const logger = { error: (fields: unknown) => logged.push(fields) } as unknown as Logger;
    const dateline = new Dateline(catalog, 'Asia/Seoul', logger);
    dateline.useSubscriptions({ handle: () => Promise.reject(new Error('store is down')) });
    const answer = await dateline.ask('subscriptions', { now: instant, channel });
    expect(answer).toEqual(apologyBriefing());
    expect(answer.kind).toBe('error');
    expect(logged).toHaveLength(1);
  });
});

describe('a search before the search index is ready', () => {
  it('waits for the index built in the background, letting the event loop turn, and shares one build', async () => {
    // Several build chunks' worth of facts, one of them about Lunit.
    const facts = Array.from({ length: 5_000 }, (_, i) => makeFact(`fact-${i}`, '2021-05-31'));
    facts[4_321] = { ...makeFact('lunit', '2021-05-31'), title: 'Lunit raises funds' };
    const building = new Catalog(facts, THEMES);
    const dateline = new Dateline(building, 'Asia/Seoul');
    let turns = 0;
    const counting = setInterval(() => turns++, 0);
    const prepared = building.prepareSearch();
    const answer = await dateline.ask('search lunit', { now: instant });
    clearInterval(counting);
    expect(ids(answer)).toEqual(['lunit']);
    expect(building.prepareSearch()).toBe(prepared);
    // Built on the event loop at once, the index would have let no timer run.
    expect(turns).toBeGreaterThan(1);
    building.close();
  });

  it('is not waited for by a lookup that does not search, and stops building when the catalog closes', async () => {
    const facts = Array.from({ length: 5_000 }, (_, i) => makeFact(`fact-${i}`, '2021-05-31'));
    const building = new Catalog(facts, THEMES);
    let prepared = false;
    const preparing = building.prepareSearch().then(() => {
      prepared = true;
    });
    const answer = await new Dateline(building, 'Asia/Seoul').ask('on 31 May 2021', { now: instant });
    expect(ids(answer)).toContain('fact-0');
    expect(prepared).toBe(false);
    building.close();
    await expect(preparing).rejects.toMatchObject({ name: 'AbortError' });
  });
});
