// The digest scheduler. node-cron drives a once-a-minute tick; each tick is one pass that
// computes the due occurrences from the subscriptions whose next run has come (not one cron task per
// subscription: each has its own zone, and node-cron skips a time in a DST gap where we run it
// after the gap) and delivers them through the platforms' posters, recorded in the ledger.
//
// Every instance ticks. node-cron's RunCoordinator (`distributed`) would elect one instance per
// tick, but it coordinates whole ticks and keeps no state across a crash; the ledger's claims
// coordinate each delivery instead, so instances share a busy minute and a dead one's claims are
// taken over when their leases run out. `noOverlap` keeps a slow pass from stacking with the next.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Dateline } from '../dateline.ts';
import type { Store } from '../store/store.ts';
import type { ChannelPoster } from '../adapter.ts';
import { DEFAULT_LEASE_MS, DeliveryPass, type Outcome } from './delivery.ts';
import { nextRunAfter, planPass } from './due.ts';
import { metrics } from '../metrics.ts';
import { DEFAULT_LIMITS, PostingLimits, type WorkspaceLimits, type Workspaces } from './limits.ts';
import type { Platform } from '../types.ts';

const HOUR_MS = 3_600_000;
/** However small DATELINE_CATCHUP_HOURS is, an occurrence a few minutes late (a slow tick) is not missed. */
const ON_TIME_MS = 5 * 60_000;
/** A tick looks this far beyond the catch-up window, to record as missed what slid out of it. */
const TICK_LOOKBACK_MS = HOUR_MS;
/** At start-up, a week and a day beyond it: a weekly digest missed while the bot was down is recorded. */
const STARTUP_LOOKBACK_MS = 8 * 24 * HOUR_MS;
const EVERY_MINUTE = '* * * * *';

export interface SchedulerOptions {
  store: Store;
  dateline: Dateline;
  /** One poster per platform, from the running adapters. */
  posters: ChannelPoster[];
  logger: Logger;
  catchupHours: number;
  /** How long a delivery claim holds (DATELINE_LEASE_SECONDS; default DEFAULT_LEASE_MS). */
  leaseSeconds?: number | undefined;
  /** Names this process's claims in the ledger. */
  owner?: string;
  /** Waits before a retry; tests pass one that returns at once. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  limits?: Partial<Record<Platform, WorkspaceLimits>>;
}

export type PassReport = Record<Exclude<Outcome, 'not-ours'> | 'missed', number>;

export class Scheduler {
  readonly owner: string;
  private readonly posters: ReadonlyMap<Platform, ChannelPoster>;
  private readonly stopping = new AbortController();
  private readonly passes = new Set<Promise<unknown>>();
  private task: ScheduledTask | undefined;
  /** Kept across passes: each workspace's window, with the rate it learnt from a 429. */
  private readonly workspaces: Workspaces = new Map();

  constructor(private readonly options: SchedulerOptions) {
    this.owner = options.owner ?? `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
    this.posters = new Map(options.posters.map((poster) => [poster.platform, poster]));
    // Every delivery waiting to retry listens for the stop: a busy minute has hundreds at once.
    setMaxListeners(0, this.stopping.signal);
  }

  /**
   * One pass at `now`: delivers every occurrence due within the catch-up window that the ledger
   * does not show as settled, and records older ones as missed. `startup` looks back further,
   * for what was missed while the bot was down.
   */
  async runPass(now: Date, { startup = false } = {}): Promise<PassReport> {
    const { store, logger } = this.options;
    const catchupMs = Math.max(this.options.catchupHours * HOUR_MS, ON_TIME_MS);
    const window = { catchupMs, lookbackMs: catchupMs + (startup ? STARTUP_LOOKBACK_MS : TICK_LOOKBACK_MS) };
    // Only what is due is read: a minute with nothing due reads no subscription and no ledger row.
    const subscriptions = await store.dueSubscriptions(now, [...this.posters.keys()]);
    const ledger =
      subscriptions.length > 0 ? await store.dueDeliveriesSince(new Date(now.getTime() - window.lookbackMs).toISOString(), now) : [];
    const plans = planPass(subscriptions, ledger, now, window);
    const report: PassReport = { delivered: 0, recovered: 0, skipped: 0, paused: 0, 'retry-later': 0, missed: 0 };
    const started = performance.now();
    const deliveries = new DeliveryPass({
      store,
      digests: this.options.dateline.digests,
      posters: this.posters,
      limits: new PostingLimits(this.options.limits ?? DEFAULT_LIMITS, this.workspaces),
      owner: this.owner,
      leaseMs: this.options.leaseSeconds ? this.options.leaseSeconds * 1000 : DEFAULT_LEASE_MS,
      logger,
      clock: () => new Date(now.getTime() + (performance.now() - started)),
      sleep: this.options.sleep ?? ((ms, signal) => sleep(ms, undefined, { signal })),
      signal: this.stopping.signal,
    });
    // Missed occurrences are recorded first, as they are quick; each subscription's deliveries go
    // in order, all subscriptions at once, paced by the posting limits.
    const unsettled = new Map<string, Date[]>(plans.map((plan) => [plan.subscription.id, []]));
    for (const { subscription, missed } of plans) {
      for (const due of missed) {
        // Not recorded: settled meanwhile, or held by a live claim; the next pass looks again.
        if (!(await store.recordMissed(due.key))) {
          unsettled.get(subscription.id)!.push(due.at);
          continue;
        }
        report.missed++;
        metrics.deliveries.inc({ platform: subscription.channel.platform, outcome: 'missed' });
      }
    }
    await Promise.all(
      plans.map(async ({ subscription, deliver }) => {
        const left = unsettled.get(subscription.id)!;
        for (const due of deliver) {
          const outcome = await deliveries.deliver(due);
          if (outcome === 'not-ours' || outcome === 'retry-later') left.push(due.at);
          if (outcome === 'not-ours') continue;
          report[outcome]++;
          metrics.deliveries.inc({ platform: subscription.channel.platform, outcome });
        }
        await store.advanceNextRun(subscription, nextRunAfter(subscription, left, now));
      }),
    );
    metrics.passSeconds.observe((performance.now() - started) / 1000);
    const busy = Object.values(report).some((count) => count > 0);
    logger[busy || startup ? 'info' : 'debug']({ at: now.toISOString(), ...report }, startup ? 'digest catch-up pass' : 'digest pass');
    return report;
  }

  /** Catches up on what is due (delivered while the bot was down), then ticks every minute. */
  async start(now = new Date()): Promise<PassReport | undefined> {
    const report = await this.guarded(now, true);
    if (this.stopping.signal.aborted) return report;
    const { logger } = this.options;
    this.task = cron.schedule(EVERY_MINUTE, ({ date }) => this.guarded(date, false), {
      name: 'dateline-digests',
      noOverlap: true,
      logger: {
        info: (message) => logger.debug(message),
        warn: (message) => logger.warn(message),
        error: (message, err) => logger.error({ err: err ?? message }, 'scheduler tick failed'),
        debug: (message) => logger.debug(message),
      },
    });
    return report;
  }

  /** Stops ticking, lets deliveries in flight finish (waits for retries are cut short) and returns. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.task?.destroy();
    await Promise.allSettled(this.passes);
  }

  /** A pass that logs instead of throwing (a database outage must not stop the ticks). */
  private async guarded(now: Date, startup: boolean): Promise<PassReport | undefined> {
    const pass = this.runPass(now, { startup }).catch((error: unknown) => {
      this.options.logger.error({ err: error }, 'digest pass failed; the next tick tries again');
      return undefined;
    });
    this.passes.add(pass);
    try {
      return await pass;
    } finally {
      this.passes.delete(pass);
    }
  }
}
