// How hard one pass may post: a queue per workspace (Slack) or tenant (Teams) that keeps under
// the platform's limits, and one cap on everything in flight, so that the database pool and the
// sockets are not the queue.
import PQueue from 'p-queue';
import pLimit, { type LimitFunction } from 'p-limit';
import type { ChannelRef, Platform } from '../types.ts';

interface Rate {
  /** At most this many posts start in each `interval` ms. */
  intervalCap?: number;
  interval?: number;
}

export interface WorkspaceLimits extends Rate {
  concurrency: number;
  /** The pace of posts to one channel or conversation; waiting for it holds no workspace slot. */
  perChannel?: Required<Rate>;
}

export const DEFAULT_LIMITS: Record<Platform, WorkspaceLimits> = {
  // Slack allows about one message a second per channel, and answers a burst beyond a
  // workspace's limit with 429 and Retry-After, on which WebClient pauses every call it makes.
  // Pacing each channel keeps the daily and weekly digests of one channel from tripping that
  // pause for everybody; the workspace's own limit is found, and honoured, through its 429s.
  slack: { concurrency: 8, perChannel: { intervalCap: 1, interval: 1_000 } },
  // Teams throttles a bot under 50 requests a second per tenant and 7 per conversation.
  teams: { concurrency: 8, intervalCap: 40, interval: 1_000, perChannel: { intervalCap: 7, interval: 1_000 } },
};

/** Deliveries in flight at once across all workspaces. */
const GLOBAL_CONCURRENCY = 16;

export class PostingLimits {
  private readonly queues = new Map<string, PQueue>();
  private readonly inFlight: LimitFunction = pLimit(GLOBAL_CONCURRENCY);

  constructor(private readonly limits: Record<Platform, WorkspaceLimits> = DEFAULT_LIMITS) {}

  /** Runs `task` when its channel's pace allows, its workspace has room, and under the global cap. */
  run<T>(channel: ChannelRef, task: () => Promise<T>): Promise<T> {
    const { perChannel, ...workspaceLimits } = this.limits[channel.platform];
    const workspace = this.queue(`${channel.platform}:${channel.workspace}`, workspaceLimits);
    const inWorkspace = () => workspace.add(() => this.inFlight(task));
    if (!perChannel) return inWorkspace();
    return this.queue(`${channel.platform}:${channel.workspace}:${channel.channel}`, { concurrency: 1, ...perChannel }).add(inWorkspace);
  }

  private queue(name: string, options: WorkspaceLimits): PQueue {
    let queue = this.queues.get(name);
    if (!queue) this.queues.set(name, (queue = new PQueue(options)));
    return queue;
  }
}
