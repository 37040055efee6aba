// Retention by age, on both stores: a year of simulated daily passes for four subscriptions,
// the store pruned after each as `dateline serve` prunes it, leaves the ledger at the retention
// window's rows instead of a year's; an installation ended longer ago than the window goes with its
// subscriptions, their ledger and its Teams conversation references; expired replay keys go too;
// and nothing still in play (a claimed delivery, an active installation) is touched.
import { afterEach, expect, it } from 'vitest';
import { Dateline } from '../../src/dateline.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { pruneOnce } from '../../src/store/retention.ts';
import type { Store } from '../../src/store/store.ts';
import { testCatalog } from '../support/catalog.ts';
import { recordingPoster } from '../support/posters.ts';
import { silentLogger } from '../support/scheduler-harness.ts';
import { describeEachStore, type TestDatabase } from '../support/stores.ts';

const RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const daily = { cadence: 'daily' as const, hour: 9, minute: 0, zone: 'Asia/Seoul', quiet: false };

describeEachStore('retention', (kind) => {
  let db: TestDatabase;
  afterEach(async () => {
    await db?.dispose();
  });

  async function scheduled(store: Store): Promise<Scheduler> {
    const catalog = testCatalog();
    const dateline = new Dateline(catalog, 'Asia/Seoul');
    return new Scheduler({
      store,
      dateline,
      posters: [recordingPoster('slack').poster, recordingPoster('teams').poster],
      logger: silentLogger,
      catchupHours: 6,
      sleep: async () => undefined,
    });
  }

  it(`keeps the ledger at ${RETENTION_DAYS} days of rows through a year of daily passes`, async () => {
    db = await kind.create();
    const store = await db.connect();
    for (const channel of ['C1', 'C2', 'C3', 'C4'])
      await store.saveSubscription({ platform: 'slack', workspace: 'T1', channel }, daily, new Date(START));
    const scheduler = await scheduled(store);
    let largest = 0;
    for (let day = 0; day < 365; day++) {
      // 09:01 in Seoul.
      const at = new Date(START + day * DAY_MS + 60_000);
      expect((await scheduler.runPass(at)).delivered).toBe(4);
      await pruneOnce(store, RETENTION_DAYS, at, 50);
      if (day % 10 === 0) largest = Math.max(largest, (await store.deliveriesSince('')).length);
    }
    const rows = await store.deliveriesSince('');
    console.log(`retention on ${kind.name}: ${rows.length} ledger rows after a year of daily passes (largest ${largest}), 1,460 without`);
    // An occurrence exactly RETENTION_DAYS before a pass is already past the cutoff (the pass runs a minute after it).
    expect(rows.length).toBe(4 * RETENTION_DAYS);
    expect(largest).toBe(4 * RETENTION_DAYS);
    const oldest = rows.map((row) => row.occurrence).sort()[0]!;
    expect(Date.parse(oldest)).toBe(START + (365 - RETENTION_DAYS) * DAY_MS);
  }, 120_000);

  it('deletes an installation ended longer ago than the window with all it holds, and expired replay keys; keeps what is in play', async () => {
    db = await kind.create();
    const store = await db.connect();
    const now = new Date(START + 200 * DAY_MS);
    const longAgo = new Date(START);
    const recently = new Date(now.getTime() - DAY_MS);
    for (const [team, endedAt] of [
      ['team-gone', longAgo],
      ['team-recent', recently],
      ['team-active', undefined],
    ] as const) {
      await store.saveInstallation({ platform: 'teams', workspace: team, tenantId: 'tenant-1', scopes: [] }, longAgo);
      const channel = { platform: 'teams' as const, workspace: 'tenant-1', channel: `19:${team}@thread.tacv2` };
      await store.saveConversation(channel, { serviceUrl: 'https://smba.example/', padding: 'x'.repeat(6_000) }, longAgo, team);
      await store.saveSubscription(channel, daily, longAgo);
      if (endedAt) await store.endInstallation('teams', team, 'uninstalled', 'bot removed', endedAt);
    }
    const [claimedSubscription] = await store.subscriptionsOf({
      platform: 'teams',
      workspace: 'tenant-1',
      channel: '19:team-active@thread.tacv2',
    });
    const claimed = { subscriptionId: claimedSubscription!.id, occurrence: longAgo.toISOString(), key: 'claimed' };
    expect(await store.claimDelivery(claimed, 'someone', 60_000)).toBeDefined();
    await store.firstSeen('expired-key', longAgo, 1_000);
    await store.firstSeen('live-key', now, 60_000);

    const pruned = await pruneOnce(store, RETENTION_DAYS, now);
    expect(pruned).toMatchObject({ installations: 1, deliveries: 0 });
    expect(pruned.replays).toBeGreaterThanOrEqual(1);
    expect(await store.findInstallation('teams', 'team-gone')).toBeUndefined();
    expect(await store.getConversation({ platform: 'teams', workspace: 'tenant-1', channel: '19:team-gone@thread.tacv2' })).toBeUndefined();
    expect(await store.subscriptionsOf({ platform: 'teams', workspace: 'tenant-1', channel: '19:team-gone@thread.tacv2' })).toEqual([]);
    for (const team of ['team-recent', 'team-active']) {
      expect(await store.findInstallation('teams', team)).toBeDefined();
      expect(await store.getConversation({ platform: 'teams', workspace: 'tenant-1', channel: `19:${team}@thread.tacv2` })).toBeDefined();
    }
    expect(await store.deliveriesSince('')).toHaveLength(1);
    // The live key is still remembered; the expired one was deleted, so it is new again.
    expect(await store.firstSeen('live-key', now, 60_000)).toBe(false);
  });
});
