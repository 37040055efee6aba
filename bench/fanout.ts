// Fan-out benchmark: many digests due in the same minute, delivered by the real scheduler and
// the real Slack poster to a local fake Slack Web API that enforces Slack's limits (1 message a
// second per channel; a workspace-wide rate answered with 429 + Retry-After). Reports the
// total time against the minimum those limits allow, and any duplicate or lost digest.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { singleToken } from '../adapters/slack/installations.ts';
import { createSlackPoster } from '../adapters/slack/poster.ts';
import { commandSigner } from '../adapters/slack/signed-command.ts';
import { Dateline } from '../src/dateline.ts';
import { openCatalog } from '../src/facts/open.ts';
import { createLogger } from '../src/logger.ts';
import { Scheduler } from '../src/scheduler/scheduler.ts';
import { SqliteStore } from '../src/store/sqlite-store.ts';
import { startLimitedSlack } from './limited-slack.ts';
import { spread, twoDecimals } from './stats.ts';

/** The fake workspace's limit on chat.postMessage, messages a second. */
const WORKSPACE_PER_SECOND = 100;
const WORKSPACE = 'T0BENCH';
/** Monday 09:00 in Seoul: both the daily and the weekly digests of every channel are due. */
const DUE_AT = new Date('2026-06-01T00:00:00Z');

async function fanoutOnce(options: { subscriptions: number }) {
  const channels = Math.ceil(options.subscriptions / 2);
  const slack = await startLimitedSlack({ workspacePerSecond: WORKSPACE_PER_SECOND, workspaceOf: () => WORKSPACE });
  const dir = mkdtempSync(join(tmpdir(), 'dateline-fanout-'));
  const store = await SqliteStore.open(join(dir, 'dateline.db'));
  const logger = createLogger('silent');
  try {
    const subscribedAt = new Date(DUE_AT.getTime() - 86_400_000);
    for (let i = 0; i < channels; i++) {
      const channel = { platform: 'slack' as const, workspace: WORKSPACE, channel: `C${String(i).padStart(6, '0')}` };
      await store.saveSubscription(channel, { cadence: 'daily', hour: 9, minute: 0, zone: 'Asia/Seoul', quiet: false }, subscribedAt);
      if (2 * i + 1 < options.subscriptions) {
        await store.saveSubscription(
          channel,
          { cadence: 'weekly', hour: 9, minute: 0, weekday: 1, zone: 'Asia/Seoul', quiet: false },
          subscribedAt,
        );
      }
    }
    const config = { mode: 'http' as const, botToken: 'xoxb-bench', signingSecret: 'unused', command: '/dateline', apiUrl: slack.url };
    const poster = createSlackPoster(config, singleToken(config.botToken), commandSigner(config.signingSecret), logger);
    const scheduler = new Scheduler({
      store,
      dateline: new Dateline(openCatalog(join(import.meta.dirname, '..', 'facts')), 'Asia/Seoul'),
      posters: [poster],
      logger,
      catchupHours: 6,
    });
    const started = performance.now();
    await scheduler.runPass(DUE_AT);
    const seconds = (performance.now() - started) / 1000;
    await scheduler.stop();
    const keys = slack.posted.map((post) => post.key);
    const minimum = options.subscriptions / WORKSPACE_PER_SECOND;
    return {
      subscriptions: options.subscriptions,
      channels,
      workspace_limit_per_s: WORKSPACE_PER_SECOND,
      total_s: twoDecimals(seconds),
      minimum_s: minimum,
      ratio_to_minimum: twoDecimals(seconds / minimum),
      // The workspace's 429s teach the poster its rate (Slack does not document it); a channel's would be our pacing's fault.
      rate_limited_workspace: slack.rateLimited.workspace,
      rate_limited_channel: slack.rateLimited.channel,
      duplicates: keys.length - new Set(keys).size,
      lost: options.subscriptions - new Set(keys).size,
    };
  } finally {
    await store.close();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `runs` fan-outs, each on a fresh fake Slack and database: the ratio as the median with its spread. */
export async function benchFanout(options: { subscriptions: number; runs: number }) {
  const runs = [];
  for (let run = 0; run < options.runs; run++) runs.push(await fanoutOnce(options));
  return {
    subscriptions: options.subscriptions,
    minimum_s: runs[0]!.minimum_s,
    total_s: spread(runs.map((run) => run.total_s)),
    ratio_to_minimum: spread(runs.map((run) => run.ratio_to_minimum)),
    rate_limited_workspace: spread(runs.map((run) => run.rate_limited_workspace)),
    rate_limited_channel: spread(runs.map((run) => run.rate_limited_channel)),
    duplicates: Math.max(...runs.map((run) => run.duplicates)),
    lost: Math.max(...runs.map((run) => run.lost)),
    runs,
  };
}
