// The busy minute across many workspaces (issue 27): thousands of digests due in the same minute
// across many Slack workspaces, delivered by several real `dateline serve` processes (their own
// scheduler ticks, the real poster) sharing one PostgreSQL, to a stand-in Slack that enforces
// each workspace's rate and each channel's 1 message a second (limited-slack.ts). Reports the
// time from the due minute to the last post against the minimum those limits allow, and any
// duplicate or lost digest; then the same with one instance killed (SIGKILL) in the middle.
// Workspaces are Zipf-sized (a few large, many small), so the largest sets the minimum; the
// subscriptions are spread over the world's zones, each at its local time of the same instant.
// Needs DATELINE_BENCH_DATABASE_URL or DATELINE_TEST_DATABASE_URL; each run gets a schema of its own.
// Alone: `npm run bench -- --only busy-minute [--quick]`.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresStore } from '../src/store/postgres-store.ts';
import type { Weekday } from '../src/commands/types.ts';
import { startLimitedSlack } from './limited-slack.ts';
import { type Child, startDateline } from './servers.ts';
import { type Spread, showSpread, spread, twoDecimals } from './stats.ts';
import { withClient, schemaUrl } from '../tests/support/stores.ts';

const MINUTE_MS = 60_000;
/** The stand-in's limit per workspace: Slack documents "several hundred messages a minute" without a figure. */
const WORKSPACE_PER_SECOND = 50;
/** Short for the benchmark (the default is 5 minutes): a killed instance's claims are taken over at the first tick after it. */
const LEASE_SECONDS = 20;
const ZONES = [
  'Asia/Seoul',
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Sydney',
  'America/Los_Angeles',
  'Europe/Berlin',
  'Asia/Tokyo',
  'America/Sao_Paulo',
  'Africa/Lagos',
  'Asia/Kathmandu',
  'Pacific/Auckland',
];
const WEEKDAYS: Record<string, Weekday> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface BusyMinuteOptions {
  digests: number;
  workspaces: number;
  instances: number;
  runs: number;
}

/** Digests per workspace, Zipf-distributed (the i-th largest has 1/i of the largest's share), summing to `digests`. */
function workspaceSizes(digests: number, workspaces: number): number[] {
  const weights = Array.from({ length: workspaces }, (_, index) => 1 / (index + 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const sizes = weights.map((weight) => Math.max(1, Math.floor((digests * weight) / total)));
  for (let index = 0; sizes.reduce((sum, size) => sum + size, 0) < digests; index = (index + 1) % workspaces) sizes[index]!++;
  return sizes;
}

/** The wall-clock hour, minute and weekday of `at` in `zone`. */
function localTime(at: Date, zone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric', weekday: 'short' })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return { hour: Number(parts.hour), minute: Number(parts.minute), weekday: WEEKDAYS[parts.weekday!]! };
}

/** Subscribes each workspace's channels (a daily, and a weekly where the workspace needs a second digest) at their local time of `at`. */
async function seed(store: PostgresStore, sizes: number[], at: Date, now: Date): Promise<Map<string, string>> {
  const workspaceOf = new Map<string, string>();
  const saves: (() => Promise<unknown>)[] = [];
  sizes.forEach((size, index) => {
    const workspace = `T${String(index).padStart(5, '0')}`;
    for (let number = 0; 2 * number < size; number++) {
      const channel = { platform: 'slack' as const, workspace, channel: `C${index}X${number}` };
      workspaceOf.set(channel.channel, workspace);
      const zone = ZONES[(index + number) % ZONES.length]!;
      const { hour, minute, weekday } = localTime(at, zone);
      saves.push(() => store.saveSubscription(channel, { cadence: 'daily', hour, minute, zone, quiet: false }, now));
      if (2 * number + 1 < size)
        saves.push(() => store.saveSubscription(channel, { cadence: 'weekly', hour, minute, weekday, zone, quiet: false }, now));
    }
  });
  for (let start = 0; start < saves.length; start += 20) await Promise.all(saves.slice(start, start + 20).map((save) => save()));
  return workspaceOf;
}

async function busyMinuteOnce(baseUrl: string, options: BusyMinuteOptions, kill: boolean) {
  const sizes = workspaceSizes(options.digests, options.workspaces);
  // Fixed one-second windows: n posts take at least n / rate seconds; a channel's second digest a second after its first.
  const minimum = Math.max(Math.max(...sizes) / WORKSPACE_PER_SECOND, 1);
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await withClient(baseUrl, (client) => client.query(`CREATE SCHEMA ${schema}`));
  const url = schemaUrl(baseUrl, schema);
  const store = await PostgresStore.open(url);
  const workspaceOf = new Map<string, string>();
  const slack = await startLimitedSlack({ workspacePerSecond: WORKSPACE_PER_SECOND, workspaceOf: (channel) => workspaceOf.get(channel)! });
  const instances: Child[] = [];
  try {
    // One after another: starting together on a busy machine, one can take longer than the health wait.
    for (let index = 0; index < options.instances; index++) {
      instances.push(
        await startDateline({
          DATABASE_URL: url,
          SLACK_BOT_TOKEN: `xoxb-bench-${index}`,
          SLACK_SIGNING_SECRET: 'bench-signing-secret',
          SLACK_API_URL: slack.url,
          DATELINE_LEASE_SECONDS: String(LEASE_SECONDS),
        }),
      );
    }
    // The due minute: the first whole minute after the subscriptions are saved (a few ms each under load, with a margin).
    const due = new Date(Math.ceil((Date.now() + 10_000 + options.digests * 5) / MINUTE_MS) * MINUTE_MS);
    for (const [channel, workspace] of await seed(store, sizes, due, new Date())) workspaceOf.set(channel, workspace);
    if (Date.now() > due.getTime() - 1_000) throw new Error('saving the subscriptions took past the due minute: raise the margin');
    await sleep(due.getTime() - Date.now());

    let killedAt: number | undefined;
    const victim = instances.at(-1)!;
    const delivered = () => new Set(slack.posted.map((post) => post.key)).size;
    // Long enough for the killed instance's claims to be taken over once the survivors' passes, which skip the ticks
    // they overlap, have ended: what is still missing after that counts as lost.
    const deadline = due.getTime() + 3 * minimum * 1000 + LEASE_SECONDS * 1000 + 4 * MINUTE_MS;
    // In the middle: once half the digests are posted, whatever the machine's pace.
    while (delivered() < options.digests && Date.now() < deadline) {
      if (kill && killedAt === undefined && delivered() >= options.digests / 2) {
        victim.process.kill('SIGKILL');
        killedAt = Date.now();
      }
      await sleep(250);
    }
    // Late duplicates, if any, have a moment to arrive.
    await sleep(2_000);
    const keys = slack.posted.map((post) => post.key);
    const first = Math.min(...slack.posted.map((post) => post.at));
    const last = Math.max(...slack.posted.map((post) => post.at));
    const seconds = (last - due.getTime()) / 1000;
    const victimToken = `xoxb-bench-${options.instances - 1}`;
    const ledger = await withClient(url, (client) =>
      client.query<{ status: string; count: string }>('SELECT status, count(*) AS count FROM deliveries GROUP BY status'),
    );
    return {
      digests: options.digests,
      workspaces: options.workspaces,
      largest_workspace: Math.max(...sizes),
      instances: options.instances,
      killed: kill,
      total_s: twoDecimals(seconds),
      minimum_s: twoDecimals(minimum),
      ratio_to_minimum: twoDecimals(seconds / minimum),
      first_post_s: twoDecimals((first - due.getTime()) / 1000),
      // What the instances posted together, against the limits' digests / minimum: below it, the machine was the limit.
      posts_per_s: Math.round(keys.length / ((last - first) / 1000)),
      duplicates: keys.length - new Set(keys).size,
      lost: options.digests - new Set(keys).size,
      rate_limited_workspace: slack.rateLimited.workspace,
      rate_limited_channel: slack.rateLimited.channel,
      history_lookups: slack.historyCalls,
      ...(killedAt === undefined
        ? {}
        : {
            killed_at_s: twoDecimals((killedAt - due.getTime()) / 1000),
            by_killed_before: slack.posted.filter((post) => post.token === victimToken).length,
            by_survivors_after: slack.posted.filter((post) => post.token !== victimToken && post.at >= killedAt!).length,
          }),
      ledger: Object.fromEntries(ledger.rows.map((row) => [row.status, Number(row.count)])),
    };
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    await slack.close();
    await store.close();
    await withClient(baseUrl, (client) => client.query(`DROP SCHEMA ${schema} CASCADE`));
  }
}

type Run = Awaited<ReturnType<typeof busyMinuteOnce>>;

function summarise(runs: Run[]) {
  const figure = (pick: (run: Run) => number): Spread => spread(runs.map(pick));
  return {
    total_s: figure((run) => run.total_s),
    ratio_to_minimum: figure((run) => run.ratio_to_minimum),
    duplicates: Math.max(...runs.map((run) => run.duplicates)),
    lost: Math.max(...runs.map((run) => run.lost)),
    rate_limited_workspace: figure((run) => run.rate_limited_workspace),
    rate_limited_channel: figure((run) => run.rate_limited_channel),
  };
}

export type BusyMinute =
  | { skipped: string }
  | {
      digests: number;
      workspaces: number;
      instances: number;
      workspace_per_s: number;
      lease_s: number;
      minimum_s: number;
      all_running: ReturnType<typeof summarise>;
      one_killed: ReturnType<typeof summarise> & { by_survivors_after: Spread };
      runs: Run[];
    };

/** `runs` busy minutes with every instance running, then `runs` with one killed, each on a fresh schema and stand-in. */
export async function benchBusyMinute(options: BusyMinuteOptions): Promise<BusyMinute> {
  const baseUrl = process.env.DATELINE_BENCH_DATABASE_URL || process.env.DATELINE_TEST_DATABASE_URL;
  if (!baseUrl)
    return {
      skipped:
        'neither DATELINE_BENCH_DATABASE_URL nor DATELINE_TEST_DATABASE_URL is set: run eval "$(tests/support/start-postgres.sh)" first',
    };
  const runs: Run[] = [];
  for (const kill of [false, true]) for (let run = 0; run < options.runs; run++) runs.push(await busyMinuteOnce(baseUrl, options, kill));
  const killed = runs.filter((run) => run.killed);
  return {
    digests: options.digests,
    workspaces: options.workspaces,
    instances: options.instances,
    workspace_per_s: WORKSPACE_PER_SECOND,
    lease_s: LEASE_SECONDS,
    minimum_s: runs[0]!.minimum_s,
    all_running: summarise(runs.filter((run) => !run.killed)),
    one_killed: { ...summarise(killed), by_survivors_after: spread(killed.map((run) => run.by_survivors_after ?? 0)) },
    runs,
  };
}

/** Each run's figures, one row a run (or why it was skipped). */
export function printBusyMinuteRuns(result: BusyMinute): void {
  if ('runs' in result) console.table(result.runs.map(({ ledger, ...run }) => ({ ...run, ledger: JSON.stringify(ledger) })));
  else console.log(`skipped: ${result.skipped}`);
}

/** The busy minute's rows for the bench's table of the figures. */
export function busyMinuteFigures(result: BusyMinute) {
  if ('skipped' in result)
    return [{ figure: 'busy minute', baseline: '', measured: `skipped: ${result.skipped}`, target: '', verdict: '' }];
  const size = `${result.digests.toLocaleString('en')} digests, ${result.workspaces.toLocaleString('en')} workspaces, ${result.instances} instances`;
  const row = (figure: string, summary: ReturnType<typeof summarise>) => ({
    figure: `${figure}, time / minimum (${result.minimum_s} s)`,
    baseline: '(none: first measured)',
    measured: `${showSpread(summary.ratio_to_minimum)} (${showSpread(summary.total_s)} s); duplicates ${summary.duplicates}, lost ${summary.lost}`,
    target: '≤ 1.1, 0 duplicates, 0 lost',
    verdict:
      summary.duplicates === 0 && summary.lost === 0 && summary.ratio_to_minimum.median <= 1.1
        ? `met${summary.ratio_to_minimum.max <= 1.1 ? '' : ' (not in every run)'}`
        : 'NOT met',
  });
  return [row(`busy minute, ${size}`, result.all_running), row(`busy minute, one of ${result.instances} killed`, result.one_killed)];
}
