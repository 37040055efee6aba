// Delivery through fake posters: permanent failures pause a channel (or a whole install) without
// holding up other channels, and re-subscribing resumes; retryable failures back off and retry
// within the pass, then leave the claim to a later pass; in-doubt deliveries (a claim whose lease
// ran out) are settled through findPosted where the platform has it; concurrency stays within
// each workspace's limits; and stopping cuts retry waits short.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LEASE_MS as LEASE_MS } from '../../src/scheduler/delivery.ts';
import { deliveryKey } from '../../src/scheduler/due.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { createHarness, occurrencesPosted, silentLogger, slackChannel, teamsChannel, type Harness } from '../support/scheduler-harness.ts';
import { type ChannelRef, PostError } from '../../src/types.ts';

const at = (iso: string) => new Date(iso);
const SUBSCRIBED = at('2026-06-14T12:00:00Z');
/** 09:00 in Seoul on 15 June 2026: when `subscribe daily` is due. */
const NINE = at('2026-06-15T00:00:00Z');
const later = (base: Date, ms: number) => new Date(base.getTime() + ms);
const C1 = slackChannel('C1');
const C2 = slackChannel('C2');

async function subscriptionOf(h: Harness, channel: ChannelRef) {
  const [subscription] = await h.store.subscriptionsOf(channel);
  if (!subscription) throw new Error(`no subscription in ${channel.channel}`);
  return subscription;
}

async function ledgerOf(h: Harness, channel: ChannelRef) {
  const { id } = await subscriptionOf(h, channel);
  return (await h.store.deliveriesSince('')).filter((record) => record.subscriptionId === id);
}

describe('a permanent failure', () => {
  it('pauses that channel with the reason, still posts to the others, and re-subscribing resumes it', async () => {
    let gone = true;
    const h = await createHarness({
      slack: { fail: (channel) => (gone && channel.channel === 'C1' ? new PostError('channel', 'channel_not_found') : undefined) },
    });
    await h.say(C1, 'subscribe daily', SUBSCRIBED);
    await h.say(C2, 'subscribe daily', SUBSCRIBED);
    expect(await h.scheduler.runPass(NINE)).toMatchObject({ delivered: 1, paused: 1 });
    expect(occurrencesPosted(h.slack, 'C2')).toEqual(['2026-06-15T00:00:00.000Z']);
    const { paused } = await subscriptionOf(h, C1);
    expect(paused).toMatchObject({ reason: 'channel', detail: 'channel_not_found' });
    // Recorded on the pass's clock, which moves on with the pass from its instant.
    expect(paused!.at.getTime() - NINE.getTime()).toBeGreaterThanOrEqual(0);
    expect(paused!.at.getTime() - NINE.getTime()).toBeLessThan(10_000);
    expect(await ledgerOf(h, C1)).toEqual([expect.objectContaining({ status: 'failed', detail: 'channel_not_found' })]);

    const listing = await h.say(C1, 'subscriptions', later(NINE, 60_000));
    expect(listing.sections[0]!.items[0]!.text).toBe(
      'Paused since Mon 15 June 2026, 09:00 (Asia/Seoul): channel_not_found. Subscribe again to resume: subscribe daily 09:00 Asia/Seoul',
    );
    expect(listing.suggestions).toEqual(['subscribe daily 09:00 Asia/Seoul']);

    await h.scheduler.runPass(at('2026-06-16T00:00:00Z'));
    expect(h.slack.attempts.map((key) => key.occurrence)).toEqual([
      '2026-06-15T00:00:00.000Z',
      '2026-06-15T00:00:00.000Z',
      '2026-06-16T00:00:00.000Z',
    ]);
    expect(occurrencesPosted(h.slack, 'C1')).toEqual([]);

    gone = false;
    const resumed = await h.say(C1, 'subscribe daily', at('2026-06-16T03:00:00Z'));
    expect(resumed.title).toBe("Resumed this channel's daily digest");
    await h.scheduler.runPass(at('2026-06-17T00:00:00Z'));
    // Resuming does not deliver what was due while paused: only the next run.
    expect(occurrencesPosted(h.slack, 'C1')).toEqual(['2026-06-17T00:00:00.000Z']);
  });

  it('of an install pauses every subscription of that workspace, and no other, and stops posting to it', async () => {
    const h = await createHarness({
      // One post at a time per tenant, so that tenant-1's other deliveries are still queued when the first fails.
      limits: { slack: { concurrency: 4 }, teams: { concurrency: 1 } },
      teams: {
        fail: (channel) => (channel.workspace === 'tenant-1' ? new PostError('install', 'The bot was removed from the tenant') : undefined),
      },
    });
    for (const name of ['A', 'B', 'C']) await h.say(teamsChannel(name, 'tenant-1'), 'subscribe daily', SUBSCRIBED);
    await h.say(teamsChannel('D', 'tenant-2'), 'subscribe daily', SUBSCRIBED);
    await h.say(C1, 'subscribe daily', SUBSCRIBED);
    await h.scheduler.runPass(NINE);
    expect(h.teams.posts.map((post) => post.channel.channel)).toEqual(['D']);
    expect(h.teams.attempts.filter((key) => key.key !== h.teams.posts[0]!.delivery.key)).toHaveLength(1);
    expect(occurrencesPosted(h.slack, 'C1')).toEqual(['2026-06-15T00:00:00.000Z']);
    for (const name of ['A', 'B', 'C']) {
      expect((await subscriptionOf(h, teamsChannel(name, 'tenant-1'))).paused).toMatchObject({
        reason: 'install',
        detail: 'The bot was removed from the tenant',
      });
    }
    expect((await h.store.activeSubscriptions()).map((subscription) => subscription.channel.channel).sort()).toEqual(['C1', 'D']);
  });

  it('pauses a weekly subscription whose theme has left the fact packs', async () => {
    const h = await createHarness();
    await h.store.saveSubscription(
      C1,
      { cadence: 'weekly', weekday: 1, hour: 9, minute: 0, zone: 'Asia/Seoul', quiet: false, themeId: 'gone' },
      SUBSCRIBED,
    );
    expect(await h.scheduler.runPass(NINE)).toMatchObject({ paused: 1, delivered: 0 });
    expect((await subscriptionOf(h, C1)).paused?.detail).toMatch(/^The theme "gone" is no longer in the fact packs/);
    expect(h.slack.attempts).toEqual([]);
  });
});

describe('a retryable failure', () => {
  it('backs off for Retry-After and retries: failing twice, then succeeding, posts the digest once', async () => {
    const h = await createHarness({
      slack: { fail: (_channel, _key, attempt) => (attempt <= 2 ? new PostError('retry', 'ratelimited', 1500) : undefined) },
    });
    await h.say(C1, 'subscribe daily', SUBSCRIBED);
    expect(await h.scheduler.runPass(NINE)).toMatchObject({ delivered: 1, 'retry-later': 0 });
    expect(h.slack.attempts).toHaveLength(3);
    expect(h.slack.posts).toHaveLength(1);
    expect(h.sleeps).toEqual([1500, 1500]);
    // A post refused with Retry-After (a 429) did not land: no look in the channel's history before retrying.
    expect(h.slack.findCalls).toHaveLength(0);
    expect(await ledgerOf(h, C1)).toEqual([expect.objectContaining({ status: 'delivered', messageId: 'msg-1', postAttempts: 3 })]);
    await h.scheduler.runPass(later(NINE, 60_000));
    expect(h.slack.posts).toHaveLength(1);
  });

  it('gives up for this pass after a bounded number of retries, and a later pass delivers it', async () => {
    let down = true;
    const h = await createHarness({ slack: { fail: () => (down ? new PostError('retry', 'service_unavailable') : undefined) } });
    await h.say(C1, 'subscribe daily', SUBSCRIBED);
    expect(await h.scheduler.runPass(NINE)).toMatchObject({ delivered: 0, 'retry-later': 1 });
    expect(h.slack.attempts).toHaveLength(4);
    expect(h.sleeps).toEqual([1000, 2000, 4000]);
    expect(await ledgerOf(h, C1)).toEqual([expect.objectContaining({ status: 'pending', detail: 'service_unavailable', postAttempts: 4 })]);
    down = false;
    expect(await h.scheduler.runPass(later(NINE, 60_000))).toMatchObject({ delivered: 1 });
    expect(h.slack.posts).toHaveLength(1);
    expect(await ledgerOf(h, C1)).toEqual([expect.objectContaining({ status: 'delivered' })]);
  });

  it('does not wait out a long Retry-After in the pass: the claim goes back for a later pass', async () => {
    const h = await createHarness({
      slack: { fail: (_channel, _key, attempt) => (attempt === 1 ? new PostError('retry', 'ratelimited', 120_000) : undefined) },
    });
    await h.say(C1, 'subscribe daily', SUBSCRIBED);
    expect(await h.scheduler.runPass(NINE)).toMatchObject({ 'retry-later': 1 });
    expect(h.sleeps).toEqual([]);
    // This instance's own passes wait out the Retry-After, which runs on the real clock: another takes the claim.
    expect(await h.another('instance-b').runPass(later(NINE, 120_000))).toMatchObject({ delivered: 1 });
  });

  it('is cut short by stop(): the claim is released for another instance', async () => {
    const h = await createHarness({
      slack: { fail: () => new PostError('retry', 'ratelimited', 5_000) },
      sleep: (_ms, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
    });
    await h.say(C1, 'subscribe daily', SUBSCRIBED);
    const pass = h.scheduler.runPass(NINE);
    while (h.slack.attempts.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await h.scheduler.stop();
    expect(await pass).toMatchObject({ 'retry-later': 1 });
    expect(await ledgerOf(h, C1)).toEqual([expect.objectContaining({ status: 'pending' })]);
  });
});

describe('an in-doubt delivery', () => {
  /** Short, for the test: leases run on the store's clock, which is real time whatever instant a pass is for. */
  const DEAD_LEASE_MS = 300;
  const leaseRunsOut = () => new Promise((resolve) => setTimeout(resolve, DEAD_LEASE_MS + 50));

  /** An instance claimed the delivery, maybe posted, and died before recording anything. */
  async function diedMidDelivery(h: Harness, channel: ChannelRef, landed: boolean) {
    const key = deliveryKey((await subscriptionOf(h, channel)).id, NINE);
    await h.store.claimDelivery(key, 'dead-instance', DEAD_LEASE_MS);
    if (!landed) return undefined;
    const started = await h.store.startPost(key, 'dead-instance', DEAD_LEASE_MS);
    const poster = channel.platform === 'slack' ? h.slack.poster : h.teams.poster;
    await poster.post(channel, h.dateline.digests.daily(NINE, 'Asia/Seoul')!, key);
    return started;
  }

  it('is left alone while its lease runs, then found in the Slack channel from its first post on, and recorded, not posted again', async () => {
    const h = await createHarness();
    await h.say(C1, 'subscribe daily', SUBSCRIBED);
    const started = await diedMidDelivery(h, C1, true);
    // However late the pass's instant, the lease is judged by the store's clock.
    expect(await h.scheduler.runPass(later(NINE, LEASE_MS))).toMatchObject({ delivered: 0, recovered: 0 });
    await leaseRunsOut();
    expect(await h.scheduler.runPass(later(NINE, 60_000))).toMatchObject({ delivered: 0, recovered: 1 });
    expect(h.slack.posts).toHaveLength(1);
    expect(h.slack.findCalls).toEqual([
      { delivery: expect.objectContaining({ occurrence: NINE.toISOString() }), since: started!.firstPostAt },
    ]);
    expect(await ledgerOf(h, C1)).toEqual([expect.objectContaining({ status: 'delivered', messageId: 'msg-1' })]);
  });

  it('that never reached the platform is posted once after its lease, with no need to look for it', async () => {
    const h = await createHarness();
    await h.say(C1, 'subscribe daily', SUBSCRIBED);
    await diedMidDelivery(h, C1, false);
    await leaseRunsOut();
    expect(await h.scheduler.runPass(later(NINE, 60_000))).toMatchObject({ delivered: 1 });
    expect(h.slack.posts).toHaveLength(1);
    expect(h.slack.findCalls).toEqual([]);
  });

  it('on Teams, which cannot look for it, is posted again after its lease: at-least-once in that crash window', async () => {
    const h = await createHarness();
    const channel = teamsChannel('19:general');
    await h.say(channel, 'subscribe daily', SUBSCRIBED);
    await diedMidDelivery(h, channel, true);
    await leaseRunsOut();
    expect(await h.scheduler.runPass(later(NINE, 60_000))).toMatchObject({ delivered: 1 });
    expect(h.teams.posts).toHaveLength(2);
  });
});

describe('concurrency', () => {
  it('stays within each workspace’s limit while workspaces post side by side', async () => {
    const inFlight = new Map<string, number>();
    const most = new Map<string, number>();
    let mostOverall = 0;
    const h = await createHarness({
      limits: { slack: { concurrency: 1 }, teams: { concurrency: 3 } },
      teams: {
        during: async (channel) => {
          inFlight.set(channel.workspace, (inFlight.get(channel.workspace) ?? 0) + 1);
          most.set(channel.workspace, Math.max(most.get(channel.workspace) ?? 0, inFlight.get(channel.workspace)!));
          mostOverall = Math.max(
            mostOverall,
            [...inFlight.values()].reduce((sum, count) => sum + count, 0),
          );
          for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
          inFlight.set(channel.workspace, inFlight.get(channel.workspace)! - 1);
        },
      },
    });
    for (const tenant of ['tenant-1', 'tenant-2']) {
      for (let index = 0; index < 12; index++) await h.say(teamsChannel(`${tenant}-${index}`, tenant), 'subscribe daily', SUBSCRIBED);
    }
    expect(await h.scheduler.runPass(NINE)).toMatchObject({ delivered: 24 });
    expect(Object.fromEntries(most)).toEqual({ 'tenant-1': 3, 'tenant-2': 3 });
    expect(mostOverall).toBe(6);
  });

  it('paces a pass by the posts of the one before it: a workspace’s window outlasts a pass', async () => {
    const starts: number[] = [];
    const h = await createHarness({
      limits: { slack: { concurrency: 8, perSecond: 1 }, teams: { concurrency: 8 } },
      slack: { during: async () => void starts.push(performance.now()) },
    });
    await h.say(C1, 'subscribe daily', SUBSCRIBED);
    await h.say(C2, 'subscribe daily 09:01', SUBSCRIBED);
    expect(await h.scheduler.runPass(NINE)).toMatchObject({ delivered: 1 });
    expect(await h.scheduler.runPass(later(NINE, 60_000))).toMatchObject({ delivered: 1 });
    // One post a second across the workspace: the second pass's waits for the first pass's.
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(1_000);
  });

  it('lets two schedulers on one store post each occurrence once', async () => {
    const h = await createHarness();
    for (let index = 0; index < 40; index++) await h.say(slackChannel(`C${index}`, `T${index % 4}`), 'subscribe daily', SUBSCRIBED);
    const reports = await Promise.all([h.scheduler.runPass(NINE), h.another('instance-b').runPass(NINE)]);
    expect(reports[0]!.delivered + reports[1]!.delivered).toBe(40);
    expect(new Set(h.slack.posts.map((post) => post.channel.channel)).size).toBe(40);
    expect(h.slack.posts).toHaveLength(40);
  });

  it('leaves subscriptions of a platform this instance has no poster for to one that has', async () => {
    const h = await createHarness();
    await h.say(teamsChannel('19:general'), 'subscribe daily', SUBSCRIBED);
    const slackOnly = new Scheduler({
      store: h.store,
      dateline: h.dateline,
      posters: [h.slack.poster],
      logger: silentLogger,
      catchupHours: 6,
    });
    expect(await slackOnly.runPass(NINE, { startup: true })).toMatchObject({ delivered: 0, missed: 0 });
    expect(await h.store.deliveriesSince('')).toEqual([]);
  });
});

describe('many deliveries waiting to retry at once', () => {
  it('wait on the stop signal without a MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      // Each post is refused once with a short Retry-After, and each channel is in a workspace of its own: all of them wait together.
      const h = await createHarness({
        slack: { fail: (_channel, _delivery, attempt) => (attempt === 1 ? new PostError('retry', 'ratelimited', 20) : undefined) },
        sleep: (ms, signal) => sleep(ms, undefined, { signal }),
      });
      const channels = Array.from({ length: 15 }, (_, index) => slackChannel(`C${index}`, `T${index}`));
      for (const channel of channels) await h.say(channel, 'subscribe daily', SUBSCRIBED);
      expect(await h.scheduler.runPass(NINE)).toMatchObject({ delivered: channels.length });
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
