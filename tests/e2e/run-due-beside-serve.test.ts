// `dateline run-due --at <past>` beside a running `dateline serve`, end to end: leases are read
// from the database's clock, so the claim run-due takes for an instant in the past is as live to
// serve as one taken now. run-due posts a digest for an occurrence ten minutes ago, at an instant
// a minute after it, with a 30 s lease; Slack holds that post unanswered while serve starts and
// runs its catch-up pass, which finds the same occurrence due. On run-due's clock that lease ran
// out nine minutes ago, and serve would take the claim over and post too; on the database's
// clock it is live, and serve leaves it alone. The digest is posted once.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SLACK_TIMEOUT_MS } from '../../adapters/slack/web-client.ts';
import type { Store } from '../../src/store/store.ts';
import { describeEachStore, type TestDatabase } from '../support/stores.ts';
import { isCatchUpReport, killAll, passReport, startDateline, waitUntil } from './support/dateline-process.ts';
import { deliveryKeyOf, startFakeSlackApi, type FakeSlackApi } from './support/fake-slack-api.ts';
import { ledgerOf, recentOccurrence, seedDailyAt, type Seeded } from './support/subscriptions.ts';

const MINUTE_MS = 60_000;
const RUN_DUE_TOKEN = 'xoxb-e2e-run-due';
const SERVE_TOKEN = 'xoxb-e2e-serve';
const LEASE_SECONDS = 30;
/** run-due's post is answered after this at the latest, under WebClient's timeout (past which it would retry). */
const HOLD_LIMIT_MS = SLACK_TIMEOUT_MS - 2_000;

describeEachStore('dateline run-due --at <past> beside a running serve', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let slack: FakeSlackApi;
  let seeded: Seeded;
  let occurrence: Date;

  beforeEach(async () => {
    db = await kind.create();
    store = await db.connect();
    occurrence = new Date(recentOccurrence().getTime() - 8 * MINUTE_MS);
    [seeded] = (await seedDailyAt(store, occurrence, [{ workspace: 'TBESIDE', channel: 'CBESIDE' }])) as [Seeded];
    slack = await startFakeSlackApi();
  });

  afterEach(async () => {
    await killAll();
    await slack.close();
    await db.dispose();
  });

  it('never posts from both: serve leaves run-due’s claim alone', async () => {
    let answerRunDue!: () => void;
    const serveDone = new Promise<void>((resolve) => (answerRunDue = resolve));
    let releasedBy: 'serve’s catch-up pass' | 'the hold limit' | undefined;
    slack.handlePost(async (call, api) => {
      if (call.token !== RUN_DUE_TOKEN) return api.accept(call);
      const timer = setTimeout(() => {
        releasedBy ??= 'the hold limit';
        answerRunDue();
      }, HOLD_LIMIT_MS);
      await serveDone;
      clearTimeout(timer);
      return api.accept(call);
    });
    const env = {
      ...(db.env as Record<string, string>),
      SLACK_SIGNING_SECRET: 'e2e-signing-secret',
      SLACK_API_URL: slack.apiUrl,
      DATELINE_LEASE_SECONDS: String(LEASE_SECONDS),
    };
    const runAt = new Date(occurrence.getTime() + MINUTE_MS);
    const runDue = startDateline('run-due', ['run-due', '--at', runAt.toISOString()], { ...env, SLACK_BOT_TOKEN: RUN_DUE_TOKEN });
    await waitUntil(
      () => slack.callsTo('chat.postMessage').length > 0,
      'run-due to post',
      20_000,
      () => runDue.output(),
    );

    const serve = startDateline('serve', ['serve'], { ...env, PORT: '0', SLACK_BOT_TOKEN: SERVE_TOKEN });
    const catchUp = await serve.waitForLog(isCatchUpReport, 'its catch-up pass', HOLD_LIMIT_MS);
    releasedBy ??= 'serve’s catch-up pass';
    answerRunDue();
    expect(await runDue.waitForExit(20_000), runDue.output()).toEqual({ code: 0, signal: null });

    expect(releasedBy, 'serve ran its catch-up pass while run-due’s post was in flight').toBe('serve’s catch-up pass');
    expect(passReport(catchUp)).toMatchObject({ delivered: 0, recovered: 0, missed: 0 });
    expect(slack.callsTo('chat.postMessage').map((call) => call.token)).toEqual([RUN_DUE_TOKEN]);
    expect(slack.messages.filter((message) => deliveryKeyOf(message) === seeded.key)).toHaveLength(1);
    expect(passReport(runDue.logs.find(isCatchUpReport)!)).toMatchObject({ delivered: 1 });
    expect((await ledgerOf(store, [seeded])).get(seeded.key)).toMatchObject({ status: 'delivered', postAttempts: 1 });
    await serve.stop();
  }, 60_000);
});
