// The subscription desk through the command language, as typed in a channel: subscribing with
// DESIGN.md's defaults or given settings, theme validation, replacing rather than duplicating,
// listing with each next run in its own zone, unsubscribing, a channel's zone as its "today",
// daily digests on chosen days, and the neutral subscription form submitted through the same desk.
import { describe, expect, it } from 'vitest';
import { searchZones, type SubscriptionForm } from '../../src/forms/subscription-form.ts';
import { createHarness, occurrencesPosted, runPasses, slackChannel, teamsChannel } from '../support/scheduler-harness.ts';

const NOW = new Date('2026-06-14T12:00:00Z');
const C1 = slackChannel('C1');

describe('subscribe', () => {
  it('subscribes the channel to the daily digest at 09:00 in DATELINE_TZ by default', async () => {
    const h = await createHarness({ defaultZone: 'Asia/Seoul' });
    const reply = await h.say(C1, 'subscribe daily', NOW);
    expect(reply).toMatchObject({
      kind: 'notice',
      title: 'Subscribed this channel to the daily digest',
      intro: 'Every day at 09:00 (Asia/Seoul). Next: Mon 15 June 2026, 09:00 (Asia/Seoul).',
      suggestions: ['subscriptions', 'preview daily', 'unsubscribe daily'],
    });
    expect(await h.store.subscriptionsOf(C1)).toEqual([
      { id: expect.any(String), channel: C1, cadence: 'daily', hour: 9, minute: 0, zone: 'Asia/Seoul', quiet: false, since: NOW },
    ]);
  });

  it('subscribes weekly on Monday at 09:00 to the theme of the week by default, or as told', async () => {
    const h = await createHarness({ defaultZone: 'Europe/London' });
    expect((await h.say(C1, 'subscribe weekly', NOW)).intro).toBe(
      'Every Monday at 09:00 (Europe/London), the theme of the week. Next: Mon 15 June 2026, 09:00 (Europe/London).',
    );
    const channel = teamsChannel('19:general');
    expect((await h.say(channel, 'subscribe weekly fri 18:30 America/New_York theme imaging', NOW)).intro).toBe(
      'Every Friday at 18:30 (America/New_York), theme: Imaging. Next: Fri 19 June 2026, 18:30 (America/New_York).',
    );
    expect(await h.store.subscriptionsOf(channel)).toEqual([
      expect.objectContaining({ weekday: 5, hour: 18, minute: 30, zone: 'America/New_York', themeId: 'imaging' }),
    ]);
  });

  it('refuses a weekly theme that is not in the catalog, saying which ones are', async () => {
    const h = await createHarness();
    const reply = await h.say(C1, 'subscribe weekly theme nope', NOW);
    expect(reply).toMatchObject({
      kind: 'error',
      title: '"nope" is not a theme. The themes are: regulation, imaging, market.',
      suggestions: ['themes', 'subscribe weekly theme regulation', 'subscribe weekly theme imaging'],
    });
    expect(await h.store.subscriptionsOf(C1)).toEqual([]);
  });

  it('replaces the channel’s subscription of the same cadence instead of adding another', async () => {
    const h = await createHarness();
    await h.say(C1, 'subscribe daily 08:00', NOW);
    const reply = await h.say(C1, 'subscribe daily 07:15 Asia/Tokyo quiet', NOW);
    expect(reply.title).toBe("Updated this channel's daily digest");
    expect(reply.intro).toBe(
      'Every day at 07:15 (Asia/Tokyo), quiet: nothing on days with no fact due. Next: Mon 15 June 2026, 07:15 (Asia/Tokyo).',
    );
    expect(await h.store.subscriptionsOf(C1)).toEqual([expect.objectContaining({ hour: 7, minute: 15, zone: 'Asia/Tokyo', quiet: true })]);
  });

  it('passes the parser’s zone errors through, with its suggestion', async () => {
    const h = await createHarness();
    const reply = await h.say(C1, 'subscribe daily Asia/Seol', NOW);
    expect(reply.kind).toBe('error');
    expect(reply.title).toMatch(/Asia\/Seol is not a time zone — did you mean Asia\/Seoul\?/);
  });
});

describe('subscriptions', () => {
  it('lists each of the channel’s subscriptions with its next run in its own zone', async () => {
    const h = await createHarness();
    await h.say(C1, 'subscribe daily 21:00 America/New_York', NOW);
    await h.say(C1, 'subscribe weekly sun 23:30 Asia/Seoul theme market', NOW);
    await h.say(slackChannel('C2'), 'subscribe daily', NOW);
    // NOW is 21:00 on Sunday 14 June in Seoul: its 23:30 is still to come today.
    const reply = await h.say(C1, 'subscriptions', NOW);
    expect(reply.title).toBe("This channel's digests");
    expect(reply.sections[0]!.items).toEqual([
      { title: 'Every day at 21:00 (America/New_York)', text: 'Next: Sun 14 June 2026, 21:00 (America/New_York).' },
      { title: 'Every Sunday at 23:30 (Asia/Seoul), theme: Market', text: 'Next: Sun 14 June 2026, 23:30 (Asia/Seoul).' },
    ]);
  });

  it('says so when the channel has none', async () => {
    const h = await createHarness();
    expect(await h.say(C1, 'subscriptions', NOW)).toMatchObject({
      title: 'This channel has no digests yet.',
      suggestions: ['subscribe daily', 'subscribe weekly'],
    });
  });
});

describe('unsubscribe', () => {
  it('removes one cadence, or all, and says when there was nothing to remove', async () => {
    const h = await createHarness();
    await h.say(C1, 'subscribe daily', NOW);
    await h.say(C1, 'subscribe weekly', NOW);
    expect((await h.say(C1, 'unsubscribe weekly', NOW)).title).toBe('Unsubscribed this channel from the weekly digest.');
    expect((await h.say(C1, 'unsubscribe weekly', NOW)).title).toBe('This channel has no weekly digest.');
    await h.say(C1, 'subscribe weekly', NOW);
    expect((await h.say(C1, 'unsubscribe', NOW)).title).toBe('Unsubscribed this channel from its 2 digests.');
    expect((await h.say(C1, 'unsubscribe all', NOW)).title).toBe('This channel has no digests to stop.');
    expect(await h.store.subscriptionsOf(C1)).toEqual([]);
  });
});

describe("a channel's zone", () => {
  it('is the zone of its subscription, so that its "today" is the channel\'s today', async () => {
    const h = await createHarness({ defaultZone: 'Asia/Seoul' });
    // 20:00 UTC on 14 June is already 15 June in Seoul, still 14 June in New York.
    const evening = new Date('2026-06-14T20:00:00Z');
    expect((await h.say(C1, 'today', evening)).title).toBe('On this date — 15 June 2026');
    await h.say(C1, 'subscribe daily America/New_York', NOW);
    expect((await h.say(C1, 'today', evening)).title).toBe('On this date — 14 June 2026');
  });
});

describe('days of a daily digest', () => {
  it('subscribes on weekdays or chosen days, says so, and subscriptions offers the same command to resume', async () => {
    const h = await createHarness({ defaultZone: 'Asia/Seoul' });
    // Sunday 14 June 2026: the next weekday run is Monday.
    expect((await h.say(C1, 'subscribe daily 09:00 weekdays', NOW)).intro).toBe(
      'Every weekday at 09:00 (Asia/Seoul). Next: Mon 15 June 2026, 09:00 (Asia/Seoul).',
    );
    const reply = await h.say(C1, 'subscribe daily 08:30 wed,mon,fri America/New_York', NOW);
    expect(reply.intro).toBe(
      'Every Monday, Wednesday and Friday at 08:30 (America/New_York). Next: Mon 15 June 2026, 08:30 (America/New_York).',
    );
    const [saved] = await h.store.subscriptionsOf(C1);
    expect(saved?.days).toEqual([1, 3, 5]);
    await h.store.pauseSubscription(saved!.id, 'channel_not_found', NOW);
    expect((await h.say(C1, 'subscriptions', NOW)).suggestions).toEqual(['subscribe daily 08:30 America/New_York mon,wed,fri']);
  });

  it('posts only on its days: a weekday digest skips the weekend', async () => {
    const h = await createHarness({ defaultZone: 'Asia/Seoul' });
    await h.say(C1, 'subscribe daily 09:00 weekdays', new Date('2026-06-04T00:00:00Z'));
    // Friday 5 June to Tuesday 9 June 2026, 09:00 in Seoul being 00:00 UTC.
    await runPasses(h.scheduler, new Date('2026-06-05T00:00:00Z'), new Date('2026-06-09T00:00:00Z'), 60);
    expect(occurrencesPosted(h.slack)).toEqual(['2026-06-05T00:00:00.000Z', '2026-06-08T00:00:00.000Z', '2026-06-09T00:00:00.000Z']);
  });
});

describe('the subscription form', () => {
  it('starts from the channel’s daily digest, else from the zone given', async () => {
    const h = await createHarness({ defaultZone: 'Asia/Seoul' });
    const values = (form: SubscriptionForm) => Object.fromEntries(form.fields.map((field) => [field.id, field.value]));
    expect(values(await h.dateline.formFor(C1, 'Europe/Paris'))).toEqual({
      cadence: 'daily',
      time: '09:00',
      zone: 'Europe/Paris',
      days: 'every',
      chosenDays: [],
      quiet: false,
      weekday: 'mon',
      theme: 'rotate',
    });
    await h.say(C1, 'subscribe daily 07:45 Asia/Tokyo tue,thu quiet', NOW);
    await h.say(C1, 'subscribe weekly fri theme imaging', NOW);
    expect(values(await h.dateline.formFor(C1, 'Europe/Paris'))).toMatchObject({
      cadence: 'daily',
      time: '07:45',
      zone: 'Asia/Tokyo',
      days: 'chosen',
      chosenDays: ['tue', 'thu'],
      quiet: true,
      weekday: 'fri',
      theme: 'imaging',
    });
  });

  it('subscribes through the desk, with the typed command’s confirmation', async () => {
    const h = await createHarness({ defaultZone: 'Asia/Seoul' });
    const submitted = await h.dateline.submitForm(
      { cadence: 'daily', time: '08:30', zone: 'america/new_york', days: 'chosen', chosenDays: ['fri', 'mon', 'wed'] },
      C1,
      NOW,
    );
    const typed = await (await createHarness()).say(C1, 'subscribe daily 08:30 America/New_York mon,wed,fri', NOW);
    expect(submitted).toEqual({ ok: true, briefing: typed });
    const weekly = await h.dateline.submitForm(
      { cadence: 'weekly', time: '18:00', zone: 'UTC', weekday: 'sun', theme: 'market', days: 'weekdays', quiet: true },
      C1,
      NOW,
    );
    expect(weekly.ok && weekly.briefing.intro).toBe('Every Sunday at 18:00 (UTC), theme: Market. Next: Sun 14 June 2026, 18:00 (UTC).');
  });

  it('answers each wrong field with what to do, and saves nothing', async () => {
    const h = await createHarness();
    expect(await h.dateline.submitForm({ cadence: 'monthly', time: '25:00', zone: 'Mars/Olympus' }, C1, NOW)).toEqual({
      ok: false,
      errors: {
        cadence: 'Choose daily or weekly.',
        time: '25:00 is not a time: use HH:MM on a 24-hour clock, from 00:00 to 23:59.',
        zone: 'Mars/Olympus is not a time zone: choose one from the list.',
      },
    });
    expect(await h.dateline.submitForm({ cadence: 'daily', time: '09:00', zone: 'UTC', days: 'chosen', chosenDays: [] }, C1, NOW)).toEqual({
      ok: false,
      errors: { chosenDays: 'Choose at least one day, or run it every day.' },
    });
    expect(await h.dateline.submitForm({ cadence: 'weekly', time: '09:00', theme: 'nope' }, C1, NOW)).toEqual({
      ok: false,
      errors: { zone: 'Choose a time zone.', theme: 'There is no theme "nope": choose one from the list.' },
    });
    expect(await h.store.subscriptionsOf(C1)).toEqual([]);
  });

  it('finds zones by any part of their name, at most 100', () => {
    expect(searchZones('new_y')).toEqual(['America/New_York']);
    expect(searchZones('seoul')).toEqual(['Asia/Seoul']);
    expect(searchZones('america').length).toBe(100);
    expect(searchZones('Europe/Lon')[0]).toBe('Europe/London');
  });
});
