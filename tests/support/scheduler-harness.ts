// A scheduler on an in-memory SQLite store with the test catalog, a desk for typing commands
// in channels, and recording posters for both platforms. Time is always passed in: nothing
// waits, and retry waits are recorded instead of slept.
import type { Briefing } from '../../src/briefing/model.ts';
import { Dateline } from '../../src/dateline.ts';
import { createLogger } from '../../src/logger.ts';
import { Scheduler, type SchedulerOptions } from '../../src/scheduler/scheduler.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createSubscriptionDesk } from '../../src/subscriptions/desk.ts';
import { testCatalog } from './catalog.ts';
import { recordingPoster, type RecordingOptions, type RecordingPoster } from './posters.ts';
import type { ChannelRef } from '../../src/types.ts';

export const silentLogger = createLogger('silent');

export interface Harness {
  store: Store;
  dateline: Dateline;
  scheduler: Scheduler;
  slack: RecordingPoster;
  teams: RecordingPoster;
  /** The retry waits the scheduler asked for, in order. */
  sleeps: number[];
  /** Types a command in a channel at an instant, as a person would. */
  say(channel: ChannelRef, text: string, now: Date): Promise<Briefing>;
  /** A scheduler on the same store and posters, as a second instance or after a restart. */
  another(owner: string): Scheduler;
}

export interface HarnessOptions {
  slack?: RecordingOptions;
  teams?: RecordingOptions;
  catchupHours?: number;
  limits?: SchedulerOptions['limits'];
  defaultZone?: string;
  /** Replaces the recording, instant retry wait. */
  sleep?: SchedulerOptions['sleep'];
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const store = await SqliteStore.open(':memory:');
  const catalog = testCatalog();
  const dateline = new Dateline(catalog, options.defaultZone ?? 'Asia/Seoul');
  dateline.useSubscriptions(createSubscriptionDesk({ store, catalog, defaultZone: dateline.defaultZone }));
  const slack = recordingPoster('slack', { findPosted: true, ...options.slack });
  const teams = recordingPoster('teams', options.teams);
  const sleeps: number[] = [];
  const schedulerFor = (owner: string) =>
    new Scheduler({
      store,
      dateline,
      posters: [slack.poster, teams.poster],
      logger: silentLogger,
      catchupHours: options.catchupHours ?? 6,
      owner,
      sleep:
        options.sleep ??
        (async (ms) => {
          sleeps.push(ms);
        }),
      ...(options.limits ? { limits: options.limits } : {}),
    });
  return {
    store,
    dateline,
    scheduler: schedulerFor('instance-a'),
    slack,
    teams,
    sleeps,
    say: (channel, text, now) => dateline.ask(text, { now, channel }),
    another: schedulerFor,
  };
}

export const slackChannel = (channel: string, workspace = 'T1'): ChannelRef => ({ platform: 'slack', workspace, channel });
export const teamsChannel = (channel: string, tenant = 'tenant-1'): ChannelRef => ({ platform: 'teams', workspace: tenant, channel });

/** Runs a pass at each instant from `from` to `to` every `stepMinutes`, as the minute tick would. */
export async function runPasses(scheduler: Scheduler, from: Date, to: Date, stepMinutes: number): Promise<void> {
  for (let t = from.getTime(); t <= to.getTime(); t += stepMinutes * 60_000) await scheduler.runPass(new Date(t));
}

export const occurrencesPosted = (poster: RecordingPoster, channel?: string): string[] =>
  poster.posts.filter((post) => !channel || post.channel.channel === channel).map((post) => post.delivery.occurrence);
