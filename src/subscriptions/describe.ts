// How subscriptions read in replies: their schedule, their next run in their own zone, and the
// command that would subscribe to them again.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { WORKING_DAYS, type Weekday } from '../commands/types.ts';
import type { Catalog } from '../facts/catalog.ts';
import type { Pause, PauseReason, Subscription, SubscriptionSettings } from '../store/subscriptions.ts';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const clock = (settings: SubscriptionSettings) => `${String(settings.hour).padStart(2, '0')}:${String(settings.minute).padStart(2, '0')}`;

/** "Tue 2 June 2026, 09:00 (Asia/Seoul)": an instant on the wall clock of a zone. */
export function formatInZone(instant: Date, zone: string): string {
  return `${format(new TZDate(instant.getTime(), zone), 'EEE d MMMM yyyy, HH:mm')} (${zone})`;
}

/** "Every weekday at 09:00 (Asia/Seoul)", "Every Monday at 09:00 (Asia/Seoul), theme: Regulation and policy". */
export function describeSchedule(settings: SubscriptionSettings, catalog: Catalog): string {
  if (settings.cadence === 'daily') {
    const quiet = settings.quiet ? ', quiet: nothing on days with no fact due' : '';
    return `${describeDays(settings.days)} at ${clock(settings)} (${settings.zone})${quiet}`;
  }
  const theme = settings.themeId ? `theme: ${catalog.theme(settings.themeId)?.title ?? settings.themeId}` : 'the theme of the week';
  return `Every ${WEEKDAYS[(settings.weekday ?? 1) - 1]} at ${clock(settings)} (${settings.zone}), ${theme}`;
}

/** "Every day", "Every weekday", "Every Monday, Wednesday and Friday". */
function describeDays(days: Weekday[] | undefined): string {
  if (!days || days.length === 7) return 'Every day';
  if (days.join(',') === WORKING_DAYS.join(',')) return 'Every weekday';
  const names = days.map((day) => WEEKDAYS[day - 1]!);
  return `Every ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`}`;
}

/** "mon,wed,fri" (or "weekdays"): the days a daily digest runs on, as the typed command takes them. */
export function daysWord(days: Weekday[]): string {
  return days.join(',') === WORKING_DAYS.join(',') ? 'weekdays' : days.map((day) => WEEKDAYS[day - 1]!.slice(0, 3).toLowerCase()).join(',');
}

/** The command that subscribes to these settings again (it also resumes a paused subscription). */
export function subscribeCommand(subscription: Subscription): string {
  const words = ['subscribe', subscription.cadence];
  if (subscription.cadence === 'weekly') words.push(WEEKDAYS[(subscription.weekday ?? 1) - 1]!.slice(0, 3).toLowerCase());
  words.push(clock(subscription), subscription.zone);
  if (subscription.days && subscription.days.length < 7) words.push(daysWord(subscription.days));
  if (subscription.quiet) words.push('quiet');
  if (subscription.themeId) words.push('theme', subscription.themeId);
  return words.join(' ');
}

/** What each pause reason says to the channel; the stored reason is the key, so these words may change freely. */
const PAUSE_TEXT: Record<PauseReason, string> = {
  channel: 'Dateline can no longer post in this channel',
  install: "Dateline's install needs attention",
  'removed-from-team': 'Dateline was removed from this team: add it to the team again to resume.',
};

/** A pause as people read it: the platform's own words when it gave some, else the reason's text. */
export function pauseText(pause: Pause): string {
  return pause.reason === 'removed-from-team' ? PAUSE_TEXT[pause.reason] : (pause.detail ?? PAUSE_TEXT[pause.reason]);
}
