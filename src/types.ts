// The small value types that every layer shares (store, scheduler, core, adapters). A leaf
// module: it imports nothing, so any module may import it without making a cycle.

/** The chat platforms Dateline speaks; `webhook` is an operator's incoming webhook (adapters/webhook), which only receives digests. */
export type Platform = 'slack' | 'teams' | 'webhook';

/** A channel or chat on a platform, as the subscription store knows it. */
export interface ChannelRef {
  platform: Platform;
  /** Workspace (Slack team id) or tenant (Teams). */
  workspace: string;
  channel: string;
  /**
   * Slack: the thread a question was asked in (its first message's ts), so that a conversation's
   * follow-ups can be told from the channel's others. Subscriptions belong to the channel and ignore it.
   */
  thread?: string;
}

/** Identifies one delivery: a subscription's occurrence, e.g. "sub-42@2026-06-01T00:00:00.000Z". */
export interface DeliveryKey {
  subscriptionId: string;
  occurrence: string;
  /** The two joined: the idempotency key carried in the posted message's metadata. */
  key: string;
}

export type PostFailureKind =
  /** Try again later (rate limits, timeouts, 5xx). */
  | 'retry'
  /** This channel can't be posted to (gone, archived, bot removed, writes blocked): pause it. */
  | 'channel'
  /** The whole install is broken (revoked token, bad credentials): pause every channel of it. */
  | 'install'
  /** The install has ended (uninstalled, or its tokens revoked, as recorded): nothing to post or pause; re-installing resumes. */
  | 'uninstalled';

/** What a platform's failure means for the scheduler; each adapter has one function that says. */
export interface PostFailure {
  kind: PostFailureKind;
  reason: string;
  retryAfterMs?: number;
}

/** A failed post, as an adapter's poster throws it. */
export class PostError extends Error {
  constructor(
    readonly kind: PostFailureKind,
    readonly reason: string,
    readonly retryAfterMs?: number,
  ) {
    super(reason);
  }

  static from(failure: PostFailure): PostError {
    return new PostError(failure.kind, failure.reason, failure.retryAfterMs);
  }
}

/**
 * Keys of requests and actions already processed (a Slack request's signature, a button click),
 * each remembered until it could no longer be presented, so that whichever instance receives a
 * replay refuses it. The store keeps them.
 */
export interface ReplayCache {
  /**
   * Records `key` until now + ttlMs; true the first time, false while it is still remembered.
   * With ttlMs 0 it only looks: a remembered key stays as it was, an unknown one is not kept.
   */
  firstSeen(key: string, now: Date, ttlMs: number): Promise<boolean>;
}
