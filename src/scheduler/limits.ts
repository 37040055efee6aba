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
  // does not give: that one is learnt from the first 429 (see PostWindow.done).
  slack: { concurrency: 8, perChannelPerSecond: 1 },
  // Teams throttles a bot under 50 requests a second per tenant and 7 per conversation.
  teams: { concurrency: 8, perSecond: 40, perChannelPerSecond: 7 },
  // One webhook is one "workspace" and one channel: a post at a time, one a second, the slowest
  // of the four targets' documented rates (docs/webhooks.md); a 429's Retry-After slows it further.
  webhook: { concurrency: 1, perChannelPerSecond: 1 },
};

/** Deliveries in flight at once across all workspaces. */
const GLOBAL_CONCURRENCY = 16;
/** Posts accepted in the second before a 429 for it to teach a rate. */
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
  private queue: Promise<unknown> = Promise.resolve();
  /** Wakes the taker waiting for a post in flight to be answered. */
  private wake: (() => void) | undefined;
  /** When each post in flight was let through. */
  private readonly sending: number[] = [];
  /** When recent posts were answered, and when the platform refused one, oldest first. */
  private readonly answered: number[] = [];
  private readonly refused: number[] = [];

  constructor(
    private perSecond: number | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get rate(): number | undefined {
    return this.perSecond;
  }

  /** Resolves, with the time, when the caller may post; the caller says `done` with that time when the post is over. */
  take(): Promise<number> {
    const turn = this.queue.then(() => this.release());
    this.queue = turn;
    return turn;
  }

  /**
   * The post let through at `sentAt` is over: answered, failed, or refused with a 429 whose
   * Retry-After was `retryAfterMs`. A refusal pauses the window that long and, when the rate was
   * unknown or above what the platform accepted, teaches it: the posts answered (and not refused)
   * since a second before the refused one was sent. Any post the platform counted in the same
   * second as the refused one was answered after that, however late its answer was heard.
   */
  done(sentAt: number, retryAfterMs?: number): void {
    const now = this.now();
    this.sending.splice(this.sending.indexOf(sentAt), 1);
    this.answered.push(now);
    this.wake?.();
    if (retryAfterMs === undefined) return;
    // The posts that were in flight with the first refused one are refused too: they teach nothing more.
    const alreadyPaused = this.pausedUntil > now;
    this.refused.push(now);
    this.pause(retryAfterMs);
    if (alreadyPaused) return;
    const accepted = countAfter(this.answered, sentAt - SECOND_MS) - countAfter(this.refused, sentAt - SECOND_MS);
    // A 429 after a few posts says nothing of the workspace's rate (another app, another instance).
    if (accepted < MIN_EVIDENCE) return;
    if (this.perSecond === undefined || accepted < this.perSecond) this.perSecond = accepted;
  }

  /** Holds every taker back for `ms`, as a Retry-After says. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private async release(): Promise<number> {
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
    const sentAt = this.now();
    this.sending.push(sentAt);
    return sentAt;
  }

  /** How long the next taker must wait: until the pause ends, or the oldest answer leaves the window, or a post in flight is answered. */
  private waitMs(): number {
    const now = this.now();
    // Answers are kept as long as a refusal of a post in flight could still ask about them.
    this.forgetBefore(Math.min(now, ...this.sending) - SECOND_MS);
    if (now < this.pausedUntil) return this.pausedUntil - now;
    const inWindow = countAfter(this.answered, now - SECOND_MS);
    if (this.perSecond === undefined || this.sending.length + inWindow < this.perSecond) return 0;
    return inWindow > 0 ? this.answered.at(-inWindow)! + SECOND_MS - now : Number.POSITIVE_INFINITY;
  }

  private forgetBefore(time: number): void {
    while (this.answered.length > 0 && this.answered[0]! <= time) this.answered.shift();
    while (this.refused.length > 0 && this.refused[0]! <= time) this.refused.shift();
  }
}

/** How many of `times` (oldest first) are later than `time`. */
function countAfter(times: readonly number[], time: number): number {
  let count = 0;
  while (count < times.length && times[times.length - 1 - count]! > time) count++;
  return count;
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
      const sentAt = await this.window.take();
      try {
        return await task();
      } finally {
        this.window.done(sentAt);
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

/**
 * Each workspace's window and slots, by workspace: the scheduler keeps them from one pass to the
 * next, so that a rate learnt from a 429 paces every later pass, and a pass that starts within a
 * second of the last one's posts (or within its Retry-After) counts them.
 */
export type Workspaces = Map<string, Workspace>;

/** What a task tells its limits about the post its turn let through. */
export interface PostTurn {
  /** The platform refused the post with a 429 and this Retry-After. */
  refused(retryAfterMs: number): void;
}

/** The limits of one pass: its own channel paces, and the workspaces the scheduler keeps. */
export class PostingLimits {
  private readonly channels = new Map<string, ChannelPace>();
  private readonly inFlight = new Slots(GLOBAL_CONCURRENCY);

  constructor(
    /** Per platform; a platform left out gets DEFAULT_LIMITS'. */
    private readonly limits: Partial<Record<Platform, WorkspaceLimits>> = DEFAULT_LIMITS,
    private readonly workspaces: Workspaces = new Map(),
  ) {}

  /**
   * Runs `task` (a claim and a post, or a post) when its channel's pace allows, then in one of its
   * workspace's slots and under the global cap. The task awaits `turn` just before it posts, for
   * the workspace's window to let the post through: so a claim and its digest are ready when the
   * window opens. Waiting on a channel holds no workspace slot, and waiting on the window holds
   * the workspace's slot but not a global one.
   */
  run<T>(channel: ChannelRef, task: (turn: () => Promise<PostTurn>) => Promise<T>): Promise<T> {
    const { window, slots } = this.workspace(channel);
    return this.channel(channel).run(() =>
      slots.hold(async () => {
        let sentAt: number | undefined;
        let retryAfterMs: number | undefined;
        const turn = async (): Promise<PostTurn> => {
          this.inFlight.give();
          try {
            sentAt = await window.take();
          } finally {
            await this.inFlight.take();
          }
          return { refused: (ms) => (retryAfterMs = ms) };
        };
        try {
          return await this.inFlight.hold(() => task(turn));
        } finally {
          if (sentAt !== undefined) this.over(channel, window, sentAt, retryAfterMs);
        }
      }),
    );
  }

  /** A post is over; a 429 holds back its channel and its workspace, and teaches the workspace its rate. */
  private over(channel: ChannelRef, window: PostWindow, sentAt: number, retryAfterMs: number | undefined): void {
    window.done(sentAt, retryAfterMs);
    if (retryAfterMs !== undefined) this.channel(channel).window.pause(retryAfterMs);
  }

  /** The workspace's rate, configured or learnt; undefined while unknown. */
  workspaceRate(channel: ChannelRef): number | undefined {
    return this.workspace(channel).window.rate;
  }

  private workspace(channel: ChannelRef): Workspace {
    const name = workspaceName(channel);
    let workspace = this.workspaces.get(name);
    if (!workspace) {
      const limits = this.limitsOf(channel);
      workspace = { window: new PostWindow(limits.perSecond), slots: new Slots(limits.concurrency) };
      this.workspaces.set(name, workspace);
    }
    return workspace;
  }

  private limitsOf(channel: ChannelRef): WorkspaceLimits {
    return this.limits[channel.platform] ?? DEFAULT_LIMITS[channel.platform];
  }

  private channel(channel: ChannelRef): ChannelPace {
    const name = `${channel.platform}:${channel.workspace}:${channel.channel}`;
    let pace = this.channels.get(name);
    if (!pace) {
      pace = new ChannelPace(this.limitsOf(channel).perChannelPerSecond);
      this.channels.set(name, pace);
    }
    return pace;
  }
}
