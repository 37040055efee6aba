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

export interface DeliveryRecord {
  subscriptionId: string;
  occurrence: string;
  status: DeliveryStatus;
  owner?: string;
  leaseUntil: Date;
  /** Posts started for this delivery, by anyone: above 0, an earlier post may have landed. */
  postAttempts: number;
  messageId?: string;
  detail?: string;
}

export interface Claim {
  /** Posts already started by earlier claimers: when above 0 the delivery is in doubt. */
  postAttempts: number;
}

export type Settlement = { status: 'delivered'; messageId: string } | { status: 'skipped' | 'failed'; detail: string };

export interface DeliveryLedger {
  /**
   * Claims a delivery for `owner` until now + leaseMs. Succeeds for a new key, a released one,
   * or one whose lease has expired; returns undefined when it is settled or held by a live lease.
   * Atomic: of many concurrent claims of one key, exactly one succeeds.
   */
  claimDelivery(key: DeliveryKey, owner: string, now: Date, leaseMs: number): Promise<Claim | undefined>;
  /** Records that `owner` is about to post and renews its lease; false when it no longer holds the claim. */
  startPost(key: DeliveryKey, owner: string, now: Date, leaseMs: number): Promise<boolean>;
  /** Settles a claimed delivery, whoever holds the claim now: the one who did the work records it. */
  settleDelivery(key: DeliveryKey, settlement: Settlement, now: Date): Promise<void>;
  /** Gives up `owner`'s claim after a retryable failure, so that a later pass retries at once. */
  releaseDelivery(key: DeliveryKey, owner: string, detail: string, now: Date): Promise<void>;
  /** Records a delivery as missed unless it is settled or held by a live lease; true when recorded. */
  recordMissed(key: DeliveryKey, now: Date): Promise<boolean>;
  /** Ledger rows of occurrences at or after this ISO instant. */
  deliveriesSince(occurrence: string): Promise<DeliveryRecord[]>;
}
