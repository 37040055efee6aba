// The delivery ledger: one row per (subscription, occurrence), claimed under a lease before a
// digest is posted and settled after, so that each occurrence is posted once across instances,
// restarts and crashes.
import type { DeliveryKey } from '../types.ts';

export type DeliveryStatus =
  /** Being delivered by `owner` until `leaseUntil`; after that anyone may take it over. */
  | 'claimed'
  /** Released after a retryable failure: a later pass tries again. */
  | 'pending'
  | 'delivered'
  /** Nothing to post (a quiet daily on a day with nothing due). */
  | 'skipped'
  /** Not delivered in time: more than DATELINE_CATCHUP_HOURS late. */
  | 'missed'
  /** A permanent failure that paused the subscription. */
  | 'failed';

export interface DeliveryRecord extends Claim {
  subscriptionId: string;
  occurrence: string;
  status: DeliveryStatus;
  owner?: string;
  /** By the database's clock. */
  leaseUntil: Date;
  messageId?: string;
  detail?: string;
}

/** A delivery as its claimer holds it. Instants are by the database's clock. */
export interface Claim {
  /** Posts started for this delivery, by anyone: above 0, an earlier post may have landed (it is in doubt). */
  postAttempts: number;
  /** When the first of those posts started: an earlier post cannot have landed before it. */
  firstPostAt?: Date;
}

export type Settlement = { status: 'delivered'; messageId: string } | { status: 'skipped' | 'failed'; detail: string };

/**
 * Leases and the ledger's timestamps are read from the database's own clock, never from the
 * caller's: a pass run for another instant (`run-due --at`) or on a skewed host writes leases
 * every other process judges the same way.
 */
export interface DeliveryLedger {
  /**
   * Claims a delivery for `owner` for leaseMs. Succeeds for a new key, a released one, or one
   * whose lease has run out; returns undefined when it is settled or held by a live lease.
   * Atomic: of many concurrent claims of one key, exactly one succeeds.
   */
  claimDelivery(key: DeliveryKey, owner: string, leaseMs: number): Promise<Claim | undefined>;
  /**
   * Records that `owner` is about to post and renews its lease for leaseMs; returns the claim
   * with this post counted, or undefined when `owner` no longer holds it.
   */
  startPost(key: DeliveryKey, owner: string, leaseMs: number): Promise<Claim | undefined>;
  /** Settles a claimed delivery, whoever holds the claim now: the one who did the work records it. */
  settleDelivery(key: DeliveryKey, settlement: Settlement): Promise<void>;
  /** Gives up `owner`'s claim after a retryable failure, so that a later pass retries at once. */
  releaseDelivery(key: DeliveryKey, owner: string, detail: string): Promise<void>;
  /** Records a delivery as missed unless it is settled or held by a live lease; true when recorded. */
  recordMissed(key: DeliveryKey): Promise<boolean>;
  /** Ledger rows of occurrences at or after this ISO instant. */
  deliveriesSince(occurrence: string): Promise<DeliveryRecord[]>;
  /** The same, of the subscriptions whose next run is at or before `now` only (what a pass plans from). */
  dueDeliveriesSince(occurrence: string, now: Date): Promise<DeliveryRecord[]>;
}
