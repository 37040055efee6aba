// SIGTERM in the middle of a busy minute, end to end: a `dateline serve` is posting 40 Slack
// digests due at one instant (Slack answers each post after 150 ms, so the pass takes seconds),
// and gets SIGTERM once a few have been posted. It must log the signal, finish the posts it has
// started, release the claims it has not, and exit 0 within the stop deadline; a `run-due` then
// delivers the rest. Every channel gets exactly one message and the ledger records each delivered.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { STOP_DEADLINE_MS } from '../../src/server/serve.ts';
import type { Store } from '../../src/store/store.ts';
import { describeEachStore, type TestDatabase } from '../support/stores.ts';
import { killAll, startDateline, waitUntil } from './support/dateline-process.ts';
import { deliveryKeyOf, startFakeSlackApi, type FakeSlackApi } from './support/fake-slack-api.ts';
import { ledgerOf, recentOccurrence, seedDailyAt, type Seeded } from './support/subscriptions.ts';

const CHANNELS = 40;

describeEachStore(
  'SIGTERM during a pass',
  (kind) => {
    let db: TestDatabase;
    let store: Store;
    let slack: FakeSlackApi;
    let seeded: Seeded[];

    beforeEach(async () => {
      db = await kind.create();
      store = await db.connect();
      const channels = Array.from({ length: CHANNELS }, (_, index) => ({
        workspace: 'TDRAIN',
        channel: `CD${String(index).padStart(2, '0')}`,
      }));
      seeded = await seedDailyAt(store, recentOccurrence(), channels);
      slack = await startFakeSlackApi();
      slack.handlePost(async (call, api) => {
        await sleep(150);
        return api.accept(call);
      });
    });

    afterEach(async () => {
      await killAll();
      await slack.close();
      await db.dispose();
    });

    it('finishes what it started, releases the rest, and loses or repeats nothing', async () => {
      const env = {
        ...(db.env as Record<string, string>),
        PORT: '0',
        SLACK_BOT_TOKEN: 'xoxb-e2e-drain',
        SLACK_SIGNING_SECRET: 'e2e-signing-secret',
        SLACK_API_URL: slack.apiUrl,
      };
      const server = startDateline('serve', ['serve'], env);
      await waitUntil(() => slack.messages.length >= 3, 'a few digests posted', 30_000, server.output);
      const signalled = performance.now();
      server.kill('SIGTERM');
      const exit = await server.waitForExit(STOP_DEADLINE_MS + 2_000);
      const stoppedIn = performance.now() - signalled;
      expect(exit, server.output()).toEqual({ code: 0, signal: null });
      expect(stoppedIn).toBeLessThan(10_000);
      expect(server.logs.some((line) => line.msg === 'SIGTERM received: stopping')).toBe(true);
      const postedBeforeStop = slack.messages.length;
      expect(postedBeforeStop, 'the stop came before the pass had finished').toBeLessThan(CHANNELS);

      const runDue = startDateline('run-due', ['run-due'], env);
      expect(await runDue.waitForExit(30_000)).toEqual({ code: 0, signal: null });

      for (const { channel, key } of seeded) {
        const inChannel = slack.messagesIn(channel);
        expect(inChannel, channel).toHaveLength(1);
        expect(deliveryKeyOf(inChannel[0]!)).toBe(key);
      }
      const ledger = await ledgerOf(store, seeded);
      expect([...ledger.values()].map((row) => row.status)).toEqual(Array(CHANNELS).fill('delivered'));
    }, 90_000);
  },
  ['sqlite'],
);
