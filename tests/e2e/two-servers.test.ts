// Exactly-once across instances, end to end: two real `dateline serve` processes on one
// PostgreSQL database, 200 Slack subscriptions (200 channels) due at the same instant, posting
// through the real Slack adapter to one fake Slack Web API. Each process's start-up catch-up pass
// finds all 200 due. The fake holds its chat.postMessage answers until posts have come from both
// processes (told apart by their bot tokens), so both certainly share the work. Every channel
// must get exactly one message carrying its delivery key, and the ledger must record each as
// delivered, by the process whose token posted it.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SLACK_TIMEOUT_MS } from '../../adapters/slack/web-client.ts';
import type { Store } from '../../src/store/store.ts';
import { describeEachStore, type TestDatabase } from '../support/stores.ts';
import { isCatchUpReport, killAll, passReport, startDateline, waitUntil, type DatelineProcess } from './support/dateline-process.ts';
import { deliveryKeyOf, startFakeSlackApi, type FakeSlackApi } from './support/fake-slack-api.ts';
import { ledgerOf, pidOfOwner, recentOccurrence, seedDailyAt, type Seeded } from './support/subscriptions.ts';

const CHANNELS = 200;
const TOKENS = ['xoxb-e2e-server-a', 'xoxb-e2e-server-b'] as const;
/**
 * Held answers are released anyway after this, so that a broken run fails its assertions
 * instead of hanging; it stays under WebClient's timeout, past which the client would re-send.
 */
const HOLD_LIMIT_MS = SLACK_TIMEOUT_MS - 2_000;

describeEachStore(
  'two dateline serve processes, 200 digests due in the same minute',
  (kind) => {
    let db: TestDatabase;
    let store: Store;
    let slack: FakeSlackApi;
    let seeded: Seeded[];
    let occurrence: Date;
    let holdTimer: NodeJS.Timeout | undefined;

    beforeEach(async () => {
      db = await kind.create();
      store = await db.connect();
      occurrence = recentOccurrence();
      const channels = Array.from({ length: CHANNELS }, (_, index) => ({
        workspace: `T${index % 4}`,
        channel: `C${String(index).padStart(3, '0')}`,
      }));
      seeded = await seedDailyAt(store, occurrence, channels);
      slack = await startFakeSlackApi();
    });

    afterEach(async () => {
      clearTimeout(holdTimer);
      holdTimer = undefined;
      await killAll();
      await slack.close();
      await db.dispose();
    });

    it('posts each of the 200 digests exactly once, shared between both processes', async () => {
      // Slack accepts each message at once but answers only when both processes are posting.
      let open!: () => void;
      const bothPosting = new Promise<void>((resolve) => (open = resolve));
      let releasedBy: 'both processes posting' | 'the hold limit' | undefined;
      const release = (by: NonNullable<typeof releasedBy>) => {
        releasedBy ??= by;
        open();
      };
      slack.handlePost(async (call, api) => {
        const reply = api.accept(call);
        holdTimer ??= setTimeout(() => release('the hold limit'), HOLD_LIMIT_MS);
        if (new Set(api.messages.map((message) => message.token)).size >= TOKENS.length) release('both processes posting');
        await bothPosting;
        return reply;
      });

      const env = (token: string) => ({
        PORT: '0',
        DATABASE_URL: db.env.DATABASE_URL!,
        SLACK_BOT_TOKEN: token,
        SLACK_SIGNING_SECRET: 'e2e-signing-secret',
        SLACK_API_URL: slack.apiUrl,
      });
      const servers: DatelineProcess[] = TOKENS.map((token, index) => startDateline(`server ${'ab'[index]}`, ['serve'], env(token)));
      const diagnostics = () => `${slack.messages.length} messages\n${servers.map((server) => server.output().slice(-3000)).join('\n')}`;

      // Both start-up passes finish only when each of the 200 has been delivered or is another's.
      const reports = await Promise.all(servers.map((server) => server.waitForLog(isCatchUpReport, 'its catch-up pass', 45_000)));
      await waitUntil(
        () => new Set(slack.messages.map((message) => message.channel)).size >= CHANNELS,
        '200 channels posted to',
        10_000,
        diagnostics,
      );
      // Grace: SIGTERM lets whatever is still in flight finish; after the exits nothing can post.
      const exits = await Promise.all(servers.map((server) => server.stop()));
      expect(exits, diagnostics()).toEqual([
        { code: 0, signal: null },
        { code: 0, signal: null },
      ]);

      // Slack: exactly one message per channel, carrying that channel's delivery key.
      expect(slack.callsTo('chat.postMessage')).toHaveLength(CHANNELS);
      expect(slack.messages).toHaveLength(CHANNELS);
      for (const { channel, key } of seeded) {
        const inChannel = slack.messagesIn(channel);
        expect(inChannel, channel).toHaveLength(1);
        expect(inChannel[0]!.metadata?.event_type).toBe('dateline_digest');
        expect(deliveryKeyOf(inChannel[0]!), channel).toBe(key);
      }
      // No delivery was ever in doubt, so no channel history was read.
      expect(slack.callsTo('conversations.history')).toHaveLength(0);

      // Both processes posted (deterministic: Slack answered no one until both had posted).
      expect(releasedBy, 'the second process posted only after the first had waited HOLD_LIMIT_MS').toBe('both processes posting');
      const byToken = new Map(TOKENS.map((token) => [token, slack.messages.filter((message) => message.token === token).length]));
      expect(
        [...byToken.values()].every((count) => count > 0),
        JSON.stringify([...byToken]),
      ).toBe(true);
      const caughtUp = reports.map(passReport);
      expect(caughtUp.map((report) => report.delivered).reduce((sum, count) => sum + count)).toBe(CHANNELS);
      expect(caughtUp.map((report) => report.delivered)).toEqual(TOKENS.map((token) => byToken.get(token)));
      for (const report of caughtUp) expect(report).toMatchObject({ recovered: 0, skipped: 0, paused: 0, 'retry-later': 0, missed: 0 });

      // The ledger: every one delivered, with Slack's ts, by the process whose token posted it.
      const ledger = await ledgerOf(store, seeded);
      expect(ledger.size).toBe(CHANNELS);
      const pidOfToken = new Map(TOKENS.map((token, index) => [token, servers[index]!.pid]));
      for (const { channel, key } of seeded) {
        const row = ledger.get(key)!;
        const message = slack.messagesIn(channel)[0]!;
        expect(row, key).toMatchObject({ status: 'delivered', messageId: message.ts, postAttempts: 1 });
        expect(pidOfOwner(row.owner), key).toBe(pidOfToken.get(message.token as (typeof TOKENS)[number]));
      }
    }, 60_000);
  },
  ['postgres'],
);
