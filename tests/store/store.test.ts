// The one store suite, run on SQLite and on PostgreSQL: conversation references, subscriptions
// (create, replace, pause, resume, remove), the delivery ledger (exclusive claims under
// concurrency, lease takeover, settling, release, missed) and migrations.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import type { SubscriptionSettings } from '../../src/store/subscriptions.ts';
import { deliveryKey } from '../../src/scheduler/due.ts';
import { describeEachStore, type TestDatabase } from '../support/stores.ts';
import type { ChannelRef } from '../../src/types.ts';

const channel = (id: string, workspace = 'T1', platform: ChannelRef['platform'] = 'slack'): ChannelRef => ({
  platform,
  workspace,
  channel: id,
});
const daily: SubscriptionSettings = { cadence: 'daily', hour: 9, minute: 0, zone: 'Asia/Seoul', quiet: false };
const weekly: SubscriptionSettings = {
  cadence: 'weekly',
  hour: 18,
  minute: 30,
  weekday: 5,
  zone: 'Europe/London',
  quiet: false,
  themeId: 'imaging',
};
const T0 = new Date('2026-06-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const LEASE = 60_000;
/** A lease the test waits out (leases run on the database's clock, which is real time). */
const SHORT_LEASE = 300;
/** How far the database's clock may read from this process's: the same machine's clock, and a statement's time. */
const CLOCK_SLACK_MS = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const KEY = deliveryKey('sub-1', T0);

describeEachStore('store', (kind) => {
  let db: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    db = await kind.create();
    store = await db.connect();
  });
  afterEach(() => db.dispose());

  describe('conversation references', () => {
    it('saves, replaces and reads a reference, and forgets those of an installation', async () => {
      const teams = channel('19:abc@thread.tacv2', 'tenant-1', 'teams');
      expect(await store.getConversation(teams)).toBeUndefined();
      await store.saveConversation(teams, { serviceUrl: 'https://smba.example/one', conversation: { id: '19:abc' } }, T0, '19:team');
      await store.saveConversation(teams, { serviceUrl: 'https://smba.example/two', conversation: { id: '19:abc' } }, at(1000), '19:team');
      expect(await store.getConversation(teams)).toEqual({
        channel: teams,
        reference: { serviceUrl: 'https://smba.example/two', conversation: { id: '19:abc' } },
        updatedAt: at(1000),
      });
      expect(await store.getConversation(channel('19:abc@thread.tacv2', 'tenant-2', 'teams'))).toBeUndefined();
      expect(await store.leaveInstallation('teams', '19:team', false, at(2000))).toEqual({ conversations: 1, paused: 0 });
      expect(await store.getConversation(teams)).toBeUndefined();
    });
  });

  describe('subscriptions', () => {
    it('creates subscriptions with their settings, listed for their own channel only', async () => {
      const saved = await store.saveSubscription(channel('C1'), daily, T0);
      await store.saveSubscription(channel('C1'), weekly, T0);
      await store.saveSubscription(channel('C2'), { ...daily, quiet: true }, T0);
      expect(saved).toEqual({ id: expect.any(String), channel: channel('C1'), ...daily, since: T0 });
      const listed = await store.subscriptionsOf(channel('C1'));
      expect(listed.map((subscription) => subscription.cadence)).toEqual(['daily', 'weekly']);
      expect(listed[1]).toMatchObject({ ...weekly, channel: channel('C1') });
      expect(await store.subscriptionsOf(channel('C1', 'T2'))).toEqual([]);
      expect(await store.activeSubscriptions()).toHaveLength(3);
    });

    it('keeps the days a daily digest runs on, and forgets them when it is saved for every day again', async () => {
      const saved = await store.saveSubscription(channel('C1'), { ...daily, days: [1, 3, 5] }, T0);
      expect(saved.days).toEqual([1, 3, 5]);
      expect((await store.subscriptionsOf(channel('C1')))[0]?.days).toEqual([1, 3, 5]);
      const everyDay = await store.saveSubscription(channel('C1'), daily, at(1000));
      expect(everyDay).toEqual({ id: saved.id, channel: channel('C1'), ...daily, since: at(1000) });
    });

    it("replaces a channel's subscription of the same cadence, keeping its id", async () => {
      const first = await store.saveSubscription(channel('C1'), daily, T0);
      const second = await store.saveSubscription(
        channel('C1'),
        { ...daily, hour: 7, minute: 15, zone: 'America/New_York', quiet: true },
        at(5000),
      );
      expect(second).toEqual({
        id: first.id,
        channel: channel('C1'),
        cadence: 'daily',
        hour: 7,
        minute: 15,
        zone: 'America/New_York',
        quiet: true,
        since: at(5000),
      });
      expect(await store.subscriptionsOf(channel('C1'))).toEqual([second]);
    });

    it('pauses a subscription with its reason, and resumes it when it is saved again', async () => {
      const saved = await store.saveSubscription(channel('C1'), daily, T0);
      await store.saveSubscription(channel('C2'), daily, T0);
      await store.pauseSubscription(saved.id, 'channel_not_found', at(1000));
      expect((await store.subscriptionsOf(channel('C1')))[0]!.paused).toEqual({
        at: at(1000),
        reason: 'channel',
        detail: 'channel_not_found',
      });
      expect((await store.activeSubscriptions()).map((subscription) => subscription.channel.channel)).toEqual(['C2']);
      const resumed = await store.saveSubscription(channel('C1'), daily, at(2000));
      expect(resumed.paused).toBeUndefined();
      expect(resumed.since).toEqual(at(2000));
      expect(await store.activeSubscriptions()).toHaveLength(2);
    });

    it('pauses every active subscription of one workspace of one platform only', async () => {
      await store.saveSubscription(channel('C1', 'T1'), daily, T0);
      await store.saveSubscription(channel('C2', 'T1'), weekly, T0);
      await store.saveSubscription(channel('C3', 'T2'), daily, T0);
      await store.saveSubscription(channel('C4', 'T1', 'teams'), daily, T0);
      expect(await store.pauseWorkspace('slack', 'T1', 'token_revoked', at(1000))).toBe(2);
      expect((await store.activeSubscriptions()).map((subscription) => subscription.channel.channel).sort()).toEqual(['C3', 'C4']);
      expect((await store.subscriptionsOf(channel('C2', 'T1')))[0]!.paused).toMatchObject({ reason: 'install', detail: 'token_revoked' });
    });

    it('removes daily, weekly or all, and says how many it removed', async () => {
      await store.saveSubscription(channel('C1'), daily, T0);
      await store.saveSubscription(channel('C1'), weekly, T0);
      await store.saveSubscription(channel('C2'), daily, T0);
      expect(await store.removeSubscriptions(channel('C1'), 'weekly')).toBe(1);
      expect(await store.removeSubscriptions(channel('C1'), 'weekly')).toBe(0);
      await store.saveSubscription(channel('C1'), weekly, T0);
      expect(await store.removeSubscriptions(channel('C1'), 'all')).toBe(2);
      expect(await store.subscriptionsOf(channel('C1'))).toEqual([]);
      expect(await store.subscriptionsOf(channel('C2'))).toHaveLength(1);
    });
  });

  describe('delivery ledger', () => {
    it('claims a new delivery once, for its owner, with a lease from the database clock', async () => {
      const before = Date.now();
      expect(await store.claimDelivery(KEY, 'a', LEASE)).toEqual({ postAttempts: 0 });
      const after = Date.now();
      expect(await store.claimDelivery(KEY, 'b', LEASE)).toBeUndefined();
      expect(await store.claimDelivery(KEY, 'a', LEASE)).toBeUndefined();
      const [record] = await store.deliveriesSince('');
      expect(record).toEqual({
        subscriptionId: 'sub-1',
        occurrence: KEY.occurrence,
        status: 'claimed',
        owner: 'a',
        leaseUntil: expect.any(Date),
        postAttempts: 0,
      });
      // The database's clock, which is this machine's: a lease from now, whatever instant the claim is for.
      expect(record!.leaseUntil.getTime()).toBeGreaterThanOrEqual(before + LEASE - CLOCK_SLACK_MS);
      expect(record!.leaseUntil.getTime()).toBeLessThanOrEqual(after + LEASE + CLOCK_SLACK_MS);
    });

    it('lets exactly one of many concurrent claims of a key win, across two connections', async () => {
      const other = await db.connect();
      const keys = Array.from({ length: 10 }, (_, index) => deliveryKey(`sub-${index}`, T0));
      const claims = keys.flatMap((key) =>
        Array.from({ length: 8 }, (_, claimer) =>
          (claimer % 2 ? other : store).claimDelivery(key, `owner-${claimer}`, LEASE).then((claim) => ({ key, claim })),
        ),
      );
      const results = await Promise.all(claims);
      for (const key of keys) {
        expect(results.filter((result) => result.key === key && result.claim).length, key.key).toBe(1);
      }
      expect((await store.deliveriesSince('')).every((record) => record.status === 'claimed')).toBe(true);
    });

    it('lets a claim be taken over only once its lease has run out, carrying the posts started and when the first one did', async () => {
      await store.claimDelivery(KEY, 'a', SHORT_LEASE);
      const before = Date.now();
      const started = await store.startPost(KEY, 'a', SHORT_LEASE);
      expect(started).toEqual({ postAttempts: 1, firstPostAt: expect.any(Date) });
      expect(Math.abs(started!.firstPostAt!.getTime() - before)).toBeLessThan(CLOCK_SLACK_MS);
      expect(await store.claimDelivery(KEY, 'b', LEASE)).toBeUndefined();
      await sleep(SHORT_LEASE + 50);
      expect(await store.claimDelivery(KEY, 'b', LEASE)).toEqual(started);
      expect(await store.startPost(KEY, 'a', LEASE)).toBeUndefined();
      await store.releaseDelivery(KEY, 'a', 'too late');
      expect((await store.deliveriesSince(''))[0]).toMatchObject({ status: 'claimed', owner: 'b', postAttempts: 1 });
      // A later post counts, but the first post's start stays: an earlier post may have landed from then on.
      expect(await store.startPost(KEY, 'b', LEASE)).toEqual({ postAttempts: 2, firstPostAt: started!.firstPostAt });
    });

    it('refuses startPost to an owner whose lease has run out', async () => {
      await store.claimDelivery(KEY, 'a', SHORT_LEASE);
      await sleep(SHORT_LEASE + 50);
      expect(await store.startPost(KEY, 'a', LEASE)).toBeUndefined();
    });

    it('never hands out a settled delivery again, and records who settled it with what', async () => {
      await store.claimDelivery(KEY, 'a', SHORT_LEASE);
      await store.settleDelivery(KEY, { status: 'delivered', messageId: '1717200000.000100' });
      await sleep(SHORT_LEASE + 50);
      expect(await store.claimDelivery(KEY, 'b', LEASE)).toBeUndefined();
      expect(await store.recordMissed(KEY)).toBe(false);
      expect((await store.deliveriesSince(''))[0]).toMatchObject({ status: 'delivered', messageId: '1717200000.000100' });
      const skipped = deliveryKey('sub-2', T0);
      await store.claimDelivery(skipped, 'a', 0);
      await store.settleDelivery(skipped, { status: 'skipped', detail: 'quiet' });
      expect(await store.claimDelivery(skipped, 'b', LEASE)).toBeUndefined();
    });

    it('hands a released delivery to the next claimer at once', async () => {
      await store.claimDelivery(KEY, 'a', LEASE);
      await store.startPost(KEY, 'a', LEASE);
      await store.releaseDelivery(KEY, 'b', 'not b’s to release');
      expect(await store.claimDelivery(KEY, 'c', LEASE)).toBeUndefined();
      await store.releaseDelivery(KEY, 'a', 'rate limited');
      expect((await store.deliveriesSince(''))[0]).toMatchObject({ status: 'pending', detail: 'rate limited', postAttempts: 1 });
      expect(await store.claimDelivery(KEY, 'c', LEASE)).toMatchObject({ postAttempts: 1 });
    });

    it('records a delivery as missed unless a live claim or a settlement holds it', async () => {
      expect(await store.recordMissed(deliveryKey('new', T0))).toBe(true);
      const live = deliveryKey('live', T0);
      await store.claimDelivery(live, 'a', LEASE);
      expect(await store.recordMissed(live)).toBe(false);
      const expired = deliveryKey('expired', T0);
      await store.claimDelivery(expired, 'a', SHORT_LEASE);
      await sleep(SHORT_LEASE + 50);
      expect(await store.recordMissed(expired)).toBe(true);
      const released = deliveryKey('released', T0);
      await store.claimDelivery(released, 'a', LEASE);
      await store.releaseDelivery(released, 'a', 'rate limited');
      expect(await store.recordMissed(released)).toBe(true);
      const statuses = Object.fromEntries((await store.deliveriesSince('')).map((record) => [record.subscriptionId, record.status]));
      expect(statuses).toEqual({ new: 'missed', live: 'claimed', expired: 'missed', released: 'missed' });
    });

    it('lists the deliveries of occurrences from a given instant on', async () => {
      for (const hours of [0, 24, 48]) await store.recordMissed(deliveryKey('sub-1', at(hours * 3_600_000)));
      const since = await store.deliveriesSince(at(24 * 3_600_000).toISOString());
      expect(since.map((record) => record.occurrence)).toEqual(['2026-06-02T00:00:00.000Z', '2026-06-03T00:00:00.000Z']);
    });
  });

  describe('replay cache', () => {
    it('sees a key first once, on any connection, until its time is up', async () => {
      const other = await db.connect();
      expect(await store.firstSeen('slack-request:v0=abc', T0, 600_000)).toBe(true);
      expect(await store.firstSeen('slack-request:v0=abc', at(1000), 600_000)).toBe(false);
      expect(await other.firstSeen('slack-request:v0=abc', at(599_999), 600_000)).toBe(false);
      expect(await other.firstSeen('slack-request:v0=def', at(1000), 600_000)).toBe(true);
      expect(await other.firstSeen('slack-request:v0=abc', at(600_000), 600_000)).toBe(true);
      expect(await store.firstSeen('slack-request:v0=abc', at(600_001), 600_000)).toBe(false);
    });

    it('lets exactly one of many concurrent claims of a key through', async () => {
      const others = await Promise.all([db.connect(), db.connect()]);
      const claims = await Promise.all([store, ...others, store].map((each) => each.firstSeen('slack-share:T1:trigger', T0, 60_000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
    });

    it('answers each of many keys asked for at once as it would alone (SQLite takes them in one transaction)', async () => {
      const other = await db.connect();
      expect(await other.firstSeen('slack-request:v0=seen', T0, 600_000)).toBe(true);
      expect(await other.firstSeen('slack-request:v0=expired', T0, 1_000)).toBe(true);
      const keys = ['new-1', 'seen', 'new-2', 'new-1', 'expired', 'new-3', 'expired'].map((key) => `slack-request:v0=${key}`);
      const answers = await Promise.all(keys.map((key) => store.firstSeen(key, at(2_000), 600_000)));
      // Each key is let through once, or not at all when it was seen and has not expired.
      const through = (key: string) => keys.filter((asked, index) => asked === `slack-request:v0=${key}` && answers[index]).length;
      expect(['new-1', 'seen', 'new-2', 'expired', 'new-3'].map(through)).toEqual([1, 0, 1, 1, 1]);
      // SQLite takes them in the order asked; PostgreSQL's pool runs them on several connections, so
      // which of two asks of one key comes first is not ordered there.
      if (kind.name === 'sqlite') expect(answers).toEqual([true, false, true, false, true, true, false]);
      // Committed: another connection sees every key taken.
      const again = await Promise.all(
        ['new-1', 'new-2', 'new-3', 'expired'].map((key) => other.firstSeen(`slack-request:v0=${key}`, at(3_000), 600_000)),
      );
      expect(again).toEqual([false, false, false, false]);
    });
  });

  describe('health', () => {
    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });

  describe('migrations', () => {
    it('migrate once: instances starting together on a new database both come up on one schema', async () => {
      const fresh = await kind.create();
      try {
        const [first, second] = await Promise.all([fresh.connect(), fresh.connect()]);
        await first!.saveSubscription(channel('C1'), daily, T0);
        expect(await second!.subscriptionsOf(channel('C1'))).toHaveLength(1);
        const third = await fresh.connect();
        expect(await third.subscriptionsOf(channel('C1'))).toHaveLength(1);
      } finally {
        await fresh.dispose();
      }
    });

    it('takes over a database made before named migrations: its rows are kept, and it gains the new columns', async () => {
      const legacy = await kind.create();
      const OLD_KEY = deliveryKey('sub-old', T0);
      try {
        await runOnDatabase(legacy, legacySchema(kind.name));
        const store = await legacy.connect();
        expect(await store.subscriptionsOf(channel('C1'))).toEqual([
          { id: 'sub-old', channel: channel('C1'), cadence: 'daily', hour: 9, minute: 0, zone: 'Asia/Seoul', quiet: true, since: T0 },
        ]);
        expect(await store.deliveriesSince('')).toEqual([
          {
            subscriptionId: 'sub-old',
            occurrence: KEY.occurrence,
            status: 'pending',
            leaseUntil: new Date(0),
            postAttempts: 1,
            detail: 'ratelimited',
          },
        ]);
        // Its next run starts at its `since` (0008): due at the first pass, which moves it on.
        expect(await store.dueSubscriptions(T0, ['slack'])).toEqual([expect.objectContaining({ id: 'sub-old', nextRun: T0 })]);
        // A row an older release writes during a rolling upgrade has no next run of its own: it is due at once.
        await runOnDatabase(
          legacy,
          `INSERT INTO subscriptions (id, platform, workspace, channel, cadence, hour, minute, zone, since)
           VALUES ('sub-rolling', 'slack', 'T1', 'C2', 'daily', 9, 0, 'Asia/Seoul', '${T0.toISOString()}')`,
        );
        expect((await store.dueSubscriptions(T0, ['slack'])).map((due) => [due.id, due.nextRun])).toEqual([
          ['sub-rolling', new Date(0)],
          ['sub-old', T0],
        ]);
        // An in-doubt row from before first_post_at was kept: claimed without one, then given one by its next post.
        expect(await store.claimDelivery(OLD_KEY, 'a', LEASE)).toEqual({ postAttempts: 1 });
        expect(await store.startPost(OLD_KEY, 'a', LEASE)).toEqual({ postAttempts: 2, firstPostAt: expect.any(Date) });
        // Opening it again finds every migration recorded and runs none.
        expect(await (await legacy.connect()).subscriptionsOf(channel('C1'))).toHaveLength(1);
      } finally {
        await legacy.dispose();
      }
    });
  });
});

/** Runs SQL on a test database directly, without the store (and so without migrating it). */
async function runOnDatabase(db: TestDatabase, statements: string): Promise<void> {
  if (db.env.DATELINE_DB) {
    const sqlite = new BetterSqlite3(db.env.DATELINE_DB);
    sqlite.exec(statements);
    sqlite.close();
    return;
  }
  const client = new pg.Client({ connectionString: db.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(statements);
  } finally {
    await client.end();
  }
}

/** The schema and bookkeeping that Dateline wrote before named migrations (versions 1 and 2), with a row in each table. */
function legacySchema(kind: 'sqlite' | 'postgres'): string {
  const types =
    kind === 'sqlite'
      ? { instant: 'TEXT', flag: 'INTEGER', flagFalse: '0', milliseconds: 'INTEGER', true: '1' }
      : { instant: 'TIMESTAMPTZ', flag: 'BOOLEAN', flagFalse: 'false', milliseconds: 'BIGINT', true: 'true' };
  return `
    CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at ${kind === 'sqlite' ? 'TEXT' : 'TIMESTAMPTZ'} NOT NULL);
    CREATE TABLE conversations (
       platform TEXT NOT NULL,
       workspace TEXT NOT NULL,
       channel TEXT NOT NULL,
       reference TEXT NOT NULL,
       updated_at ${types.instant} NOT NULL,
       PRIMARY KEY (platform, workspace, channel)
     );
    INSERT INTO schema_migrations VALUES (1, '2026-05-01T00:00:00.000Z');
    CREATE TABLE subscriptions (
       id TEXT PRIMARY KEY,
       platform TEXT NOT NULL,
       workspace TEXT NOT NULL,
       channel TEXT NOT NULL,
       cadence TEXT NOT NULL CHECK (cadence IN ('daily', 'weekly')),
       hour INTEGER NOT NULL,
       minute INTEGER NOT NULL,
       weekday INTEGER,
       zone TEXT NOT NULL,
       quiet ${types.flag} NOT NULL DEFAULT ${types.flagFalse},
       theme_id TEXT,
       since ${types.instant} NOT NULL,
       paused_at ${types.instant},
       pause_reason TEXT,
       UNIQUE (platform, workspace, channel, cadence)
     );
     CREATE INDEX subscriptions_workspace ON subscriptions (platform, workspace);
     CREATE TABLE deliveries (
       subscription_id TEXT NOT NULL,
       occurrence TEXT NOT NULL,
       status TEXT NOT NULL,
       owner TEXT,
       lease_until ${types.milliseconds} NOT NULL,
       post_attempts INTEGER NOT NULL,
       message_id TEXT,
       detail TEXT,
       updated_at ${types.instant} NOT NULL,
       PRIMARY KEY (subscription_id, occurrence)
     );
     CREATE INDEX deliveries_occurrence ON deliveries (occurrence);
    INSERT INTO schema_migrations VALUES (2, '2026-05-01T00:00:00.000Z');
    INSERT INTO subscriptions (id, platform, workspace, channel, cadence, hour, minute, zone, quiet, since)
      VALUES ('sub-old', 'slack', 'T1', 'C1', 'daily', 9, 0, 'Asia/Seoul', ${types.true}, '${T0.toISOString()}');
    INSERT INTO deliveries (subscription_id, occurrence, status, lease_until, post_attempts, detail, updated_at)
      VALUES ('sub-old', '${KEY.occurrence}', 'pending', 0, 1, 'ratelimited', '${T0.toISOString()}');`;
}
