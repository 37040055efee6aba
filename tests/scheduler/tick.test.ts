// The node-cron tick, on vitest's fake timers: start() catches up at once, then a pass runs at
// each minute boundary with the minute as its instant; stop() ends the ticking.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createHarness, occurrencesPosted, slackChannel } from '../support/scheduler-harness.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-06-15T00:00:30Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

it('catches up on start, then delivers what falls due at each minute until stopped', async () => {
  const h = await createHarness();
  const subscribed = new Date('2026-06-14T12:00:00Z');
  await h.say(slackChannel('C-nine'), 'subscribe daily 09:00', subscribed);
  await h.say(slackChannel('C-one'), 'subscribe daily 09:01', subscribed);
  await h.say(slackChannel('C-two'), 'subscribe daily 09:02', subscribed);

  expect(await h.scheduler.start()).toMatchObject({ delivered: 1 });
  expect(occurrencesPosted(h.slack)).toEqual(['2026-06-15T00:00:00.000Z']);

  await vi.advanceTimersByTimeAsync(30_000);
  expect(occurrencesPosted(h.slack)).toEqual(['2026-06-15T00:00:00.000Z', '2026-06-15T00:01:00.000Z']);

  await h.scheduler.stop();
  await vi.advanceTimersByTimeAsync(120_000);
  expect(occurrencesPosted(h.slack, 'C-two')).toEqual([]);
});
