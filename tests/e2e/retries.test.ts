// Rate limits and outages, end to end: `dateline run-due --at <instant>` in a child process,
// on a real SQLite file, through the real Slack adapter, against a fake Slack Web API whose
// chat.postMessage answers 429 with Retry-After: 1, then HTTP 500, then success. Exactly one
// message is posted, after waiting out the Retry-After, and the ledger records it delivered with
// that message. A second `run-due` at the same instant posts nothing.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { describeEachStore, type TestDatabase } from '../support/stores.ts';
import { isCatchUpReport, killAll, passReport, startDateline, type DatelineProcess } from './support/dateline-process.ts';
import { deliveryKeyOf, startFakeSlackApi, type FakeSlackApi } from './support/fake-slack-api.ts';
import { ledgerOf, seedDailyAt, type Seeded } from './support/subscriptions.ts';

const AT = new Date('2026-06-15T00:00:00.000Z');
const CHANNEL = 'CRETRY';

describeEachStore(
  'dateline run-due through 429, then 500, then success',
  (kind) => {
    let db: TestDatabase;
    let store: Store;
    let slack: FakeSlackApi;
    let seeded: Seeded[];

    beforeEach(async () => {
      db = await kind.create();
      store = await db.connect();
      seeded = await seedDailyAt(store, AT, [{ workspace: 'TRETRY', channel: CHANNEL }]);
      slack = await startFakeSlackApi();
    });

    afterEach(async () => {
      await killAll();
      await slack.close();
      await db.dispose();
    });

    async function runDue(): Promise<DatelineProcess> {
      const run = startDateline('run-due', ['run-due', '--at', AT.toISOString()], {
        ...(db.env as Record<string, string>),
        SLACK_BOT_TOKEN: 'xoxb-e2e-retries',
        SLACK_SIGNING_SECRET: 'e2e-signing-secret',
        SLACK_API_URL: slack.apiUrl,
      });
      expect(await run.waitForExit(30_000), run.output()).toEqual({ code: 0, signal: null });
      return run;
    }

    it('posts the digest exactly once and records it delivered; a second run-due posts nothing', async () => {
      slack.handlePost((call, api) => {
        if (call.index === 0) return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
        if (call.index === 1) return { status: 500, body: { ok: false, error: 'internal_error' } };
        return api.accept(call);
      });
      const [{ key }] = seeded as [Seeded];

      const first = await runDue();
      const posts = slack.callsTo('chat.postMessage');
      expect(posts, first.output()).toHaveLength(3);
      expect(posts.every((call) => call.params.channel === CHANNEL)).toBe(true);
      // The 429's Retry-After (1 s) was waited out before the next attempt.
      expect(posts[1]!.receivedAt - posts[0]!.receivedAt).toBeGreaterThanOrEqual(1_000);
      // Only the third attempt was accepted: one message, with its delivery key.
      expect(slack.messages).toHaveLength(1);
      expect(slack.messages[0]).toMatchObject({ channel: CHANNEL, metadata: { event_type: 'dateline_digest' } });
      expect(deliveryKeyOf(slack.messages[0]!)).toBe(key);
      expect(passReport(first.logs.find(isCatchUpReport)!)).toEqual({
        at: AT.toISOString(),
        delivered: 1,
        recovered: 0,
        skipped: 0,
        paused: 0,
        'retry-later': 0,
        missed: 0,
      });
      const delivered = { status: 'delivered', messageId: slack.messages[0]!.ts };
      expect((await ledgerOf(store, seeded)).get(key)).toMatchObject(delivered);

      // Again at the same instant: the ledger says delivered, so Slack is not called at all.
      const callsBefore = slack.calls.length;
      const second = await runDue();
      expect(slack.calls.slice(callsBefore).map((call) => call.method)).toEqual([]);
      expect(slack.messages).toHaveLength(1);
      expect(passReport(second.logs.find(isCatchUpReport)!)).toEqual({
        at: AT.toISOString(),
        delivered: 0,
        recovered: 0,
        skipped: 0,
        paused: 0,
        'retry-later': 0,
        missed: 0,
      });
      expect((await ledgerOf(store, seeded)).get(key)).toMatchObject(delivered);
    }, 45_000);
  },
  ['sqlite'],
);
