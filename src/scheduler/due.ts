// What one pass has to do, as a pure function of the due subscriptions, their ledger and the
// time: per subscription, the occurrences to deliver now, and those too late to deliver, to
// record as missed. A subscription is due when its next run has come (the store reads only
// those, through an index); its occurrences are looked for from its next run, its `since` or the
// start of the look-back, whichever is latest. After the pass its next run moves to its earliest
// occurrence left unsettled, or else to its first occurrence after the pass (nextRunAfter).
import type { DeliveryRecord } from '../store/deliveries.ts';
import type { ScheduledSubscription, Schedule, Subscription } from '../store/subscriptions.ts';
import { nextOccurrence, occurrencesBetween } from './occurrences.ts';
import type { DeliveryKey } from '../types.ts';

export interface DueDelivery {
  subscription: Subscription;
  key: DeliveryKey;
  /** The scheduled instant the digest is for. */
  at: Date;
}

/** One due subscription's part of a pass. */
export interface SubscriptionPlan {
  subscription: ScheduledSubscription;
  deliver: DueDelivery[];
  missed: DueDelivery[];
}

export interface PassWindow {
  /** Occurrences later than this are delivered (DATELINE_CATCHUP_HOURS, at least one tick's grace). */
  catchupMs: number;
  /** How far back to look at all: beyond the catch-up window, only to record what was missed. */
  lookbackMs: number;
}

export function deliveryKey(subscriptionId: string, at: Date): DeliveryKey {
  const occurrence = at.toISOString();
  return { subscriptionId, occurrence, key: `${subscriptionId}@${occurrence}` };
}

/**
 * Settled: nothing for any pass to do. A claimed delivery is not: whether its lease has run out
 * is for the store to say when it is claimed, by the database's clock, not by this pass's instant.
 */
const isSettled = (record: DeliveryRecord): boolean => record.status !== 'pending' && record.status !== 'claimed';

/** Every field of a schedule, and where its occurrences are looked for from. */
function scheduleKey({ cadence, hour, minute, weekday, days, zone }: Schedule, from: Date): string {
  return JSON.stringify({ cadence, hour, minute, weekday, days, zone, from } satisfies Record<keyof Schedule | 'from', unknown>);
}

export function planPass(
  subscriptions: ScheduledSubscription[],
  ledger: DeliveryRecord[],
  now: Date,
  window: PassWindow,
): SubscriptionPlan[] {
  const records = new Map(ledger.map((record) => [`${record.subscriptionId}@${record.occurrence}`, record]));
  const lookbackStart = now.getTime() - window.lookbackMs;
  // Most subscriptions share a few popular times in a few zones: each schedule's occurrences are worked out once a pass.
  const occurrences = new Map<string, Date[]>();
  return subscriptions.map((subscription) => {
    const plan: SubscriptionPlan = { subscription, deliver: [], missed: [] };
    const from = new Date(Math.max(subscription.since.getTime(), subscription.nextRun.getTime(), lookbackStart));
    const key = scheduleKey(subscription, from);
    let ats = occurrences.get(key);
    if (!ats) {
      ats = occurrencesBetween(subscription, from, now);
      occurrences.set(key, ats);
    }
    for (const at of ats) {
      const due: DueDelivery = { subscription, key: deliveryKey(subscription.id, at), at };
      const record = records.get(due.key.key);
      if (record && isSettled(record)) continue;
      (now.getTime() - at.getTime() <= window.catchupMs ? plan.deliver : plan.missed).push(due);
    }
    return plan;
  });
}

/**
 * Where a subscription's next run moves after a pass at `now`: to the earliest of its
 * occurrences the pass left unsettled (released for a retry, held by another instance), or else
 * to its first occurrence after `now`.
 */
export function nextRunAfter(schedule: Schedule, unsettled: Date[], now: Date): Date {
  const earliest = unsettled.reduce<Date | undefined>((first, at) => (first && first <= at ? first : at), undefined);
  return earliest ?? nextOccurrence(schedule, now);
}
