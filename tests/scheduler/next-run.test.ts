// Each subscription's next run, on SQLite and PostgreSQL: due at once after a save, a change or a
// resume, then moved on by the pass to the first occurrence (DST included); read through dueSubscriptions so that a pass reads only what is due, moved on after a
// pass (to the next occurrence, or kept at one left unsettled), catch-up after a down-time, paused
// and ended installations never due, and two instances on one database posting each digest once.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Dateline } from '../../src/dateline.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import type { Store } from '../../src/store/store.ts';
import type { SubscriptionSettings } from '../../src/store/subscriptions.ts';
import { PostError, type ChannelRef } from '../../src/types.ts';
import { testCatalog } from '../support/catalog.ts';
import { recordingPoster, type RecordingOptions, type RecordingPoster } from '../support/posters.ts';
import { silentLogger, slackChannel, teamsChannel } from '../support/scheduler-harness.ts';
import { describeEachStore, type TestDatabase } from '../support/stores.ts';

const at = (iso: string) => new Date(iso);
const SUBSCRIBED = at('2026-06-14T12:00:00Z');
const seoulNine: SubscriptionSettings = { cadence: 'daily', hour: 9, minute: 0, zone: 'Asia/Seoul', quiet: false };
const FAR = at('2100-01-01T00:00:00Z');

describeEachStore('next run', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let slack: RecordingPoster;
  let teams: RecordingPoster;
  const dateline = new Dateline(testCatalog(), 'Asia/Seoul');

  const schedulerOn = (on: Store, owner: string, options: { slack?: RecordingOptions } = {}) => {
    if (options.slack) slack = recordingPoster('slack', { findPosted: true, ...options.slack });
    return new Scheduler({
      store: on,
      dateline,
      posters: [slack.poster, teams.poster],
      logger: silentLogger,
      catchupHours: 6,
      owner,
      sleep: async () => undefined,
    });
  };
  /** Each subscription's next run, by channel, as a pass far in the future would read it. */
  const nextRuns = async (): Promise<Record<string, string>> =>
    Object.fromEntries(
      (await store.dueSubscriptions(FAR, ['slack', 'teams'])).map((subscription) => [
        subscription.channel.channel,
        subscription.nextRun.toISOString(),
      ]),
    );
  const statuses = async () => (await store.deliveriesSince('')).map((record) => `${record.occurrence} ${record.status}`).sort();

  beforeEach(async () => {
    db = await kind.create();
    store = await db.connect();
    slack = recordingPoster('slack', { findPosted: true });
    teams = recordingPoster('teams');
  });
  afterEach(() => db.dispose());

  it('is due at once after a save, then the first occurrence in its zone, with a time in a DST gap run when the gap ends', async () => {
    const scheduler = schedulerOn(store, 'a');
    const saved = at('2026-03-07T12:00:00Z');
    await store.saveSubscription(slackChannel('C1'), seoulNine, saved);
    await store.saveSubscription(slackChannel('C2'), { ...seoulNine, hour: 2, minute: 30, zone: 'America/New_York' }, saved);
    expect(await nextRuns()).toEqual({ C1: saved.toISOString(), C2: saved.toISOString() });
    expect(await scheduler.runPass(at('2026-03-07T12:01:00Z'))).toMatchObject({ delivered: 0, missed: 0 });
    // 02:30 does not exist in New York on 8 March 2026: it runs at 03:00 EDT.
    expect(await nextRuns()).toEqual({ C1: '2026-03-08T00:00:00.000Z', C2: '2026-03-08T07:00:00.000Z' });
    // Changed to 07:15 in New York after that day's (12:15 UTC, EST): the next is the day after, in EDT.
    await store.saveSubscription(
      slackChannel('C1'),
      { ...seoulNine, hour: 7, minute: 15, zone: 'America/New_York' },
      at('2026-03-07T12:30:00Z'),
    );
    expect((await nextRuns()).C1).toBe('2026-03-07T12:30:00.000Z');
    await scheduler.runPass(at('2026-03-07T12:31:00Z'));
    expect(await nextRuns()).toEqual({ C1: '2026-03-08T11:15:00.000Z', C2: '2026-03-08T07:00:00.000Z' });
    expect(await store.dueSubscriptions(at('2026-03-08T06:59:59Z'), ['slack'])).toEqual([]);
    expect((await store.dueSubscriptions(at('2026-03-08T07:00:00Z'), ['slack'])).map((due) => due.channel.channel)).toEqual(['C2']);
    expect(await store.dueSubscriptions(at('2026-03-08T11:15:00Z'), ['teams'])).toEqual([]);
    expect(slack.posts).toEqual([]);
  });

  it('reads only what is due: nothing in a minute with nothing due, and moves each one on after its pass', async () => {
    const scheduler = schedulerOn(store, 'a');
    await store.saveSubscription(slackChannel('C1'), seoulNine, SUBSCRIBED);
    await store.saveSubscription(slackChannel('C2'), { ...seoulNine, hour: 10 }, SUBSCRIBED);
    await store.saveSubscription(slackChannel('C3'), { ...seoulNine, cadence: 'weekly', weekday: 1 }, SUBSCRIBED);
    const due = vi.spyOn(store, 'dueSubscriptions');
    const ledger = vi.spyOn(store, 'dueDeliveriesSince');
    /** A pass at `iso`: the channels it read as due, and how many ledger rows it read (undefined: it did not read the ledger). */
    const pass = async (iso: string) => {
      due.mockClear();
      ledger.mockClear();
      const report = await scheduler.runPass(at(iso));
      const read = (await due.mock.results[0]!.value) as { channel: ChannelRef }[];
      const rows = (await ledger.mock.results[0]?.value) as unknown[] | undefined;
      return { delivered: report.delivered, due: read.map((subscription) => subscription.channel.channel).sort(), ledger: rows?.length };
    };
    // Just saved: each is read once, and moved on to its first occurrence.
    expect(await pass('2026-06-14T12:01:00Z')).toEqual({ delivered: 0, due: ['C1', 'C2', 'C3'], ledger: 0 });
    expect(await pass('2026-06-14T23:59:00Z')).toEqual({ delivered: 0, due: [], ledger: undefined });
    // 15 June 2026 is a Monday: the daily and the weekly at 09:00 are due, the one at 10:00 is not.
    expect(await pass('2026-06-15T00:00:00Z')).toEqual({ delivered: 2, due: ['C1', 'C3'], ledger: 0 });
    // The ledger read is of the due subscriptions' rows only: C2 has none yet, and C1's and C3's are not read.
    expect(await pass('2026-06-15T01:00:00Z')).toEqual({ delivered: 1, due: ['C2'], ledger: 0 });
    expect(await nextRuns()).toEqual({ C1: '2026-06-16T00:00:00.000Z', C2: '2026-06-16T01:00:00.000Z', C3: '2026-06-22T00:00:00.000Z' });
    expect(await pass('2026-06-15T01:01:00Z')).toEqual({ delivered: 0, due: [], ledger: undefined });
    // C1 saved again from before its delivered occurrence: due, its ledger row (and not C3's) read, nothing posted twice.
    await store.saveSubscription(slackChannel('C1'), seoulNine, SUBSCRIBED);
    expect(await pass('2026-06-15T01:02:00Z')).toEqual({ delivered: 0, due: ['C1'], ledger: 1 });
    expect((await nextRuns()).C1).toBe('2026-06-16T00:00:00.000Z');
    expect(slack.posts.map((post) => post.channel.channel).sort()).toEqual(['C1', 'C2', 'C3']);
  });

  it('runs a repeated fall-back time once, and moves on to the next day past the repeat', async () => {
    const scheduler = schedulerOn(store, 'a');
    await store.saveSubscription(
      slackChannel('C1'),
      { ...seoulNine, hour: 1, minute: 30, zone: 'America/New_York' },
      at('2026-10-31T12:00:00Z'),
    );
    await scheduler.runPass(at('2026-10-31T12:01:00Z'));
    expect(await nextRuns()).toEqual({ C1: '2026-11-01T05:30:00.000Z' });
    expect(await scheduler.runPass(at('2026-11-01T05:30:00Z'))).toMatchObject({ delivered: 1 });
    // 01:30 comes again at 06:30 UTC (EST): not an occurrence.
    expect(await nextRuns()).toEqual({ C1: '2026-11-02T06:30:00.000Z' });
    expect(await scheduler.runPass(at('2026-11-01T06:30:00Z'))).toMatchObject({ delivered: 0 });
  });

  it('catches up after a down-time: delivers what is inside the catch-up window, records the rest as missed, and moves on', async () => {
    await store.saveSubscription(slackChannel('C1'), seoulNine, SUBSCRIBED);
    await store.saveSubscription(slackChannel('C2'), { ...seoulNine, cadence: 'weekly', weekday: 2, hour: 23 }, SUBSCRIBED);
    // Down from before the first occurrence until 02:00 UTC on 18 June (11:00 in Seoul, two hours after the 09:00 digest).
    const report = await schedulerOn(store, 'a').runPass(at('2026-06-18T02:00:00Z'), { startup: true });
    expect(report).toMatchObject({ delivered: 1, missed: 4 });
    expect(await statuses()).toEqual([
      '2026-06-15T00:00:00.000Z missed',
      '2026-06-16T00:00:00.000Z missed',
      '2026-06-16T14:00:00.000Z missed',
      '2026-06-17T00:00:00.000Z missed',
      '2026-06-18T00:00:00.000Z delivered',
    ]);
    expect(await nextRuns()).toEqual({ C1: '2026-06-19T00:00:00.000Z', C2: '2026-06-23T14:00:00.000Z' });
  });

  it('keeps the next run at an occurrence released for a retry, which the next pass delivers', async () => {
    const scheduler = schedulerOn(store, 'a', {
      slack: { fail: (_channel, _key, attempt) => (attempt <= 4 ? new PostError('retry', 'ratelimited', 1000) : undefined) },
    });
    await store.saveSubscription(slackChannel('C1'), seoulNine, SUBSCRIBED);
    expect(await scheduler.runPass(at('2026-06-15T00:00:00Z'))).toMatchObject({ 'retry-later': 1 });
    expect(await nextRuns()).toEqual({ C1: '2026-06-15T00:00:00.000Z' });
    expect(await scheduler.runPass(at('2026-06-15T00:01:00Z'))).toMatchObject({ delivered: 1 });
    expect(await nextRuns()).toEqual({ C1: '2026-06-16T00:00:00.000Z' });
  });

  it('is never due while paused or while the installation has ended; a resume posts nothing from before it', async () => {
    const scheduler = schedulerOn(store, 'a');
    const paused = await store.saveSubscription(slackChannel('C1'), seoulNine, SUBSCRIBED);
    await store.pauseSubscription(paused.id, 'channel_not_found', SUBSCRIBED);
    await store.saveSubscription(slackChannel('C2', 'T-gone'), seoulNine, SUBSCRIBED);
    await store.saveInstallation({ platform: 'slack', workspace: 'T-gone', scopes: ['chat:write'] }, SUBSCRIBED);
    await store.endInstallation('slack', 'T-gone', 'uninstalled', 'app_uninstalled', SUBSCRIBED);
    const channel = teamsChannel('19:general@thread.tacv2');
    await store.saveConversation(channel, { conversation: { id: '19:general' } }, SUBSCRIBED, '19:team');
    await store.saveSubscription(channel, seoulNine, SUBSCRIBED);
    await store.leaveInstallation('teams', '19:team', true, SUBSCRIBED);
    expect(await store.dueSubscriptions(FAR, ['slack', 'teams'])).toEqual([]);
    await scheduler.runPass(at('2026-06-15T00:00:00Z'));
    await scheduler.runPass(at('2026-06-16T00:00:00Z'));
    expect([...slack.posts, ...teams.posts]).toEqual([]);
    // Added back to the team at 03:00 on 16 June: due at once, and moved on to the next occurrence without posting.
    await store.resumeRemoved('teams', '19:team', at('2026-06-16T03:00:00Z'));
    expect((await nextRuns())[channel.channel]).toBe('2026-06-16T03:00:00.000Z');
    expect(await scheduler.runPass(at('2026-06-16T03:01:00Z'))).toMatchObject({ delivered: 0, missed: 0 });
    expect((await nextRuns())[channel.channel]).toBe('2026-06-17T00:00:00.000Z');
    // Subscribing again resumes the paused one from its next occurrence.
    await store.saveSubscription(slackChannel('C1'), seoulNine, at('2026-06-16T03:00:00Z'));
    expect(await scheduler.runPass(at('2026-06-17T00:00:00Z'))).toMatchObject({ delivered: 2 });
    expect(slack.posts.map((post) => post.delivery.occurrence)).toEqual(['2026-06-17T00:00:00.000Z']);
  });

  it('lets two instances on two connections share a minute: each digest posted once, every next run moved on once', async () => {
    const channels = Array.from({ length: 40 }, (_, index) => slackChannel(`C${index}`, `T${index % 4}`));
    for (const channel of channels) await store.saveSubscription(channel, seoulNine, SUBSCRIBED);
    const other = await db.connect();
    const minute = at('2026-06-15T00:00:00Z');
    const reports = await Promise.all([schedulerOn(store, 'a').runPass(minute), schedulerOn(other, 'b').runPass(minute)]);
    expect(reports.reduce((sum, report) => sum + report.delivered, 0)).toBe(channels.length);
    const posted = slack.posts.map((post) => post.delivery.key);
    expect(new Set(posted).size).toBe(posted.length);
    expect(posted).toHaveLength(channels.length);
    expect(new Set(Object.values(await nextRuns()))).toEqual(new Set(['2026-06-16T00:00:00.000Z']));
    expect(await store.dueSubscriptions(at('2026-06-15T23:59:00Z'), ['slack'])).toEqual([]);
  });
});
