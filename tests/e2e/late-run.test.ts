// An in-doubt post in a run hours late, end to end: `dateline run-due` delivers a digest two
// hours after its occurrence into a busy channel (350 messages from others since an hour before
// the occurrence). Slack stores the first post but answers 500, so the delivery is in doubt and
// the retry looks for it in conversations.history first. Slack serves history from `oldest`
// forward, so the lookup must start near when the post started (the ledger's first-post time),
// not near the occurrence: from an hour before the occurrence, every page it reads is chatter,
// it does not find the post, and the digest is posted twice.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { describeEachStore, type TestDatabase } from '../support/stores.ts';
import { isCatchUpReport, killAll, passReport, startDateline } from './support/dateline-process.ts';
import { deliveryKeyOf, startFakeSlackApi, type FakeSlackApi } from './support/fake-slack-api.ts';
import { recentOccurrence, seedDailyAt, type Seeded } from './support/subscriptions.ts';

const CHANNEL = 'CBUSY';
const HOUR_MS = 3_600_000;
/** More than the poster reads (3 pages of 100) between an hour before the occurrence and the post. */
const CHATTER = 350;

describeEachStore('dateline run-due two hours late, with an in-doubt post in a busy channel', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let slack: FakeSlackApi;
  let seeded: Seeded;
  let occurrence: Date;

  beforeEach(async () => {
    db = await kind.create();
    store = await db.connect();
    occurrence = new Date(recentOccurrence().getTime() - 2 * HOUR_MS);
    [seeded] = (await seedDailyAt(store, occurrence, [{ workspace: 'TLATE', channel: CHANNEL }])) as [Seeded];
    slack = await startFakeSlackApi();
    // Others' messages, from just after an hour before the occurrence to ten minutes ago.
    const from = occurrence.getTime() - HOUR_MS + 60_000;
    const to = Date.now() - 10 * 60_000;
    for (let index = 0; index < CHATTER; index++) slack.seed(CHANNEL, from + ((to - from) * index) / CHATTER, `chatter ${index}`);
  });

  afterEach(async () => {
    await killAll();
    await slack.close();
    await db.dispose();
  });

  it('finds the landed post from its first post on and records it, without posting again', async () => {
    // The first post lands, but its answer is lost: a 500.
    slack.handlePost((call, api) => {
      if (call.index > 0) return api.accept(call);
      api.accept(call);
      return { status: 500, body: { ok: false, error: 'internal_error' } };
    });
    const now = new Date();
    const run = startDateline('run-due', ['run-due', '--at', now.toISOString()], {
      ...(db.env as Record<string, string>),
      SLACK_BOT_TOKEN: 'xoxb-e2e-late',
      SLACK_SIGNING_SECRET: 'e2e-signing-secret',
      SLACK_API_URL: slack.apiUrl,
    });
    expect(await run.waitForExit(30_000), run.output()).toEqual({ code: 0, signal: null });

    const ours = slack.messagesIn(CHANNEL).filter((message) => deliveryKeyOf(message) === seeded.key);
    expect(ours, `${slack.callsTo('chat.postMessage').length} posts`).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    const [lookup] = slack.callsTo('conversations.history');
    // From a few minutes before this run's first post, hours after the occurrence.
    expect(Number(lookup!.params.oldest) * 1000).toBeGreaterThan(now.getTime() - 10 * 60_000);
    expect(passReport(run.logs.find(isCatchUpReport)!)).toMatchObject({ delivered: 0, recovered: 1 });
    const [row] = await store.deliveriesSince(occurrence.toISOString());
    expect(row).toMatchObject({ status: 'delivered', messageId: ours[0]!.ts, postAttempts: 1 });
  }, 45_000);
});
