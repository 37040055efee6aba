// How fast the scheduler posts: a one-second window per workspace (Slack) or tenant (Teams) and
// one per channel or conversation, sized to the platform's documented limits or taught by its
// 429s (Retry-After), plus a cap on deliveries in flight per workspace and overall, so that the
// database pool and the sockets are not the queue.
import type { ChannelRef, Platform } from '../types.ts';

export interface WorkspaceLimits {
  /** Deliveries of one workspace in flight at once. */
  concurrency: number;
  /** Posts a second across the workspace; unset means unknown until the platform's first 429 teaches it. */
  perSecond?: number;
  /** Posts a second to one channel, each counted until a second after its answer so that they also arrive that far apart. */
  perChannelPerSecond?: number;
}

export const DEFAULT_LIMITS: Record<Platform, WorkspaceLimits> = {
  // Slack documents one message a second per channel, and a workspace-wide limit whose figure it
  // does not give: that one is learnt from the first 429 (see PostWindow.learn).
  slack: { concurrency: 8, perChannelPerSecond: 1 },
  // Teams throttles a bot under 50 requests a second per tenant and 7 per conversation.
  teams: { concurrency: 8, perSecond: 40, perChannelPerSecond: 7 },
};

/** Deliveries in flight at once across all workspaces. */
const GLOBAL_CONCURRENCY = 16;
/** Posts answered in the second before a 429 for it to teach a rate. */
const MIN_EVIDENCE = 10;
const SECOND_MS = 1_000;

/**
 * A sliding window of one second: at most `perSecond` posts in it, in the order they asked, none
 * while paused. A post counts from when it is let through until a second after its answer; it
 * reached the platform somewhere between the two, so no second of the platform's clock, however
 * its windows are cut, sees more than `perSecond` of them, whatever the latency. A stall costs
 * nothing: the posts it held back go as soon as the window has room. Without a rate it lets
 * everyone through until a 429 teaches it one.
 */
export class PostWindow {
  private pausedUntil = 0;
  private inFlight = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Wakes the taker waiting for a post in flight to be answered. */
  private wake: (() => void) | undefined;
  /** When recent posts were answered, and when the platform refused one, to learn the rate from. */
  private readonly answered: number[] = [];
  private readonly refused: number[] = [];

  constructor(
    private perSecond: number | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get rate(): number | undefined {
    return this.perSecond;
  }

  /** Resolves when the caller may post; the caller calls `done()` when the post is over. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.release());
    this.queue = turn;
    return turn;
  }

  /** The post let through last is over (answered, refused or failed): it leaves the window a second from now. */
  done(): void {
    this.inFlight--;
    this.answered.push(this.now());
    this.wake?.();
  }

  /** Holds every taker back for `ms`, as a Retry-After says. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /**
   * A 429 with Retry-After `ms`: pause that long, and when the rate was unknown or above what the
   * platform accepted in the last second, take that as the rate.
   */
  learn(retryAfterMs: number): void {
    const now = this.now();
    // The posts that were in flight with the first refused one are refused too: they teach nothing more.
    const alreadyPaused = this.pausedUntil > now;
    this.refused.push(now);
    this.forgetBefore(now - SECOND_MS);
    this.pause(retryAfterMs);
    if (alreadyPaused) return;
    const accepted = this.answered.length - this.refused.length;
    // A 429 after a few posts says nothing of the workspace's rate (another app, another instance).
    if (accepted < MIN_EVIDENCE) return;
    if (this.perSecond === undefined || accepted < this.perSecond) this.perSecond = accepted;
  }

  private async release(): Promise<void> {
    for (let waitMs = this.waitMs(); waitMs > 0; waitMs = this.waitMs()) {
      await new Promise<void>((resolve) => {
        const timer = Number.isFinite(waitMs) ? setTimeout(resolve, waitMs) : undefined;
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    this.inFlight++;
  }

  /** How long the next taker must wait: until the pause ends, or the oldest answer leaves the window, or a post in flight is answered. */
  private waitMs(): number {
    const now = this.now();
    this.forgetBefore(now - SECOND_MS);
    if (now < this.pausedUntil) return this.pausedUntil - now;
    if (this.perSecond === undefined || this.inFlight + this.answered.length < this.perSecond) return 0;
    return this.answered.length > 0 ? this.answered[0]! + SECOND_MS - now : Number.POSITIVE_INFINITY;
  }

  private forgetBefore(time: number): void {
    while (this.answered.length > 0 && this.answered[0]! <= time) this.answered.shift();
    while (this.refused.length > 0 && this.refused[0]! <= time) this.refused.shift();
  }
}

/** One channel's posts: one at a time, in its window (so each a second after the last one was answered when the rate is one a second). */
class ChannelPace {
  readonly window: PostWindow;
  private last: Promise<unknown> = Promise.resolve();

  constructor(perSecond: number | undefined) {
    this.window = new PostWindow(perSecond);
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.last.then(async () => {
      await this.window.take();
      try {
        return await task();
      } finally {
        this.window.done();
      }
    });
    this.last = result.catch(() => undefined);
    return result;
  }
}

/**
 * A fixed number of slots, handed out in the order asked for. Unlike p-limit, which holds a slot
 * for the whole of a function, a holder may give its slot back while it waits and take one again.
 */
class Slots {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async take(): Promise<void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }

  async hold<T>(task: () => Promise<T>): Promise<T> {
    await this.take();
    try {
      return await task();
    } finally {
      this.give();
    }
  }
}

const workspaceName = (channel: ChannelRef) => `${channel.platform}:${channel.workspace}`;

interface Workspace {
  window: PostWindow;
  slots: Slots;
}

/** Workspace rates learnt from 429s, by workspace: the scheduler keeps them from one pass to the next. */
export type LearntRates = Map<string, number>;

/** The limits of one pass. */
export class PostingLimits {
  private readonly workspaces = new Map<string, Workspace>();
  private readonly channels = new Map<string, ChannelPace>();
  private readonly inFlight = new Slots(GLOBAL_CONCURRENCY);

  constructor(
    private readonly limits: Record<Platform, WorkspaceLimits> = DEFAULT_LIMITS,
    private readonly learnt: LearntRates = new Map(),
  ) {}

  /**
   * Runs `task` (a claim and a post, or a post) when its channel's pace allows, then in one of its
   * workspace's slots and under the global cap. The task awaits `turn` just before it posts, for
   * the workspace's window to let the post through: so a claim and its digest are ready when the
   * window opens. Waiting on a channel holds no workspace slot, and waiting on the window holds
   * the workspace's slot but not a global one.
   */
  run<T>(channel: ChannelRef, task: (turn: () => Promise<void>) => Promise<T>): Promise<T> {
    const { window, slots } = this.workspace(channel);
    return this.channel(channel).run(() =>
      slots.hold(async () => {
        let admitted = false;
        const turn = async () => {
          this.inFlight.give();
          try {
            await window.take();
            admitted = true;
          } finally {
            await this.inFlight.take();
          }
        };
        try {
          return await this.inFlight.hold(() => task(turn));
        } finally {
          if (admitted) window.done();
        }
      }),
    );
  }

  /** A post to `channel` was refused with a 429: its channel and its workspace wait, and the workspace learns its rate. */
  rateLimited(channel: ChannelRef, retryAfterMs: number): void {
    this.channel(channel).window.pause(retryAfterMs);
    const { window } = this.workspace(channel);
    window.learn(retryAfterMs);
    if (window.rate !== undefined) this.learnt.set(workspaceName(channel), window.rate);
  }

  /** The workspace's rate, configured or learnt; undefined while unknown. */
  workspaceRate(channel: ChannelRef): number | undefined {
    return this.workspace(channel).window.rate;
  }

  private workspace(channel: ChannelRef): Workspace {
    const name = workspaceName(channel);
    let workspace = this.workspaces.get(name);
    if (!workspace) {
      const limits = this.limits[channel.platform];
      workspace = { window: new PostWindow(this.learnt.get(name) ?? limits.perSecond), slots: new Slots(limits.concurrency) };
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
