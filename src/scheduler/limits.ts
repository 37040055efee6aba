// How fast the scheduler posts: a token bucket per workspace (Slack) or tenant (Teams) and one
// per channel or conversation, paced to the platform's documented limits and taught by its 429s
// (Retry-After), plus a cap on deliveries in flight per workspace and overall, so that the
// database pool and the sockets are not the queue.
import pLimit, { type LimitFunction } from 'p-limit';
import type { ChannelRef, Platform } from '../types.ts';

export interface WorkspaceLimits {
  /** Deliveries of one workspace in flight at once. */
  concurrency: number;
  /** Posts a second across the workspace; unset means unknown until the platform's first 429 teaches it. */
  perSecond?: number;
  /** Posts a second to one channel, counted from the end of the previous post so that they also arrive that far apart. */
  perChannelPerSecond?: number;
}

export const DEFAULT_LIMITS: Record<Platform, WorkspaceLimits> = {
  // Slack documents one message a second per channel, and a workspace-wide limit whose figure it
  // does not give: that one is learnt from the first 429 (see TokenBucket.learn).
  slack: { concurrency: 8, perChannelPerSecond: 1 },
  // Teams throttles a bot under 50 requests a second per tenant and 7 per conversation.
  teams: { concurrency: 8, perSecond: 40, perChannelPerSecond: 7 },
};

/** Deliveries in flight at once across all workspaces. */
const GLOBAL_CONCURRENCY = 16;
/** A learnt rate keeps this share of what the platform accepted, so that its burst never crosses it. */
const LEARNT_RATE_SHARE = 0.95;
/** Posts a workspace may send beyond its rate to catch up after a stall (a channel gets none). */
const WORKSPACE_BURST = 2;
/** Posts accepted in the second before a 429 for it to teach a rate. */
const MIN_EVIDENCE = 10;
const SECOND_MS = 1_000;

/**
 * A token bucket: takers go one at a time, in the order they asked, at most `perSecond` a second
 * with a burst of `burst` more (GCRA: a taker late through no fault of the bucket, such as a
 * stalled event loop, may catch up by that many and no more), and none while paused. Without a
 * rate it lets everyone through until a 429 teaches it one.
 */
export class TokenBucket {
  /** When the next taker is due if none has been late (the theoretical arrival time). */
  private dueAt = 0;
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();
  /** When recent takers went through, and when the platform refused one, to learn the rate from. */
  private readonly taken: number[] = [];
  private readonly refused: number[] = [];

  constructor(
    private perSecond: number | undefined,
    private readonly burst = 0,
    private readonly now: () => number = Date.now,
  ) {}

  get rate(): number | undefined {
    return this.perSecond;
  }

  /** Resolves when the caller may post. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.release());
    this.queue = turn;
    return turn;
  }

  private async release(): Promise<void> {
    for (;;) {
      const interval = this.perSecond ? SECOND_MS / this.perSecond : 0;
      const now = this.now();
      const earliest = Math.max(this.dueAt - this.burst * interval, this.pausedUntil);
      if (now >= earliest) {
        this.dueAt = Math.max(this.dueAt, now) + interval;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, earliest - now));
    }
    const now = this.now();
    this.taken.push(now);
    this.forgetBefore(now - SECOND_MS);
  }

  /** The next taker waits a whole interval from now (for a channel: from the end of its last post). */
  spaceFromNow(): void {
    if (this.perSecond) this.dueAt = Math.max(this.dueAt, this.now() + SECOND_MS / this.perSecond);
  }

  /** Holds every taker back for `ms`, as a Retry-After says. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /**
   * A 429 with Retry-After `ms`: pause that long, and when the rate was unknown or above what the
   * platform accepted in the last second, take that (less a margin) as the rate.
   */
  learn(retryAfterMs: number): void {
    const now = this.now();
    // The posts that were in flight with the first refused one are refused too: they teach nothing more.
    const alreadyPaused = this.pausedUntil > now;
    this.refused.push(now);
    this.forgetBefore(now - SECOND_MS);
    this.pause(retryAfterMs);
    if (alreadyPaused) return;
    const accepted = this.taken.length - this.refused.length;
    // A 429 after a few posts says nothing of the workspace's rate (another app, another instance).
    if (accepted < MIN_EVIDENCE) return;
    const rate = Math.floor(accepted * LEARNT_RATE_SHARE);
    if (this.perSecond === undefined || rate < this.perSecond) this.perSecond = rate;
  }

  private forgetBefore(time: number): void {
    while (this.taken.length > 0 && this.taken[0]! < time) this.taken.shift();
    while (this.refused.length > 0 && this.refused[0]! < time) this.refused.shift();
  }
}

/** One channel's posts: one at a time, each starting no sooner than 1/perSecond after the last one ended. */
class ChannelPace {
  readonly bucket: TokenBucket;
  private last: Promise<unknown> = Promise.resolve();

  constructor(perSecond: number | undefined) {
    this.bucket = new TokenBucket(perSecond);
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.last.then(async () => {
      await this.bucket.take();
      try {
        return await task();
      } finally {
        this.bucket.spaceFromNow();
      }
    });
    this.last = result.catch(() => undefined);
    return result;
  }
}

const workspaceName = (channel: ChannelRef) => `${channel.platform}:${channel.workspace}`;

interface Workspace {
  bucket: TokenBucket;
  slots: LimitFunction;
}

/** Workspace rates learnt from 429s, by workspace: the scheduler keeps them from one pass to the next. */
export type LearntRates = Map<string, number>;

/** The limits of one pass. */
export class PostingLimits {
  private readonly workspaces = new Map<string, Workspace>();
  private readonly channels = new Map<string, ChannelPace>();
  private readonly inFlight: LimitFunction = pLimit(GLOBAL_CONCURRENCY);

  constructor(
    private readonly limits: Record<Platform, WorkspaceLimits> = DEFAULT_LIMITS,
    private readonly learnt: LearntRates = new Map(),
  ) {}

  /**
   * Runs `task` (a claim and a post, or a post) when its channel's pace allows, then when its
   * workspace has a slot and a token, under the global cap. Waiting on a channel holds no workspace slot.
   */
  run<T>(channel: ChannelRef, task: () => Promise<T>): Promise<T> {
    const workspace = this.workspace(channel);
    return this.channel(channel).run(() =>
      workspace.slots(async () => {
        await workspace.bucket.take();
        return this.inFlight(task);
      }),
    );
  }

  /** A post to `channel` was refused with a 429: its channel and its workspace wait, and the workspace learns its rate. */
  rateLimited(channel: ChannelRef, retryAfterMs: number): void {
    this.channel(channel).bucket.pause(retryAfterMs);
    const { bucket } = this.workspace(channel);
    bucket.learn(retryAfterMs);
    if (bucket.rate !== undefined) this.learnt.set(workspaceName(channel), bucket.rate);
  }

  /** The workspace's pace, configured or learnt; undefined while unknown. */
  workspaceRate(channel: ChannelRef): number | undefined {
    return this.workspace(channel).bucket.rate;
  }

  private workspace(channel: ChannelRef): Workspace {
    const name = workspaceName(channel);
    let workspace = this.workspaces.get(name);
    if (!workspace) {
      const limits = this.limits[channel.platform];
      workspace = {
        bucket: new TokenBucket(this.learnt.get(name) ?? limits.perSecond, WORKSPACE_BURST),
        slots: pLimit(limits.concurrency),
      };
      this.workspaces.set(name, workspace);
    }
    return workspace;
  }

  private channel(channel: ChannelRef): ChannelPace {
    const name = `${channel.platform}:${channel.workspace}:${channel.channel}`;
    let pace = this.channels.get(name);
    if (!pace) {
      pace = new ChannelPace(this.limits[channel.platform].perChannelPerSecond);
      this.channels.set(name, pace);
    }
    return pace;
  }
}
