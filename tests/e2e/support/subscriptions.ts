// Shared set-up for the end-to-end suites: Slack subscriptions due at one instant, and the
// ledger as the test reads it.
import type { DeliveryRecord } from '../../../src/store/deliveries.ts';
import type { Store } from '../../../src/store/store.ts';

const MINUTE_MS = 60_000;

/**
 * An occurrence a couple of minutes before the real clock, on a whole minute: due for a `serve`
 * started now (its start-up pass catches up on it), well inside DATELINE_CATCHUP_HOURS.
 */
export function recentOccurrence(now = Date.now()): Date {
  return new Date(Math.floor(now / MINUTE_MS) * MINUTE_MS - 2 * MINUTE_MS);
}

export interface Seeded {
  channel: string;
  workspace: string;
  subscriptionId: string;
  /** `<subscription id>@<ISO occurrence>`: what the message metadata and the ledger must carry. */
  key: string;
}

/**
 * Daily Slack subscriptions, one per channel, whose only occurrence since they were made is
 * `at` (subscribed an hour before it, in UTC at its hour and minute). Not quiet: every one posts.
 */
export async function seedDailyAt(store: Store, at: Date, channels: Array<{ workspace: string; channel: string }>): Promise<Seeded[]> {
  const since = new Date(at.getTime() - 60 * MINUTE_MS);
  const seeded: Seeded[] = [];
  for (const { workspace, channel } of channels) {
    const subscription = await store.saveSubscription(
      { platform: 'slack', workspace, channel },
      { cadence: 'daily', hour: at.getUTCHours(), minute: at.getUTCMinutes(), zone: 'UTC', quiet: false },
      since,
    );
    seeded.push({ channel, workspace, subscriptionId: subscription.id, key: `${subscription.id}@${at.toISOString()}` });
  }
  return seeded;
}

/** The ledger rows of these deliveries, by key. */
export async function ledgerOf(store: Store, seeded: Seeded[]): Promise<Map<string, DeliveryRecord>> {
  const keys = new Set(seeded.map((entry) => entry.key));
  const rows = (await store.deliveriesSince('')).filter((row) => keys.has(`${row.subscriptionId}@${row.occurrence}`));
  return new Map(rows.map((row) => [`${row.subscriptionId}@${row.occurrence}`, row]));
}

/** The pid in a Scheduler owner name (`host/pid/random`). */
export const pidOfOwner = (owner: string | undefined): number | undefined =>
  owner === undefined ? undefined : Number(owner.split('/').at(-2));
