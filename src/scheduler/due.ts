// What one pass has to do, as a pure function of the subscriptions, the ledger and the time:
// the occurrences to deliver now, and those too late to deliver, to record as missed.
import type { DeliveryRecord } from '../store/deliveries.ts';
import type { Schedule, Subscription } from '../store/subscriptions.ts';
import { occurrencesBetween } from './occurrences.ts';
import type { DeliveryKey } from '../types.ts';

export interface DueDelivery {
  subscription: Subscription;
  key: DeliveryKey;
  /** The scheduled instant the digest is for. */
  at: Date;
}

export interface PassPlan {
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

export function planPass(subscriptions: Subscription[], ledger: DeliveryRecord[], now: Date, window: PassWindow): PassPlan {
  const records = new Map(ledger.map((record) => [`${record.subscriptionId}@${record.occurrence}`, record]));
  const plan: PassPlan = { deliver: [], missed: [] };
  const lookbackStart = now.getTime() - window.lookbackMs;
  // Most subscriptions share a few popular times in a few zones: each schedule's occurrences are worked out once a pass.
  const occurrences = new Map<string, Date[]>();
  for (const subscription of subscriptions) {
    const from = new Date(Math.max(subscription.since.getTime(), lookbackStart));
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
  }
  return plan;
}
