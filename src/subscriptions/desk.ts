// The subscription desk: `subscribe`, `unsubscribe` and `subscriptions` for the channel they are
// typed in, answered as Briefings. Registered with `dateline.useSubscriptions(desk)` by openBot
// (src/app.ts).
import { notice, type Briefing } from '../briefing/model.ts';
import type { Cadence, SubscribeCommand } from '../commands/types.ts';
import type { SubscriptionCommand, SubscriptionDesk } from '../dateline.ts';
import type { Catalog } from '../facts/catalog.ts';
import { unknownTheme } from '../queries/answer.ts';
import { nextOccurrence } from '../scheduler/occurrences.ts';
import type { Subscription, SubscriptionSettings, SubscriptionStore } from '../store/subscriptions.ts';
import { describeSchedule, formatInZone, pauseText, subscribeCommand } from './describe.ts';
import type { ChannelRef } from '../types.ts';

/** DESIGN.md's defaults: daily at 09:00, weekly on Monday at 09:00. */
const DEFAULT_TIME = { hour: 9, minute: 0 };
const DEFAULT_WEEKDAY = 1;

export interface DeskOptions {
  store: SubscriptionStore;
  catalog: Catalog;
  /** DATELINE_TZ: the zone of a subscription that names none. */
  defaultZone: string;
}

export function createSubscriptionDesk(options: DeskOptions): SubscriptionDesk {
  return {
    handle: (command, channel, now) => handle(options, command, channel, now),
    subscriptionsOf: (channel) => options.store.subscriptionsOf(channel),
    async digestsOf(channels, now) {
      const lists = await Promise.all(channels.map((channel) => options.store.subscriptionsOf(channel)));
      return lists.flat().map((subscription) => ({
        subscription,
        schedule: describeSchedule(subscription, options.catalog),
        state: describeState(subscription, now),
      }));
    },
    async zoneOf(channel) {
      const subscriptions = await options.store.subscriptionsOf(channel);
      return (subscriptions.find((subscription) => subscription.cadence === 'daily') ?? subscriptions[0])?.zone;
    },
  };
}

function handle(options: DeskOptions, command: SubscriptionCommand, channel: ChannelRef, now: Date): Promise<Briefing> {
  switch (command.kind) {
    case 'subscribe':
      return subscribe(options, command, channel, now);
    case 'unsubscribe':
      return unsubscribe(options, command.which, channel);
    case 'subscriptions':
      return list(options, channel, now);
  }
}

function settingsOf(command: SubscribeCommand, defaultZone: string): SubscriptionSettings {
  const { hour, minute } = command.time ?? DEFAULT_TIME;
  const zone = command.zone ?? defaultZone;
  if (command.cadence === 'daily')
    return { cadence: 'daily', hour, minute, zone, quiet: command.quiet, ...(command.days ? { days: command.days } : {}) };
  const settings: SubscriptionSettings = {
    cadence: 'weekly',
    hour,
    minute,
    zone,
    quiet: false,
    weekday: command.weekday ?? DEFAULT_WEEKDAY,
  };
  if (command.themeId) settings.themeId = command.themeId;
  return settings;
}

async function subscribe(options: DeskOptions, command: SubscribeCommand, channel: ChannelRef, now: Date): Promise<Briefing> {
  const { store, catalog } = options;
  if (command.cadence === 'weekly' && command.themeId && !catalog.theme(command.themeId)) {
    return unknownTheme(catalog, command.themeId, (id) => `subscribe weekly theme ${id}`);
  }
  const before = (await store.subscriptionsOf(channel)).find((subscription) => subscription.cadence === command.cadence);
  const saved = await store.saveSubscription(channel, settingsOf(command, options.defaultZone), now);
  const title = !before
    ? `Subscribed this channel to the ${saved.cadence} digest`
    : before.paused
      ? `Resumed this channel's ${saved.cadence} digest`
      : `Updated this channel's ${saved.cadence} digest`;
  const intro = `${describeSchedule(saved, catalog)}. Next: ${formatInZone(nextOccurrence(saved, now), saved.zone)}.`;
  return { ...notice(title, intro, ['subscriptions', `preview ${saved.cadence}`, `unsubscribe ${saved.cadence}`]), announce: true };
}

async function unsubscribe(options: DeskOptions, which: Cadence | 'all', channel: ChannelRef): Promise<Briefing> {
  const removed = await options.store.removeSubscriptions(channel, which);
  const again = which === 'all' ? ['subscribe daily', 'subscribe weekly'] : [`subscribe ${which}`];
  if (removed === 0) {
    return notice(which === 'all' ? 'This channel has no digests to stop.' : `This channel has no ${which} digest.`, undefined, [
      'subscriptions',
      ...again,
    ]);
  }
  const what = which !== 'all' ? `the ${which} digest` : removed === 1 ? 'its digest' : `its ${removed} digests`;
  return {
    ...notice(`Unsubscribed this channel from ${what}.`, 'Nothing more will be posted here unless you subscribe again.', again),
    announce: true,
  };
}

function describeState(subscription: Subscription, now: Date): string {
  if (!subscription.paused) return `Next: ${formatInZone(nextOccurrence(subscription, now), subscription.zone)}.`;
  const since = formatInZone(subscription.paused.at, subscription.zone);
  const text = pauseText(subscription.paused);
  const reason = /[.!?]$/.test(text) ? text : `${text}.`;
  return `Paused since ${since}: ${reason} Subscribe again to resume: ${subscribeCommand(subscription)}`;
}

async function list(options: DeskOptions, channel: ChannelRef, now: Date): Promise<Briefing> {
  const subscriptions = await options.store.subscriptionsOf(channel);
  if (subscriptions.length === 0) {
    return {
      ...notice('This channel has no digests yet.', 'Subscribe for "on this date" every day, or a theme every week.', [
        'subscribe daily',
        'subscribe weekly',
      ]),
      offersForm: true,
    };
  }
  const paused = subscriptions.filter((subscription) => subscription.paused);
  const suggestions =
    paused.length > 0 ? paused.map(subscribeCommand) : subscriptions.map((subscription) => `preview ${subscription.cadence}`);
  return {
    ...notice(`This channel's digests`, undefined, suggestions),
    offersForm: true,
    sections: [
      {
        items: subscriptions.map((subscription) => ({
          title: describeSchedule(subscription, options.catalog),
          text: describeState(subscription, now),
        })),
      },
    ],
  };
}
