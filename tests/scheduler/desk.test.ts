// The subscription desk through the command language, as typed in a channel: subscribing with
// DESIGN.md's defaults or given settings, theme validation, replacing rather than duplicating,
// listing with each next run in its own zone, unsubscribing, and a channel's zone as its "today".
import { describe, expect, it } from 'vitest';
import { createHarness, slackChannel, teamsChannel } from '../support/scheduler-harness.ts';

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
    expect(await h.store.subscriptionsOf(channel)).toEqual([expect.objectContaining({ weekday: 5, hour: 18, minute: 30, zone: 'America/New_York', themeId: 'imaging' })]);
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
    expect(reply.intro).toBe('Every day at 07:15 (Asia/Tokyo), quiet: nothing on days with no fact due. Next: Mon 15 June 2026, 07:15 (Asia/Tokyo).');
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
    expect(await h.say(C1, 'subscriptions', NOW)).toMatchObject({ title: 'This channel has no digests yet.', suggestions: ['subscribe daily', 'subscribe weekly'] });
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
  it("is the zone of its subscription, so that its \"today\" is the channel's today", async () => {
    const h = await createHarness({ defaultZone: 'Asia/Seoul' });
    // 20:00 UTC on 14 June is already 15 June in Seoul, still 14 June in New York.
    const evening = new Date('2026-06-14T20:00:00Z');
    expect((await h.say(C1, 'today', evening)).title).toBe('On this date — 15 June 2026');
    await h.say(C1, 'subscribe daily America/New_York', NOW);
    expect((await h.say(C1, 'today', evening)).title).toBe('On this date — 14 June 2026');
  });
});
