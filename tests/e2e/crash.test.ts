// Exactly-once across a crash, end to end: a real `dateline serve` is killed with SIGKILL while
// digests are in flight to a fake Slack Web API, then started again. In flight at the kill:
// posts Slack accepted (stored, visible in conversations.history) but never answered, and posts
// that never landed; others have not started; a few were delivered before. The restarted process
// takes the dead one's claims over when their lease runs out (DATELINE_LEASE_SECONDS, a test-only
// knob), finds the landed posts through conversations.history and message metadata instead of
// posting again, and posts the rest: every occurrence ends up posted exactly once.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/scheduler/limits.ts';
import type { Store } from '../../src/store/store.ts';
import { describeEachStore, type TestDatabase } from '../support/stores.ts';
import { isCatchUpReport, killAll, passReport, startDateline, waitUntil } from './support/dateline-process.ts';
import { deliveryKeyOf, never, startFakeSlackApi, type FakeSlackApi } from './support/fake-slack-api.ts';
import { ledgerOf, pidOfOwner, recentOccurrence, seedDailyAt, type Seeded } from './support/subscriptions.ts';

/** Slack answers every post to this workspace at once. */
const ANSWERED = 'TOK';
/** Slack never answers a post to this workspace (before the crash): every slot it has fills up. */
const STUCK = 'TSTUCK';
/** Posts the scheduler runs at once per Slack workspace: this many get stuck, the rest wait. */
const SLOTS = DEFAULT_LIMITS.slack.concurrency;
const UNSTARTED = 3;
/** Short, for the test; long enough that a claim never runs out between its claim and its post. */
const LEASE_SECONDS = 3;

describeEachStore(
  'dateline serve killed with SIGKILL mid-run, then restarted',
  (kind) => {
    let db: TestDatabase;
    let store: Store;
    let slack: FakeSlackApi;
    let seeded: Seeded[];

    beforeEach(async () => {
      db = await kind.create();
      store = await db.connect();
      const channels = [
        ...Array.from({ length: 3 }, (_, index) => ({ workspace: ANSWERED, channel: `COK${index}` })),
        ...Array.from({ length: SLOTS + UNSTARTED }, (_, index) => ({
          workspace: STUCK,
          channel: `CSTUCK${String(index).padStart(2, '0')}`,
        })),
      ];
      seeded = await seedDailyAt(store, recentOccurrence(), channels);
      slack = await startFakeSlackApi();
    });

    afterEach(async () => {
      await killAll();
      await slack.close();
      await db.dispose();
    });

    it('posts every occurrence exactly once: none lost, none duplicated', async () => {
      const workspaceOf = new Map(seeded.map((entry) => [entry.channel, entry.workspace]));
      const stuckCalls = () => slack.callsTo('chat.postMessage').filter((call) => workspaceOf.get(String(call.params.channel)) === STUCK);
      // Before the crash: the stuck workspace's posts alternate between landed (Slack stored the
      // message) and lost (it never did); neither is ever answered.
      slack.handlePost((call, api) => {
        if (workspaceOf.get(String(call.params.channel)) !== STUCK) return api.accept(call);
        if (stuckCalls().indexOf(call) % 2 === 0) api.accept(call);
        return never();
      });
      const env = {
        PORT: '0',
        ...db.env,
        SLACK_BOT_TOKEN: 'xoxb-e2e-crash',
        SLACK_SIGNING_SECRET: 'e2e-signing-secret',
        SLACK_API_URL: slack.apiUrl,
        DATELINE_LEASE_SECONDS: String(LEASE_SECONDS),
      } as Record<string, string>;

      const first = startDateline('first serve', ['serve'], env);
      const firstDiagnostics = () => `${slack.calls.length} calls\n${first.output()}`;
      await waitUntil(
        async () => {
          if (stuckCalls().length < SLOTS) return false;
          const ledger = await ledgerOf(store, seeded);
          return seeded.filter((entry) => entry.workspace === ANSWERED).every((entry) => ledger.get(entry.key)?.status === 'delivered');
        },
        `the answered digests delivered and ${SLOTS} posts stuck`,
        30_000,
        firstDiagnostics,
      );
      first.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

      // The ledger the crash left: delivered, in doubt (claimed, a post started), never started.
      const stuck = stuckCalls();
      expect(stuck).toHaveLength(SLOTS);
      const landed = new Set(stuck.filter((_, index) => index % 2 === 0).map((call) => String(call.params.channel)));
      const lost = new Set(stuck.filter((_, index) => index % 2 === 1).map((call) => String(call.params.channel)));
      const afterCrash = await ledgerOf(store, seeded);
      const unstarted = seeded.filter((entry) => !afterCrash.has(entry.key)).map((entry) => entry.channel);
      expect(landed.size).toBeGreaterThan(0);
      expect(lost.size).toBeGreaterThan(0);
      expect(unstarted).toHaveLength(UNSTARTED);
      for (const entry of seeded) {
        const row = afterCrash.get(entry.key);
        if (entry.workspace === ANSWERED)
          expect(row, entry.channel).toMatchObject({ status: 'delivered', messageId: slack.messagesIn(entry.channel)[0]!.ts });
        else if (landed.has(entry.channel) || lost.has(entry.channel)) {
          expect(row, entry.channel).toMatchObject({ status: 'claimed', postAttempts: 1 });
          expect(pidOfOwner(row!.owner)).toBe(first.pid);
          // Landed: Slack has the message, the ledger does not know it.
          expect(slack.messagesIn(entry.channel), entry.channel).toHaveLength(landed.has(entry.channel) ? 1 : 0);
        }
      }

      // After the crash Slack answers normally. Restart once the dead process's leases have run out.
      slack.handlePost((call, api) => api.accept(call));
      await waitUntil(
        async () =>
          [...(await ledgerOf(store, seeded)).values()].every((row) => row.status !== 'claimed' || row.leaseUntil.getTime() < Date.now()),
        'the dead process’s leases to run out',
        (LEASE_SECONDS + 5) * 1000,
      );
      const postsBefore = slack.callsTo('chat.postMessage').length;
      const second = startDateline('restarted serve', ['serve'], env);
      const report = passReport(await second.waitForLog(isCatchUpReport, 'its catch-up pass', 30_000));
      expect(await second.stop()).toEqual({ code: 0, signal: null });
      const diagnostics = `${JSON.stringify(slack.calls.map((call) => [call.method, call.params.channel]))}\n${second.output()}`;

      // The restart recovered the landed posts from channel history and posted the others once.
      expect(report, diagnostics).toMatchObject({
        delivered: lost.size + UNSTARTED,
        recovered: landed.size,
        skipped: 0,
        paused: 0,
        'retry-later': 0,
        missed: 0,
      });
      const history = slack.callsTo('conversations.history');
      expect(history.map((call) => String(call.params.channel)).sort()).toEqual([...landed, ...lost].sort());
      for (const call of history) expect(call.params.include_all_metadata).toBe('true');
      const reposted = slack.callsTo('chat.postMessage').slice(postsBefore);
      expect(reposted.map((call) => String(call.params.channel)).sort(), diagnostics).toEqual([...lost, ...unstarted].sort());

      // Slack: exactly one message per channel, with its key. Ledger: all delivered, with that message.
      expect(slack.messages).toHaveLength(seeded.length);
      const ledger = await ledgerOf(store, seeded);
      for (const { channel, key } of seeded) {
        const messages = slack.messagesIn(channel);
        expect(messages, channel).toHaveLength(1);
        expect(deliveryKeyOf(messages[0]!), channel).toBe(key);
        expect(ledger.get(key), channel).toMatchObject({ status: 'delivered', messageId: messages[0]!.ts });
      }
    }, 60_000);
  },
  ['sqlite', 'postgres'],
);
