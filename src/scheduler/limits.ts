// How fast the scheduler posts: a one-second window per workspace (Slack) or tenant (Teams) and
// one per channel or conversation, sized to the platform's documented limits or taught by its
// 429s (Retry-After), plus a cap on deliveries in flight per workspace and overall, so that the
// database pool and the sockets are not the queue. A delivery holds its place explicitly:
// `acquire` a PostSlot, `sendTurn` just before posting, `release` with the platform's answer
// (a 429's Retry-After) when it is over.
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
  /** Settles when the last holder gives the channel back. */
  private last: Promise<void> = Promise.resolve();

  constructor(perSecond: number | undefined) {
    this.window = new PostWindow(perSecond);
  }

  /** Resolves when the channel is the caller's: the holders before it are done and its window has room. */
  async take(): Promise<{ sentAt: number; give: () => void }> {
    const previous = this.last;
    let give!: () => void;
    this.last = new Promise((resolve) => (give = resolve));
    await previous;
    return { sentAt: await this.window.take(), give };
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

/** What the platform said to the post a slot let through, as the slot is given back. */
export interface PostOutcome {
  /** The platform refused the post with a 429 and this Retry-After. */
  retryAfterMs?: number | undefined;
}

/**
 * A delivery's place in the limits, from `PostingLimits.acquire` to `release`: its channel, one of
 * its workspace's slots and one of the global ones. `sendTurn` waits for the workspace's window
 * just before the post (giving the global slot back meanwhile); `release` hands back everything,
 * with the platform's 429 when there was one.
 */
export class PostSlot {
  private sentAt: number | undefined;
  private released = false;

  constructor(
    private readonly workspace: Workspace,
    private readonly channel: ChannelPace,
    private readonly channelSentAt: number,
    private readonly giveChannel: () => void,
    private readonly inFlight: Slots,
  ) {}

  /** Resolves when the workspace's window lets the post through; no global slot is held while waiting. */
  async sendTurn(): Promise<void> {
    this.inFlight.give();
    try {
      this.sentAt = await this.workspace.window.take();
    } finally {
      await this.inFlight.take();
    }
  }

  /** The delivery is over: a 429 holds back its channel and its workspace, and teaches the workspace its rate. */
  release(outcome: PostOutcome = {}): void {
    if (this.released) return;
    this.released = true;
    const { retryAfterMs } = outcome;
    this.inFlight.give();
    if (this.sentAt !== undefined) this.workspace.window.done(this.sentAt, retryAfterMs);
    if (retryAfterMs !== undefined) this.channel.window.pause(retryAfterMs);
    this.workspace.slots.give();
    this.channel.window.done(this.channelSentAt);
    this.giveChannel();
  }
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
   * Resolves with a slot when the channel's pace allows a post, then one of its workspace's slots
   * and a global one are free: the holder claims and builds its digest in it, awaits `sendTurn`
   * just before it posts, so that a claim and its digest are ready when the window opens, and
   * gives it back with `release`. Waiting on a channel holds no workspace slot, and waiting on
   * the window holds the workspace's slot but not a global one.
   */
  async acquire(channel: ChannelRef): Promise<PostSlot> {
    const workspace = this.workspace(channel);
    const pace = this.channel(channel);
    const { sentAt, give } = await pace.take();
    await workspace.slots.take();
    await this.inFlight.take();
    return new PostSlot(workspace, pace, sentAt, give, this.inFlight);
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
