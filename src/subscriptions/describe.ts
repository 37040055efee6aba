// How subscriptions read in replies: their schedule, their next run in their own zone, and the
// command that would subscribe to them again.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import type { Catalog } from '../facts/catalog.ts';
import type { Subscription, SubscriptionSettings } from '../store/subscriptions.ts';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const clock = (settings: SubscriptionSettings) => `${String(settings.hour).padStart(2, '0')}:${String(settings.minute).padStart(2, '0')}`;

/** "Tue 2 June 2026, 09:00 (Asia/Seoul)": an instant on the wall clock of a zone. */
export function formatInZone(instant: Date, zone: string): string {
  return `${format(new TZDate(instant.getTime(), zone), 'EEE d MMMM yyyy, HH:mm')} (${zone})`;
}

/** "Every Monday at 09:00 (Asia/Seoul), theme: Regulation and policy". */
export function describeSchedule(settings: SubscriptionSettings, catalog: Catalog): string {
  if (settings.cadence === 'daily') {
    const quiet = settings.quiet ? ', quiet: nothing on days with no fact due' : '';
    return `Every day at ${clock(settings)} (${settings.zone})${quiet}`;
  }
  const theme = settings.themeId ? `theme: ${catalog.theme(settings.themeId)?.title ?? settings.themeId}` : 'the theme of the week';
  return `Every ${WEEKDAYS[(settings.weekday ?? 1) - 1]} at ${clock(settings)} (${settings.zone}), ${theme}`;
}

/** The command that subscribes to these settings again (it also resumes a paused subscription). */
export function subscribeCommand(subscription: Subscription): string {
  const words = ['subscribe', subscription.cadence];
  if (subscription.cadence === 'weekly') words.push(WEEKDAYS[(subscription.weekday ?? 1) - 1]!.slice(0, 3).toLowerCase());
  words.push(clock(subscription), subscription.zone);
  if (subscription.quiet) words.push('quiet');
  if (subscription.themeId) words.push('theme', subscription.themeId);
  return words.join(' ');
}
