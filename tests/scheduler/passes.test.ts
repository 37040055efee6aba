// Scheduler passes on a fake clock: daily and weekly digests in Asia/Seoul and America/New_York
// across DST changes (a gap and a repeated hour included), posted once per occurrence with the
// digest of the occurrence's day in the subscription's zone; theme rotation; quiet days; and
// catch-up at start-up, inside and beyond DATELINE_CATCHUP_HOURS.
import { describe, expect, it } from 'vitest';
import { TEST_THEMES } from '../support/catalog.ts';
import { createHarness, occurrencesPosted, runPasses, slackChannel, type Harness } from '../support/scheduler-harness.ts';
import type { ChannelRef } from '../../src/types.ts';

const at = (iso: string) => new Date(iso);
const C1 = slackChannel('C1');
const C2 = slackChannel('C2');

async function subscriptionId(h: Harness, channel: ChannelRef): Promise<string> {
  const [subscription] = await h.store.subscriptionsOf(channel);
  if (!subscription) throw new Error(`no subscription in ${channel.channel}`);
  return subscription.id;
}

async function statuses(h: Harness): Promise<Record<string, string>> {
  return Object.fromEntries((await h.store.deliveriesSince('')).map((record) => [record.occurrence, record.status]));
}

describe('a daily digest', () => {
  it('is posted once, at its time in its zone, keyed by subscription and occurrence', async () => {
    const h = await createHarness();
    await h.say(C1, 'subscribe daily', at('2026-06-14T12:00:00Z'));
    const id = await subscriptionId(h, C1);
    expect((await h.scheduler.runPass(at('2026-06-14T23:59:00Z'))).delivered).toBe(0);
    expect((await h.scheduler.runPass(at('2026-06-15T00:00:00Z'))).delivered).toBe(1);
    await h.scheduler.runPass(at('2026-06-15T00:01:00Z'));
    await h.scheduler.runPass(at('2026-06-15T03:00:00Z'));
    expect(h.slack.posts).toHaveLength(1);
    const [post] = h.slack.posts;
    expect(post!.channel).toEqual(C1);
    expect(post!.delivery).toEqual({ subscriptionId: id, occurrence: '2026-06-15T00:00:00.000Z', key: `${id}@2026-06-15T00:00:00.000Z` });
    expect(post!.briefing.title).toBe('On this date — 15 June 2026');
    expect(post!.briefing.sections.flatMap((section) => section.items.map((item) => item.factId))).toEqual(['june-fifteenth']);
    expect(await h.store.deliveriesSince('')).toEqual([
      expect.objectContaining({ subscriptionId: id, occurrence: '2026-06-15T00:00:00.000Z', status: 'delivered', messageId: 'msg-1' }),
    ]);
  });

  it("carries the occurrence's day in the subscription's zone, not the server's or Seoul's", async () => {
    const h = await createHarness();
    await h.say(C1, 'subscribe daily 21:00 America/New_York', at('2026-06-14T12:00:00Z'));
    await h.scheduler.runPass(at('2026-06-15T01:00:00Z'));
    // 21:00 on 14 June in New York is already 15 June in Seoul and in UTC.
    expect(h.slack.posts.map((post) => post.briefing.title)).toEqual(['On this date — 14 June 2026']);
  });

  it('keeps 09:00 in New York across spring-forward, ticking every half hour', async () => {
    const h = await createHarness();
    await h.say(C1, 'subscribe daily 09:00 America/New_York', at('2026-03-06T15:00:00Z'));
    await runPasses(h.scheduler, at('2026-03-06T15:00:00Z'), at('2026-03-10T00:00:00Z'), 30);
    expect(occurrencesPosted(h.slack)).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z']);
    expect(h.slack.posts.map((post) => post.briefing.title)).toEqual([
      'On this date — 7 March 2026',
      'On this date — 8 March 2026',
      'On this date — 9 March 2026',
    ]);
  });

  it('runs a time inside the spring-forward gap when the gap ends, and a repeated fall-back time once', async () => {
    const h = await createHarness();
    await h.say(C1, 'subscribe daily 02:30 America/New_York', at('2026-03-07T00:00:00Z'));
    await h.say(C2, 'subscribe daily 01:30 America/New_York', at('2026-10-31T00:00:00Z'));
    await runPasses(h.scheduler, at('2026-03-07T00:00:00Z'), at('2026-03-09T12:00:00Z'), 15);
    await runPasses(h.scheduler, at('2026-10-31T00:00:00Z'), at('2026-11-02T12:00:00Z'), 15);
    expect(occurrencesPosted(h.slack, 'C1').filter((occurrence) => occurrence < '2026-04')).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
    // 01:30 happened at 05:30 and again at 06:30 UTC on 1 November: it ran the first time only.
    expect(occurrencesPosted(h.slack, 'C2')).toEqual(['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('records a quiet day with nothing due as skipped and posts nothing; without quiet it posts from the archive', async () => {
    const h = await createHarness();
    await h.say(C1, 'subscribe daily quiet', at('2026-06-14T12:00:00Z'));
    await h.say(C2, 'subscribe daily', at('2026-06-14T12:00:00Z'));
    const report = await h.scheduler.runPass(at('2026-06-16T00:00:00Z'));
    expect(report).toMatchObject({ delivered: 1, skipped: 1 });
    expect(occurrencesPosted(h.slack, 'C1')).toEqual([]);
    expect(h.slack.posts[0]!.briefing.sections.map((section) => section.heading)).toEqual(['From the archive']);
    const quietId = await subscriptionId(h, C1);
    expect((await h.store.deliveriesSince('')).filter((record) => record.subscriptionId === quietId)).toEqual([
      expect.objectContaining({ occurrence: '2026-06-16T00:00:00.000Z', status: 'skipped' }),
    ]);
    // On a day with a fact due (15 June, a year on), the quiet subscription posts.
    await h.scheduler.runPass(at('2026-06-17T00:00:00Z'));
    await h.scheduler.runPass(at('2027-06-15T00:00:00Z'));
    expect(occurrencesPosted(h.slack, 'C1')).toEqual(['2027-06-15T00:00:00.000Z']);
  });
});

describe('a weekly digest', () => {
  it('runs on Monday at 09:00 in Seoul and in New York, across the New York DST change', async () => {
    const h = await createHarness();
    await h.say(C1, 'subscribe weekly', at('2026-02-28T00:00:00Z'));
    await h.say(C2, 'subscribe weekly mon 09:00 America/New_York', at('2026-02-28T00:00:00Z'));
    await runPasses(h.scheduler, at('2026-02-28T00:00:00Z'), at('2026-03-17T00:00:00Z'), 60);
    expect(occurrencesPosted(h.slack, 'C1')).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z', '2026-03-16T00:00:00.000Z']);
    expect(occurrencesPosted(h.slack, 'C2')).toEqual(['2026-03-02T14:00:00.000Z', '2026-03-09T13:00:00.000Z', '2026-03-16T13:00:00.000Z']);
  });

  it('rotates the theme of the week in themes.yaml order, the same for every channel, unless one is chosen', async () => {
    const h = await createHarness();
    await h.say(C1, 'subscribe weekly', at('2026-05-30T00:00:00Z'));
    await h.say(C2, 'subscribe weekly mon 08:00 America/New_York', at('2026-05-30T00:00:00Z'));
    await h.say(slackChannel('C3'), 'subscribe weekly theme imaging', at('2026-05-30T00:00:00Z'));
    await runPasses(h.scheduler, at('2026-05-31T00:00:00Z'), at('2026-06-23T00:00:00Z'), 60);
    const titles = (channel: string) => h.slack.posts.filter((post) => post.channel.channel === channel).map((post) => post.briefing.title);
    const seoul = titles('C1');
    expect(seoul).toHaveLength(4);
    const first = TEST_THEMES.findIndex((theme) => theme.title === seoul[0]);
    expect(seoul).toEqual([0, 1, 2, 3].map((week) => TEST_THEMES[(first + week) % TEST_THEMES.length]!.title));
    expect(seoul[0]).toBe(h.dateline.digests.themeOfWeek(at('2026-06-01T00:00:00Z'), 'Asia/Seoul')!.title);
    expect(titles('C2')).toEqual(seoul);
    expect(titles('C3')).toEqual(['Imaging', 'Imaging', 'Imaging', 'Imaging']);
  });
});

describe('one pass over many subscriptions', () => {
  it('gives each its own occurrences when they share a time but not a zone, a weekday or a start', async () => {
    const h = await createHarness({ catchupHours: 20 });
    await h.say(C1, 'subscribe daily', at('2026-06-13T00:00:00Z'));
    await h.say(C2, 'subscribe daily 09:00 America/New_York', at('2026-06-13T00:00:00Z'));
    await h.say(slackChannel('C3'), 'subscribe weekly', at('2026-06-13T00:00:00Z'));
    await h.say(slackChannel('C4'), 'subscribe weekly tue', at('2026-06-13T00:00:00Z'));
    // Subscribed an hour after New York's 09:00 on 14 June: that one is not its own.
    await h.say(slackChannel('C5'), 'subscribe daily 09:00 America/New_York', at('2026-06-14T14:00:00Z'));
    // Monday 15 June, 09:00 in Seoul.
    await h.scheduler.runPass(at('2026-06-15T00:00:00Z'));
    const posted = Object.fromEntries(['C1', 'C2', 'C3', 'C4', 'C5'].map((channel) => [channel, occurrencesPosted(h.slack, channel)]));
    expect(posted).toEqual({
      C1: ['2026-06-15T00:00:00.000Z'],
      C2: ['2026-06-14T13:00:00.000Z'],
      C3: ['2026-06-15T00:00:00.000Z'],
      C4: [],
      C5: [],
    });
  });
});

describe('catching up at start-up', () => {
  it('delivers a run missed while the bot was down when it is at most DATELINE_CATCHUP_HOURS late', async () => {
    const h = await createHarness({ catchupHours: 6 });
    await h.say(C1, 'subscribe daily', at('2026-06-10T12:00:00Z'));
    const report = await h.scheduler.start(at('2026-06-15T05:00:00Z'));
    await h.scheduler.stop();
    expect(report).toMatchObject({ delivered: 1, missed: 4 });
    expect(occurrencesPosted(h.slack)).toEqual(['2026-06-15T00:00:00.000Z']);
    expect(await statuses(h)).toEqual({
      '2026-06-11T00:00:00.000Z': 'missed',
      '2026-06-12T00:00:00.000Z': 'missed',
      '2026-06-13T00:00:00.000Z': 'missed',
      '2026-06-14T00:00:00.000Z': 'missed',
      '2026-06-15T00:00:00.000Z': 'delivered',
    });
  });

  it('records a run more than DATELINE_CATCHUP_HOURS late as missed, posts nothing, and carries on the next day', async () => {
    const h = await createHarness({ catchupHours: 6 });
    await h.say(C1, 'subscribe daily', at('2026-06-14T12:00:00Z'));
    expect(await h.scheduler.start(at('2026-06-15T06:01:00Z'))).toMatchObject({ delivered: 0, missed: 1 });
    await h.scheduler.stop();
    // The same bot ticking on afterwards, as one more instance would.
    await runPasses(h.another('instance-b'), at('2026-06-15T06:02:00Z'), at('2026-06-16T00:30:00Z'), 60);
    expect(occurrencesPosted(h.slack)).toEqual(['2026-06-16T00:00:00.000Z']);
    expect(await statuses(h)).toEqual({ '2026-06-15T00:00:00.000Z': 'missed', '2026-06-16T00:00:00.000Z': 'delivered' });
  });

  it('also records a weekly run missed days ago, and delivers nothing from before a subscription existed', async () => {
    const h = await createHarness({ catchupHours: 6 });
    await h.say(C1, 'subscribe weekly', at('2026-05-30T00:00:00Z'));
    await h.say(C2, 'subscribe daily', at('2026-06-15T04:00:00Z'));
    expect(await h.scheduler.start(at('2026-06-15T05:00:00Z'))).toMatchObject({ delivered: 1, missed: 1 });
    await h.scheduler.stop();
    expect(occurrencesPosted(h.slack, 'C1')).toEqual(['2026-06-15T00:00:00.000Z']);
    expect(occurrencesPosted(h.slack, 'C2')).toEqual([]);
  });
});
