// The subscription form: one neutral model of `subscribe` (its fields, their choices, defaults and
// validation) that each adapter renders in its own way. A submitted form becomes the same
// SubscribeCommand the typed command does, and goes through the same desk.
import type { SubscribeCommand, Weekday } from '../commands/types.ts';
import { WORKING_DAYS } from '../commands/types.ts';
import { canonicalZone } from '../commands/parse.ts';
import { listTimeZones } from '../dates/calendar.ts';
import type { Catalog } from '../facts/catalog.ts';
import type { Subscription } from '../store/subscriptions.ts';

export interface Choice {
  value: string;
  label: string;
}

export type FormField =
  | { id: 'cadence' | 'days' | 'weekday' | 'theme'; kind: 'choice'; label: string; hint?: string; choices: Choice[]; value: string }
  | { id: 'chosenDays'; kind: 'multi-choice'; label: string; hint?: string; choices: Choice[]; value: string[] }
  | { id: 'time'; kind: 'time'; label: string; hint?: string; value: string }
  /** Every IANA zone is a choice: too many to list, so adapters look them up with searchZones. */
  | { id: 'zone'; kind: 'zone'; label: string; hint?: string; value: string }
  | { id: 'quiet'; kind: 'toggle'; label: string; hint?: string; text: string; value: boolean };

export type FieldId = FormField['id'];

export interface SubscriptionForm {
  title: string;
  intro: string;
  submitLabel: string;
  fields: FormField[];
}

/** What a person submitted, as text; anything may be missing or wrong. */
export interface FormValues {
  cadence?: string;
  time?: string;
  zone?: string;
  days?: string;
  chosenDays?: string[];
  weekday?: string;
  theme?: string;
  quiet?: boolean;
}

export type FormReading = { ok: true; command: SubscribeCommand } | { ok: false; errors: Partial<Record<FieldId, string>> };

const DAY_CHOICES: Choice[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((label) => ({
  value: label.slice(0, 3).toLowerCase(),
  label,
}));
const DAY_VALUES = DAY_CHOICES.map((choice) => choice.value);
/** The theme choice that means "the theme of the week". */
const WEEKLY_THEME = 'rotate';
/** The most zones a lookup returns: Slack's and Teams' option lists stop at 100. */
const ZONE_RESULTS_MAX = 100;

const dayValue = (day: Weekday) => DAY_VALUES[day - 1]!;
const clock = (hour: number, minute: number) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

export interface FormDefaults {
  /** The channel's subscriptions: the form starts from the daily one, else the weekly one. */
  subscriptions: Subscription[];
  /** The zone to preselect when the channel has no subscription (the person's own, else DATELINE_TZ). */
  zone: string;
}

export function subscriptionForm(catalog: Catalog, defaults: FormDefaults): SubscriptionForm {
  const current = defaults.subscriptions.find((subscription) => subscription.cadence === 'daily') ?? defaults.subscriptions[0];
  const days = current?.days;
  const daysMode = !days ? 'every' : days.join(',') === WORKING_DAYS.join(',') ? 'weekdays' : 'chosen';
  return {
    title: 'Set up digests',
    intro: 'A digest of "on this date" every day, or of a theme every week, posted in this channel for everyone.',
    submitLabel: 'Subscribe',
    fields: [
      {
        id: 'cadence',
        kind: 'choice',
        label: 'Digest',
        choices: [
          { value: 'daily', label: 'Daily: on this date' },
          { value: 'weekly', label: 'Weekly: a theme' },
        ],
        value: current?.cadence ?? 'daily',
      },
      { id: 'time', kind: 'time', label: 'Time', value: current ? clock(current.hour, current.minute) : '09:00' },
      { id: 'zone', kind: 'zone', label: 'Time zone', value: current?.zone ?? defaults.zone },
      {
        id: 'days',
        kind: 'choice',
        label: 'Days (daily digest)',
        choices: [
          { value: 'every', label: 'Every day' },
          { value: 'weekdays', label: 'Weekdays (Monday to Friday)' },
          { value: 'chosen', label: 'The days chosen below' },
        ],
        value: daysMode,
      },
      {
        id: 'chosenDays',
        kind: 'multi-choice',
        label: 'Chosen days (daily digest)',
        choices: DAY_CHOICES,
        value: days ? days.map(dayValue) : [],
      },
      {
        id: 'quiet',
        kind: 'toggle',
        label: 'Quiet (daily digest)',
        text: 'Post nothing on a day with no fact due',
        value: current?.quiet ?? false,
      },
      {
        id: 'weekday',
        kind: 'choice',
        label: 'Day (weekly digest)',
        choices: DAY_CHOICES,
        value: dayValue((defaults.subscriptions.find((subscription) => subscription.cadence === 'weekly')?.weekday ?? 1) as Weekday),
      },
      {
        id: 'theme',
        kind: 'choice',
        label: 'Theme (weekly digest)',
        choices: [
          { value: WEEKLY_THEME, label: 'The theme of the week' },
          ...catalog.themes.map((theme) => ({ value: theme.id, label: theme.title })),
        ],
        value: defaults.subscriptions.find((subscription) => subscription.cadence === 'weekly')?.themeId ?? WEEKLY_THEME,
      },
    ],
  };
}

/** The command a submitted form asks for, or what is wrong with each field, in words a person can act on. */
export function readSubscriptionForm(values: FormValues, catalog: Catalog): FormReading {
  const errors: Partial<Record<FieldId, string>> = {};
  const cadence = values.cadence === 'daily' || values.cadence === 'weekly' ? values.cadence : undefined;
  if (!cadence) errors.cadence = 'Choose daily or weekly.';
  const time = /^(\d{1,2}):(\d{2})$/.exec(values.time?.trim() ?? '');
  const hour = Number(time?.[1]);
  const minute = Number(time?.[2]);
  if (!time || hour > 23 || minute > 59)
    errors.time = `${values.time?.trim() || 'No time'} is not a time: use HH:MM on a 24-hour clock, from 00:00 to 23:59.`;
  const zone = values.zone ? canonicalZone(values.zone.trim()) : undefined;
  if (!zone)
    errors.zone = values.zone?.trim() ? `${values.zone.trim()} is not a time zone: choose one from the list.` : 'Choose a time zone.';
  let days: Weekday[] | undefined;
  if (cadence === 'daily' && values.days === 'weekdays') days = WORKING_DAYS;
  if (cadence === 'daily' && values.days === 'chosen') {
    days = DAY_VALUES.flatMap((value, index) => (values.chosenDays?.includes(value) ? [(index + 1) as Weekday] : []));
    if (days.length === 0) errors.chosenDays = 'Choose at least one day, or run it every day.';
  }
  const weekday = DAY_VALUES.indexOf(values.weekday ?? 'mon') + 1;
  if (cadence === 'weekly' && weekday === 0) errors.weekday = 'Choose a day of the week.';
  const themeId = values.theme && values.theme !== WEEKLY_THEME ? values.theme : undefined;
  if (cadence === 'weekly' && themeId && !catalog.theme(themeId))
    errors.theme = `There is no theme "${themeId}": choose one from the list.`;
  if (Object.keys(errors).length > 0 || !cadence || !zone) return { ok: false, errors };
  if (cadence === 'daily') {
    return {
      ok: true,
      command: {
        kind: 'subscribe',
        cadence,
        time: { hour, minute },
        zone,
        quiet: values.quiet === true,
        ...(days && days.length < 7 ? { days } : {}),
      },
    };
  }
  return {
    ok: true,
    command: { kind: 'subscribe', cadence, time: { hour, minute }, zone, weekday: weekday as Weekday, ...(themeId ? { themeId } : {}) },
  };
}

/** Zones whose name holds every word of the query (case-insensitive), at most ZONE_RESULTS_MAX, exact and prefix matches first. */
/**
 * The longest zone query a search box may send: the longest IANA name is 32 characters, so twice
 * that covers any way of typing one. Adapters refuse longer ones before any work (a 500 KB query
 * held the event loop for seconds).
 */
export const ZONE_QUERY_MAX_CHARS = 64;

export function searchZones(query: string): string[] {
  const words = query
    .toLowerCase()
    .replace(/\s+/g, '_')
    .split(/[_/,]+/)
    .filter(Boolean);
  const lower = query.trim().toLowerCase();
  const matches = listTimeZones().filter((zone) => words.every((word) => zone.toLowerCase().includes(word)));
  const rank = (zone: string) => (zone.toLowerCase() === lower ? 0 : zone.toLowerCase().startsWith(lower) ? 1 : 2);
  return matches.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).slice(0, ZONE_RESULTS_MAX);
}
