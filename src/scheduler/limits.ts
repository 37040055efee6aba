// How hard one pass may post: a queue per workspace (Slack) or tenant (Teams) that keeps under
// the platform's limits, and one cap on everything in flight, so that the database pool and the
// sockets are not the queue.
import PQueue from 'p-queue';
import pLimit, { type LimitFunction } from 'p-limit';
import type { ChannelRef } from '../dateline.ts';

export type Platform = ChannelRef['platform'];

export interface WorkspaceLimits {
  concurrency: number;
  /** At most this many posts start in each `interval` ms. */
  intervalCap?: number;
  interval?: number;
}

export const DEFAULT_LIMITS: Record<Platform, WorkspaceLimits> = {
  // Slack allows about one message a second per channel and answers bursts with 429 and
  // Retry-After, which the retry loop honours; a pass posts to a channel at most twice.
  slack: { concurrency: 4 },
  // Teams throttles a bot under 50 requests a second per tenant and 7 per conversation. A pass
  // posts to a conversation at most twice (daily and weekly), so the tenant cap is the one to keep.
  teams: { concurrency: 8, intervalCap: 40, interval: 1_000 },
};

/** Deliveries in flight at once across all workspaces. */
const GLOBAL_CONCURRENCY = 16;

export class PostingLimits {
  private readonly queues = new Map<string, PQueue>();
  private readonly inFlight: LimitFunction = pLimit(GLOBAL_CONCURRENCY);

  constructor(private readonly limits: Record<Platform, WorkspaceLimits> = DEFAULT_LIMITS) {}

  /** Runs `task` when the channel's workspace has room under its limits and the global cap. */
  run<T>(channel: ChannelRef, task: () => Promise<T>): Promise<T> {
    const name = `${channel.platform}:${channel.workspace}`;
    let queue = this.queues.get(name);
    if (!queue) this.queues.set(name, (queue = new PQueue(this.limits[channel.platform])));
    return queue.add(() => this.inFlight(task));
  }
}
