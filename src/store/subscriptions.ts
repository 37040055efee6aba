// Stored digest subscriptions: one per channel and cadence, each with its own time, zone and
// options, paused (with the reason) when its channel or install can no longer be posted to.
import type { Cadence, Weekday } from '../commands/types.ts';
import type { ChannelRef } from '../types.ts';

/** When a digest runs: a wall-clock time in an IANA zone, every day (or on chosen days) or on one weekday. */
export interface Schedule {
  cadence: Cadence;
  hour: number;
  minute: number;
  /** Weekly only: 1 = Monday … 7 = Sunday. */
  weekday?: Weekday;
  /** Daily only: the weekdays it runs on, in week order; absent means every day. */
  days?: Weekday[];
  zone: string;
}

export interface SubscriptionSettings extends Schedule {
  /** Daily only: post nothing on days with no fact due, instead of one from the archive. */
  quiet: boolean;
  /** Weekly only: the theme to digest; absent means the theme of the week. */
  themeId?: string;
}

/**
 * Why a subscription is paused: a closed set, stored as it is, so that the words shown for it
 * (src/subscriptions/describe.ts, pauseText) can change freely. `channel`: the channel can no
 * longer be posted to; `install`: the install broke (every channel of it); `removed-from-team`:
 * Dateline left the team, and adding it back resumes exactly these.
 */
export type PauseReason = 'channel' | 'install' | 'removed-from-team';

export interface Pause {
  at: Date;
  reason: PauseReason;
  /** The platform's own words for it, when it gave some ("channel_not_found"). */
  detail?: string;
}

export interface Subscription extends SubscriptionSettings {
  id: string;
  channel: ChannelRef;
  /** When it was last subscribed or resumed: occurrences before this are never due. */
  since: Date;
  paused?: Pause;
}

/**
 * A subscription as a scheduler pass reads it: with its next run, the earliest instant its next
 * unsettled occurrence can be at (every occurrence before it is settled or before `since`).
 */
export interface ScheduledSubscription extends Subscription {
  nextRun: Date;
}

export interface SubscriptionStore {
  /**
   * Creates the channel's subscription of this cadence, or replaces the one it has (keeping
   * its id), resuming it if it was paused.
   */
  saveSubscription(channel: ChannelRef, settings: SubscriptionSettings, now: Date): Promise<Subscription>;
  subscriptionsOf(channel: ChannelRef): Promise<Subscription[]>;
  /** Every subscription that is not paused and whose installation has not ended, across all channels. */
  activeSubscriptions(): Promise<Subscription[]>;
  /**
   * The active subscriptions (as activeSubscriptions says) of these platforms whose next run is
   * at or before `now`: through an index, so that a minute with nothing due reads nothing.
   */
  dueSubscriptions(now: Date, platforms: ChannelRef['platform'][]): Promise<ScheduledSubscription[]>;
  /**
   * Moves a subscription's next run forward to `to`, unless it was saved or resumed since it was
   * read (its `since` changed) or is already at or past `to` (another instance moved it on
   * first); true when it moved. Never backward: whoever moved it past an occurrence saw it settled.
   */
  advanceNextRun(subscription: ScheduledSubscription, to: Date): Promise<boolean>;
  /** Removes the channel's subscriptions of a cadence (or all); returns how many there were. */
  removeSubscriptions(channel: ChannelRef, which: Cadence | 'all'): Promise<number>;
  /** Pauses a subscription whose channel can no longer be posted to (reason `channel`), with the platform's words. */
  pauseSubscription(id: string, detail: string, at: Date): Promise<void>;
  /** Pauses every active subscription of a broken install (reason `install`), with the platform's words; returns how many. */
  pauseWorkspace(platform: ChannelRef['platform'], workspace: string, detail: string, at: Date): Promise<number>;
}
